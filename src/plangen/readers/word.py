"""Word files → lines, read with python-docx (imported here only: commands that never read Word
files never pay for it). ``.doc`` and ``.wps`` are converted to ``.docx`` by LibreOffice first.

Headings keep the level their style or outline level gives them; a table of contents (the ``toc N``
styles, or a content control Word marks as one) is kept but marked, so it is not taken for headings.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PlanError
from . import MAX_WORD_BYTES, Line, Source, clean
from .package import WORD, check_package, unreadable

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_word(path: Path, shown: Path | None = None) -> Source:
    """*path* (a .docx) as lines; *shown* is the file the user named, when *path* is a converted copy."""
    shown = shown or path
    check_package(path, shown, WORD, MAX_WORD_BYTES)
    parts = _open(path, shown)
    styles = _style_levels(parts.styles)
    captions = _caption_styles(parts.styles)
    lists = _Numbering(parts.numbering, parts.styles)
    controls: list[tuple[int, int, str]] = []
    lines: list[Line] = []
    counter = [0]

    def paragraph(element: Any, toc: bool) -> None:
        counter[0] += 1
        number = counter[0]
        style = _style_id(element)
        level, style_toc = styles.get(style, (None, False))
        outline = element.find(f"{W}pPr/{W}outlineLvl")
        if outline is not None:
            value = outline.get(f"{W}val", "")
            level = int(value) + 1 if value.isdigit() and int(value) < 9 else level
        text = lists.prefix(element, style) + _text(element)
        # a line break inside a title or heading is layout; in body text it may separate paragraphs
        parts = [text.replace("\n", "")] if level is not None else text.split("\n")
        caption = style in captions
        lead = _lead(element) if len(parts) == 1 else 0
        for part in parts:
            raw = clean(part, number, controls)
            part = raw.strip(" \t\u3000")
            if part:
                indent = len(raw) - len(raw.lstrip(" \t\u3000"))
                lines.append(Line(part, number, style_level=level, toc=toc or style_toc,
                                  lead=max(0, lead - indent), caption=caption))  # fmt: skip

    def table(element: Any, toc: bool) -> None:
        for row in element.iterfind(f"{W}tr"):  # a table inside a cell is that cell's text
            first = counter[0] + 1
            cells = []
            for cell in row.iterfind(f"{W}tc"):
                texts = []
                for p in cell.iter(f"{W}p"):
                    counter[0] += 1
                    texts.append(_text(p))
                cells.append(" ".join(t.strip() for t in texts if t.strip()))
            text = clean("\t".join(cells), first, controls).strip()
            if text.strip("\t"):
                lines.append(Line(text, first, toc=toc, table=True))

    def walk(container: Any, toc: bool) -> None:
        for child in container:
            tag = child.tag
            if tag == f"{W}p":
                paragraph(child, toc)
            elif tag == f"{W}tbl":
                table(child, toc)
            elif tag == f"{W}sdt":
                gallery = child.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
                is_toc = gallery is not None and "content" in (gallery.get(f"{W}val") or "").lower()
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    walk(content, toc or is_toc)
            elif tag in (f"{W}customXml", f"{W}smartTag"):
                walk(child, toc)

    try:
        walk(parts.body, False)
    except RecursionError as exc:
        raise unreadable(exc, shown, WORD) from None
    furniture = []
    for part in parts.furniture:  # page headers and footers: where download sites stamp
        for p in part.iter(f"{W}p"):
            text = clean(_text(p).replace("\n", " "), 0, []).strip()
            if text:
                furniture.append(Line(text, 0))
    return Source(shown, "word", lines, unit="段", controls=controls, furniture=furniture)


def read_old_word(path: Path, office: bool = True) -> Source:
    """A .doc/.wps/.rtf/.odt file, through LibreOffice; a clear message when it is not installed."""
    from .. import office as lo
    from ..output import scratch_dir
    from ..textio import check_file

    kind = path.suffix.lower()
    if not office or lo.soffice() is None:
        why = "加了 --no-office（或 PLANGEN_OFFICE=0），未调用" if not office else "本机没有找到"
        raise PlanError(
            f"读取 {kind} 文件需要 LibreOffice，{why}",
            path,
            hint="在 Word 或 WPS 中打开，另存为 .docx 后再试；或安装 LibreOffice。",
        )
    check_file(path, MAX_WORD_BYTES)  # exists, a regular file, not too large
    head = _head(path)
    if head.startswith(b"PK\x03\x04"):  # an .odt, or a .docx renamed: a zip bomb stops here
        check_package(path, path, WORD, MAX_WORD_BYTES)
    elif not head.startswith(_OFFICE_HEADS) and b"\x00" in head:
        # not Word's, WPS's, RTF's or a zip's head, and binary: LibreOffice would read it as text
        raise PlanError(f"这不是有效的 {kind} 文件（内容是二进制数据，不是 Word 或 WPS 的格式）", path,
                        hint=WORD.hint)  # fmt: skip
    with scratch_dir("read") as folder:
        copy = folder / ("source" + kind)
        shutil.copyfile(path, copy)
        try:
            converted = lo.convert([copy], folder / "out", target="docx")[0]
        except PlanError as exc:
            raise PlanError(f"LibreOffice 无法转换该文件（{exc.message}）", path, hint=WORD.hint) from None
        source = read_word(converted, shown=path)
    source.notes.append(f"已用 LibreOffice 将 {kind} 转换为 .docx 后读取；段落序号按转换后的文件计。")
    return source


# how the files LibreOffice reads for us start: an OLE compound file (.doc, .wps), RTF, a UTF-16
# text (Word's “Unicode text” saved as .doc); HTML and plain text have no NUL in their head
_OFFICE_HEADS = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf", b"\xff\xfe", b"\xfe\xff")


def _head(path: Path) -> bytes:
    """The first 4 KB of *path*: enough to tell a format by its magic number and binary from text."""
    try:
        with path.open("rb") as stream:
            return stream.read(4096)
    except OSError:
        return b""  # the copy for LibreOffice below says what is wrong


@dataclass
class _Parts:
    """What the reader walks, as plain XML elements: past this point python-docx is not asked."""

    body: Any  # w:body
    styles: Any  # w:styles (python-docx supplies its default styles when the file has none)
    numbering: Any | None  # w:numbering, when the file has automatic numbering
    furniture: list[Any]  # the page headers and footers


def _open(path: Path, shown: Path) -> _Parts:
    """The parts of the Word file at *path*; whatever python-docx or lxml raise on a damaged or odd
    file (a missing part, a part of the wrong type, broken XML) is a :class:`PlanError`."""
    import docx

    try:
        document = docx.Document(str(path))
        root = document.element
        styles = document.styles.element
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # no numbering part, and python-docx cannot make one
            numbering = None
        furniture = [
            rel.target_part.element
            for rel in document.part.rels.values()
            if not rel.is_external and rel.reltype.endswith(("/header", "/footer"))
        ]
    except Exception as exc:  # python-docx and lxml on the user's file: not a bug in plangen
        raise unreadable(exc, shown, WORD) from None
    body = root.find(f"{W}body") if root.tag == f"{W}document" else None
    if body is None:
        raise PlanError("无法读取该 Word 文件：正文部分不完整", shown, hint=WORD.hint)
    return _Parts(body, styles, numbering, furniture)


class _Numbering:
    """Word's automatic numbering (``w:numPr``), written out as the reader of the page sees it:
    “一、” “（一）” “1.” — so an auto-numbered plan reads like a typed one."""

    FORMATS = frozenset({"decimal", "chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "decimalFullWidth", "japaneseCounting"})  # fmt: skip

    def __init__(self, root: Any | None, styles: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (format, text, start)
        self.style_numbers: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is not None:
            abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
            for definition in root.iterfind(f"{W}abstractNum"):
                levels = {}
                for lvl in definition.iterfind(f"{W}lvl"):
                    ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                    fmt = lvl.find(f"{W}numFmt")
                    text = lvl.find(f"{W}lvlText")
                    start = lvl.find(f"{W}start")
                    levels[ilvl] = (
                        (fmt.get(f"{W}val") if fmt is not None else "decimal") or "decimal",
                        (text.get(f"{W}val") if text is not None else "") or "",
                        _int(start.get(f"{W}val") if start is not None else None, 1),
                    )
                abstract[definition.get(f"{W}abstractNumId") or ""] = levels
            for num in root.iterfind(f"{W}num"):
                link = num.find(f"{W}abstractNumId")
                if link is not None:
                    self.levels[num.get(f"{W}numId") or ""] = abstract.get(link.get(f"{W}val") or "", {})
        for style in styles.iterfind(f"{W}style"):
            numbering = style.find(f"{W}pPr/{W}numPr")
            if numbering is not None:
                self.style_numbers[style.get(f"{W}styleId") or ""] = _num_pr(numbering)

    def prefix(self, element: Any, style: str) -> str:
        numbering = element.find(f"{W}pPr/{W}numPr")
        num_id, ilvl = _num_pr(numbering) if numbering is not None else self.style_numbers.get(style, ("", 0))
        levels = self.levels.get(num_id)
        if not levels or num_id == "0" or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = min(ilvl, 8)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][2]
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt not in self.FORMATS:
            return ""  # bullets and letters: not a plan's ordinals

        def value(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            number = counters[level] or levels.get(level, ("decimal", "", 1))[2]
            kind = levels.get(level, ("decimal", "", 1))[0]
            if kind.startswith("decimalEnclosedCircle") and 1 <= number <= 20:
                return chr(0x2460 + number - 1)
            if kind in (
                "chineseCounting",
                "chineseCountingThousand",
                "ideographTraditional",
                "japaneseCounting",
            ):
                from ..numbering import cn_number

                return cn_number(number)
            return str(number)

        return re.sub(r"%([1-9])", value, text)


def _num_pr(numbering: Any) -> tuple[str, int]:
    num_id = numbering.find(f"{W}numId")
    ilvl = numbering.find(f"{W}ilvl")
    return (num_id.get(f"{W}val") if num_id is not None else "") or "", _int(
        ilvl.get(f"{W}val") if ilvl is not None else None, 0
    )


def _int(value: Any, default: int) -> int:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 6 else default


def _lead(element: Any) -> int:
    """The length of a run-in heading written as a run of its own (“1.加强学习。” then the text):
    the first run, when it ends a sentence and more text follows."""
    runs = [run for run in element.iterfind(f"{W}r") if run.find(f"{W}t") is not None]
    if len(runs) < 2:
        return 0
    first = "".join(node.text or "" for node in runs[0].iter(f"{W}t"))
    return len(first) if first.rstrip().endswith(("。", "！", "？", "：", "；", "…")) else 0


def _caption_styles(styles: Any) -> set[str]:
    out = set()
    for style in styles.iterfind(f"{W}style"):
        name_element = style.find(f"{W}name")
        name = (name_element.get(f"{W}val") if name_element is not None else "") or ""
        if name.lower() in ("caption", "题注"):
            out.add(style.get(f"{W}styleId") or "")
    return out


def _style_id(element: Any) -> str:
    style = element.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val", "") if style is not None else ""


def _style_levels(styles: Any) -> dict[str, tuple[int | None, bool]]:
    """Style id → (heading level, is a contents entry); 0 is the document title."""
    levels: dict[str, tuple[int | None, bool]] = {}
    for style in styles.iterfind(f"{W}style"):
        style_id = style.get(f"{W}styleId") or ""
        name_element = style.find(f"{W}name")
        name = (name_element.get(f"{W}val") if name_element is not None else "") or style_id
        level: int | None = None
        match = _HEADING_STYLE.match(name) or _HEADING_STYLE.match(style_id)
        if match:
            level = int(match.group(1))
        elif name.lower() in _TITLE_STYLES:
            level = 0
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        if outline is not None and (outline.get(f"{W}val") or "").isdigit():
            value = int(outline.get(f"{W}val"))
            level = value + 1 if value < 9 else level
        toc = bool(_TOC_STYLE.match(name) or _TOC_STYLE.match(style_id) or name.lower() == "toc heading")
        levels[style_id] = (level, toc)
    return levels


def _text(element: Any) -> str:
    """The visible text of a paragraph: runs, hyperlinks, fields' results; tabs and breaks kept."""
    parts: list[str] = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        tag = node.tag
        if tag == f"{W}t":
            parts.append(node.text or "")
        elif tag == f"{W}tab":
            parent = node.getparent()
            if parent is not None and parent.tag == f"{W}r":  # not a tab stop definition in pPr
                parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr") and node.get(f"{W}type") in (None, "textWrapping"):
            parts.append("\n")
    return "".join(parts)
