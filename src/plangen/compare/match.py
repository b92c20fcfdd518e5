"""Two outlines → a :class:`~plangen.changes.Comparison`: sections matched by what they say, then
their sentences, then the characters of a changed sentence.

All three levels use :class:`difflib.SequenceMatcher` (standard library, maintained with CPython):
it diffs any sequence of hashables — lists of sentences and strings of characters alike — gives the
edit as opcodes, and its ``ratio`` is the similarity sections are matched by, with ``quick_ratio`` as a
cheap upper bound that skips most pairs. diff-match-patch would give character diffs only (its
semantic clean-up is tuned to space-separated words) and rapidfuzz only ratios; neither would replace
difflib at all three levels. ``autojunk`` is off for characters: Chinese text repeats 党, 的, 工作 so
often that the heuristic would treat them as noise in any sentence over 200 characters.

Every level is bounded, so two plans at the readers' limits (8 MB) compare in seconds: sections of
the same path or the same text are paired by hashing, the rest scored only when cheap upper bounds
(lengths, shared characters) allow and, in plans of hundreds of changed sections, only against those
nearby (:data:`ALL_PAIRS`, :data:`CANDIDATES`); sentences are diffed as sequences, and two sentences
too long to diff by characters are shown whole, the output saying so (:data:`LONG_SENTENCE`).
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
# Bounds that keep a comparison near-linear in the size of the plans (readers accept 8 MB):
ALL_PAIRS = 10_000  # up to this many (unmatched old × unmatched new) sections, every pair is scored
CANDIDATES = 12_000  # above it, about this many pairs in all: each section against those nearby
LONG_TEXT = 4_000  # characters of two sections' texts above which their similarity is estimated
BLOCK_PAIRS = 2_500  # sentences of one edit (removed × added) above which each looks only nearby
NEARBY = 8  # … at the next this many added sentences
LONG_SENTENCE = 250_000  # characters² of two sentences above which they are not diffed character by character
ROUGH = "句子过长，未逐字标出改动，整句列出"


def compare(old: Outline, new: Outline) -> Comparison:
    from .outlines import in_simplified

    old, new = in_simplified(old, new)
    pairs = match_sections(old.sections, new.sections)
    partner = dict(pairs)
    back = {j: i for i, j in pairs}
    keyed: list[tuple[tuple[int, int, int], SectionChange]] = []
    for k, section in enumerate(new.sections):
        i = back.get(k)
        if i is None:
            keyed.append(((k, 0, 0), SectionChange(ADDED, None, section, sentences=_all(section, ADDED))))
        else:
            keyed.append(((k, 0, 0), section_change(old.sections[i], section)))
    before = -1  # the new place of the last matched old section before this one
    for i, section in enumerate(old.sections):
        if i in partner:
            before = partner[i]
            continue
        keyed.append(
            ((before, 1, i), SectionChange(REMOVED, section, None, sentences=_all(section, REMOVED)))
        )
    keyed.sort(key=lambda item: item[0])
    changes = [change for _, change in keyed]
    rough = [change.label for change in changes if change.rough]
    notes = [f"{'、'.join(rough[:5])}{'等' if len(rough) > 5 else ''}{ROUGH}。"] if rough else []
    return Comparison(old, new, changes, [*old.notes, *new.notes, *notes])


def match_sections(old: list[Section], new: list[Section]) -> list[tuple[int, int]]:
    """(old index, new index) of the sections taken for the same: first those whose path of titles
    is the same and found once on each side, then those whose text is the same and found once on
    each side, then the most similar remaining pairs above :data:`MATCH`, best first.

    Up to :data:`ALL_PAIRS` remaining pairs every pair is scored; above it (plans of hundreds of
    items, all renamed), each section only against those of the same title and those at about the
    same place among the remaining sections of the other plan, about :data:`CANDIDATES` pairs in
    all, measured by shared characters — a section moved far in such a plan shows as removed and
    added."""
    pairs: list[tuple[int, int]] = []
    for key in (lambda s: s.path, lambda s: (not s.path, s.sentences) if s.sentences else None):
        taken_old = {i for i, _ in pairs}
        taken_new = {j for _, j in pairs}
        old_keys = _once([key(s) if i not in taken_old else None for i, s in enumerate(old)])
        new_keys = _once([key(s) if j not in taken_new else None for j, s in enumerate(new)])
        pairs += [(i, new_keys[k]) for k, i in old_keys.items() if k is not None and k in new_keys]
    taken_old = {i for i, _ in pairs}
    taken_new = {j for _, j in pairs}
    rest_old = [i for i in range(len(old)) if i not in taken_old]
    rest_new = [j for j in range(len(new)) if j not in taken_new]
    texts_old = {i: "".join(old[i].sentences) for i in rest_old}
    texts_new = {j: "".join(new[j].sentences) for j in rest_new}
    scored = []
    similarity = _Similarity(exact=len(rest_old) * len(rest_new) <= ALL_PAIRS)
    for i, j in _candidates(old, new, rest_old, rest_new):
        a, b = old[i], new[j]
        if (not a.path) != (not b.path):
            continue
        score = similarity(a, b, texts_old[i], texts_new[j])
        if score >= MATCH:
            scored.append((-score, i, j))
    for _, i, j in sorted(scored):
        if i not in taken_old and j not in taken_new:
            pairs.append((i, j))
            taken_old.add(i)
            taken_new.add(j)
    return sorted(pairs)


def _candidates(old: list[Section], new: list[Section], rest_old: list[int], rest_new: list[int]):
    """The pairs of remaining sections worth scoring (see :func:`match_sections`)."""
    if len(rest_old) * len(rest_new) <= ALL_PAIRS:
        yield from ((i, j) for i in rest_old for j in rest_new)
        return
    reach = CANDIDATES // len(rest_old) // 2  # 0: the one at the same place only
    titled: dict[str, list[int]] = {}
    for j in rest_new:
        titled.setdefault(new[j].title, []).append(j)
    for place, i in enumerate(rest_old):
        middle = place * len(rest_new) // len(rest_old)
        near = rest_new[max(0, middle - reach) : middle + reach + 1]
        same = titled.get(old[i].title, [])[: 2 * reach]
        yield from ((i, j) for j in dict.fromkeys([*near, *same]))


def _once(keys: list) -> dict:
    """Each key found once in *keys* → its index (None is no key)."""
    seen: dict = {}
    twice = set()
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key in seen:
            twice.add(key)
        seen[key] = index
    return {key: index for key, index in seen.items() if key not in twice}


class _Similarity:
    """Weighted title, text and parent similarity; the cheap upper bounds first (lengths, then shared
    characters), the exact ratio only when the pair could still reach :data:`MATCH`. Texts longer
    than :data:`LONG_TEXT` together are measured by their shared characters (``quick_ratio``): the
    exact ratio of two long texts costs their product."""

    def __init__(self, exact: bool = True) -> None:
        self.exact = exact  # False: titles and texts measured by shared characters only (fast)
        self.parents: dict[tuple[str, str], float] = {}
        self.matchers: dict[tuple[int, bool], SequenceMatcher] = {}  # the new side's, each built once

    def _matcher(self, b: str, a: str) -> SequenceMatcher:
        """A matcher of *a* against *b*: *b*'s index (and character counts) kept for the next pair."""
        matcher = self.matchers.get((id(b), True))
        if matcher is None:
            matcher = self.matchers[(id(b), True)] = SequenceMatcher(None, "", b, autojunk=False)
        matcher.set_seq1(a)
        return matcher

    def __call__(self, a: Section, b: Section, text_a: str, text_b: str) -> float:
        key = ("".join(a.path[:-1]), "".join(b.path[:-1]))
        parent = self.parents.get(key)
        if parent is None:
            parent = self.parents[key] = _ratio(*key)
        if not text_a and not text_b:
            return (_TITLE + _TEXT) * _ratio(a.title, b.title) + _PARENT * parent
        same = a.title == b.title
        lengths = 2 * min(len(text_a), len(text_b)) / (len(text_a) + len(text_b))  # real_quick_ratio
        title_bound = 1.0 if same or not (a.title or b.title) else (
            2 * min(len(a.title), len(b.title)) / (len(a.title) + len(b.title)))  # fmt: skip
        if _TITLE * title_bound + _TEXT * lengths + _PARENT * parent < MATCH:
            return 0.0
        texts = self._matcher(text_b, text_a)
        text = texts.quick_ratio()
        if _TITLE * title_bound + _TEXT * text + _PARENT * parent < MATCH:
            return 0.0
        title = _ratio(a.title, b.title) if self.exact else _quick(a.title, b.title)
        if _TITLE * title + _TEXT * text + _PARENT * parent < MATCH:
            return 0.0
        if self.exact and len(text_a) + len(text_b) <= LONG_TEXT:
            text = texts.ratio()
        return _TITLE * title + _TEXT * text + _PARENT * parent


def _quick(a: str, b: str) -> float:
    return 1.0 if a == b else SequenceMatcher(None, a, b, autojunk=False).quick_ratio()


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def section_change(old: Section, new: Section) -> SectionChange:
    rough: list[bool] = []
    title = None if old.title == new.title else _changed(old.title, new.title, rough)
    changes = sentence_changes(old.sentences, new.sentences, rough)
    same = title is None and all(change.status == SAME for change in changes)
    return SectionChange(SAME if same else CHANGED, old, new, title, changes, rough=bool(rough))


def _all(section: Section, status: str) -> list[SentenceChange]:
    side = "new" if status == ADDED else "old"
    return [SentenceChange(status, **{side: (Piece(text, True),)}) for text in section.sentences]


def sentence_changes(
    old: tuple[str, ...], new: tuple[str, ...], rough: list[bool] | None = None
) -> list[SentenceChange]:
    """The sentences of a matched section: the same, removed, added, or changed (when a removed and
    an added sentence of one edit are at least :data:`PAIR` alike, in order).

    The sentences are diffed as a sequence (each a hashable: near-linear for similar texts), with
    ``autojunk`` on: in a section of 200 sentences or more, one repeated in more than 1 % of them
    (a line of padding, a refrain) does not start a match — it would make the diff quadratic — but
    is still taken into the matches beside it; within
    an edit of more than :data:`BLOCK_PAIRS` removed × added sentences, each removed sentence is
    paired only among the next :data:`NEARBY` added ones. *rough* gets a True for each sentence too
    long to be diffed character by character (:data:`LONG_SENTENCE`)."""
    rough = [] if rough is None else rough
    out: list[SentenceChange] = []
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            out += [SentenceChange(SAME, (Piece(text),), (Piece(text),)) for text in new[j1:j2]]
            continue
        everywhere = (i2 - i1) * (j2 - j1) <= BLOCK_PAIRS
        j = j1
        for text in old[i1:i2]:
            best, score, matcher = None, PAIR, None
            for k in range(j, j2 if everywhere else min(j2, j + NEARBY)):
                ratio, candidate = _sentence_ratio(text, new[k], score)
                if ratio >= score:
                    best, score, matcher = k, ratio, candidate
            if best is None:
                out.append(SentenceChange(REMOVED, old=(Piece(text, True),)))
                continue
            out += [SentenceChange(ADDED, new=(Piece(added, True),)) for added in new[j:best]]
            out.append(_changed(text, new[best], rough, matcher))
            j = best + 1
        out += [SentenceChange(ADDED, new=(Piece(added, True),)) for added in new[j:j2]]
    return out


def _opcodes(old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple[str, int, int, int, int]]:
    """The sentences' edit: the same first and last sentences taken as they stand (which keeps a
    sentence inserted among repeated ones an insertion), the middle diffed by difflib."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    ops = [("equal", 0, head, 0, head)] if head else []
    middle = SequenceMatcher(None, old[head : len(old) - tail], new[head : len(new) - tail])
    ops += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle.get_opcodes()]
    if tail:
        ops.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return ops


def _sentence_ratio(a: str, b: str, least: float) -> tuple[float, SequenceMatcher | None]:
    """The similarity of two sentences (and their matcher, whose opcodes are kept), or 0 when an
    upper bound shows it is under *least*; two sentences too long to diff by characters are
    measured by their shared characters."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < least or matcher.quick_ratio() < least:
        return 0.0, None
    if len(a) * len(b) > LONG_SENTENCE:
        return matcher.quick_ratio(), None
    return matcher.ratio(), matcher


def _changed(old: str, new: str, rough: list[bool], matcher: SequenceMatcher | None = None) -> SentenceChange:
    """A sentence changed within: the characters removed and added marked on each side; a single
    character left between two edits is taken into them, so the marks read as words, not letters.
    Two sentences too long for that (:data:`LONG_SENTENCE`) are marked whole (and *rough* told)."""
    if len(old) * len(new) > LONG_SENTENCE:
        rough.append(True)
        return SentenceChange(CHANGED, (Piece(old, True),), (Piece(new, True),))
    ops = (matcher or SequenceMatcher(None, old, new, autojunk=False)).get_opcodes()
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
