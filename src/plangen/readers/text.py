"""Plain text and Markdown → lines: what Notepad, a web page pasted into a file or plangen's own
Markdown writer leave on disk."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import PlanError
from ..textio import detect_encoding, read_bytes
from .lines import CONTROLS, MAX_LINES, MAX_TEXT_BYTES, Controls, Line, Source, clean, too_long

_BREAKS = re.compile(r"\r\n|\r|\n")
_BLANK = " \t\u3000\ufeff"  # stripped from each line
_BLOCK = 1 << 20  # characters split into lines at a time
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_MD_CLOSING = re.compile(r"\s#+$")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])\s+")  # CommonMark numbers a list from its first item
_MD_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]{1,500}?)(?<=[^\s*\\])\*(?![\w*])")
_MD_BULLET = re.compile(r"^\s*[-+*]\s+")
_MD_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_MD_LINK = re.compile(r"\[([^\[\]\n]{0,300})\]\(([^()\n]{0,500})\)")
_MD_TOC_ENTRY = re.compile(r"^\s*[-+*]\s+\[[^\[\]\n]{0,300}\]\(#[^()\n]{0,500}\)\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*(?:\|\s*)?:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*(?:\|\s*)?$")
_MD_STRONG = re.compile(r"\*\*|__")
_MD_BOLD_LINE = re.compile(r"^\*\*[^*\n]+\*\*$")
_MD_RUN_IN = re.compile(r"^\*\*([^*\n]{1,300})\*\*([。！？：；…]*)(?=\S)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_MD_HTML = re.compile(
    r"<!--(?:(?!-->|<!--).){0,500}-->|</?(?:a|span|br|div|p)\b[^<>\n]{0,300}>", re.IGNORECASE
)


def read_text(path: Path, markdown: bool = False) -> Source:
    data = read_bytes(path, MAX_TEXT_BYTES)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanError(
            "这不是文本文件（含有二进制内容）",
            path,
            hint="支持 .docx、.txt、.md；.doc 和 .wps 需要安装 LibreOffice，或在 Word/WPS 中另存为 .docx。",
        )
    _, text = detect_encoding(data, path)
    controls = Controls()
    lines = lines_of(text, markdown or _looks_like_markdown(text), controls, path)
    return Source(path, "markdown" if markdown else "text", lines, controls=controls)


_MD_SIGNS = re.compile(r"^(?:#{1,6}\s+\S|\*\*[^*\n]{2,80}\*\*)", re.MULTILINE)


def _looks_like_markdown(text: str) -> bool:
    """A page copied from a blog or a knowledge site keeps its Markdown (## 一、指导思想,
    **（一）加强学习**): three such lines in the first 64 KB and it is read as Markdown."""
    return any(count >= 3 for count, _ in enumerate(_MD_SIGNS.finditer(text, 0, 1 << 16), start=1))


def lines_of(text: str, markdown: bool, controls: Controls, path: Path = Path("<text>")) -> list[Line]:
    """The non-blank lines of *text*, stripped, with their line numbers; more than
    :data:`~plangen.readers.MAX_LINES` of them are refused (*path* named)."""
    if not markdown:
        return _plain_lines(text, controls, path)
    lines: list[Line] = []
    fenced = False
    listed: int | None = None  # the number of the last item of an ordered Markdown list
    previous = ""  # the last line kept, as written
    for number, raw in _raw_lines(text):
        raw = clean(raw, number, controls)
        stripped = raw.strip(_BLANK)
        if not stripped:
            continue
        raw = stripped
        if raw.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        ordered = _MD_ORDERED.match(raw)
        if ordered:  # “1. 1. 1.” is a list shown as 1, 2, 3: read it as shown
            listed = listed + 1 if listed is not None else int(ordered.group(1))
            raw = f"{listed}{ordered.group(2)}{raw[ordered.end() :]}"
        else:
            listed = None
        strong = _MD_RUN_IN.match(raw)
        line = _markdown_line(raw, number)
        if line is not None and strong:  # “**1.加强学习**。正文”: plangen's run-in heading
            head = _markdown_line(strong.group(1), number)
            if head is not None and line.text.startswith(head.text + strong.group(2)):
                line = Line(
                    line.text,
                    number,
                    line.style_level,
                    line.toc,
                    line.table,
                    lead=len(head.text + strong.group(2)),
                )
        if line is not None and not fenced:
            if line.table and lines and _MD_BOLD_LINE.match(previous) and not lines[-1].table:
                lines[-1] = replace(lines[-1], caption=True)  # “**党费交纳比例**” above a table
            if len(lines) >= MAX_LINES:
                raise too_long(path, "行")
            lines.append(line)
            previous = raw
    return lines


def _raw_lines(text: str) -> Iterator[tuple[int, str]]:
    """(number, line) for every line of *text* (\\r\\n, \\r and \\n each end one), split a block of
    about :data:`_BLOCK` characters at a time: a file of millions of short or empty lines is never
    held as a list of them all."""
    if "\r" in text:
        text = _BREAKS.sub("\n", text)  # one break for one: the numbers stay the same
    number = 0
    start = 0
    while True:
        end = text.find("\n", start + _BLOCK)
        for raw in (text[start:] if end < 0 else text[start:end]).split("\n"):
            number += 1
            yield number, raw
        if end < 0:
            return
        start = end + 1


def _plain_lines(text: str, controls: Controls, path: Path) -> list[Line]:
    """:func:`lines_of` for plain text: the whole text is asked once whether it has control
    characters, not each of its (possibly hundreds of thousands of) lines."""
    dirty = CONTROLS.search(text) is not None
    lines: list[Line] = []
    for number, raw in _raw_lines(text):
        if dirty:
            raw = clean(raw, number, controls)
        stripped = raw.strip(_BLANK)
        if stripped:
            if len(lines) >= MAX_LINES:
                raise too_long(path, "行")
            offset = len(raw) - len(raw.lstrip(_BLANK)) if raw[0] in _BLANK else 0
            lines.append(Line(stripped, number, offset=offset))
    return lines


def _markdown_line(raw: str, number: int) -> Line | None:
    """One Markdown line as the reader sees it rendered: no marks, links as their text."""
    if _MD_TABLE_RULE.match(raw) and "-" in raw:
        return None
    toc = bool(_MD_TOC_ENTRY.match(raw))
    level = None
    heading = _MD_HEADING.match(raw)
    if heading:
        level = len(heading.group(1))
        raw = _MD_CLOSING.sub("", raw[heading.end() :].rstrip()).rstrip()
    raw = _MD_QUOTE.sub("", raw)
    raw = _MD_BULLET.sub("", raw)
    table = raw.startswith("|") and raw.endswith("|") and len(raw) > 1
    if table:
        raw = "\t".join(cell.strip() for cell in raw[1:-1].split("|"))
    raw = _MD_LINK.sub(lambda m: m.group(1), raw)
    raw = _MD_HTML.sub("", raw)
    raw = _MD_STRONG.sub("", raw)
    raw = _MD_EMPHASIS.sub(r"\1", raw)
    raw = _MD_ESCAPE.sub(r"\1", raw).strip(" \u3000")
    if not raw:
        return None
    return Line(raw, number, style_level=level, toc=toc, table=table)
