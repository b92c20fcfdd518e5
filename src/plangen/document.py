"""The document model (IR) every writer reads: nothing here knows YAML, Jinja, DOCX or Markdown.

Headings carry their level and the ordinal compose gave them; the table of contents is a list of
references to headings, so it can never disagree with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

_SENTENCE_END = "。！？：；…"


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading. ``run_in`` is text that follows on the same line (``1.加强学习。正文``)."""

    level: int  # 1–4: 一、 （一） 1. （1）
    ordinal: str
    text: str
    run_in: str | None = None
    source: str = ""  # the block id it came from, for diagnostics and the linter

    @property
    def label(self) -> str:
        """The heading as printed on its own line (and in a TOC): ordinal and text."""
        return f"{self.ordinal}{self.text}"

    @property
    def run_in_label(self) -> str:
        """The heading as printed before run-in text: it ends its sentence (``1.加强学习。``)."""
        label = self.label
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


Node = Heading | Paragraph


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
    notes: list[str] = field(default_factory=list)  # things the user should know (e.g. estimated data)

    def headings(self) -> list[Heading]:
        return [node for node in self.body if isinstance(node, Heading)]

    def paragraphs(self) -> list[Paragraph]:
        return [node for node in self.body if isinstance(node, Paragraph)]

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
                lines.append(node.run_in_label + node.run_in if node.run_in else node.label)
            else:
                lines.append(node.text)
        if self.signature:
            lines += [self.signature.org, self.signature.date]
        return "\n".join(lines)
