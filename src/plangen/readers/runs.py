"""A page pasted as one line: a plan's title, intro, every heading and item and its signature run
together ("2026年……计划为深入贯彻……一、指导思想……（一）……"). Such a line is split where its
ordinals follow on in sequence (一、 then 二、; （一） then （二）), the title cut off its front and the
signature off its end. Each piece keeps its place: the line's number and, as its offset, the
column it starts at, so the linter's findings point into the line as the user has it.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

from ..numbering import match_ordinal
from .lines import Line, numbered

_TITLE_PREFIX = re.compile(r"^(.{4,50}?(?:工作计划|工作要点|计划|要点))(?=[^（(）)]).")
_SIGNED_TAIL = re.compile(
    r"^(.*[。！？；])\s*(\S{2,40}?(?:支部|总支|委员会|党委|党组|党工委))\s*"
    r"((?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日)$"
)
# ordinals where a page copied from the web runs them together in one line
_CANDIDATE = re.compile(
    r"【篇[一二三四五六七八九十\d]+】|[（(][一二三四五六七八九十]{1,3}[）)]|"
    r"(?<![第一二三四五六七八九十〇零两\d])(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[、．.)）])(?![一二三四五六七八九十〇零两\d])|"
    r"[（(]\d{1,2}[）)]|[\u2460-\u2473]"
)  # not “五一、国庆”, “一、二年级” or “第一、第二”: a numeral or 第 next to it makes a word

# the candidates above that can be an ordinal of level 1 or 2, without which a line is not cut
_HEADING_CANDIDATE = re.compile(
    r"[（(][一二三四五六七八九十]{1,3}[）)]|"
    r"(?<![第一二三四五六七八九十〇零两\d])[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十〇零两\d])"
)


def split_runs(lines: list[Line], path: Path, unit: str) -> tuple[list[Line], list[tuple[int, int]]]:
    """*lines* with every run-together line split, and (line number, pieces) for each split; no
    more lines than a file may have (:data:`~plangen.readers.MAX_LINES`)."""
    from . import MAX_LINES, too_long

    out: list[Line] = []
    splits: list[tuple[int, int]] = []
    for line in lines:
        if len(out) > MAX_LINES:
            raise too_long(path, unit)
        if line.table or line.toc or len(line.text) < 8:
            out.append(line)
            continue
        cuts = _cuts(line.text)
        if not cuts:
            out.append(line)
            continue
        bounds = [0, *cuts, len(line.text)]
        pieces = [line.text[start:end].strip() for start, end in itertools.pairwise(bounds)]
        pieces = [piece for piece in pieces if piece]
        head = _TITLE_PREFIX.match(pieces[0]) if pieces else None
        if head and numbered(pieces[0]) is None:  # “2026年某支部工作计划为深入贯彻……”: the title first
            pieces[:1] = [head.group(1), pieces[0][head.end(1) :].strip()]
        tail = _SIGNED_TAIL.match(pieces[-1]) if pieces else None
        if tail:  # “……落实。某某党支部2025年12月30日”: the signature last
            pieces[-1:] = [tail.group(1), tail.group(2), tail.group(3)]
        splits.append((line.number, len(pieces)))
        at = 0
        for piece in pieces:
            if not piece:
                continue
            at = line.text.find(piece, at)
            out.append(dataclasses.replace(line, text=piece, offset=line.offset + at, lead=0))
            at += len(piece)
    if len(out) > MAX_LINES:
        raise too_long(path, unit)
    return out, splits


def _cuts(text: str) -> list[int]:
    """Where to split a run-together line: ordinals of 一、 or （一） rank that continue a sequence."""
    if _HEADING_CANDIDATE.search(text, 1) is None:  # no 一、 or （一） after the start: nothing to cut
        return []
    counters: dict[int, int] = {}
    cuts: list[int] = []
    chinese = False
    for match in _CANDIDATE.finditer(text):
        position = match.start()
        if match.group().startswith("【"):
            if position:
                cuts.append(position)
            counters.clear()
            continue
        found = match_ordinal(text, position)  # not numbered(): it copies the rest of the line
        if found is None:
            continue
        level, number, _ = found
        expected = counters.get(level, 0) + 1
        # a heading's ordinal may skip one or two (一、二、四、: 四、 is still a heading, not text
        # of 二、); a numbered list's may not (“1.…3.” in a sentence)
        skipped = level <= 2 and level in counters and expected < number <= expected + 2
        if number != expected and not (number == 1 and level not in counters) and not skipped:
            continue
        counters[level] = number
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if position:
            cuts.append(position)
            chinese = chinese or level <= 2
    # “1.…；2.…” inside a sentence is an enumeration, not a page; a page has headings of 一、 or （一）
    if not chinese or text[: cuts[0]].rstrip().endswith(("：", ":")):  # “三件事：（一）……（二）……”
        return []
    return cuts if len(cuts) >= 2 or len(text) > 200 or _starts_heading(text, cuts[0]) else []


def _starts_heading(text: str, cut: int) -> bool:
    """“三、主要工作（一）加强学习”: a short heading with the next ordinal right after it."""
    return cut <= 20 and not any(mark in text[:cut] for mark in "。，；：")
