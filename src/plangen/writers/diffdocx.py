"""A comparison (:mod:`plangen.changes`) → DOCX for the 支委会: the plans' package, styles and fonts
(GB/T 9704), a portrait first page with the summary, then the sections that changed in a landscape
section as a three-column table (部分 | the old plan | the new one, named by their years). Removed text is struck through (``w:strike``),
added text underlined (``w:u``): real run formatting, so it prints and Word shows it as it is.

GB/T 9704 §10.1 turns a landscape table's head toward the binding edge on odd pages: the portrait
page's left margin (订口, 28 mm) becomes the landscape top, its right margin the bottom, its bottom
margin the left and its top margin the right — the same 156 × 225 mm text area, turned.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from ..changes import (
    CHANGED,
    MARKS,
    SAME,
    Comparison,
    Piece,
    headline,
    sides,
    sources_note,
    summary_rows,
    tally,
    title,
)
from ..document import Table
from ..layout import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_H, PAGE_W, wrap_title
from .docx import body_run, counted, paragraph, run, table_xml, wrap_body
from .ooxml import (
    FOOTER_DISTANCE,
    LINE,
    NO_INDENT,
    DocxOptions,
    Part,
    app_xml,
    core_xml,
    numbered_section,
    package,
    zip_parts,
)

WIDE_W = PAGE_H - MARGIN_BOTTOM - MARGIN_TOP  # the landscape text width: 225 mm
LANDSCAPE_SECTION = (
    '<w:sectPr><w:footerReference w:type="even" r:id="rId5"/><w:footerReference w:type="default" r:id="rId4"/>'
    f'<w:type w:val="nextPage"/><w:pgSz w:w="{PAGE_H}" w:h="{PAGE_W}" w:orient="landscape"/>'
    f'<w:pgMar w:top="{MARGIN_LEFT}" w:right="{MARGIN_TOP}" w:bottom="{MARGIN_RIGHT}" w:left="{MARGIN_BOTTOM}" '
    f'w:header="851" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
    f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE}"/></w:sectPr>'
)
_WIDTHS = (2600, (WIDE_W - 2600) // 2, WIDE_W - 2600 - (WIDE_W - 2600) // 2)  # 部分 | 原计划 | 新计划
_STRIKE, _UNDERLINE = "<w:strike/>", '<w:u w:val="single"/>'
_CENTRED = NO_INDENT + '<w:jc w:val="center"/>'
_CELL_TEXT = '<w:jc w:val="both"/>'


def render(comparison: Comparison, options: DocxOptions | None = None, *, created: dt.datetime) -> bytes:
    options = options or DocxOptions()
    font = options.fontset
    heading, (first, second) = title(comparison), sides(comparison)
    parts = [paragraph("<w:r><w:br/></w:r>".join(run(line, font.title, options, font.title_bold)
                                                    for line in wrap_title(heading)), "Title")]  # fmt: skip
    parts.append(paragraph(run(f"{first}：{comparison.old.name}", font.body, options), ppr=_CENTRED))
    parts.append(paragraph(run(f"{second}：{comparison.new.name}", font.body, options), ppr=_CENTRED))
    parts.append(paragraph(run("一、概况", font.level1, options), "Heading1"))
    parts.append(paragraph(body_run(headline(comparison), options)))
    parts.append(
        table_xml(Table(["项目", first, second], summary_rows(comparison, names=False), [5, 3, 3]), options)
    )
    changed = [change for change in comparison.sections if change.status != SAME]
    note = sources_note(comparison) + "".join(comparison.notes)
    if not changed:
        body = "".join(parts) + paragraph(body_run(note, options)) + numbered_section()
    else:
        note += f"逐条对照见后页：{MARKS}，未变的句子从略。"
        parts.append(paragraph(body_run(note, options), ppr=numbered_section()))  # ends the portrait page
        parts.append(paragraph(run("二、逐条对照", font.level1, options), "Heading1"))
        parts.append(_changes(changed, (first, second), options))
        same = [c.label for c in tally(comparison)[SAME]]
        parts.append(
            paragraph(body_run(f"未变的部分（{len(same)}个）：{'；'.join(same) or '无'}。", options))
        )
        body = "".join(parts) + LANDSCAPE_SECTION
    document = wrap_body(body)
    own = [Part.of("word/document.xml", document, level=1),
           Part.of("docProps/core.xml", core_xml(heading, comparison.new.name, created)),
           Part.of("docProps/app.xml", app_xml(_statistics(body, pages=None if changed else 1)))]  # fmt: skip
    return zip_parts([*package(options), *own])


def _changes(changes, names: tuple[str, str], options: DocxOptions) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in _WIDTHS)
    rows = [_row([[_plain(name, options, header=True)] for name in ("部分", *names)], header=True)]
    for change in changes:
        label = [_plain(change.label, options), _plain(f"（{change.status}）", options)]
        old, new = [], []
        if change.title is not None:
            old.append(_marked("标题：", change.title.old, _STRIKE, options))
            new.append(_marked("标题：", change.title.new, _UNDERLINE, options))
        for sentence in change.marked():
            if sentence.old:
                old.append(_marked("", sentence.old, _STRIKE, options))
            if sentence.new:
                new.append(_marked("", sentence.new, _UNDERLINE, options))
        if change.status == CHANGED:
            kept = len(change.sentences) - len(change.marked())
            if kept:
                new.append(_plain(f"（其余{kept}句未变）", options))
        rows.append(_row([label, old or [_plain("", options)], new or [_plain("", options)]]))
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="PlanTable"/><w:tblW w:w="{WIDE_W}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"{''.join(rows)}</w:tbl>"
    )


def _row(cells: list[list[str]], header: bool = False) -> str:
    trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else ""
    tcs = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{"".join(paragraphs)}</w:tc>'
        for width, paragraphs in zip(_WIDTHS, cells, strict=True)
    )
    return f"<w:tr>{trpr}{tcs}</w:tr>"


def _plain(text: str, options: DocxOptions, header: bool = False) -> str:
    font = options.fontset
    if header:
        return paragraph(run(text, font.level1, options), "TableHeader")
    return paragraph(run(text, font.body, options) if text else "", "TableText", _CELL_TEXT)


def _marked(lead: str, pieces: tuple[Piece, ...], mark: str, options: DocxOptions) -> str:
    """A sentence in a cell, its marked pieces struck through or underlined."""
    east = options.fontset.body
    runs = run(lead, east, options) if lead else ""
    for piece in pieces:
        if not piece.text:
            continue
        runs += run(piece.text, east, options, extra=mark if piece.marked else "")
    return paragraph(runs, "TableText", _CELL_TEXT)


_PARAGRAPH = re.compile(r"<w:p>.*?</w:p>")
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def _statistics(body: str, pages: int | None):
    """Words and characters of the text laid out, counted as for a plan (:func:`.docx.counted`); the
    pages when known (the summary page alone), else left for Word to count: how many pages the
    landscape table takes is not modelled."""
    lines = [unescape("".join(_TEXT.findall(p))) for p in _PARAGRAPH.findall(body)]
    return counted(lines, pages)
