"""The outline of a document: which lines are ordinals (一、 （一） 1. （1） ①), contents entries,
collection markers (【篇一】) and plan titles; a collection split into its plans.

Shared by the linter (numbering checks) and the importer (blocks from sections). Only the text of
each line is used, so a Word file, a text file and plangen's own Markdown give the same outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numbering import match_ordinal, parse_cn_number
from .lines import Line

_CN = "零一二三四五六七八九十百〇两"
_MARKER = re.compile(
    rf"^[【\[〔]?\s*(?:篇\s*([{_CN}\d]{{1,3}})|第\s*([{_CN}\d]{{1,3}})\s*篇|(?:范文|例文|样文)\s*([{_CN}\d]{{1,3}})(?=\s*[】\]〕:：]))"
    r"\s*[】\]〕]?\s*[:：]?\s*"
)  # 【篇一】 篇2： 第三篇 范文四：
_TOC_HEAD = re.compile(r"^目\s*录")
# a contents line's leader and page number; each run of a leader character is tried only from its
# first character, so a line of 50,000 dots or spaces is one scan, not one per position
_PAGE_REF = re.compile(r"(?:(?<!\s)\s|…|(?<!\.)\.{2,}|(?<!·)·{2,}|(?<!-)-{2,})\s*\d{1,4}$")
_TITLE_WORDS = re.compile(
    r"(?:工作)?(?:计划|规划|要点|安排|方案|思路|總結|总结|述职报告|計劃|規劃|要點)"
)  # traditional too
_APPENDIX = re.compile(r"^附\s*[件表录]\s*[0-9一二三四五六七八九十]*\s*[：:．.、]?")
# a date on a line of its own, as plans are signed: 2025年12月30日, 二〇二五年十二月三十日
SIGNED_DATE = re.compile(
    r"^(\d{4}|[〇零一二三四五六七八九]{4})年([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})日$"
)


def marker(text: str) -> int | None:
    """The number of a collection marker (【篇一】, 篇二：, 第三篇), or None."""
    if "篇" not in text and "文" not in text:  # every marker has one: most lines are ruled out at once
        return None
    match = _MARKER.match(text)
    if match is None:
        return None
    raw = match.group(1) or match.group(2) or match.group(3)
    rest = text[match.end() :]
    bracketed = match.group().rstrip().endswith(("】", "]", "〕", ":", "："))
    if match.group(2) and rest and not bracketed and not title_like(rest):  # “第一篇章……” in running text
        return None
    try:
        return int(raw) if raw.isdigit() else parse_cn_number(raw)
    except ValueError:
        return None


def appendix(text: str) -> bool:
    """The start of an appendix (附件1, 附件：……, 附表): its numbering starts again."""
    return text.startswith("附") and bool(_APPENDIX.match(text))


def title_like(text: str) -> bool:
    """A plan's title: short, no sentence, no ordinal, names a plan (计划, 要点 …)."""
    return (
        len(text) <= 60
        and not appendix(text)
        and bool(_TITLE_WORDS.search(text))
        and not any(mark in text for mark in "。！？；")
        and match_ordinal(text) is None
    )


@dataclass
class Part:
    """One plan of a document (a collection holds several)."""

    lines: list[Line] = field(default_factory=list)  # its body: everything after marker and title
    marker: Line | None = None
    title: Line | None = None
    appendix: bool = False  # an appendix of the plan before it: numbered on its own, no sections expected


@dataclass
class Outline:
    front: list[Line]  # before the first plan: a collection's title, its contents
    parts: list[Part]
    toc: set[int]  # indexes (into the source's lines) of contents entries
    title: Line | None  # the document's own title (a collection's, or its only plan's)
    cover: list[Line] = field(default_factory=list)  # a collection's cover below its title (also in front)
    contents: list[Line] = field(
        default_factory=list
    )  # contents entries inside a plan (a plan's own, in a collection)


def outline(lines: list[Line]) -> Outline:
    """Split *lines* into plans and mark the contents entries."""
    toc = _contents(lines)
    front: list[Line] = []
    cover: list[Line] = []
    contents: list[Line] = []
    parts: list[Part] = []
    current: Part | None = None
    title: Line | None = None
    has_items = False  # the current part has numbered lines: a title after them starts a new plan
    for index, line in enumerate(lines):
        if index in toc:
            (front if current is None else contents).append(line)
            continue
        text = line.text
        number = None if line.table else marker(text)
        if number is not None:
            current, has_items = Part(marker=line), False
            parts.append(current)
            rest = _MARKER.sub("", text, count=1).strip()
            if rest and title_like(rest):
                current.title = Line(rest, line.number)
            continue
        item = not line.table and line.ordinal is not None
        if current is not None and not item and not line.table and appendix(text) and not _note(lines, index):
            current, has_items = Part(title=line, appendix=True), False
            parts.append(current)
            continue
        titled = not item and not line.table and (line.style_level == 0 or title_like(text))
        if current is None:
            if titled and title is None:
                title = line
                front.append(line)
                continue
            current = Part()
            parts.append(current)
        elif titled and current.title is None and not current.lines:
            current.title = line
            continue
        elif (
            titled
            and current.title is None
            and not has_items
            and (title is not None or line.style_level == 0 or _front_matter(current.lines))
            and (line.style_level == 0 or _next_starts_plan(lines, index, toc))
        ):
            # a collection's cover (its title, the issuer, the date), then the first plan's own title
            front += current.lines
            cover += current.lines
            current.lines, current.title = [], line
            continue
        elif titled and (has_items or current.appendix) and _next_starts_plan(lines, index, toc):
            # a collection without markers; after an appendix (tables, no items) as after a plan's body
            current, has_items = Part(title=line), False
            parts.append(current)
            continue
        has_items = has_items or item
        current.lines.append(line)
    if title is not None and len(parts) == 1 and parts[0].title is None and parts[0].marker is None:
        parts[0].title = title
    return Outline(front, parts, toc, title, cover, contents)


def _front_matter(lines: list[Line]) -> bool:
    """Lines before a plan's title that are not its text: a few short lines, none a sentence (a
    page header typed into the body, an issuer, a date)."""
    return 0 < len(lines) <= 4 and all(
        len(line.text) <= 40 and line.ordinal is None and not any(m in line.text for m in "。！？；")
        for line in lines
    )


def _note(lines: list[Line], index: int) -> bool:
    """“附件：……” before the signature lists the appendices; it does not start one."""
    return any(
        SIGNED_DATE.match(lines[later].text.replace(" ", ""))
        for later in range(index + 1, min(index + 4, len(lines)))
    )


def _next_starts_plan(lines: list[Line], index: int, toc: set[int]) -> bool:
    """Whether the first numbered line of the three after *index* is “一、” (a plan's contents
    listing, however long, is passed over)."""
    start = index + 1
    while start in toc:
        start += 1
    for later in range(start, min(start + 3, len(lines))):
        if later in toc:
            continue
        item = lines[later].ordinal
        if item is not None:
            return item.level == 1 and item.number == 1
    return False


def _contents(lines: list[Line]) -> set[int]:
    """Indexes of contents entries: marked by the reader, or a “目录” line and the page-numbered
    lines after it (a one-line “目录 【篇一】 1 【篇二】 3” included)."""
    toc = {index for index, line in enumerate(lines) if line.toc}
    index = 0
    while index < len(lines):
        text = lines[index].text
        if text.startswith("目") and len(text) <= 200 and index not in toc and _TOC_HEAD.match(text):
            toc.add(index)
            later = index + 1
            while later < len(lines) and len(lines[later].text) <= 80 and _PAGE_REF.search(lines[later].text):
                toc.add(later)
                later += 1
            index = later
            continue
        index += 1
    return toc
