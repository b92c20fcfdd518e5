"""The IR of a meeting's papers (issue 28): a notice, a sign-in sheet, a record, an agenda — what the
DOCX and Markdown writers of papers read. Like :mod:`plangen.document` it imports nothing of ours
but the signature: the meetings package makes papers, the writers lay them out.

A paper is a list of sheets, each printed on one page of its own (a record: its form, then the
page that continues it); a sheet is text (a title, headings, paragraphs, a signature) and forms
whose row heights are fixed, so what is printed is what the layout promised.
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import Signature

# The meetings that get papers, as a plan's calendar names their kinds (one list: the spec's
# per-kind settings are checked against it, and the meetings package gives each its papers)
MEETING_KINDS = (
    "支部党员大会",
    "支部委员会会议",
    "党小组会",
    "党课",
    "廉政党课",
    "主题党日",
    "组织生活会",
    "民主评议党员",
)
# words a secretary uses for a kind → the calendar's name (plangen meetings --kind, records tables)
ALIASES = {"党员大会": "支部党员大会", "支委会": "支部委员会会议", "支部委员会": "支部委员会会议",
           "党小组": "党小组会", "主题党日活动": "主题党日", "民主评议": "民主评议党员"}  # fmt: skip

# A committee's calendar names its meetings in full — 党委会议, 党工委理论学习中心组集体学习,
# 党委领导班子民主生活会, 全面从严治党工作会议 — by these endings, not from a fixed list
COMMITTEE_MEETING_ENDINGS = ("会议", "集体学习", "民主生活会")


def meeting_kind(name: str) -> str:
    """The meeting an activity of a calendar or a plan's table is: 国际护士节主题党日 → 主题党日, a
    committee's 党委会议 → itself; "" for other work (药品耗材使用分析, 收缴党费)."""
    kind = max((kind for kind in MEETING_KINDS if name.endswith(kind)), key=len, default="")
    return kind or (name if name.endswith(COMMITTEE_MEETING_ENDINGS) else "")


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph of a sheet. *role*: ``title`` (centred, 小标宋), ``line`` (a centred line under
    the title), ``plain`` (no indent: a salutation, “会议时间：…”), ``heading`` (一、 in 黑体),
    ``body`` (indented 2 字)."""

    text: str
    role: str = "body"


@dataclass(frozen=True, slots=True)
class Cell:
    """A form's cell. *label*: a caption (黑体, centred); *span*: the columns it covers; *merged*:
    it continues the cell above it (a label beside several lines to write on)."""

    text: str = ""
    span: int = 1
    label: bool = False
    merged: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """A form's row, *height* twips tall, exactly: it neither grows nor splits across pages.
    *header* rows repeat at the top of every page the form reaches."""

    cells: tuple[Cell, ...]
    height: int
    header: bool = False


@dataclass(frozen=True, slots=True)
class Form:
    widths: tuple[float, ...]  # relative column widths
    rows: tuple[Row, ...]

    @property
    def height(self) -> int:
        return sum(row.height for row in self.rows)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One page: what it holds, top to bottom. *numbered*: it carries the page number (a notice,
    a programme); forms do not."""

    parts: tuple[Text | Form | Signature, ...]
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class Paper:
    kind: str  # 会议通知, 签到表, 会议记录 …
    sheets: tuple[Sheet, ...]


@dataclass(frozen=True, slots=True)
class Papers:
    """One meeting's papers, printed together: *title* names the meeting, as its file and a
    record book's contents do (“3月9日（周二）支部党员大会”)."""

    title: str
    org: str
    month: int
    papers: tuple[Paper, ...]


@dataclass(frozen=True, slots=True)
class Book:
    """The year's records bound as a 三会一课记录本: a cover, the contents by month, every record
    with its page number."""

    title: str
    org: str
    date: str
    meetings: tuple[Papers, ...]  # each holding its record only
