"""GB/T 9704 page geometry as arithmetic: widths in 字, line breaking, title wrapping, page estimates.

The DOCX writer lays text on a fixed grid (22 lines × 28 字), so where a line breaks and on which
page a heading lands can be computed without a word processor. The estimate fills the table of
contents before any office suite has seen the file; when LibreOffice is available the real pages
replace it (``office.py``).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from .document import Document, Heading, Paragraph, RunIn, Table

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
INDENT = 2  # 字, first-line indent of body paragraphs and headings
TITLE_CHARS = 20  # 22 pt characters in the 156 mm text area

# Characters that may not start a line (they are pulled back with the previous character) and that
# may not end one (they move to the next line): the usual 避头尾 sets.
NO_LINE_START = set("，。、；：！？）］｝〕〉》」』】〗”’…—·％‰℃,.;:!?)]}")
NO_LINE_END = set("（［｛〔〈《「『【〖“‘([{")
_CLOSING_QUOTE_OR_BRACKET = "）》”’】」』〕〉"

# Approximate advance widths in em of Times New Roman, for Latin letters and digits in body text.
_LATIN_EM = {" ": 0.25, ".": 0.25, ",": 0.25, ":": 0.28, ";": 0.28, "-": 0.33, "/": 0.28, "%": 0.83}
_BODY_PT, _SPACING_PT = 16.0, -0.25  # glyph size and character spacing (w:spacing -5 twips)


AUTOSPACE = 0.2  # 字 between Chinese and Latin/digits (the 1/5 em word processors insert)
_WIDE, _ALNUM, _OTHER = 0, 1, 2


@lru_cache(maxsize=8192)
def _metrics(char: str) -> tuple[float, int]:
    """(width in 字, kind) of one character; kinds decide where the automatic space goes."""
    if not char.isascii() and unicodedata.east_asian_width(char) in ("W", "F", "A"):
        return 1.0, _WIDE
    if char.isdigit():
        em = 0.5
    elif char in _LATIN_EM:
        em = _LATIN_EM[char]
    elif char.isupper():
        em = 0.68
    elif char.isalpha():
        em = 0.45
    else:
        em = 0.4
    kind = _ALNUM if char.isascii() and char.isalnum() else _OTHER
    return (em * _BODY_PT + _SPACING_PT) / (_BODY_PT + _SPACING_PT), kind


def _gap(before: str, after: str) -> float:
    """The automatic space between two neighbouring characters (Chinese next to Latin/digits)."""
    kinds = {_metrics(before)[1], _metrics(after)[1]}
    return AUTOSPACE if kinds == {_WIDE, _ALNUM} else 0.0


@lru_cache(maxsize=8192)
def width(text: str) -> float:
    """Width of *text* in 字, with the automatic space between Chinese and Latin letters/digits."""
    total = 0.0
    previous = ""
    for char in text:
        total += _metrics(char)[0] + (_gap(previous, char) if previous else 0.0)
        previous = char
    return total


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%'’:/-]*|\s+|.", re.S)


def tokens(text: str) -> list[str]:
    """Unbreakable pieces: a Latin word or number (``2027``, ``3.5%``), a space, or one character."""
    return _TOKEN.findall(text)


def wrap(text: str, first: float = CHARS_PER_LINE - INDENT, rest: float = CHARS_PER_LINE) -> list[str]:
    """Greedy line breaking as the word processor does it, with 避头尾 (kinsoku) rules."""
    lines: list[list[str]] = [[]]
    used = 0.0
    capacity = first
    previous = ""
    for token in tokens(text):
        size = width(token) + (_gap(previous[-1], token[0]) if previous else 0.0)
        previous = token
        if used + size > capacity + 1e-6 and lines[-1]:
            # 避头尾: a forbidden line start takes the previous character along; a forbidden line end
            # moves down. A word processor gives up after a few characters, and so do we.
            carried: list[str] = []
            if token[0] in NO_LINE_START:  # with a run of closing marks (“习））”), the whole run goes down
                while len(lines[-1]) > 1 and len(carried) < 3:
                    carried.insert(0, lines[-1].pop())
                    if carried[0][0] not in NO_LINE_START:
                        break
            while len(lines[-1]) > 1 and len(carried) < 3 and lines[-1][-1][-1] in NO_LINE_END:
                carried.insert(0, lines[-1].pop())
            lines.append(carried)
            used = width("".join(carried))
            capacity = rest
        lines[-1].append(token)
        used += size
    return ["".join(line) for line in lines if line] or [""]


@lru_cache(maxsize=4096)  # plans of one library share most of their paragraphs
def line_count(text: str) -> int:
    """Body lines a paragraph with the 2-字 first-line indent takes."""
    return len(wrap(text))


# --- titles -----------------------------------------------------------------------------------

_UNIT_AFTER_NUMBER = "年月日号次名个人项周岁元万亿%‰"
_GOOD_BREAK_AFTER = ("党支部", "党总支", "党委", "委员会", "支部", "医院", "学校", "大学", "学院", "公司", "集团",
                     "社区", "街道", "局", "中心", "开发区", "园区", "新区", "关于", "年度")  # fmt: skip


_ORG_SUFFIXES = (
    "委员会",
    "党委",
    "党总支",
    "党支部",
    "支部",
    "工作委员会",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
)


def _break_allowed(text: str, i: int) -> bool:
    """May a title line end before ``text[i]``?"""
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
        return False  # inside a Latin word or a number
    if before.isdigit() and after in _UNIT_AFTER_NUMBER:
        return False  # 2027|年, 106|周年
    depth = text.count("《", 0, i) - text.count("》", 0, i)
    return depth <= 0  # never inside 《…》


MID_WORD = 10.0  # a break we cannot recognise as a joint: probably inside a word


def _break_cost(text: str, i: int) -> float:
    """How much a break before ``text[i]`` hurts: 0 at a natural joint, 6 before the form of an
    organisation (江城市第一人民医院|委员会, 江城智能装备|股份有限公司), 10 anywhere else.

    There is no word segmenter here, so joints are recognised by what ends or starts there.
    """
    head = text[:i]
    for suffix in _ORG_SUFFIXES:  # inside 股份|有限公司 or 工作|委员会 is inside a word
        start = text.find(suffix, max(0, i - len(suffix) + 1))
        if 0 <= start < i < start + len(suffix):
            return MID_WORD
    if text.startswith(_ORG_SUFFIXES, i):
        return 6.0
    if any(head.endswith(word) for word in _GOOD_BREAK_AFTER):
        return 0.0
    if text[i].isdigit() and not text[i - 1].isdigit():
        return 0.0  # before a year
    if text[i - 1] in _CLOSING_QUOTE_OR_BRACKET or text[i - 1] == "的" or text[i] in "《“（":
        return 1.0
    return MID_WORD


def _prefix_widths(text: str) -> list[float]:
    """``P[i]`` = width of ``text[:i]``, so any slice's width is O(1) (see :func:`_slice_width`)."""
    out = [0.0]
    previous = ""
    for char in text:
        out.append(out[-1] + _metrics(char)[0] + (_gap(previous, char) if previous else 0.0))
        previous = char
    return out


def _slice_width(text: str, prefix: list[float], a: int, b: int) -> float:
    gap = _gap(text[a - 1], text[a]) if 0 < a < len(text) else 0.0
    return prefix[b] - prefix[a] - gap


SIGNATURE_RIGHT = 2.0  # 字 between the signing organisation's name and the right margin


def signature_layout(org: str, date: str) -> tuple[list[str], float, float]:
    """GB/T 9704 7.3.5.2 (unsealed): the name 2 字 from the right, the date's first character 2 字
    to the right of the name's; a date longer than the name takes the 2 字 and the name moves left.
    A name longer than the line less those 2 字 is set on two lines, broken as a title is (after the
    organisation it belongs to), so the date never has too little room and breaks.

    Returns the name's lines and the right indents of the name and of the date, in 字."""
    lines = wrap_title(org, CHARS_PER_LINE - SIGNATURE_RIGHT)
    name_w, date_w = max(width(line) for line in lines), width(date)
    date_right, name_right = name_w - date_w, SIGNATURE_RIGHT  # with the name at 2 字
    if date_right < SIGNATURE_RIGHT:
        date_right = SIGNATURE_RIGHT
        name_right = date_w - name_w + 2 * SIGNATURE_RIGHT
    return lines, name_right, date_right


def wrap_title(title: str, max_width: float = TITLE_CHARS) -> list[str]:
    """Split a long title into balanced lines: two lines short over long (正梯形), three as a
    trapezoid or a diamond (菱形) — an upper line is never longer than the one below it, except
    above a diamond's longest middle line.

    Breaks never fall inside 《…》, a number, a Latin word, or between a number and its unit,
    and prefer natural joints (after the organisation's name, before the year). Titles of four
    lines or more (rare, and never pretty) are balanced without a shape.
    """
    total = width(title)
    if total <= max_width:
        return [title]
    count = max(2, math.ceil(total / max_width))
    allowed = [i for i in range(1, len(title)) if _break_allowed(title, i)]
    prefix = _prefix_widths(title)
    costs = {i: _break_cost(title, i) for i in allowed}
    if count <= 3:
        # words stay whole first, then the shape, then balance
        for shaped, whole_words in ((True, True), (False, True), (False, False)):
            found = _best_shape(title, prefix, allowed, costs, count, max_width, shaped, whole_words)
            if found is not None:
                return _split(title, found[1])
    breaks = _balanced(title, prefix, allowed, costs, count, max_width)
    if breaks is None:  # no allowed break fits: fall back to the plain greedy wrap
        return wrap(title, max_width, max_width)
    return _split(title, breaks)


def _good_shape(widths: list[float]) -> bool:
    if len(widths) == 2:
        return widths[0] <= widths[1] + 1e-6
    trapezoid = all(a <= b + 1e-6 for a, b in itertools.pairwise(widths))
    diamond = widths[1] + 1e-6 >= max(widths[0], widths[2])
    return trapezoid or diamond


def _best_shape(
    title: str,
    prefix: list[float],
    allowed: list[int],
    costs: dict[int, float],
    count: int,
    max_width: float,
    shaped: bool,
    whole_words: bool,
) -> tuple[float, tuple[int, ...]] | None:
    """(score, breaks) of the cheapest 2- or 3-line split whose lines fit (and, if *shaped*, have
    a proper shape; if *whole_words*, break only at recognised joints)."""
    best: tuple[float, tuple[int, ...]] | None = None
    if whole_words:
        allowed = [i for i in allowed if costs[i] < MID_WORD]
    for breaks in itertools.combinations(allowed, count - 1):
        edges = [0, *breaks, len(title)]
        widths = [_slice_width(title, prefix, a, b) for a, b in itertools.pairwise(edges)]
        if max(widths) > max_width + 1e-6 or (shaped and not _good_shape(widths)):
            continue
        score = (max(widths) - min(widths)) / 2 + sum(costs[i] for i in breaks)
        if best is None or score < best[0]:
            best = (score, breaks)
    return best


def _balanced(
    title: str, prefix: list[float], allowed: list[int], costs: dict[int, float], count: int, max_width: float
) -> tuple[int, ...] | None:
    """Dynamic programming over break positions: *count* lines that fit, each near the average."""
    target = prefix[-1] / count
    ends = [*allowed, len(title)]
    # best[k][j]: (score, breaks) for the first k+1 lines ending at ends[j]
    best: list[dict[int, tuple[float, tuple[int, ...]]]] = [{} for _ in range(count)]
    for j, end in enumerate(ends):
        line = _slice_width(title, prefix, 0, end)
        if line <= max_width + 1e-6:
            best[0][j] = ((line - target) ** 2, () if end == len(title) else (end,))
    for k in range(1, count):
        for j, end in enumerate(ends):
            for i, (score, breaks) in best[k - 1].items():
                start = ends[i]
                if start >= end or start == len(title):
                    continue
                line = _slice_width(title, prefix, start, end)
                if line > max_width + 1e-6:
                    continue
                total = score + (line - target) ** 2 + costs[start]
                new = breaks + ((end,) if end != len(title) else ())
                if j not in best[k] or total < best[k][j][0]:
                    best[k][j] = (total, new)
    final = best[count - 1].get(len(ends) - 1)
    return final[1] if final else None


def _split(text: str, breaks: Sequence[int]) -> list[str]:
    edges = [0, *breaks, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(edges)]


# --- page estimate -----------------------------------------------------------------------------


def estimate_pages(doc: Document) -> dict[int, int]:
    """Page of each heading (index in ``doc.body``) as the DOCX writer lays the body out.

    The body is numbered from 1 whether or not a table of contents stands before it in its own
    section, so the contents' length never moves a heading.
    """
    return _walk(doc, appendices=False)[0]


def estimate_length(doc: Document) -> int:
    """Pages the plan takes from its title to the end of its last attachment."""
    return _walk(doc)[1]


def _walk(doc: Document, appendices: bool = True) -> tuple[dict[int, int], int]:
    page, line = 1, 0

    def advance(lines: int) -> None:
        nonlocal page, line
        line += lines
        while line > LINES_PER_PAGE:
            page += 1
            line -= LINES_PER_PAGE

    advance(len(wrap_title(doc.title)) + 1)  # title lines and the blank line under them
    pages: dict[int, int] = {}
    for paragraph in doc.intro:
        advance(line_count(paragraph.text))
    body = doc.body
    for index, node in enumerate(body):
        lines = _lines(node)
        if isinstance(node, Heading):
            chain = lines
            for following in body[index + 1 :]:  # keep-with-next: headings stay with the next line
                if isinstance(following, Heading):
                    chain += _lines(following)
                    continue
                chain += 1
                break
            if line + chain > LINES_PER_PAGE and line > 0 and chain <= LINES_PER_PAGE:
                page, line = page + 1, 0
            pages[index] = page if line < LINES_PER_PAGE else page + 1
        advance(lines)
    signed = 2 + len(signature_layout(doc.signature.org, doc.signature.date)[0]) if doc.signature else 0
    closing = (1 + len(doc.appendices) if doc.appendices else 0) + signed  # a blank line, name, date
    if closing:
        if line + closing > LINES_PER_PAGE:  # the closing block keeps with the last paragraph
            page, line = page + 1, 2
        advance(closing)
    for appendix in (
        doc.appendices if appendices else []
    ):  # each starts a page: label, blank, title, blank, then the body
        page, line = page + 1, 0
        advance(3 + len(wrap_title(appendix.title)))
        for item in appendix.body:
            advance(_lines(item))
    return pages, page


TABLE_LINE = 14 * 1.3 / 28.95  # a 四号 table line (single spacing) in body lines
TABLE_ROW_PADDING = 6 / 28.95  # cell margins and borders per row


def _lines(node: Heading | RunIn | Paragraph | Table) -> int:
    if isinstance(node, Heading):
        return line_count(node.label)
    if isinstance(node, RunIn):
        return line_count(node.label + node.body)
    if isinstance(node, Table):
        return _table_lines(node)
    return line_count(node.text)


def _table_lines(table: Table) -> int:
    """Body lines a table takes (rows at 四号 single spacing), plus the blank line under it."""
    share = [CHARS_PER_LINE * w * 16 / 14 - 0.6 for w in table.shares()]  # 字 of 14 pt per column
    height = 0.0
    for row in [table.header, *table.rows]:
        tallest = max(len(wrap(cell, max(s, 1), max(s, 1))) for cell, s in zip(row, share, strict=False))
        height += tallest * TABLE_LINE + TABLE_ROW_PADDING
    return math.ceil(height) + 1 + (1 if table.caption else 0)
