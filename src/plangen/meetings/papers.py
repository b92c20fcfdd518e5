"""A meeting's papers as sheets (:mod:`plangen.paper`): the notice, the sign-in sheet, the record,
and the outline, programme, agenda or appraisal form its kind has.

Everything printed comes from the plan: the date and body from its calendar, the topics from the
month's work, the time and place from the plan file's ``meetings`` settings, the names from the
members list. What the plan does not say is left as a line to write on, never made up.

Forms fill exactly one page: their rows have fixed heights, chosen here from the page's lines
(GB/T 9704: 22 lines of :data:`~plangen.layout.LINE` twips), so no row grows in Word or splits.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..document import Signature
from ..layout import (
    CELL_BORDER,
    CELL_LINE,
    CELL_MARGIN_H,
    CELL_MARGIN_V,
    CELL_PT,
    CELL_SAFETY,
    LINE,
    LINES_PER_PAGE,
    TEXT_W,
    cell_twips,
    wrap,
    wrap_title,
)
from ..paper import Cell, Form, Paper, Papers, Row, Sheet, Text
from ..schedule import ONLINE  # as the calendar marks a meeting in a vacation
from .calendar import AGENDA, APPRAISAL, NOTICE, OUTLINE, PROGRAMME, RECORD, SIGN_IN, Meeting
from .members import Member, Members

BLANK = "＿＿＿＿＿＿"  # a line to write on, where the plan does not say
BLANK_TIME = "＿＿时＿＿分"
PAGE = LINES_PER_PAGE * LINE  # the text area's height in twips
SLACK = LINE // 2  # kept free under a form: the paragraph Word needs after a table, and rounding
LEAST_ROW = 440  # 7.8 mm: the lowest row a name can be signed in (a form's cells have no top margin)
COMMITTEE_ROWS = 5  # a 支委会 of unknown size: the rules allow 3 to 5 members
UNKNOWN_ROWS = 15  # a meeting of unknown size
WEEKDAYS = "一二三四五六日"
CHAR_W = round(CELL_PT * 20)  # one 字 of table text, in twips
_DEVELOPMENT = re.compile(r"发展|预备党员|积极分子|入党|转正")
_VOTE = re.compile(r"接收预备党员|转正")  # what a 党员大会 votes on


@dataclass(frozen=True)
class Branch:
    """What the papers need to know of the branch, from its plan and members list."""

    org: str  # its short name, in titles: 内科第一党支部
    issuer: str  # the name a notice is signed with
    count: int | None  # members, as the plan file says (without a members list)
    committee: tuple[str, ...]  # the names of its committee's members, as the plan file lists them
    groups: int | None
    members: Members | None
    time: Callable[[str], str | None]  # meeting kind → its time of day, as written, or None
    place: Callable[[str], str | None]
    notice_days: int
    is_workday: Callable[[dt.date], bool]


@dataclass(frozen=True)
class Attendance:
    """Who is called to one sitting: a 党小组会 has one per group when the members list says who
    is in which."""

    group: str  # the 党小组, for its meetings (may be "" when not known)
    names: tuple[Member, ...] | None  # None: not known, the sheet gets empty rows
    expected: int | None  # 应到
    who: str  # 参加人员, in words


def sittings(meeting: Meeting, branch: Branch) -> list[Attendance]:
    """The sittings of *meeting*: one, or one per 党小组 when the members list names the groups."""
    kind = meeting.event.kind
    members = branch.members
    if kind == "支部委员会会议":
        listed = [m for m in members.members if _on_committee(m)] if members else []
        if listed:
            return [Attendance("", tuple(listed), len(listed), "支部委员会委员")]
        names = branch.committee
        people = tuple(Member(0, name) for name in names) if names else None
        return [Attendance("", people, len(names) or None, "支部委员会委员")]
    if kind == "党小组会":
        if members and members.groups:
            return [
                Attendance(
                    group, tuple(members.of_group(group)), len(members.of_group(group)), f"{group}全体党员"
                )
                for group in members.groups
            ]
        share = math.ceil(branch.count / branch.groups) if branch.count and branch.groups else None
        return [Attendance("", None, share, "本党小组全体党员")]
    if members:
        return [Attendance("", tuple(members.members), len(members.members), "全体党员")]
    return [Attendance("", None, branch.count, "全体党员")]


def _on_committee(member: Member) -> bool:
    return "书记" in member.role or "委员" in member.role


def meeting_name(meeting: Meeting, sitting: Attendance) -> str:
    """The meeting as its files, titles and a record book name it: 支部党员大会, 第1党小组会议,
    主题党日（线上）."""
    if meeting.event.kind == "党小组会" and sitting.group:
        online = ONLINE if meeting.event.name.endswith(ONLINE) else ""
        name = f"{sitting.group}会议" if sitting.group.endswith("党小组") else f"{sitting.group}党小组会"
        return name + online
    return meeting.event.name


def papers(meeting: Meeting, sitting: Attendance, branch: Branch) -> Papers:
    """Every paper of one sitting, in the order they are used: notice, sign-in, record, then the
    outline, programme, agenda or form."""
    made = {
        NOTICE: _notice, SIGN_IN: _sign_in, RECORD: _record, OUTLINE: _outline,
        PROGRAMME: _programme, AGENDA: _agenda, APPRAISAL: _appraisal,
    }  # fmt: skip
    facts = _Facts.of(meeting, sitting, branch)
    title = f"{meeting.date.month}月{meeting.date.day}日（周{WEEKDAYS[meeting.date.weekday()]}）{meeting_name(meeting, sitting)}"
    return Papers(title, branch.org, meeting.date.month, tuple(made[kind](facts) for kind in meeting.papers))


@dataclass(frozen=True)
class _Facts:
    meeting: Meeting
    sitting: Attendance
    branch: Branch
    name: str  # as the papers call it, without （线上）
    online: bool
    when: str  # 2027年3月9日（星期二）14:30
    place: str
    notice_date: dt.date

    @classmethod
    def of(cls, meeting: Meeting, sitting: Attendance, branch: Branch) -> _Facts:
        name = meeting_name(meeting, sitting)
        online = name.endswith(ONLINE)
        day = meeting.date
        kind = meeting.event.kind
        time = branch.time(kind)
        when = f"{full_date(day)}{time.replace('：', ':') if time else BLANK_TIME}"
        place = "线上" if online else (branch.place(kind) or BLANK)
        return cls(meeting, sitting, branch, name.removesuffix(ONLINE), online, when, place,
                   notice_date(day, branch.notice_days, branch.is_workday))  # fmt: skip

    @property
    def topics(self) -> str:
        """The month's work as one numbered sentence, or a line to write on; a meeting the plan
        names for its business (党员大会讨论接收预备党员) puts that first."""
        own = self.name
        for kind in ("支部党员大会", "党员大会"):
            own = own.removeprefix(kind)
        topics = ((own,) if own and own != self.name else ()) + self.meeting.topics
        if not topics:
            return BLANK
        return "；".join(f"{number}.{topic}" for number, topic in enumerate(topics, start=1)) + "。"

    @property
    def expected(self) -> str:
        return str(self.sitting.expected) if self.sitting.expected else "＿＿"

    @property
    def entitled(self) -> str:
        """Members with a vote (正式党员), when the members list says who is probationary."""
        names = self.sitting.names
        if names is None or self.branch.members is None:
            return "＿＿"
        return str(sum(not member.probationary for member in names))


def full_date(day: dt.date) -> str:
    """2027年3月9日（星期二）: a date as a notice writes it."""
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def notice_date(day: dt.date, days: int, is_workday: Callable[[dt.date], bool]) -> dt.date:
    """*days* before *day*, moved back to a working day (a notice goes out on one)."""
    issued = day - dt.timedelta(days=days)
    for _ in range(30):  # the longest run of days off (春节 with its weekends) is 9
        if days == 0 or is_workday(issued):
            break
        issued -= dt.timedelta(days=1)
    return issued


# --- the notice and other text papers ---------------------------------------------------------------

_VERB = {"主题党日": "开展", "民主评议党员": "开展", "党课": "举办", "廉政党课": "举办"}
_ASK = {
    "组织生活会": "会前请认真学习，广泛征求意见，开展谈心谈话，撰写个人对照检查材料。",
    "民主评议党员": "请对照党员标准，认真准备个人总结，客观公正地参加评议。",
    "党课": "请带好笔记本，做好学习记录。",
    "廉政党课": "请带好笔记本，做好学习记录。",
    "主题党日": "请佩戴党员徽章。",
}


def _notice(facts: _Facts) -> Paper:
    kind = facts.meeting.event.kind
    verb = _VERB.get(kind, "召开")
    salutation = "各位支部委员：" if kind == "支部委员会会议" else (
        f"{facts.sitting.group}全体党员：" if facts.sitting.group else "全体党员：")  # fmt: skip
    way = "以线上方式" if facts.online else f"在{facts.place}"
    count = f"（应到{facts.sitting.expected}人）" if facts.sitting.expected else ""
    asks = [_ASK[kind]] if kind in _ASK else []
    if kind == "支部党员大会" and _DEVELOPMENT.search(" ".join([facts.name, *facts.meeting.topics])):
        asks.append("涉及发展党员的议题，请有关发展对象、入党介绍人参加。")
    asks.append("请准时参加；因故不能参加的，请在会前向支部书记请假。")
    parts: list[Text | Form | Signature] = [
        *_title(f"关于{verb}{facts.name}的通知"),
        Text(""),
        Text(salutation, "plain"),
        Text(f"经研究，定于{facts.when}{way}{verb}{facts.name}。现将有关事项通知如下。"),
        Text("一、会议议题", "heading"),
        Text(facts.topics),
        Text("二、参加人员", "heading"),
        Text(f"{facts.sitting.who}{count}。"),
        Text("三、有关要求", "heading"),
        *(Text(f"{number}.{ask}") for number, ask in enumerate(asks, start=1)),
        Text(""),
        Signature(facts.branch.issuer, _signed(facts.notice_date)),
    ]
    return Paper(NOTICE, (Sheet(tuple(parts), numbered=True),))


def _programme(facts: _Facts) -> Paper:
    """主题党日活动方案: the theme, the time and place, who, the steps, what to mind."""
    name = facts.name
    title = f"{facts.meeting.date.month}月{name}活动方案" if name == "主题党日" else f"{name}活动方案"
    theme = name.removesuffix("主题党日") if name != "主题党日" else ""
    mind = ["参加人员佩戴党员徽章，因故不能参加的提前请假。", "做好活动记录，留存照片等资料，及时归档。",
            "线上开展的，提前发布参加方式，核对参加人员。" if facts.online else "外出开展的，提前做好安全保障。"]  # fmt: skip
    steps = ["签到，清点人数。", "重温入党誓词。", "集中学习（学习内容：" + BLANK + "）。",
             "开展主题活动（" + BLANK + "）。", "党员交流发言。", "支部书记总结，布置下一阶段工作。"]  # fmt: skip
    count = f"（应到{facts.sitting.expected}人）" if facts.sitting.expected else ""
    parts: list[Text | Form | Signature] = [
        *_title(title),
        Text(""),
        Text("一、活动主题", "heading"),
        Text((theme + "。") if theme else BLANK),
        Text("二、时间、地点和参加人员", "heading"),
        Text(f"{facts.when}，{facts.place}；{facts.sitting.who}{count}。"),
        Text("三、活动流程", "heading"),
        *(Text(f"{number}.{step}") for number, step in enumerate(steps, start=1)),
        Text("四、注意事项", "heading"),
        *(Text(f"{number}.{item}") for number, item in enumerate(mind, start=1)),
        Text(""),
        Signature(facts.branch.issuer, _signed(facts.notice_date)),
    ]
    return Paper(PROGRAMME, (Sheet(tuple(parts), numbered=True),))


# the steps the rules prescribe: 组织生活会 (会前学习、征求意见、谈心谈话、对照检查材料; 会上通报整改、
# 书记带头检视、逐一发言开展批评和自我批评、点评、总结); 民主评议党员 (学习教育、自评、互评、测评、评定)
_LIFE_BEFORE = ("组织党员开展学习，明确本次组织生活会的主题（按上级党组织的通知确定）。",
                "通过座谈、个别访谈等方式，广泛征求党员和群众的意见建议。",
                "支部书记与委员、委员之间、委员与党员之间开展谈心谈话。",
                "党员对照党章党规和本次主题，撰写个人对照检查材料。")  # fmt: skip
_LIFE_STEPS = ("主持人说明会议主题和议程，通报上次组织生活会查摆问题的整改情况。",
               "支部书记代表支部作对照检查，带头开展批评和自我批评。",
               "支部委员和党员逐一作对照检查发言，相互开展批评。",
               "上级党组织参会同志点评讲话（有参会同志时）。",
               "支部书记总结，明确整改方向。")  # fmt: skip
_LIFE_AFTER = ("对照查摆出的问题，制定整改清单，明确责任和时限。",
               "会后按规定将会议情况报上级党组织。")  # fmt: skip
_APPRAISAL_STEPS = ("学习教育：组织党员学习党章党规，明确评议的标准和要求。",
                    "个人自评：党员对照党员标准，总结本年度思想、工作、学习和作风情况，作自我评价。",
                    "党员互评：党员之间开展评议，提出意见建议。",
                    "民主测评：党员填写民主评议党员测评表，当场收回统计。",
                    "组织评定：支部综合自评、互评和测评情况，提出每名党员的评定等次意见，报上级党组织。",
                    "结果运用：向党员反馈评议结果，对评定为基本合格、不合格的党员按规定处置。")  # fmt: skip


def _agenda(facts: _Facts) -> Paper:
    if facts.meeting.event.kind == "民主评议党员":
        sections = [("评议程序", _APPRAISAL_STEPS)]
        title = f"{facts.name}程序"
    else:
        sections = [("会前准备", _LIFE_BEFORE), ("会议议程", _LIFE_STEPS), ("会后工作", _LIFE_AFTER)]
        title = f"{facts.name}议程"
    parts: list[Text | Form | Signature] = [
        *_title(title),
        Text(f"时间：{facts.when}　地点：{facts.place}", "line"),
        Text(""),
    ]
    for number, (heading, steps) in enumerate(sections):
        parts.append(Text(f"{'一二三'[number]}、{heading}", "heading"))
        parts += [Text(f"{n}.{step}") for n, step in enumerate(steps, start=1)]
    return Paper(AGENDA, (Sheet(tuple(parts), numbered=True),))


def _signed(day: dt.date) -> str:
    """GB/T 9704 成文日期: 2027年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _title(title: str) -> list[Text]:
    return [Text(title, "title")]


def _title_lines(title: str) -> int:
    return len(wrap_title(title))


# --- the forms ---------------------------------------------------------------------------------------

LABEL_W = 1640  # twips: 5 字 of table text and the cell's margins
VALUE_W = (TEXT_W - 2 * LABEL_W) // 2


def text_lines(text: str, span_twips: int) -> int:
    """Lines of table text *text* takes in a cell *span_twips* wide (the plan tables' measure)."""
    measure = max((span_twips - 2 * CELL_MARGIN_H) / (CELL_PT * 20) - CELL_SAFETY, 1.0)
    return len(wrap(text, measure, measure, cell=True)) if text else 1


def row_height(lines: int) -> int:
    """Whole body lines that hold *lines* of table text with the cell's margins and rules."""
    return math.ceil((lines * CELL_LINE + 2 * CELL_MARGIN_V + 2 * CELL_BORDER) / LINE) * LINE


def _room(title: str, lines_above: int) -> int:
    """Twips left for a form on a sheet under *title* and *lines_above* lines of text."""
    return PAGE - (_title_lines(title) + lines_above) * LINE - SLACK


def _rows_fitting(count: int, room: int, header: int, footer: int, least: int = LEAST_ROW) -> int | None:
    """The row height that puts *count* rows in *room* with the header and footer rows, as near a
    body line as it can and not under *least*; None when they do not fit."""
    if count == 0:
        return LINE
    height = min(LINE, (room - header - footer) // count)
    return height if height >= least else None


def _roll(
    people: list[Member | None], up: int, height: int, cells: Callable[[int, Member | None], list[Cell]]
) -> list[Row]:
    """Rows of *people* numbered down each of *up* lists side by side; *cells* gives one entry's."""
    rows = math.ceil(len(people) / up)
    out = []
    for index in range(rows):
        entries: list[Cell] = []
        for column in range(up):
            at = column * rows + index
            entries += cells(at + 1, people[at]) if at < len(people) else cells(0, None)
        out.append(Row(tuple(entries), height))
    return out


def _people_rows(sitting: Attendance, kind: str) -> list[Member | None]:
    """A row for each member called, or empty rows for as many as the plan counts."""
    if sitting.names is not None:
        return list(sitting.names)
    return [None] * (sitting.expected or (COMMITTEE_ROWS if kind == "支部委员会会议" else UNKNOWN_ROWS))


def _roll_widths(people: list[Member | None], extra: Sequence[str]) -> tuple[int, int]:
    """(number, name) column widths for a list of *people*: room for the longest name (and for a
    name of three characters written by hand on an empty row) and for the highest number."""
    names = [member.name for member in people if member] + ["三个字", *extra]
    return max(cell_twips("序"), cell_twips(str(len(people)))), max(cell_twips(name) for name in names)


def _header(labels: Sequence[str], widths: Sequence[float]) -> Row:
    """A header row as tall as its longest label wrapped in its column (序号 over a narrow one)."""
    lines = max(text_lines(label, int(w)) for label, w in zip(labels, widths, strict=True))
    return Row(tuple(Cell(label, label=True) for label in labels), row_height(lines), header=True)


def _sign_in(facts: _Facts) -> Paper:
    """签到表: a row to sign for each member called, in up to three lists side by side so that a
    branch of up to 60 signs on one page; the 应到 count under it."""
    title = f"{facts.name}签到表"
    above = [Text(f"会议时间：{facts.when}", "plain"), Text(f"会议地点：{facts.place}", "plain")]
    people = _people_rows(facts.sitting, facts.meeting.event.kind)
    count = f"应到{facts.expected}人，实到＿＿人，缺席＿＿人。"
    number_w, name_w = _roll_widths(people, ("姓名",))
    sign_w, note_w = (
        cell_twips("签到签") + CHAR_W // 2,
        cell_twips("预备党员"),
    )  # a signature: 3.5 字 at least
    ups = [up for up in (1, 2, 3) if up * (number_w + name_w + sign_w) + (note_w if up == 1 else 0) <= TEXT_W]
    up, height = 1, LINE
    for up in ups or [1]:
        labels = ("序号", "姓名", "签到") + (("备注",) if up == 1 else ())
        if up == 1:
            number_w = max(number_w, cell_twips("序号"))
            widths: tuple[float, ...] = (number_w, name_w, TEXT_W - number_w - name_w - note_w, note_w)
        else:
            widths = (number_w, name_w, TEXT_W // up - number_w - name_w) * up
        head = _header(labels * up, widths)
        fitting = _rows_fitting(math.ceil(len(people) / up), _room(title, len(above)), head.height, LINE)
        height = fitting or LEAST_ROW
        if fitting:
            break

    def entry(number: int, member: Member | None) -> list[Cell]:
        cells = [Cell(str(number) if number else ""), Cell(member.name if member else ""), Cell()]
        return cells + ([Cell("预备党员" if member and member.probationary else "")] if up == 1 else [])

    rows = _roll(people, up, height, entry)
    form = Form(widths, (head, *rows, Row((Cell(count, span=len(widths)),), LINE)))
    return Paper(SIGN_IN, (Sheet((*_title(title), *above, form)),))


def _record(facts: _Facts) -> Paper:
    """The record: its form (when, where, who, the topics, the first lines of the minutes), then a
    second page (the minutes go on, the decisions, the signatures)."""
    title = f"{facts.name}记录"
    wide = VALUE_W * 2 + LABEL_W

    def line(label: str, value: str = "") -> Row:
        return Row((Cell(label, label=True), Cell(value, span=3)), row_height(text_lines(value, wide)))

    def pair(label: str, value: str, label2: str, value2: str = "") -> Row:
        return Row((Cell(label, label=True), Cell(value), Cell(label2, label=True), Cell(value2)), LINE)

    host = (
        facts.meeting.event.owner if facts.meeting.event.kind != "党小组会" or not facts.sitting.group else ""
    )
    head = [
        line("会议名称", facts.name + ("（线上）" if facts.online else "")),
        line("时　　间", facts.when),
        line("地　　点", facts.place),
        pair("主 持 人", host, "记 录 人"),
        pair("应到人数", facts.expected, "实到人数"),
        line("缺席及原因"),
        line("列席人员"),
    ]
    room = _room(title, 0)
    used = sum(row.height for row in head)
    topics = facts.topics
    topic_row = line("会议议题", topics)
    if used + topic_row.height > room - 3 * LINE:  # a month of very many items: the notice lists them
        topic_row = line("会议议题", "见会议通知。")
    used += topic_row.height
    minutes = max((room - used) // LINE, 1)
    first = Form((LABEL_W, VALUE_W, LABEL_W, VALUE_W), (*head, topic_row, *_ruled("会议内容", minutes)))
    title2 = f"{facts.name}记录（续）"
    room2 = _room(title2, 0)
    signed = Row((Cell("主持人签字", label=True), Cell(), Cell("记录人签字", label=True), Cell()), LINE)
    closing = [signed]
    if facts.meeting.event.kind == "支部党员大会" and _VOTE.search(
        " ".join([facts.name, *facts.meeting.topics])
    ):
        # 发展党员 at a 党员大会: the vote of the full members present, half of those entitled at least
        closing.insert(0, line("表决情况", f"有表决权的正式党员应到{facts.entitled}人，实到＿＿人；"
                                           "赞成＿＿票，反对＿＿票，弃权＿＿票。"))  # fmt: skip
    decisions = 4
    more = max((room2 - sum(row.height for row in closing)) // LINE - decisions, 1)
    second = Form((LABEL_W, VALUE_W, LABEL_W, VALUE_W),
                  (*_ruled("会议内容", more), *_ruled("会议决议", decisions), *closing))  # fmt: skip
    return Paper(RECORD, (Sheet((*_title(title), first)), Sheet((*_title(title2), second))))


def _ruled(label: str, count: int, starts: Sequence[str] = ()) -> list[Row]:
    """*count* lines to write on beside *label* (one cell, merged down); a line may start with one
    of *starts* (an outline's 一、)."""
    rows = []
    for index in range(count):
        text = starts[index] if index < len(starts) else ""
        rows.append(Row((Cell(label if index == 0 else "", label=True, merged=index > 0),
                         Cell(text, span=3)), LINE))  # fmt: skip
    return rows


def _outline(facts: _Facts) -> Paper:
    """党课提纲: who speaks, when and where, the title and materials, an outline frame to fill."""
    title = f"{facts.name}提纲"
    wide = VALUE_W * 2 + LABEL_W
    speaker = facts.meeting.event.owner

    def line(label: str, value: str = "", lines: int = 1) -> Row:
        return Row((Cell(label, label=True), Cell(value, span=3)),
                   max(row_height(text_lines(value, wide)), lines * LINE))  # fmt: skip

    head = [line("主 讲 人", speaker), line("时　　间", facts.when), line("地　　点", facts.place),
            line("参加人员", facts.sitting.who), line("课程题目", "", 2), line("学习资料", "", 2)]  # fmt: skip
    room = _room(title, 0)
    lines = max((room - sum(row.height for row in head)) // LINE, 3)
    step = max(lines // 4, 1)
    starts = [""] * lines
    for number in range(min(4, lines)):
        starts[number * step] = f"{'一二三四'[number]}、"
    form = Form((LABEL_W, VALUE_W, LABEL_W, VALUE_W), (*head, *_ruled("内容提纲", lines, starts)))
    return Paper(OUTLINE, (Sheet((*_title(title), form)),))


TICK_ROW = 420  # 7.4 mm: a line of table text and a tick
GRADES = ("优秀", "合格", "基本合格", "不合格")


def _appraisal(facts: _Facts) -> Paper:
    """民主评议党员测评表: every member's row, one mark per row. The four grades need the page's
    width, so the list is one: up to 28 members on one page, more on the back, its header repeated."""
    title = "民主评议党员测评表"
    above = [Text("请在相应等次栏内画“√”，每名党员只选一个等次。", "plain")]
    people = _people_rows(facts.sitting, facts.meeting.event.kind)
    number_w, name_w = _roll_widths(people, ("姓名",))
    number_w = max(number_w, cell_twips("序号"))
    grade_w = (TEXT_W - number_w - name_w) // len(GRADES)
    widths = (number_w, name_w, *(grade_w for _ in GRADES))
    head = _header(("序号", "姓名", *GRADES), widths)
    height = _rows_fitting(len(people), _room(title, len(above)), head.height, 0, TICK_ROW) or TICK_ROW

    def entry(number: int, member: Member | None) -> list[Cell]:
        return [
            Cell(str(number) if number else ""),
            Cell(member.name if member else ""),
            *(Cell() for _ in GRADES),
        ]

    form = Form(widths, (head, *_roll(people, 1, height, entry)))
    return Paper(APPRAISAL, (Sheet((*_title(title), *above, form)),))
