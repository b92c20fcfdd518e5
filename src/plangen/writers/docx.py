"""Document → DOCX laid out to GB/T 9704-2012. Reads only the IR.

Per plan only ``word/document.xml`` and the two property parts are written; the other parts come
from :func:`ooxml.package`, built once per option set. Ordinals are plain text (not Word list
numbering) so they survive copying into other files.

With a table of contents, the contents stand in a section of their own, without page numbers; the
body starts on a new page with the title and "— 1 —", and the TOC counts pages from there.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import replace
from functools import lru_cache

from .. import layout
from ..bounds import ROWS, TEXTS
from ..document import Appendix, Document, Heading, Paragraph, RunIn, Table, Volume, attachment_label
from ..layout import (
    CELL_BORDER,
    NOT_PLAIN,
    column_widths,
    contents_pages,
    estimate_length,
    first_pages,
    is_shared,
    signature_layout,
    table_rows,
    width,
    wrap_title,
)
from . import WriteOptions
from .ooxml import (
    BODY_SECTION,
    CHAR,
    CONTENTS_SECTION,
    LINE,
    NS,
    TEXT_W,
    DocxOptions,
    Part,
    Statistics,
    app_xml,
    core_xml,
    escape,
    fonts,
    numbered_section,
    package,
    zip_parts,
)

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@lru_cache(maxsize=TEXTS)  # the same sentences and cells in every plan of a batch
def text(value: str) -> str:
    """Escaped text for ``w:t`` (characters XML 1.0 forbids are dropped). Every such character is a
    control, surrogate or non-character, none of them printable: printable text skips the search."""
    return escape(value if value.isprintable() else _XML_INVALID.sub("", value))


def run(value: str, east: str, options: DocxOptions, bold: bool = False, extra: str = "") -> str:
    """A run whose Chinese text resolves to *east* in every word processor; the marks Unicode calls
    ambiguous (“”…—·) get runs of their own in *east* alone (:func:`layout.is_shared` says why).
    *extra*: more run properties in schema order after bold and before the language (``<w:strike/>``,
    ``<w:u w:val="single"/>``), in every piece of the run."""
    if NOT_PLAIN.search(value) is None:  # the usual run: one piece (written out: 22,000 a plan)
        return f'<w:r><w:rPr>{_rpr(east, options, bold, extra)}</w:rPr><w:t xml:space="preserve">{text(value)}</w:t></w:r>'
    out = []
    for shared, chars in itertools.groupby(value, is_shared):
        rpr = _shared_rpr(east, options, bold, extra) if shared else _rpr(east, options, bold, extra)
        out.append(_run("".join(chars), rpr))
    return "".join(out)


def styled_run(value: str, east: str, options: DocxOptions) -> str:
    """Text in a paragraph whose style names *east* (Normal, TableText, TableHeader): a plain run
    takes the style's fonts and states none; only the marks that need a run of their own get
    properties (:func:`run`). A third of the file's bytes fewer, the same pages."""
    if NOT_PLAIN.search(value) is None:
        return f'<w:r><w:t xml:space="preserve">{text(value)}</w:t></w:r>'
    return run(value, east, options)


def body_run(value: str, options: DocxOptions) -> str:
    """Body text in a Normal paragraph (the body font)."""
    return styled_run(value, options.fontset.body, options)


@lru_cache(maxsize=64)
def _shared_rpr(east: str, options: DocxOptions, bold: bool, extra: str = "") -> str:
    """The properties of a shared mark's run: *east* in every font slot."""
    return _rpr(east, replace(options, latin_font=""), bold, extra)


def _run(value: str, rpr: str) -> str:
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text(value)}</w:t></w:r>'


@lru_cache(maxsize=64)
def _rpr(east: str, options: DocxOptions, bold: bool, extra: str = "") -> str:
    return fonts(east, options) + ("<w:b/><w:bCs/>" if bold else "") + extra + '<w:lang w:eastAsia="zh-CN"/>'


def paragraph(runs: str, style: str = "Normal", ppr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{runs}</w:p>'


def render(
    doc: Document,
    options: DocxOptions | None = None,
    pages: dict[int, int] | None = None,
    *,
    created: dt.datetime | None = None,
) -> bytes:
    """The DOCX bytes of *doc*.

    *pages* (heading index → body page) fills the TOC, else the layout model does — exact for what
    plangen writes, so Word is never asked to update fields. *created* is the build time for the
    document properties (default: now).
    """
    options = options or DocxOptions()
    toc = bool(options.toc and doc.toc)
    model, length = layout.lay_out(doc)  # one pass of the model: the contents and the page count
    pages = model if pages is None else pages
    document = document_xml(doc, options, pages if toc else {})
    stats = statistics(doc, contents_pages(doc, options.toc_levels, pages) if toc else 0, length)
    return _zip(options, document, core_xml(doc.title, doc.org, created or _now()), stats)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _zip(options: DocxOptions, document: str, core: str, stats: Statistics) -> bytes:
    """The shared parts (serialised once per option set) plus this file's own three."""
    own = [Part.of("word/document.xml", document, level=1),  # level 1: three times as fast, 20 % bigger
           Part.of("docProps/core.xml", core), Part.of("docProps/app.xml", app_xml(stats))]  # fmt: skip
    return zip_parts([*package(options), *own])


def statistics(doc: Document, contents: int = 0, length: int | None = None) -> Statistics:
    """Counts as Word makes them: every Chinese character is a word, as is every Latin word; the
    pages as the layout model sets them (*contents*: the contents section's)."""
    pages = contents + (estimate_length(doc) if length is None else length)
    return counted(doc.text().splitlines(), pages)


def counted(lines: list[str], pages: int | None) -> Statistics:
    """The statistics of paragraphs *lines* on *pages* (None: not known, left for Word to count)."""
    body = "".join(lines)
    spaces = len(_SPACE.findall(body))
    estimated_lines = sum(-(-len(line) // 28) or 1 for line in lines)  # Word recounts on open
    return Statistics(
        pages=pages,
        words=_wide_chars(body) + len(_LATIN_WORD.findall(body)),
        characters=len(body) - spaces,
        characters_with_spaces=len(body),
        lines=estimated_lines,
        paragraphs=len(lines),
    )


def _wide_chars(text: str) -> int:
    """Characters outside ASCII that are not spaces (each is a word to Word)."""
    wide = len(text) - len(text.encode("ascii", "ignore"))
    return wide - sum(text.count(space) for space in _WIDE_SPACES)


_WIDE_SPACES = "".join(chr(c) for c in range(0x80, 0x3001) if chr(c).isspace())  # what \s adds to ASCII
_SPACE = re.compile(r"\s")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")


def document_xml(doc: Document, options: DocxOptions, pages: dict[int, int]) -> str:
    font = options.fontset
    parts: list[str] = []
    toc = [entry for entry in doc.toc if entry.level <= options.toc_levels] if options.toc else []
    if toc:  # the contents, in a section of their own that ends with the last entry
        parts.append(paragraph(run("目　录", font.level1, options), "TOCHeading"))
        parts.append(paragraph("", "Normal"))
        entries = _toc(toc, options, pages)
        last = entries.pop()
        parts.extend(entries)
        parts.append(last.replace("</w:pPr>", CONTENTS_SECTION + "</w:pPr>", 1))
    parts.extend(plan_parts(doc, options))
    return wrap_body("".join(parts) + BODY_SECTION)


def wrap_body(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>{body}</w:body></w:document>'


def plan_parts(
    doc: Document, options: DocxOptions, marks: str = "_Toc", ids: int = 0, title_mark: str = ""
) -> list[str]:
    """The paragraphs of one plan from its title to its last attachment.

    *marks* and *ids* prefix the headings' bookmark names and offset their ids, so several plans
    can share one file (the bound volume); *title_mark* bookmarks the title itself."""
    font = options.fontset
    parts: list[str] = []
    lines = wrap_title(doc.title)
    title_runs = "<w:r><w:br/></w:r>".join(run(line, font.title, options, font.title_bold) for line in lines)
    if title_mark:
        title_runs = (f'<w:bookmarkStart w:id="{ids}" w:name="{title_mark}"/>{title_runs}'
                      f'<w:bookmarkEnd w:id="{ids}"/>')  # fmt: skip
    parts.append(paragraph(title_runs, "Title"))
    parts.append(paragraph("", "Normal"))  # one blank line under the title

    for item in doc.intro:
        parts.append(_body_paragraph(item.text, "", options))
    closing = bool(doc.signature or doc.appendices)
    last_text = max((i for i, n in enumerate(doc.body) if isinstance(n, (Paragraph, RunIn))), default=-1)
    for index, node in enumerate(doc.body):
        # GB/T 9704: the closing block never stands alone on a page; the last paragraph goes with it
        keep = "<w:keepNext/><w:keepLines/>" if closing and index == last_text else ""
        if isinstance(node, Heading):
            mark = f"{marks}{index:06d}"
            east = {1: font.level1, 2: font.level2}.get(node.level, font.body)
            bold = node.level == 3 and options.bold_level3
            runs = (
                f'<w:bookmarkStart w:id="{ids + index + 1}" w:name="{mark}"/>{run(node.label, east, options, bold)}'
                f'<w:bookmarkEnd w:id="{ids + index + 1}"/>'
            )
            parts.append(paragraph(runs, f"Heading{node.level}"))
        elif isinstance(node, RunIn):
            parts.append(_run_in(node.level, node.label, node.body, keep, options))
        elif isinstance(node, Table):
            parts.append(_table(node, options))
        else:
            parts.append(_body_paragraph(node.text, keep, options))
    if doc.appendices:
        parts.append(paragraph("", ppr="<w:keepNext/>"))
        parts.extend(_attachment_note(doc.appendices, options))
    if doc.signature:  # the blank line, the name and the date stay on one page
        parts.append(paragraph("", ppr="<w:keepNext/>"))
        parts.extend(signature(doc.signature.org, doc.signature.date, options))
    for number, appendix in enumerate(doc.appendices, start=1):
        parts.extend(_appendix(attachment_label(number, len(doc.appendices)), appendix, options))
    return parts


@lru_cache(maxsize=TEXTS)  # the plans of a batch share most of their paragraphs
def _body_paragraph(text: str, keep: str, options: DocxOptions) -> str:
    return paragraph(body_run(text, options), ppr=keep)


@lru_cache(maxsize=ROWS)
def _run_in(level: int, label: str, body: str, keep: str, options: DocxOptions) -> str:
    """A numbered item whose text runs on after its label (the label in the level's font)."""
    bold = level == 3 and options.bold_level3
    east = options.fontset.level2 if level == 2 else options.fontset.body
    head = run(label, east, options, bold)
    return paragraph(head + (body_run(body, options) if body else ""), ppr=keep)  # no body: its label only


def _toc(entries: list, options: DocxOptions, pages: dict[int, int]) -> list[str]:
    """A real TOC field whose cached result lists the entries with their pages (Word refreshes it)."""
    out = []
    last = len(entries) - 1
    for position, entry in enumerate(entries):
        mark = f"_Toc{entry.heading:06d}"
        begin = ""
        if position == 0:
            levels = f"1-{options.toc_levels}"
            begin = (
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> TOC \\o "{levels}" \\h \\z \\u </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            )
        page = str(pages.get(entry.heading, ""))
        link = (
            f'<w:hyperlink w:anchor="{mark}" w:history="1">{run(entry.label, options.fontset.body, options)}'
            "<w:r><w:tab/></w:r>"
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> PAGEREF {mark} \\h </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"{run(page, options.fontset.body, options)}"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if position == last else ""
        out.append(paragraph(begin + link + end, f"TOC{entry.level}"))
    return out


def signature(org: str, date: str, options: DocxOptions) -> list[str]:
    """The name (one line, or two when long) and the date, placed by :func:`layout.signature_layout`."""
    lines, name_right, date_right = signature_layout(org, date)
    name = [
        paragraph(
            run(line, options.fontset.body, options),
            "Signature",
            f'<w:keepNext/><w:ind w:right="{round(name_right * CHAR)}"/>',
        )
        for line in lines
    ]
    return [
        *name,
        paragraph(
            run(date, options.fontset.body, options),
            "Signature",
            f'<w:ind w:right="{round(date_right * CHAR)}"/>',
        ),
    ]


def _attachment_note(appendices: list[Appendix], options: DocxOptions) -> list[str]:
    """ "附件：" 2 字 in; several attachments are numbered and aligned under the first title."""
    if len(appendices) == 1:
        return [
            paragraph(run(f"附件：{appendices[0].title}", options.fontset.body, options), ppr="<w:keepNext/>")
        ]
    hang = round(width("附件：") * CHAR)
    out = []
    for number, appendix in enumerate(appendices, start=1):
        lead = "附件：" if number == 1 else ""
        indent = (
            "" if number == 1 else f'<w:ind w:left="{2 * CHAR + hang}" w:firstLine="0" w:firstLineChars="0"/>'
        )
        out.append(
            paragraph(
                run(f"{lead}{number}.{appendix.title}", options.fontset.body, options),
                ppr="<w:keepNext/>" + indent,
            )
        )
    return out


def _appendix(label: str, appendix: Appendix, options: DocxOptions) -> list[str]:
    font = options.fontset
    out = [
        paragraph(run(label, font.level1, options), "AttachmentLabel", "<w:pageBreakBefore/>"),
        paragraph(""),
        paragraph(run(appendix.title, font.title, options, font.title_bold), "Title"),
        paragraph(""),
    ]
    for item in appendix.body:
        if isinstance(item, Paragraph):
            out.append(paragraph(body_run(item.text, options)))
        else:
            out.append(_table(item, options))
    return out


def _table(table: Table, options: DocxOptions) -> str:
    """A compact table (四号 at an exact pitch) whose header row repeats on every page; its caption,
    if any, above it in 黑体 and centred. Each row is at least the whole number of body lines
    :func:`layout.table_rows` gives it, so the table ends on the grid in Word and LibreOffice alike."""
    count = len(table.header)
    widths = column_widths(table)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    opens = [
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>' for w in widths
    ]

    def row(cells: list[str], header: bool, lines: int) -> str:
        least = lines * LINE - (CELL_BORDER if header else 0)  # see layout.CELL_BORDER
        height = f'<w:trHeight w:val="{least}" w:hRule="atLeast"/>'
        trpr = f"<w:trPr><w:cantSplit/>{height}{'<w:tblHeader/>' if header else ''}</w:trPr>"
        cells = cells + [""] * (count - len(cells))
        tcs = "".join(
            f"{opening}{_cell(cell, header, options)}</w:tc>"
            for cell, opening in zip(cells, opens, strict=False)
        )
        return f"<w:tr>{trpr}{tcs}</w:tr>"

    heights = table_rows(table)
    rows = row(table.header, True, heights[0]) + "".join(
        row(r, False, h) for r, h in zip(table.rows, heights[1:], strict=True)
    )
    caption = (
        paragraph(run(table.caption, options.fontset.level1, options), "Caption") if table.caption else ""
    )
    return caption + (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="PlanTable"/><w:tblW w:w="{TEXT_W}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>'
        + paragraph("")  # a table may not end a cell or the document; also the space under it
    )


@lru_cache(maxsize=TEXTS)  # the plans of a batch share most cells
def _cell(value: str, header: bool, options: DocxOptions) -> str:
    """A cell's paragraph, its text in the fonts of the cell's style (TableHeader or TableText)."""
    style = "TableHeader" if header else "TableText"
    if not value:
        return paragraph("", style)
    return paragraph(
        styled_run(value, options.fontset.level1 if header else options.fontset.body, options), style
    )


# --- the bound volume ------------------------------------------------------------------------------

COVER_LINES_ABOVE = 5  # blank body lines above the cover's title
COVER_LINES_BETWEEN = 9  # between the title and the publisher


def plan_mark(number: int) -> str:
    """The bookmark on the title of the volume's plan *number* (from 0): the contents link to it."""
    return f"_Plan{number:04d}"


def render_volume(
    volume: Volume,
    options: DocxOptions | None = None,
    pages: dict[int, int] | None = None,
    *,
    created: dt.datetime | None = None,
) -> bytes:
    """The bound volume: a cover and the contents without page numbers, then every plan on a new
    odd page with page numbers running on from 1. *pages* gives each plan's first page."""
    options = options or DocxOptions()
    document = volume_xml(volume, options, pages or {})
    return _zip(options, document, core_xml(volume.title, volume.org, created or _now()),
                _volume_statistics(volume))  # fmt: skip


def volume_xml(volume: Volume, options: DocxOptions, pages: dict[int, int]) -> str:
    font = options.fontset
    parts = [paragraph("") for _ in range(COVER_LINES_ABOVE)]
    lines = wrap_title(volume.title)
    parts.append(
        paragraph(
            "<w:r><w:br/></w:r>".join(run(line, font.title, options, font.title_bold) for line in lines),
            "Title",
        )
    )
    parts += [paragraph("") for _ in range(COVER_LINES_BETWEEN)]
    centred = '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>'
    parts.append(paragraph(run(volume.org, font.body, options), ppr=centred))
    parts.append(paragraph(run(volume.date, font.body, options), ppr=centred + CONTENTS_SECTION))

    parts.append(paragraph(run("目　录", font.level1, options), "TOCHeading"))
    parts.append(paragraph("", "Normal"))
    entries = []
    for number, plan in enumerate(volume.plans):
        mark = plan_mark(number)
        page = str(pages.get(number, ""))
        entries.append(
            paragraph(
                f'<w:hyperlink w:anchor="{mark}" w:history="1">{run(plan.title, font.body, options)}'
                "<w:r><w:tab/></w:r>"
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> PAGEREF {mark} \\h </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f"{run(page, font.body, options)}"
                '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>',
                "TOC1",
            )
        )
    entries[-1] = _end_section(entries[-1], CONTENTS_SECTION)
    parts += entries

    last = len(volume.plans) - 1
    for number, plan in enumerate(volume.plans):
        plan_xml = plan_parts(plan, options, f"_Toc{number:04d}_", number * 100_000, plan_mark(number))
        start = "nextPage" if number == 0 else "oddPage"
        section = numbered_section(start, restart=number == 0)
        if number < last:
            plan_xml[-1] = _end_section(plan_xml[-1], section)
            parts += plan_xml
        else:
            parts += plan_xml
            parts.append(section)
    return wrap_body("".join(parts))


def _end_section(part: str, section: str) -> str:
    """*part* with *section* in its last paragraph's properties: that paragraph ends the section."""
    start = part.rindex("<w:p><w:pPr>")
    end = part.index("</w:pPr>", start)
    return part[:end] + section + part[end:]


def _volume_statistics(volume: Volume) -> Statistics:
    counts = [statistics(plan) for plan in volume.plans]
    first = first_pages([count.pages for count in counts])
    return Statistics(
        pages=(first[len(counts) - 1] + counts[-1].pages - 1) if counts else 0,
        words=sum(count.words for count in counts),
        characters=sum(count.characters for count in counts),
        characters_with_spaces=sum(count.characters_with_spaces for count in counts),
        lines=sum(count.lines for count in counts),
        paragraphs=sum(count.paragraphs for count in counts),
    )


def write(doc: Document, options: WriteOptions) -> bytes:
    """The registered writer."""
    return render(doc, options.layout, options.pages, created=options.created)


def table_xml(table: Table, options: DocxOptions) -> str:
    """A plan's table as the plan prints it, for documents that are not plans (``plangen diff``)."""
    return _table(table, options)
