"""The model of a comparison of two plans (``plangen diff``): each plan as an outline of sections
and sentences, and what changed between them, marked down to the characters.

It imports nothing of plangen's, like :mod:`plangen.document`: the steps that read plans make it
(:mod:`plangen.compare`) and the writers print it, neither knowing the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ADDED, REMOVED, CHANGED, SAME = "新增", "删去", "调整", "未变"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading (or run-in item) and its own sentences; its subsections are sections of their own."""

    path: tuple[str, ...]  # the titles from level 1 down to this one, without ordinals
    ordinal: str  # as numbered in its plan: 一、 （二） 3.
    sentences: tuple[str, ...]
    line: int = 0  # where it starts in its file (0: a spec, or not known)

    @property
    def title(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def level(self) -> int:
        return len(self.path)

    @property
    def label(self) -> str:
        """As a reader finds it in the plan: 一、指导思想, or 正文开头 for the text before it."""
        return f"{self.ordinal}{self.title}" if self.path else "正文开头"


@dataclass(slots=True)
class Outline:
    """One side of a comparison: a plan however it came (spec, built file, last year's Word file)."""

    name: str  # as the user named it: 计划文件 plan.yaml（2027年）, 去年.docx
    title: str
    sections: list[Section]  # in document order; the text before 一、 first, with an empty path
    characters: int = 0  # of the body (title, headings and sentences; no contents, signature, appendix)
    pages: int = 0  # the body's pages on the GB/T 9704 grid (layout model)
    meetings: dict[str, int] | None = None  # kind → count in the year; None when not known
    meetings_from: str = ""  # where the counts come from, in words


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one sentence: *marked* is deleted text (on the old side) or inserted text (new side)."""

    text: str
    marked: bool = False


@dataclass(frozen=True, slots=True)
class SentenceChange:
    """One sentence of a matched section: the same, added, removed, or changed (both sides marked)."""

    status: str  # SAME | ADDED | REMOVED | CHANGED
    old: tuple[Piece, ...] = ()
    new: tuple[Piece, ...] = ()


@dataclass(slots=True)
class SectionChange:
    status: str  # ADDED | REMOVED | CHANGED | SAME
    old: Section | None
    new: Section | None
    title: SentenceChange | None = None  # the heading itself, when its words changed
    sentences: list[SentenceChange] = field(default_factory=list)

    @property
    def label(self) -> str:
        return (self.new or self.old).label  # type: ignore[union-attr]

    @property
    def level(self) -> int:
        return (self.new or self.old).level  # type: ignore[union-attr]

    def marked(self) -> list[SentenceChange]:
        """The sentences that are not the same."""
        return [change for change in self.sentences if change.status != SAME]


@dataclass(slots=True)
class Comparison:
    old: Outline
    new: Outline
    sections: list[SectionChange]  # in the new plan's order, each removed one after its old neighbour
    notes: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for change in self.sections if change.status == status)

    @property
    def changed(self) -> bool:
        return any(change.status != SAME for change in self.sections)
