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
from typing import NamedTuple

from .bounds import CHARS, ROWS, SEGMENTS, TEXTS
from .document import Document, Heading, Paragraph, RunIn, Table

# Page geometry (twips) — GB/T 9704-2012: A4, 37/35/28/26 mm margins, 22 lines of 28.95 pt.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1588, 1474
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 8844
LINE = 579  # exact line pitch: 225 mm / 22
_BODY_PT, _SPACING_PT = 16.0, -0.25  # glyph size and character spacing of body text
CHAR = round((_BODY_PT + _SPACING_PT) * 20)  # one 字 of body text: 315 twips
CHAR_SPACING = round(_SPACING_PT * 20)  # twentieths of a point, on body runs: −5
# Tables: 14 pt text at an exact pitch of 2/3 of a body line; every row is a whole number of body
# lines tall (at least), so a table ends on the grid and its height does not depend on the font.
CELL_LINE = 386
CELL_MARGIN_V, CELL_MARGIN_H = 57, 85  # cell margins: top and bottom, left and right
CELL_BORDER = 10  # a 1/2 pt rule. A table's outer rule adds its width once to each page's part of
# the table (LibreOffice; Word draws it inside): the header row, first on every page, is that much
# lower, so rows and rule together take whole body lines

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
INDENT = 2  # 字, first-line indent of body paragraphs and headings
TITLE_CHARS = 20  # 22 pt characters in the 156 mm text area

# Characters that may not start a line (they are pulled back with the previous character) and that
# may not end one (they move to the next line): the usual 避头尾 sets.
NO_LINE_START = set("，。、；：！？）］｝〕〉》」』】〗”’…—·％‰℃,.;:!?)]}")
NO_LINE_END = set("（［｛〔〈《「『【〖“‘([{")
_CLOSING_QUOTE_OR_BRACKET = "）》”’】」』〕〉"

CELL_PT = 14.0  # table text: 四号, no character spacing

# The space between Chinese and Latin letters or digits: 1/5 em (measured in LibreOffice: 3.2 pt in
# 16 pt text, 2.8 pt in 14 pt table text). Only ideographs get it, never Chinese punctuation
# (“，12”, “（12）”).
AUTOSPACE = 0.2 * _BODY_PT / (_BODY_PT + _SPACING_PT)  # 字 of body text
CELL_AUTOSPACE = 0.2  # 字 of table text
# LibreOffice leaves the character spacing off the last character of each stretch of one script or
# font (中|12|中, 中|“|中): 0.25 pt more per change than the spacing of every character gives.
CHANGE = -_SPACING_PT / (_BODY_PT + _SPACING_PT)  # 字 of body text; table text has no spacing
# The measure is 442.2 pt, a little over 28 字 of 15.75 pt; the last character of a line has no
# spacing after it either.
SLACK = TEXT_W / CHAR - CHARS_PER_LINE - CHANGE
_IDEOGRAPH, _MARK, _ALNUM, _OTHER = 0, 1, 2, 3


@lru_cache(maxsize=1)
def _latin() -> dict[str, float]:
    """Advance widths in em of Times New Roman's printable ASCII (data/latin_metrics.json, measured
    by tools/metrics.py on its metric-compatible twin): where a line with digits or Latin breaks."""
    import json
    from importlib import resources

    data = json.loads(resources.files("plangen").joinpath("data/latin_metrics.json").read_text("utf-8"))
    unit = data["units_per_em"]
    return {char: advance / unit for char, advance in data["regular"].items()}


def _accented(char: str) -> bool:
    """Latin letters with marks (é, ß, ø): “ambiguous” to Unicode, but not set full width."""
    return "\u00c0" <= char <= "\u024f" and char.isalpha()


# Characters that are neither ASCII nor in the Chinese blocks (ideographs, their punctuation, Hangul,
# full-width forms) where no character is ambiguous in width: only these are looked at one by one,
# by the writer (is a mark shared?) and by uncertain (is it in the model's tables?).
NOT_PLAIN = re.compile(
    "[^\u0000-\u00a0\u2e80-\u3247\u3250-\u4dbf\u4e00-\u9fff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]"
)


@lru_cache(maxsize=CHARS)
def is_shared(char: str) -> bool:
    """A mark Unicode calls ambiguous (“”‘’…—·°×): Word sets it in the Chinese font, full width, by
    the runs' eastAsia hint; LibreOffice picks its font by the neighbours (narrow next to digits).
    The writer names the Chinese font for these marks, so both set them full width."""
    return not char.isascii() and unicodedata.east_asian_width(char) == "A" and not _accented(char)


@lru_cache(maxsize=CHARS)
def _metrics(char: str, cell: bool = False) -> tuple[float, int]:
    """(width in 字, kind) of one character of body text (16 pt glyphs, −0.25 pt apart) or, with
    *cell*, of table text (14 pt, no spacing); kinds decide where the automatic space goes."""
    if not char.isascii() and (unicodedata.east_asian_width(char) in ("W", "F") or is_shared(char)):
        letter = unicodedata.category(char)[0] in "LN"  # 党, 〇 — not ，、（“
        return 1.0, _IDEOGRAPH if letter else _MARK
    em = _latin().get(char, 0.5)  # outside ASCII and not wide (é, ß): about a digit
    kind = _ALNUM if char.isascii() and char.isalnum() else _OTHER
    return (em if cell else (em * _BODY_PT + _SPACING_PT) / (_BODY_PT + _SPACING_PT)), kind


def _gap(before: str, after: str, cell: bool = False) -> float:
    """What stands between two neighbouring characters besides their widths: the automatic space
    (an ideograph next to Latin/digits) and, in body text, a change of script or font (:data:`CHANGE`)."""
    kinds = {_metrics(before)[1], _metrics(after)[1]}
    space = (CELL_AUTOSPACE if cell else AUTOSPACE) if kinds == {_IDEOGRAPH, _ALNUM} else 0.0
    return space if cell or _stretch(before) == _stretch(after) else space + CHANGE


@lru_cache(maxsize=CHARS)
def _stretch(char: str) -> int:
    """The kind of run LibreOffice sets *char* in: Latin, Chinese, or a shared mark in a run of its own."""
    if is_shared(char):
        return 2
    return 1 if _metrics(char)[1] in (_IDEOGRAPH, _MARK) else 0


@lru_cache(maxsize=SEGMENTS)
def width(text: str, cell: bool = False) -> float:
    """Width of *text* in 字, with the automatic space between Chinese and Latin letters/digits."""
    total = 0.0
    previous = ""
    for char in text:
        total += _metrics(char, cell)[0] + (_gap(previous, char, cell) if previous else 0.0)
        previous = char
    return total


# Closing punctuation (line-break class CL) holds on to a Latin word or number after it: LibreOffice
# breaks neither “，12” nor “。ab” (it does break “；12”), so “甲，12” moves down together.
_CLOSE = "，。、）》」』】〕〉〗］｝．"
_TOKEN = re.compile(rf"[{_CLOSE}]?[A-Za-z0-9](?:[A-Za-z0-9.,%'’:/]|-(?![A-Za-z]))*-?|\s+|.", re.S)


def tokens(text: str) -> list[str]:
    """Unbreakable pieces: a Latin word or number (``2027``, ``3.5%``, ``2026-2027``) with the
    closing mark before it, a space, or one character; a hyphen before a letter ends a piece
    (``Wi-`` | ``Fi``), as line breaking allows there."""
    return _TOKEN.findall(text)


def wrap(
    text: str, first: float = CHARS_PER_LINE - INDENT, rest: float = CHARS_PER_LINE, cell: bool = False
) -> list[str]:
    """Greedy line breaking as the word processor does it, with 避头尾 (kinsoku) rules; a word or
    number no line can hold is broken inside, where its own line is full."""
    slack = 0.0 if cell else SLACK
    if width(text, cell) < first + slack:  # fits whole (most cells, many short paragraphs): no break
        return [text]  # clear of the boundary, where the sums below might round the other way
    lines: list[list[str]] = [[]]
    used = 0.0
    capacity = first
    previous = ""
    pending = tokens(text)[::-1]  # a stack: an overlong piece puts its remainder back
    while pending:
        token = pending.pop()
        gap = _gap(previous[-1], token[0], cell) if previous else 0.0
        size = width(token, cell) + gap
        previous = token
        if used + size > capacity + slack + 1e-6 and lines[-1]:
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
            if carried and width("".join(carried) + token, cell) > rest + slack + 1e-6:
                lines.append(carried)  # too wide together (a long number in a narrow cell): LibreOffice
                carried = []  # leaves what it pulled down on a line of its own
            lines.append(carried)
            used = width("".join(carried), cell)
            capacity = rest
            if not carried:  # no automatic space at the start of a line
                size -= gap
        if not lines[-1] and len(token) > 1 and size > capacity + slack + 1e-6:
            # alone on its line and still too wide: as much as fits here, the rest on the next line
            cut = max(
                (k for k in range(1, len(token)) if width(token[:k], cell) <= capacity + slack + 1e-6),
                default=1,
            )
            token, remainder = token[:cut], token[cut:]
            pending.append(remainder)
            size = width(token, cell)
            lines[-1].append(token)
            lines.append([])
            used, capacity, previous = 0.0, rest, token
            continue
        lines[-1].append(token)
        used += size
    return ["".join(line) for line in lines if line] or [""]


@lru_cache(maxsize=TEXTS)  # plans of one library share most of their paragraphs
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


def lay_out(doc: Document) -> tuple[dict[int, int], int]:
    """Both at once (one pass): the page of each heading and the pages of the plan."""
    return _walk(doc)


class _Block(NamedTuple):
    """A paragraph or table as the page sees it: its lines and how it keeps with what follows (a
    tuple: a plan has hundreds, made anew for every plan of a batch)."""

    lines: int
    keep_next: bool = False  # on the same page as the next block's first line (w:keepNext)
    keep_lines: bool = False  # never split across pages (w:keepLines)
    heading: int | None = None  # its index in Document.body, for the contents
    table: Table | None = None


def _blocks(doc: Document) -> list[_Block]:
    """The body as the DOCX writer sets it, from the title to the date under the signature."""
    blocks = [_Block(len(wrap_title(doc.title))), _Block(1)]  # the title, the blank line under it
    blocks += [_Block(line_count(paragraph.text)) for paragraph in doc.intro]
    closing = bool(doc.signature or doc.appendices)
    last_text = max((i for i, n in enumerate(doc.body) if isinstance(n, (Paragraph, RunIn))), default=-1)
    for index, node in enumerate(doc.body):
        if isinstance(node, Heading):
            blocks.append(_Block(_lines(node), keep_next=True, heading=index))
        elif isinstance(node, Table):
            blocks += [_Block(0, table=node), _Block(1)]  # the blank line under it
        else:  # GB/T 9704: the last paragraph goes with the closing block, never split
            last = closing and index == last_text
            blocks.append(_Block(_lines(node), keep_next=last, keep_lines=last))
    if doc.appendices:  # a blank line, then “附件：…” (several: numbered, aligned under the first)
        blocks.append(_Block(1, keep_next=True))
        hang = CHARS_PER_LINE - INDENT - width("附件：")
        for number, appendix in enumerate(doc.appendices, start=1):
            if len(doc.appendices) == 1:
                lines = line_count(f"附件：{appendix.title}")
            elif number == 1:
                lines = len(wrap(f"附件：1.{appendix.title}", CHARS_PER_LINE - INDENT, hang))
            else:
                lines = len(wrap(f"{number}.{appendix.title}", hang, hang))
            blocks.append(_Block(lines, keep_next=True))
    if doc.signature:  # a blank line, the name (one or two lines), the date
        name = signature_layout(doc.signature.org, doc.signature.date)[0]
        blocks += [_Block(1, keep_next=True), *[_Block(1, keep_next=True) for _ in name], _Block(1)]
    return blocks


def _walk(doc: Document, appendices: bool = True) -> tuple[dict[int, int], int]:
    """The pages of the headings and the page count."""
    page, line = 1, 0  # the page, and the body lines already used on it

    def advance(lines: int) -> None:
        nonlocal page, line
        line += lines
        while line > LINES_PER_PAGE:
            page += 1
            line -= LINES_PER_PAGE

    def keep(lines: int) -> None:
        """Start a new page unless *lines* (kept together) fit on this one."""
        nonlocal page, line
        if line + lines > LINES_PER_PAGE and line > 0 and lines <= LINES_PER_PAGE:
            page, line = page + 1, 0

    def place_table(table: Table) -> None:
        nonlocal page, line
        heights = table_rows(table)
        if table.caption:  # the caption keeps with the header and the first row
            keep(1 + sum(heights[:2]))
            advance(1)
        keep(sum(heights[:2]))  # a header row never stands alone at the foot of a page
        for number, height in enumerate(heights):
            if line + height > LINES_PER_PAGE and line > 0:  # rows do not split; the header repeats
                page, line = page + 1, (heights[0] if number else 0)
            line += height

    pages: dict[int, int] = {}
    blocks = _blocks(doc)
    flowing = False  # inside a chain longer than a page: its keeps give way, it flows on
    for index, block in enumerate(blocks):
        if block.table is not None:
            place_table(block.table)
            continue
        if flowing:  # a heading of the chain is not split: it goes down whole
            flowing = block.keep_next
            if block.keep_next:
                keep(block.lines)
        elif block.keep_next or block.keep_lines:
            chain = block.lines
            for following in blocks[index + 1 :] if block.keep_next else []:
                if following.table is not None:
                    chain += _first_lines(following.table)
                    break
                if not following.keep_next:
                    chain += following.lines if following.keep_lines else 1
                    break
                chain += following.lines
            starts = index == 0 or not blocks[index - 1].keep_next
            if chain > LINES_PER_PAGE and starts:
                if line > 0:
                    page, line = page + 1, 0  # a chain longer than a page starts on a page of its own
                flowing = block.keep_next
            else:
                keep(chain)
        if block.heading is not None:
            pages[block.heading] = page if line < LINES_PER_PAGE else page + 1
        advance(block.lines)
    for appendix in (
        doc.appendices if appendices else []
    ):  # each starts a page: label, blank, title, blank, then the body
        page, line = page + 1, 0
        advance(3 + len(wrap_title(appendix.title)))
        for item in appendix.body:
            if isinstance(item, Table):
                place_table(item)
                advance(1)  # the blank line under it
            else:
                advance(line_count(item.text))
    return pages, page


def contents_pages(doc: Document, levels: int, pages: dict[int, int]) -> int:
    """Pages of the contents section (0 without one): “目　录”, a blank line, then each entry down
    to *levels*, indented 2 字 a level, its page number (from *pages*) at the right margin."""
    entries = [entry for entry in doc.toc if entry.level <= levels]
    if not entries:
        return 0
    lines = 2
    for entry in entries:
        lines += _entry_lines(f"{entry.ordinal}{entry.text}  {pages.get(entry.heading, '')}", entry.level)
    return math.ceil(lines / LINES_PER_PAGE)


@lru_cache(maxsize=ROWS)  # the plans of a batch share their headings
def _entry_lines(text: str, level: int) -> int:
    measure = CHARS_PER_LINE - 2 * (level - 1)
    return len(wrap(text, measure, measure))


def first_pages(lengths: list[int]) -> dict[int, int]:
    """Each plan's first page when plans of *lengths* pages each start on an odd page from 1 (the
    bound volume)."""
    pages, page = {}, 1
    for number, length in enumerate(lengths):
        pages[number] = page
        page += max(1, length)
        if page % 2 == 0:  # the next plan starts on the next odd page (a blank even page between)
            page += 1
    return pages


def _lines(node: Heading | RunIn | Paragraph) -> int:
    if isinstance(node, Heading):
        return line_count(node.label)
    if isinstance(node, RunIn):
        return line_count(node.label + node.body)
    return line_count(node.text)


def _first_lines(table: Table) -> int:
    """Lines of a table a paragraph kept with it keeps on its page: caption, header and first row."""
    return (1 if table.caption else 0) + sum(table_rows(table)[:2])


# --- tables ------------------------------------------------------------------------------------


def column_widths(table: Table) -> list[int]:
    """Each column's width in twips: the writer's ``w:tcW`` and the model's measure, one rule."""
    return [round(TEXT_W * share) for share in table.shares()]


# A cell's measure is taken 1/4 字 short: a row the model makes too tall is as tall in every word
# processor (its height is at least the model's), one it made too short would grow; a line exactly
# full in one application (borders, rounding) must not wrap in another.
CELL_SAFETY = 0.25


def cell_twips(text: str) -> int:
    """Twips a cell needs to hold *text* on one line: table text, the cell's margins and the
    model's safety, as :func:`table_rows` measures — a column this wide never wraps it."""
    return math.ceil((width(text, cell=True) + CELL_SAFETY) * CELL_PT * 20) + 2 * CELL_MARGIN_H


def fitted_widths(columns: list[list[str]], grow: int = 0, shrink: Sequence[int] = (0,)) -> list[int]:
    """Column widths in twips for a table whose *columns* (header first) should not wrap: each as
    wide as its widest cell; the room left goes to column *grow*; when there is too little, the
    columns in *shrink* give way alike (they wrap), down to four characters each."""
    widths = [max(cell_twips(cell) for cell in column) for column in columns]
    least = cell_twips("四个汉字")
    excess = sum(widths) - TEXT_W
    spare = {index: max(widths[index] - least, 0) for index in shrink}
    room = sum(spare.values())
    if excess > 0 and room > 0:  # the columns in *shrink* give way alike, in proportion to their spare
        share = min(excess, room)
        for index, amount in spare.items():
            widths[index] -= -(-share * amount // room)  # rounded up: together at least the share
        excess = sum(widths) - TEXT_W
    if excess > 0:  # nothing left to give: shares by need
        total = sum(widths)
        return [TEXT_W * width // total for width in widths]
    widths[grow] += -excess
    return widths


def table_rows(table: Table) -> list[int]:
    """Body lines each row takes, the header first: the tallest cell's lines at the cell pitch with
    the cell margins and the rule, rounded up to whole body lines (the row's least height)."""
    measures = tuple(
        max((w - 2 * CELL_MARGIN_H) / (CELL_PT * 20) - CELL_SAFETY, 1.0) for w in column_widths(table)
    )
    return [_row_lines(tuple(row), measures) for row in [table.header, *table.rows]]


@lru_cache(maxsize=ROWS)  # the model, the writer and the notes ask for the same rows
def _row_lines(cells: tuple[str, ...], measures: tuple[float, ...]) -> int:
    tallest = max((_cell_lines(cell, m) for cell, m in zip(cells, measures, strict=False)), default=1)
    return math.ceil((tallest * CELL_LINE + 2 * CELL_MARGIN_V + 2 * CELL_BORDER) / LINE)


@lru_cache(maxsize=TEXTS)  # cell by cell: plans of a batch share most cells, if not whole rows
def _cell_lines(cell: str, measure: float) -> int:
    return len(wrap(cell, measure, measure, cell=True)) if cell else 1


# --- what the model cannot know ------------------------------------------------------------------

MODELLED_LATIN_FONTS = ("Times New Roman",)  # fonts whose advance widths data/latin_metrics.json holds


def uncertain(doc: Document, latin: str = MODELLED_LATIN_FONTS[0]) -> list[str]:
    """Notes for a plan whose pages the model cannot be sure of: digits and Latin set in a font
    (*latin*; "" for the Chinese one) whose widths it does not hold, or characters outside its
    tables. Empty for what plangen writes."""
    reasons = []
    text = doc.text()
    if latin not in MODELLED_LATIN_FONTS and re.search("[A-Za-z0-9]", text):
        name = f"“{latin}”" if latin else "中文字体"
        reasons.append(f"数字和西文用{name}排版，版式模型没有它的字宽")
    unusual = set(NOT_PLAIN.findall(text))  # looked at one by one
    strange = sorted(c for c in unusual if _metrics(c)[1] == _OTHER and not c.isspace())
    if strange:
        reasons.append(f"文中有版式模型没有字宽的字符（{''.join(strange[:5])}）")
    tables = [n for n in doc.body if isinstance(n, Table)]
    tables += [n for appendix in doc.appendices for n in appendix.body if isinstance(n, Table)]
    for table in tables:
        heights = table_rows(table)
        if any(heights[0] + height > LINES_PER_PAGE for height in heights[1:]):
            reasons.append("表格中有一行连同表头超过一页，只能跨页断开")
            break
        if min(column_widths(table)) - 2 * CELL_MARGIN_H < 2 * CELL_PT * 20:
            reasons.append("表格中有一栏窄于两个字，栏中的数字和字母会被拆开")
            break
    if not reasons:
        return []
    return [
        f"目录页码由版式模型计算；{'，'.join(reasons)}，Word 中的分页可能与目录相差，"
        "可加 --check 用 LibreOffice 核对。"
    ]
