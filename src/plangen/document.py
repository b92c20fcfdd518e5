"""The document model (IR) every writer reads: nothing here knows YAML, Jinja, DOCX or Markdown.

Headings carry their level and the ordinal compose gave them; the table of contents is a list of
references to headings, so it can never disagree with them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

_SENTENCE_END = "。！？：；…"


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading on a line of its own; it goes into the table of contents."""

    level: int  # 1–4: 一、 （一） 1. （1）
    ordinal: str
    text: str
    source: str = ""  # the block id it came from, for diagnostics and the linter

    @property
    def label(self) -> str:
        """The heading as printed: ordinal and text."""
        return f"{self.ordinal}{self.text}"


@dataclass(frozen=True, slots=True)
class RunIn:
    """A numbered item whose heading runs into its text: ``1.加强理论学习。全年……``.

    Numbered in sequence with headings of the same level, but not part of the table of contents
    (Word would otherwise list the whole paragraph).
    """

    level: int
    ordinal: str
    text: str  # the heading part, without the closing "。"
    body: str
    source: str = ""

    @property
    def label(self) -> str:
        """The heading part as printed: it ends its sentence before the text runs on."""
        label = f"{self.ordinal}{self.text}"
        return label if label[-1:] in _SENTENCE_END else label + "。"


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    ordinal: str
    text: str
    heading: int  # index of the heading in Document.body

    @property
    def label(self) -> str:
        return f"{self.ordinal}{self.text}"


@dataclass(frozen=True, slots=True)
class Signature:
    """落款: the issuing organisation and the date in GB/T 9704 style."""

    org: str
    date: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row (repeated on every page in DOCX)."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths
    caption: str = ""

    def shares(self) -> list[float]:
        """Each column's share of the table width (equal shares unless valid widths were given)."""
        count = len(self.header)
        widths = self.widths or []
        total = sum(widths)
        if len(widths) != count or not all(w > 0 for w in widths) or not math.isfinite(total) or total <= 0:
            return [1 / count] * count
        return [w / total for w in widths]


@dataclass(frozen=True, slots=True)
class Appendix:
    """附件: starts on a new page with “附件N” on its first line and its title centred."""

    title: str
    body: list[Paragraph | Table] = field(default_factory=list)


Node = Heading | RunIn | Paragraph | Table


@dataclass(slots=True)
class Document:
    title: str
    year: int
    org: str
    date: dt.date
    intro: list[Paragraph] = field(default_factory=list)
    body: list[Node] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    signature: Signature | None = None
    appendices: list[Appendix] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things the user should know (e.g. estimated data)

    def headings(self) -> list[Heading]:
        return [node for node in self.body if isinstance(node, Heading)]

    def numbered(self) -> list[Heading | RunIn]:
        """Headings and run-in items in order: every ordinal of the document."""
        return [node for node in self.body if isinstance(node, (Heading, RunIn))]

    def build_toc(self) -> None:
        """(Re)build the table of contents from the headings."""
        self.toc = [
            TocEntry(node.level, node.ordinal, node.text, index)
            for index, node in enumerate(self.body)
            if isinstance(node, Heading)
        ]

    def text(self) -> str:
        """All visible text, one paragraph per line (for the linter and for tests)."""
        lines = [self.title, *(p.text for p in self.intro)]
        for node in self.body:
            if isinstance(node, Heading):
                lines.append(node.label)
            elif isinstance(node, RunIn):
                lines.append(node.label + node.body)
            elif isinstance(node, Table):
                lines += ["\t".join(row) for row in [node.header, *node.rows]]
            else:
                lines.append(node.text)
        if self.signature:
            lines += [self.signature.org, self.signature.date]
        for number, appendix in enumerate(self.appendices, start=1):
            lines += [f"附件{number}", appendix.title]
            for item in appendix.body:
                if isinstance(item, Paragraph):
                    lines.append(item.text)
                else:
                    lines += ["\t".join(row) for row in [item.header, *item.rows]]
        return "\n".join(lines)
