"""Two outlines → a :class:`~plangen.changes.Comparison`: sections matched by what they say, then
their sentences, then the characters of a changed sentence.

All three levels use :class:`difflib.SequenceMatcher` (standard library, maintained with CPython):
it diffs any sequence of hashables — lists of sentences and strings of characters alike — gives the
edit as opcodes, and its ``ratio`` is the similarity sections are matched by, with ``quick_ratio`` as a
cheap upper bound that skips most pairs. diff-match-patch would give character diffs only (its
semantic clean-up is tuned to space-separated words) and rapidfuzz only ratios; neither would replace
difflib at all three levels. ``autojunk`` is off everywhere: Chinese text repeats 党, 的, 工作 so often
that the heuristic would treat them as noise in any sentence over 200 characters.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from ..changes import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    Comparison,
    Outline,
    Piece,
    Section,
    SectionChange,
    SentenceChange,
)

MATCH = 0.5  # the least similarity of two sections taken for the same one (titles and text)
PAIR = 0.5  # the least similarity of two sentences shown as one changed sentence, not as − and +
_TITLE, _TEXT, _PARENT = 0.4, 0.5, 0.1  # the weights of a section's similarity


def compare(old: Outline, new: Outline) -> Comparison:
    pairs = match_sections(old.sections, new.sections)
    partner = dict(pairs)
    keyed: list[tuple[tuple[int, int, int], SectionChange]] = []
    for k, section in enumerate(new.sections):
        i = next((i for i, j in pairs if j == k), None)
        if i is None:
            keyed.append(((k, 0, 0), SectionChange(ADDED, None, section, sentences=_all(section, ADDED))))
        else:
            keyed.append(((k, 0, 0), section_change(old.sections[i], section)))
    for i, section in enumerate(old.sections):
        if i in partner:
            continue
        before = next((partner[j] for j in range(i - 1, -1, -1) if j in partner), -1)
        keyed.append(
            ((before, 1, i), SectionChange(REMOVED, section, None, sentences=_all(section, REMOVED)))
        )
    keyed.sort(key=lambda item: item[0])
    return Comparison(old, new, [change for _, change in keyed])


def match_sections(old: list[Section], new: list[Section]) -> list[tuple[int, int]]:
    """(old index, new index) of the sections taken for the same: first those whose path of titles
    is the same and found once on each side, then the most similar remaining pairs above
    :data:`MATCH`, best first."""
    pairs: list[tuple[int, int]] = []
    old_paths = _once([s.path for s in old])
    new_paths = _once([s.path for s in new])
    for path, i in old_paths.items():
        if path in new_paths:
            pairs.append((i, new_paths[path]))
    taken_old = {i for i, _ in pairs}
    taken_new = {j for _, j in pairs}
    texts_old = ["".join(s.sentences) for s in old]
    texts_new = ["".join(s.sentences) for s in new]
    scored = []
    for i, a in enumerate(old):
        if i in taken_old:
            continue
        for j, b in enumerate(new):
            if j in taken_new or (not a.path) != (not b.path):
                continue
            score = _similarity(a, b, texts_old[i], texts_new[j])
            if score >= MATCH:
                scored.append((-score, i, j))
    for _, i, j in sorted(scored):
        if i not in taken_old and j not in taken_new:
            pairs.append((i, j))
            taken_old.add(i)
            taken_new.add(j)
    return sorted(pairs)


def _once(paths: list[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    seen: dict[tuple[str, ...], int] = {}
    twice = set()
    for index, path in enumerate(paths):
        if path in seen:
            twice.add(path)
        seen[path] = index
    return {path: index for path, index in seen.items() if path not in twice}


def _similarity(a: Section, b: Section, text_a: str, text_b: str) -> float:
    """Weighted title, text and parent similarity; quick upper bounds first, the exact ratio only
    when the pair could still reach :data:`MATCH`."""
    title = _ratio(a.title, b.title)
    parent = _ratio("".join(a.path[:-1]), "".join(b.path[:-1]))
    if not text_a and not text_b:
        return (_TITLE + _TEXT) * title + _PARENT * parent
    matcher = SequenceMatcher(None, text_a, text_b, autojunk=False)
    if _TITLE * title + _TEXT * matcher.quick_ratio() + _PARENT * parent < MATCH:
        return 0.0
    return _TITLE * title + _TEXT * matcher.ratio() + _PARENT * parent


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def section_change(old: Section, new: Section) -> SectionChange:
    title = None if old.title == new.title else _changed(old.title, new.title)
    changes = sentence_changes(old.sentences, new.sentences)
    same = title is None and all(change.status == SAME for change in changes)
    return SectionChange(SAME if same else CHANGED, old, new, title, changes)


def _all(section: Section, status: str) -> list[SentenceChange]:
    side = "new" if status == ADDED else "old"
    return [SentenceChange(status, **{side: (Piece(text, True),)}) for text in section.sentences]


def sentence_changes(old: tuple[str, ...], new: tuple[str, ...]) -> list[SentenceChange]:
    """The sentences of a matched section: the same, removed, added, or changed (when a removed and
    an added sentence of one edit are at least :data:`PAIR` alike, in order)."""
    out: list[SentenceChange] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [SentenceChange(SAME, (Piece(text),), (Piece(text),)) for text in new[j1:j2]]
            continue
        j = j1
        for text in old[i1:i2]:
            best, score = None, PAIR
            for k in range(j, j2):
                ratio = _ratio(text, new[k])
                if ratio >= score:
                    best, score = k, ratio
            if best is None:
                out.append(SentenceChange(REMOVED, old=(Piece(text, True),)))
                continue
            out += [SentenceChange(ADDED, new=(Piece(added, True),)) for added in new[j:best]]
            out.append(_changed(text, new[best]))
            j = best + 1
        out += [SentenceChange(ADDED, new=(Piece(added, True),)) for added in new[j:j2]]
    return out


def _changed(old: str, new: str) -> SentenceChange:
    """A sentence changed within: the characters removed and added marked on each side; a single
    character left between two edits is taken into them, so the marks read as words, not letters."""
    ops = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    runs: list[tuple[bool, str, str]] = []  # (changed, old text, new text)
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        inside = 0 < index < len(ops) - 1
        if tag == "equal" and not (inside and i2 - i1 < 2):
            runs.append((False, old[i1:i2], new[j1:j2]))
        elif runs and runs[-1][0]:
            _, a, b = runs.pop()
            runs.append((True, a + old[i1:i2], b + new[j1:j2]))
        else:
            runs.append((True, old[i1:i2], new[j1:j2]))
    before = tuple(Piece(a, changed) for changed, a, _ in runs if a)
    after = tuple(Piece(b, changed) for changed, _, b in runs if b)
    return SentenceChange(CHANGED, before, after)
