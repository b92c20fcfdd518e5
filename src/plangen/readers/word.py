"""Word files → lines, read with lxml straight from the package (:mod:`plangen.readers.opc`;
imported here only: commands that never read Word files never pay for it). ``.doc`` and ``.wps``
are converted to ``.docx`` by LibreOffice first.

Headings keep the level their style or outline level gives them; a table of contents (the ``toc N``
styles, or a content control Word marks as one) is kept but marked, so it is not taken for headings.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import PlanError
from .lines import (
    MAX_ELEMENTS,
    MAX_LINES,
    MAX_PARAGRAPHS,
    MAX_WORD_BYTES,
    MAX_WORD_CHARACTERS,
    MAX_WORD_PART,
    Controls,
    Line,
    Source,
    clean,
    too_long,
)
from .opc import NUMBERING, RT, STYLES, XML_OPTIONS, XML_PARTS, Package, check_xml, default_styles, parse
from .package import WORD, Contents, check_package, unreadable

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_word(path: Path, shown: Path | None = None) -> Source:
    """*path* (a .docx) as lines; *shown* is the file the user named, when *path* is a converted copy.

    The document's XML is streamed: each paragraph or table at the top level is read when it ends
    and then let go, so memory holds one of them, not the document (a part of more than
    :data:`MAX_ELEMENTS` elements is refused before it is parsed, which bounds even one)."""
    shown = shown or path
    contents = check_package(path, shown, WORD, MAX_WORD_BYTES, MAX_WORD_PART, inspect=True)
    controls = Controls()
    try:
        archive = zipfile.ZipFile(path)
    except Exception as exc:  # checked above: a file changed since is damaged all the same
        raise unreadable(exc, shown, WORD) from None
    with archive:
        try:
            _check_structure(contents, shown)  # parsed whole by Package: counted before it is made
            package = Package(archive)
            _check_contents(package, contents, shown)
            parts = _parts(package)
            stream = package.open(package.main)
        except PlanError:
            raise
        except Exception as exc:  # zipfile and lxml on the user's file: not a bug in plangen
            raise unreadable(exc, shown, WORD) from None
        reader = _Reader(parts, controls, shown)
        try:
            reader.read(stream)
        except _Damaged as damaged:
            raise unreadable(damaged.cause, shown, WORD) from None
    furniture: list[Line] = []
    for part in parts.furniture:  # page headers and footers: where download sites stamp
        for p in part.iter(f"{W}p"):
            text = clean(_text(p).replace("\n", " "), 0, Controls()).strip()
            if text:
                if len(reader.lines) + len(furniture) >= MAX_LINES:  # they are linted line by line too
                    raise too_long(shown, "段")
                furniture.append(Line(text, 0))
    return Source(shown, "word", reader.lines, unit="段", controls=controls, furniture=furniture)


class _Damaged(Exception):
    """What the XML parser or zipfile raised while the document streamed (not plangen's own errors)."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(cause)
        self.cause = cause


def _parsed(events: Iterator[Any]) -> Iterator[Any]:
    """*events*, with whatever the parser raises on the user's file wrapped in :class:`_Damaged`."""
    while True:
        try:
            event = next(events)
        except StopIteration:
            return
        except Exception as exc:
            raise _Damaged(exc) from None
        yield event


def _check_structure(contents: Contents, shown: Path) -> None:
    """The content types and the relationships, which :class:`Package` parses whole, hold at most
    :data:`MAX_ELEMENTS` elements between them (a few dozen in a Word file)."""
    names = [name for name in contents.elements if name == "[Content_Types].xml" or name.endswith(".rels")]
    _check_elements(sum(contents.elements[name] for name in names), shown)


def _check_elements(total: int, shown: Path) -> None:
    if total > MAX_ELEMENTS:
        raise PlanError(
            f"Word 文件的内容过于庞大（{total} 个 XML 元素，上限 {MAX_ELEMENTS}），疑为损坏或恶意文件",
            shown,
            hint=WORD.hint,
        )


def _check_contents(package: Package, contents: Contents, shown: Path) -> None:
    """No part of the document is damaged, and the parts that will be parsed hold at most
    :data:`MAX_ELEMENTS` elements between them."""
    damaged = sorted(contents.damaged & {name[1:] for name in package.parts})
    if damaged:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {damaged[0]!r}")  # as python-docx would meet it
    parsed = [package.main, *(name for name in package.parts if package.content_type(name) in XML_PARTS)]
    _check_elements(sum(contents.elements.get(name[1:], 0) for name in set(parsed)), shown)


class _Reader:
    """The document's paragraphs and tables as lines, read from the streamed XML in the order the
    body holds them (paragraphs, tables, and what content controls, custom XML and smart tags
    wrap); a table inside a cell is that cell's text."""

    def __init__(self, parts: _Parts, controls: Controls, shown: Path) -> None:
        self.styles = _style_levels(parts.styles)
        self.captions = _caption_styles(parts.styles)
        self.lists = _Numbering(parts.numbering, parts.styles)
        self.controls = controls
        self.shown = shown
        self.lines: list[Line] = []
        self.counter = 0  # paragraphs so far, table cells' included (as Word counts them)
        self.characters = 0

    def read(self, stream: IO[bytes]) -> None:
        from lxml import etree

        stack: list[list[Any]] = []  # [element, walked, toc, kind] of each open element we follow
        body_seen = False
        with stream:
            events = etree.iterparse(stream, events=("start", "end"), tag=_FOLLOWED, **XML_OPTIONS)
            for event, element in _parsed(events):
                if event == "end":
                    _, walked, toc, kind = stack.pop()
                    if walked and kind == "p":
                        self.paragraph(element, toc)
                    elif walked and kind == "tr":  # a table is read a row at a time
                        self.row(element, toc)
                    if walked:  # read: let it and what came before it at its level go
                        element.clear(keep_tail=True)
                        while element.getprevious() is not None:
                            del element.getparent()[0]
                    continue
                parent = element.getparent()
                top = stack[-1] if stack else None
                inside = top is not None and top[0] is parent and top[1] and top[3] == "container"
                toc = bool(top and top[2]) and inside
                tag = element.tag
                if tag == f"{W}body":  # the document's first body; python-docx finds no other
                    walked = not body_seen and parent is not None and parent.getparent() is None
                    walked = walked and parent.tag == f"{W}document"
                    body_seen = body_seen or walked
                    stack.append([element, walked, False, "container"])
                elif tag == f"{W}sdt":
                    stack.append([element, inside, toc, "sdt"])
                elif tag == f"{W}sdtContent":  # the first content of a content control
                    walked = top is not None and top[0] is parent and top[1] and top[3] == "sdt"
                    if walked:
                        top[3] = "sdt-read"
                        gallery = parent.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
                        toc = top[2] or (
                            gallery is not None and "content" in (gallery.get(f"{W}val") or "").lower()
                        )
                    stack.append([element, walked, walked and toc, "container"])
                elif tag in (f"{W}customXml", f"{W}smartTag"):
                    stack.append([element, inside, toc, "container"])
                elif tag == f"{W}tr":  # a row of a table read here (a table in a cell is the cell's text)
                    walked = top is not None and top[0] is parent and top[1] and top[3] == "tbl"
                    stack.append([element, walked, walked and top[2], "tr"])  # type: ignore[index]
                else:  # a paragraph or a table
                    stack.append([element, inside, toc, "p" if tag == f"{W}p" else "tbl"])
        if not body_seen:
            raise PlanError("无法读取该 Word 文件：正文部分不完整", self.shown, hint=WORD.hint)

    def count(self) -> int:
        self.counter += 1
        if self.counter > MAX_PARAGRAPHS:
            raise PlanError(
                f"文件过长：段落（含空段落和表格中的段落）超过上限 {MAX_PARAGRAPHS} 段",
                self.shown,
                hint="一份计划约 430 段；请确认选对了文件，或把合集拆成几个文件。",
            )
        return self.counter

    def add(self, line: Line) -> None:
        if len(self.lines) >= MAX_LINES:
            raise too_long(self.shown, "段")
        self.characters += len(line.text)
        if self.characters > MAX_WORD_CHARACTERS:
            raise PlanError(
                f"文件过长：文字超过上限 {MAX_WORD_CHARACTERS} 字",
                self.shown,
                hint="一份计划约 5000 字；请确认选对了文件，或把合集拆成几个文件。",
            )
        self.lines.append(line)

    def paragraph(self, element: Any, toc: bool) -> None:
        number = self.count()
        style = _style_id(element)
        level, style_toc = self.styles.get(style, (None, False))
        outline = element.find(f"{W}pPr/{W}outlineLvl")
        if outline is not None:
            value = outline.get(f"{W}val", "")
            level = int(value) + 1 if value.isdigit() and int(value) < 9 else level
        text = self.lists.prefix(element, style) + _text(element)
        # a line break inside a title or heading is layout; in body text it may separate paragraphs
        parts = [text.replace("\n", "")] if level is not None else text.split("\n")
        caption = style in self.captions
        # a run-in heading ends with one of these marks: without one the runs need not be looked at
        lead = _lead(element) if len(parts) == 1 and _LEAD_END.search(text) else 0
        for part in parts:
            raw = clean(part, number, self.controls)
            part = raw.strip(" \t\u3000")
            if part:
                indent = len(raw) - len(raw.lstrip(" \t\u3000"))
                self.add(Line(part, number, style_level=level, toc=toc or style_toc,
                              lead=max(0, lead - indent), caption=caption))  # fmt: skip

    def row(self, row: Any, toc: bool) -> None:
        """A table's row as one line, its cells joined by tabs (a table inside a cell is that cell's text)."""
        first = self.counter + 1
        cells = []
        for cell in row.iterfind(f"{W}tc"):
            texts = []
            for p in cell.iter(f"{W}p"):
                self.count()
                texts.append(_text(p))
            cells.append(" ".join(t.strip() for t in texts if t.strip()))
        # empty cells keep their place (a merged 月份 cell is empty in the rows below its first):
        # only spaces are trimmed, never the tabs that set the cells apart
        text = clean("\t".join(cells), first, self.controls).strip(" \r\n\u3000")
        if text.strip("\t"):
            self.add(Line(text, first, toc=toc, table=True))


_LEAD_END = re.compile("[。！？：；…]")
_FOLLOWED = tuple(
    f"{W}{tag}" for tag in ("body", "p", "tbl", "tr", "sdt", "sdtContent", "customXml", "smartTag")
)


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
    """What the reader needs besides the body, as plain XML elements."""

    styles: Any  # w:styles (python-docx's default styles when the file has none)
    numbering: Any | None  # w:numbering, when the file has automatic numbering
    furniture: list[Any]  # the page headers and footers


def _parts(package: Package) -> _Parts:
    """The styles, numbering, headers and footers, as python-docx finds them (a part of the wrong
    type, or two of a kind, is refused); the other parts python-docx parses are checked to be XML."""
    from lxml import etree

    main = package.main
    styles_name = package.related(main, RT + "styles", optional=True)
    numbering_name = package.related(main, RT + "numbering", optional=True)
    for name, kind in ((styles_name, STYLES), (numbering_name, NUMBERING)):
        if name is not None and package.content_type(name) != kind:
            raise ValueError(f"{name} is not a {kind} part")
    if styles_name is None:
        styles = etree.fromstring(default_styles(), etree.XMLParser(**XML_OPTIONS))
    else:
        styles = parse(package.open(styles_name))
    numbering = parse(package.open(numbering_name)) if numbering_name is not None else None
    furniture: dict[str, Any] = {}  # a part several relationships name is parsed and read once
    read = {main, styles_name, numbering_name}
    for rel in package.rels(main):
        if not rel.external and rel.type.endswith(("/header", "/footer")) and rel.target not in furniture:
            if package.content_type(rel.target) not in XML_PARTS:  # python-docx has no element for it
                raise ValueError(f"{rel.target} is not an XML part")
            furniture[rel.target] = parse(package.open(rel.target))
            read.add(rel.target)
    for name in package.parts:
        if name not in read and package.content_type(name) in XML_PARTS:
            check_xml(package.open(name))
    return _Parts(styles, numbering, list(furniture.values()))


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
        if not self.levels:  # no automatic numbering in the file: nothing to ask of the paragraph
            return ""
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
    runs = (run for run in element.iterfind(f"{W}r") if run.find(f"{W}t") is not None)
    head, second = next(runs, None), next(runs, None)  # only the first two are needed
    if head is None or second is None:
        return 0
    first = "".join(node.text or "" for node in head.iter(f"{W}t"))
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
