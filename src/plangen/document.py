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
    source: str = field(default="", compare=False)  # the block id, for the linter's messages


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


def attachment_label(number: int, count: int) -> str:
    """The label over an attachment (GB/T 9704 §8.2): “附件2”, or “附件” when it is the only one."""
    return "附件" if count == 1 else f"附件{number}"


@dataclass(frozen=True, slots=True)
class Appendix:
    """附件: starts on a new page with “附件N” on its first line and its title centred."""

    title: str
    body: list[Paragraph | Table] = field(default_factory=list)


Node = Heading | RunIn | Paragraph | Table


# --- the annual calendar: rules as compose leaves them, then dated events --------------------------


@dataclass(frozen=True, slots=True)
class DaySpec:
    """Which day of a month an activity falls on, as the rule's ``on`` says it — or which festival
    (重阳节, 春节前), whose month the lunar calendar decides."""

    kind: str  # "nth" (第N个星期X) | "last" (最后一个星期X) | "day" (N日) | "span" (上旬, 中旬, 下旬, 月初, 月末) | "festival"
    number: int = 0  # nth: 1–5; day: 1–31; festival: days before it (春节前: 7)
    weekday: int = 0  # 0 = Monday … 6 = Sunday
    span: str = ""
    month: int | None = None  # “6月下旬”: a month named in the text
    text: str = ""
    festival: str = ""  # one of schedule.lunar.FESTIVALS


@dataclass(frozen=True, slots=True)
class Recurrence:
    """One schedule rule of a block placed in the plan, rendered and parsed but not yet dated."""

    name: str  # the words a secretary uses: 支部委员会会议
    kind: str  # events of one kind in one month are merged (主题党日 on 5·12 replaces May's)
    owner: str  # 责任人 as the table prints it: 组织委员李强, or 组织委员
    every: str  # month | quarter | half-year | year | dates
    months: tuple[int, ...]  # the months it falls in (every: dates — the months of its dates)
    day: DaySpec | None  # None for every: dates
    dates: tuple[tuple[int, int], ...] = ()  # every: dates — (month, day)
    workday: bool = True
    shift: str = "after"  # off a non-working day: to the next working day, or "before"
    missing: str = ""  # a month without that day: "skip" or "last"
    source: str = ""  # block id
    index: int = 0  # the rule's position in the block
    order: int = 0  # the block's position in the plan (a stable tie-break)
    vacation: str = "online"  # inside 寒暑假: "online" (marked 线上) or "keep" (it belongs there)


@dataclass(frozen=True, slots=True)
class Event:
    """A dated activity of the year."""

    date: dt.date
    name: str
    kind: str
    owner: str
    source: str  # block id
    key: str  # stable identity across runs and holiday updates (the .ics UID is made from it)
    moved: bool = False  # shifted off a weekend or holiday, or off a crowded day
    why: str = ""  # what moved or marked it, in the words ``schedule --check`` prints
    conflict: bool = False  # a constraint its rule states could not be met (a deadline passed)


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
    recurrences: list[Recurrence] = field(default_factory=list)  # from compose
    events: list[Event] = field(default_factory=list)  # dated by plangen.schedule
    calendar_note: str = ""  # how the holidays were known (an estimate says so in every output)
    vacations: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)  # 寒暑假 (schedule.vacations)

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
            lines += [attachment_label(number, len(self.appendices)), appendix.title]
            for item in appendix.body:
                if isinstance(item, Paragraph):
                    lines.append(item.text)
                else:
                    lines += ["\t".join(row) for row in [item.header, *item.rows]]
        return "\n".join(lines)


@dataclass(slots=True)
class Volume:
    """Several plans bound into one book (a committee's 汇编): a cover, one contents, the plans."""

    title: str  # 江城市第一人民医院党委所属党支部2027年工作计划汇编
    org: str  # on the cover, under the title
    date: str  # on the cover: 2027年1月
    plans: list[Document] = field(default_factory=list)
