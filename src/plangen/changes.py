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
    org: str = ""  # the organisation whose plan it is, as its title names it ("" not known)
    year: int | None = None  # the plan's year (None: not known)
    notes: list[str] = field(default_factory=list)  # how it was read, said under the summary


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
    rough: bool = False  # a sentence too long to mark by characters is marked whole

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


OLD, NEW = "原计划", "新计划"  # the sides' labels when their years do not tell them apart
PLAN = "工作计划"


def sides(comparison: Comparison) -> tuple[str, str]:
    """What the two plans are called in the 对照表's columns and sentences: their years (2027年,
    2028年) when both are known and differ, else 原计划 and 新计划."""
    old, new = comparison.old.year, comparison.new.year
    if old is not None and new is not None and old != new:
        return f"{old}年", f"{new}年"
    return OLD, NEW


def title(comparison: Comparison) -> str:
    """The 对照表's title from what is known of the two plans: 内科第一党支部2027年与2028年工作计划对照表;
    both organisations when they differ; 工作计划对照表 when nothing is known."""
    old, new = comparison.old, comparison.new
    if old.org == new.org:
        if old.year is not None and new.year is not None and old.year != new.year:
            return f"{old.org}{old.year}年与{new.year}年{PLAN}对照表"
        year = f"{old.year}年" if old.year is not None and old.year == new.year else ""
        return f"{old.org}{year}{PLAN}对照表"
    return f"{_plan(old)}与{_plan(new)}对照表"


def _plan(outline: Outline) -> str:
    return f"{outline.org or '另一单位'}{f'{outline.year}年' if outline.year is not None else ''}{PLAN}"


def order_note(comparison: Comparison) -> str:
    """A note when the plan given first (the old one) is of a later year than the second."""
    old, new = comparison.old.year, comparison.new.year
    if old is None or new is None or old <= new:
        return ""
    return (
        f"注意：先写的计划是{old}年的，后写的是{new}年的；对照表把先写的当作原计划，列出从{old}年到{new}年的变化"
        f"（要看从{new}年到{old}年的变化，请交换先后顺序：两份计划，或 --years 的两个年度）。"
    )


def tally(comparison: Comparison) -> dict[str, list[SectionChange]]:
    """The sections by status — the headed ones only: the text before 一、 (正文开头) is not one of
    the parts the summary counts, in every count alike (:func:`opening` says what became of it)."""
    out: dict[str, list[SectionChange]] = {status: [] for status in (ADDED, REMOVED, CHANGED, SAME)}
    for change in comparison.sections:
        if change.level:
            out[change.status].append(change)
    return out


def opening(comparison: Comparison) -> str:
    """What became of the text before 一、: 调整, 新增, 删去; "" when it is the same or absent."""
    for change in comparison.sections:
        if not change.level and change.status != SAME:
            return change.status
    return ""


def headline(comparison: Comparison) -> str:
    """The one sentence the 支委会 reads first."""
    counts = tally(comparison)
    unchanged = len(counts[SAME])
    if not comparison.changed:
        return f"两份计划的正文相同（{unchanged}个部分）。"
    said = "，".join(f"{status}{len(counts[status])}个部分" for status in (ADDED, REMOVED, CHANGED))
    intro = {CHANGED: "；正文开头有调整", ADDED: "；新增正文开头", REMOVED: "；删去正文开头"}.get(
        opening(comparison), ""
    )
    return f"{said}，未变{unchanged}个部分{intro}。"


MARKS = "增加的文字加下划线，删去的文字加删除线"  # in the columns of the new side and of the old side


def summary_rows(comparison: Comparison, names: bool = True) -> list[list[str]]:
    """The summary table's rows (项目 and the two :func:`sides`): sources and titles (unless *names* is false: the
    page says them already), sections, length, meetings."""
    old, new = comparison.old, comparison.new
    rows = [["计划", old.name, new.name], ["标题", old.title, new.title]] if names else []
    rows += [
        ["部分（各级标题）", _count(old), _count(new)],
        ["正文字数", f"{old.characters}字", f"{new.characters}字"],
        ["正文页数（估算）", f"约{old.pages}页", f"约{new.pages}页"],
    ]
    kinds = sorted(
        set(old.meetings or {}) | set(new.meetings or {}),
        key=lambda kind: (-max((old.meetings or {}).get(kind, 0), (new.meetings or {}).get(kind, 0)), kind),
    )
    for kind in kinds:
        rows.append([f"{kind}（次/年）", _times(old.meetings, kind), _times(new.meetings, kind)])
    if not kinds:
        rows.append(
            [
                "会议次数",
                "不统计" if old.meetings is None else "无",
                "不统计" if new.meetings is None else "无",
            ]
        )
    return rows


def sources_note(comparison: Comparison) -> str:
    """Where each side's meeting counts come from."""
    old, new = comparison.old.meetings_from, comparison.new.meetings_from
    if old == new:
        return f"会议次数取自{old}。"
    first, second = sides(comparison)
    return f"会议次数的来源：{first}，{old}；{second}，{new}。"


def _count(outline: Outline) -> str:
    return f"{sum(1 for section in outline.sections if section.path)}个"


def _times(meetings: dict[str, int] | None, kind: str) -> str:
    if meetings is None:
        return "不统计"
    return f"{meetings.get(kind, 0)}次"
