"""Meeting papers (:mod:`plangen.paper`) → DOCX: the plans' styles, fonts and page (GB/T 9704), one
section per sheet so each starts a page of its own; forms with rows of exact height that repeat
their header rows and never split. A record book binds the year's records behind a cover and
contents whose page numbers follow from every record being two sheets.

Word takes a section's footer from the section before when it names none (ISO/IEC 29500-1
§17.10.5), so an unnumbered sheet after a numbered one names an empty footer of its own.
"""

from __future__ import annotations

import datetime as dt

from ..document import Signature
from ..layout import CELL_MARGIN_H, TEXT_W, wrap_title
from ..paper import Book, Cell, Form, Papers, Row, Sheet, Text
from .docx import body_run, paragraph, run, signature
from .ooxml import (
    CONTENT_TYPES,
    DOCUMENT_RELS,
    NO_INDENT,
    DocxOptions,
    Part,
    Statistics,
    app_xml,
    core_xml,
    footed_section,
    numbered_section,
    package,
    zip_parts,
)

EMPTY_FOOTER = "rId7"
_BLANK_SECTION = footed_section(EMPTY_FOOTER)
# the paragraph Word needs after a table: one twentieth of a line, off the grid
_AFTER_TABLE = '<w:snapToGrid w:val="0"/><w:spacing w:line="20" w:lineRule="exact"/>' + NO_INDENT
_CENTRED = NO_INDENT + '<w:jc w:val="center"/>'


def render_papers(papers: Papers, options: DocxOptions | None = None, *, created: dt.datetime) -> bytes:
    """One meeting's papers in one file, every sheet on pages of its own."""
    options = options or DocxOptions()
    sheets = [sheet for paper in papers.papers for sheet in paper.sheets]
    body = _sheets(sheets, options, lambda sheet: numbered_section() if sheet.numbered else _BLANK_SECTION)
    return _zip(options, body, papers.title, papers.org, created, len(sheets))


def render_book(book: Book, options: DocxOptions | None = None, *, created: dt.datetime) -> bytes:
    """The record book: cover, contents by month (unnumbered), then the records from page 1."""
    options = options or DocxOptions()
    font = options.fontset
    parts = [paragraph("") for _ in range(5)]
    parts.append(paragraph("<w:r><w:br/></w:r>".join(run(line, font.title, options, font.title_bold)
                                                    for line in wrap_title(book.title)), "Title"))  # fmt: skip
    parts += [paragraph("") for _ in range(9)]
    parts.append(paragraph(run(book.org, font.body, options), ppr=_CENTRED))
    parts.append(paragraph(run(book.date, font.body, options), ppr=_CENTRED + _BLANK_SECTION))
    parts.append(paragraph(run("目　录", font.level1, options), "TOCHeading"))
    parts.append(paragraph(""))
    entries: list[str] = []
    month = 0
    for number, meeting in enumerate(book.meetings):
        if meeting.month != month:
            month = meeting.month
            entries.append(paragraph(run(f"{month}月", font.level1, options), "TOC1", "<w:keepNext/>"))
        entries.append(_entry(meeting.title, book_page(number), f"_Record{number:04d}", options))
    entries[-1] = _end_section(entries[-1], _BLANK_SECTION)
    parts += entries
    sheets = [sheet for meeting in book.meetings for paper in meeting.papers for sheet in paper.sheets]
    firsts = {}
    at = 0
    for number, meeting in enumerate(book.meetings):
        firsts[at] = f"_Record{number:04d}"
        at += sum(len(paper.sheets) for paper in meeting.papers)
    body = _sheets(sheets, options, lambda sheet: numbered_section(restart=False), firsts, restart_first=True)
    return _zip(options, "".join(parts) + body, book.title, book.org, created, len(sheets))


def book_page(number: int) -> int:
    """The page record *number* (from 0) starts on: every record is two sheets."""
    return 2 * number + 1


def _entry(title: str, page: int, mark: str, options: DocxOptions) -> str:
    font = options.fontset
    return paragraph(
        f'<w:hyperlink w:anchor="{mark}" w:history="1">{run(title, font.body, options)}<w:r><w:tab/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {mark} \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(str(page), font.body, options)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>',
        "TOC2",
    )


def _sheets(
    sheets, options, section, marks: dict[int, str] | None = None, restart_first: bool = False
) -> str:
    """Every sheet, each ending its own section (the last one the body's)."""
    out = []
    for index, sheet in enumerate(sheets):
        mark = (marks or {}).get(index, "")
        parts = _sheet(sheet, options, mark, index)
        end = numbered_section() if restart_first and index == 0 else section(sheet)
        if index < len(sheets) - 1:
            parts[-1] = _end_section(parts[-1], end)
            out += parts
        else:
            out += [*parts, end]
    return "".join(out)


def _sheet(sheet: Sheet, options: DocxOptions, mark: str, index: int) -> list[str]:
    out: list[str] = []
    signed = next((i for i, part in enumerate(sheet.parts) if isinstance(part, Signature)), -1)
    for position, part in enumerate(sheet.parts):
        if isinstance(part, Text):
            # GB/T 9704: the signature never stands alone; the two paragraphs before it go with it
            keep = "<w:keepNext/>" if 0 <= signed - position <= 2 else ""
            out.append(_text(part, options, mark if not out else "", index, keep))
        elif isinstance(part, Form):
            out.append(_form(part, options))
            out.append(paragraph("", ppr=_AFTER_TABLE))
        elif isinstance(part, Signature):
            out += signature(part.org, part.date, options)
    return out


def _text(part: Text, options: DocxOptions, mark: str, index: int, keep: str = "") -> str:
    font = options.fontset
    if part.role == "title":
        runs = "<w:r><w:br/></w:r>".join(
            run(line, font.title, options, font.title_bold) for line in wrap_title(part.text)
        )
        if mark:
            runs = f'<w:bookmarkStart w:id="{index}" w:name="{mark}"/>{runs}<w:bookmarkEnd w:id="{index}"/>'
        return paragraph(runs, "Title")
    if part.role == "heading":
        return paragraph(run(part.text, font.level1, options), ppr="<w:keepNext/>")
    if part.role == "line":
        return paragraph(run(part.text, font.body, options), ppr=keep + _CENTRED)
    if part.role == "plain":
        return paragraph(run(part.text, font.body, options), ppr=keep + NO_INDENT)
    return paragraph(body_run(part.text, options), ppr=keep)


# a form's text is centred in rows of fixed height: no top or bottom margin, so a row of 7.4 mm holds
# a line of 14 pt text without clipping it
_FORM_MARGINS = (
    f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{CELL_MARGIN_H}" w:type="dxa"/>'
    f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{CELL_MARGIN_H}" w:type="dxa"/></w:tblCellMar>'
)


def _form(form: Form, options: DocxOptions) -> str:
    total = sum(form.widths)
    grid = [round(TEXT_W * width / total) for width in form.widths]
    grid[-1] = TEXT_W - sum(grid[:-1])
    rows = []
    for position, row in enumerate(form.rows):
        below = form.rows[position + 1] if position + 1 < len(form.rows) else None
        rows.append(_row(row, below, grid, options))
    columns = "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="PlanTable"/><w:tblW w:w="{TEXT_W}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>{_FORM_MARGINS}</w:tblPr><w:tblGrid>{columns}</w:tblGrid>'
        f"{''.join(rows)}</w:tbl>"
    )


def _row(row: Row, below: Row | None, grid: list[int], options: DocxOptions) -> str:
    header = "<w:tblHeader/>" if row.header else ""
    trpr = f'<w:trPr><w:cantSplit/><w:trHeight w:val="{row.height}" w:hRule="exact"/>{header}</w:trPr>'
    cells = []
    column = 0
    for cell in row.cells:
        width = sum(grid[column : column + cell.span])
        span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
        merge = ""
        if cell.merged:
            merge = "<w:vMerge/>"
        elif below is not None and _cell_at(below, column) is not None and _cell_at(below, column).merged:  # type: ignore[union-attr]
            merge = '<w:vMerge w:val="restart"/>'
        tcpr = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/></w:tcPr>'
        cells.append(f"<w:tc>{tcpr}{_cell(cell, options)}</w:tc>")
        column += cell.span
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def _cell_at(row: Row, column: int) -> Cell | None:
    at = 0
    for cell in row.cells:
        if at == column:
            return cell
        at += cell.span
    return None


def _cell(cell: Cell, options: DocxOptions) -> str:
    if cell.merged or not cell.text:
        return paragraph("", "TableHeader" if cell.label else "TableText")
    if cell.label:
        return paragraph(run(cell.text, options.fontset.level1, options), "TableHeader")
    return paragraph(run(cell.text, options.fontset.body, options), "TableText")


def _end_section(part: str, section: str) -> str:
    """*part* with *section* in its last paragraph's properties."""
    start = part.rindex("<w:p><w:pPr>")
    end = part.index("</w:pPr>", start)
    return part[:end] + section + part[end:]


_FOOTER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="http://schemas.openxmlformats.org/'
    'wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr></w:p></w:ftr>'
)


def _zip(options: DocxOptions, body: str, title: str, author: str, created: dt.datetime, pages: int) -> bytes:
    from .docx import wrap_body

    types = CONTENT_TYPES.replace(
        '<Override PartName="/word/theme',
        '<Override PartName="/word/footer3.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.footer+xml"/><Override PartName="/word/theme',
    )
    rels = DOCUMENT_RELS.replace(
        "</Relationships>",
        f'<Relationship Id="{EMPTY_FOOTER}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footer" Target="footer3.xml"/></Relationships>',
    )
    own = {"[Content_Types].xml": types, "word/_rels/document.xml.rels": rels}
    shared = [part for part in package(options) if part.name.decode() not in own]
    parts = [
        Part.of("[Content_Types].xml", types),
        *shared[:1],
        Part.of("word/_rels/document.xml.rels", rels),
        *shared[1:],
        Part.of("word/footer3.xml", _FOOTER),
        Part.of("word/document.xml", wrap_body(body), level=1),
        Part.of("docProps/core.xml", core_xml(title, author, created)),
        Part.of("docProps/app.xml", app_xml(Statistics(pages, 0, 0, 0, 0, 0))),
    ]
    return zip_parts(parts)
