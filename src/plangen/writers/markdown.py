"""Document → CommonMark: title, a linked table of contents, numbered headings, signature.

Anchors follow GitHub's heading-id rule (lower-case; drop everything but letters, marks, numbers,
spaces, ``-`` and ``_``; spaces become ``-``; repeats get ``-1``, ``-2``), which GitHub, GitLab,
VS Code, Typora and pandoc's ``gfm`` reader all produce, so the TOC links work where the file is
read. Text is escaped so that no character of a plan turns into Markdown syntax.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..bounds import TEXTS
from ..document import Document, Heading, Paragraph, RunIn, Table, Volume, attachment_label
from . import WriteOptions

_ESCAPES = str.maketrans({char: "\\" + char for char in "\\`*_[]<>#|~!&"})
_CLOSING = "。！？：；…，、"
_LINE_START = re.compile(r"^([-+=>]|[0-9]{1,9}[.)](?=\s|$))")


@functools.lru_cache(maxsize=TEXTS)  # a batch escapes the same sentences and cells for every plan
def escape(text: str) -> str:
    """Escape *text* so CommonMark renders it literally, as one paragraph or heading."""
    text = " ".join(text.split())  # no line breaks, no runs of spaces that could form code blocks
    text = text.translate(_ESCAPES)
    match = _LINE_START.match(text)
    if match:
        token = match.group(1)
        text = (token[:-1] + "\\" + token[-1] if token[-1] in ".)" else "\\" + token) + text[len(token) :]
    return text


def slug(text: str) -> str:
    """GitHub's heading id for *text* (before de-duplication)."""
    out = []
    for char in text.lower():
        if char == " ":
            out.append("-")
        elif char in "-_" or unicodedata.category(char)[0] in "LMN":
            out.append(char)
    return "".join(out)


class _Slugger:
    def __init__(self) -> None:
        self.seen: dict[str, int] = {}
        self.titles: list[str] = []  # the id each call gave, in order

    def __call__(self, text: str) -> str:
        base = slug(text)
        candidate = base
        while candidate in self.seen:
            self.seen[base] += 1
            candidate = f"{base}-{self.seen[base]}"
        self.seen[candidate] = 0
        self.titles.append(candidate)
        return candidate


def render(doc: Document, toc_levels: int = 2, shift: int = 0, slugger: _Slugger | None = None) -> str:
    """The Markdown text of *doc*; *toc_levels* = 0 omits the table of contents. In a bound volume
    every heading is *shift* levels deeper and the ids are unique across the book (*slugger*)."""
    slugger = slugger or _Slugger()
    slugger(doc.title)  # the title is a heading too and takes its id first
    anchors = {index: slugger(node.label) for index, node in enumerate(doc.body) if isinstance(node, Heading)}
    for appendix in doc.appendices:
        slugger(appendix.title)

    out = [f"{'#' * (1 + shift)} {escape(doc.title)}", ""]
    entries = [entry for entry in doc.toc if entry.level <= toc_levels]
    if entries:
        out += ["**目录**", ""]
        for entry in entries:
            indent = "  " * (entry.level - 1)
            out.append(f"{indent}- [{escape(entry.label)}](#{anchors[entry.heading]})")
        out.append("")
    for paragraph in doc.intro:
        out += [escape(paragraph.text), ""]
    for node in doc.body:
        if isinstance(node, Heading):
            out += [f"{'#' * min(6, node.level + 1 + shift)} {escape(node.label)}", ""]
        elif isinstance(node, RunIn):
            out += [_run_in(node), ""]
        elif isinstance(node, Table):
            out += [*_table(node), ""]
        else:
            out += [escape(node.text), ""]
    if doc.appendices:
        listing = "；".join(f"{i}.{a.title}" for i, a in enumerate(doc.appendices, start=1))
        out += [
            escape(f"附件：{listing}" if len(doc.appendices) > 1 else f"附件：{doc.appendices[0].title}"),
            "",
        ]
    if doc.signature:
        out += [escape(doc.signature.org), "", escape(doc.signature.date), ""]
    for number, appendix in enumerate(doc.appendices, start=1):
        label = attachment_label(number, len(doc.appendices))
        out += ["---", "", f"**{label}**", "", f"{'#' * (2 + shift)} {escape(appendix.title)}", ""]
        for item in appendix.body:
            out += [escape(item.text), ""] if isinstance(item, Paragraph) else [*_table(item), ""]
    return "\n".join(out)


def render_volume(volume: Volume) -> str:
    """The bound volume: its title, publisher and date, a linked list of the plans, then each plan
    one level down."""
    slugger = _Slugger()
    slugger(volume.title)
    out = [f"# {escape(volume.title)}", "", escape(volume.org), "", escape(volume.date), "", "**目录**", ""]
    anchors = []
    plans = []
    for plan in volume.plans:
        first = len(slugger.titles)
        text = render(plan, 0, shift=1, slugger=slugger)
        anchors.append(slugger.titles[first])  # the plan's title took the first id
        plans.append(text)
    for plan, anchor in zip(volume.plans, anchors, strict=True):
        out.append(f"- [{escape(plan.title)}](#{anchor})")
    out.append("")
    for text in plans:
        out += ["---", "", text]
    return "\n".join(out)


def _run_in(node: RunIn) -> str:
    """``**1.加强学习**。正文`` — the closing punctuation stays outside the emphasis, because
    CommonMark does not close ``**`` after punctuation that a letter follows (``。**正``)."""
    label = node.label
    if not node.body:  # a numbered sentence: no heading to set off
        return escape(label)
    bold = label.rstrip(_CLOSING)
    return f"**{escape(bold)}**{escape(label[len(bold) :] + node.body)}"


def _table(table: Table) -> list[str]:
    """A GFM pipe table (CommonMark readers show it as text; GitHub, pandoc and editors as a table)."""

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(escape(cell) or " " for cell in cells) + " |"

    lines = [f"**{escape(table.caption)}**", ""] if table.caption else []
    return [*lines, row(table.header), "|" + "---|" * len(table.header), *(row(r) for r in table.rows)]


def write(doc: Document, options: WriteOptions) -> bytes:
    """The registered writer: the contents as deep as the DOCX's, none when it has none."""
    layout = options.layout
    return render(doc, layout.toc_levels if layout is not None and layout.toc else 0).encode("utf-8")
