"""Meeting papers (:mod:`plangen.paper`) → CommonMark: the meeting as the title, each paper a
section, forms as pipe tables (a cell spanning columns keeps its text in the first, lines to write
on are empty rows), every character escaped as a plan's Markdown is."""

from __future__ import annotations

from ..document import Signature
from ..paper import Form, Papers, Text
from .markdown import escape


def render_papers(papers: Papers) -> str:
    lines = [f"# {escape(papers.title)}", ""]
    for paper in papers.papers:
        for index, sheet in enumerate(paper.sheets):
            for part in sheet.parts:
                if isinstance(part, Text):
                    lines += _text(part, index)
                elif isinstance(part, Form):
                    lines += [*_form(part), ""]
                elif isinstance(part, Signature):
                    lines += [escape(part.org) + "  ", escape(part.date), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _text(part: Text, index: int) -> list[str]:
    if not part.text:
        return []
    if part.role == "title":
        return [f"{'##' if index == 0 else '###'} {escape(part.text)}", ""]
    if part.role == "heading":
        return [f"**{escape(part.text)}**", ""]
    return [escape(part.text), ""]


def _form(form: Form) -> list[str]:
    columns = len(form.widths)

    def cells(row) -> list[str]:
        out: list[str] = []
        for cell in row.cells:
            out += [escape(cell.text) if not cell.merged else ""] + [""] * (cell.span - 1)
        return (out + [""] * columns)[:columns]

    rows = [cells(row) for row in form.rows]
    header = rows[0] if form.rows and form.rows[0].header else [""] * columns
    body = rows[1:] if form.rows and form.rows[0].header else rows
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * columns]
    out += ["| " + " | ".join(row) + " |" for row in body]
    return out
