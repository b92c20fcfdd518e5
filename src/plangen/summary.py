"""The year-end 年度工作总结 of a plan, and its secretary's 述职 — a skeleton made from the plan's
composed Document by its structure, never by rewriting the plan's sentences.

Every section of the plan comes back with its ordinal and heading; under it one frame sentence of
ours says what the plan set out (quoting the heading) and a fill-in field takes what was done. The
counts come from the plan's dated calendar (``doc.events``); what was held comes from a records
file when given, else it is a fill-in field too. Everything only the branch can write is one marker,
:func:`fill` — ``【待填写：…】`` — which ``plangen lint`` reports (rule R015) until it is replaced, so
a summary cannot be handed in half done.

Records (:func:`read_records`):

- the folder ``plangen meetings`` wrote: a meeting counts as held when its record's 实到人数 cell
  is filled in (a record not filled in, or missing, is a meeting not held); it covers the kinds of
  meeting it has files of (``--kind`` may have made only some), the other work stays to be filled in;
- a CSV or XLSX with the columns 日期, 类别 and 是否召开 (是/否): it covers the kinds it names.

A planned event counts as held when a held record of its kind falls in its month; held records
beyond the plan count too (a meeting added during the year).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document, Event, Heading, Paragraph, RunIn, Signature, Table
from .errors import PlanError, PlanErrors, shorten
from .layout import fitted_widths
from .meetings.make import FILE_NAME
from .numbering import ordinal
from .paper import ALIASES, MEETING_KINDS
from .schedule import ONLINE

SUMMARY, REPORT = "总结", "述职"
GROUP_MEETING = "党小组会"  # the kind each 党小组 holds on its own
KINDS = (SUMMARY, REPORT)
FILL_PREFIX = "【待填写："


def fill(prompt: str) -> str:
    """A field only the branch can fill in: the one marker lint's R015 looks for."""
    return f"{FILL_PREFIX}{prompt}】"


# --- the counts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """One kind of the calendar's work: planned, held (None: no record says), and the months of
    planned ones no held record matched."""

    kind: str
    planned: int
    held: int | None = None
    missed: tuple[int, ...] = ()
    of: str = ""  # the calendar's kind it counts, when not *kind* itself (第1党小组会议: 党小组会)

    @property
    def short(self) -> int:
        return max(self.planned - (self.held or 0), 0) if self.held is not None else 0


@dataclass
class Records:
    """What a records file says: the kinds it covers and the dates held of each."""

    path: Path
    kinds: set[str] = field(default_factory=set)
    held: dict[str, list[dt.date]] = field(default_factory=dict)
    # each 党小组's sittings, by the name its files carry (第一党小组会议 → the dates held): every
    # group meets at each of the calendar's 党小组会, so each is counted on its own
    groups: dict[str, list[dt.date]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    source: str = "会议记录"  # how the counts are said to be taken: 会议记录 (a folder), 记录表


def tallies(doc: Document, records: Records | None = None) -> list[Tally]:
    """Each kind of the calendar's events in the order of the year, counted (schedule's output)."""
    events = sorted(doc.events, key=lambda e: e.date)
    planned = Counter(event.kind for event in events)
    order = {kind: index for index, kind in enumerate(MEETING_KINDS)}  # 三会一课 first
    out = []
    for kind in sorted(planned, key=lambda k: order.get(k, len(order))):
        if records is None or kind not in records.kinds:
            out.append(Tally(kind, planned[kind]))
        elif kind == GROUP_MEETING and records.groups:
            from .meetings.members import group_order

            groups = sorted(records.groups.items(), key=lambda item: group_order(item[0]))
            out += [_tally(name, events, kind, held) for name, held in groups]
        else:
            out.append(_tally(kind, events, kind, records.held.get(kind, [])))
    return out


def _tally(name: str, events: list[Event], kind: str, held: list[dt.date]) -> Tally:
    """*name*'s count: the calendar's events of *kind*, each matched by a held date in its month."""
    left = Counter(day.month for day in held)
    planned, missed = 0, []
    for event in events:
        if event.kind != kind:
            continue
        planned += 1
        if left[event.date.month] > 0:
            left[event.date.month] -= 1
        else:
            missed.append(event.date.month)
    return Tally(name, planned, len(held), tuple(missed), "" if name == kind else kind)


def _verb(kind: str) -> str | None:
    """How a count of *kind* is said (召开 a meeting, 讲 a 党课), or None when no one verb is true
    for it (the table lists those)."""
    if kind.endswith("党课"):
        return "讲"
    if kind.endswith(("会议", "大会", "会")):
        return "召开"
    if kind in ("主题党日", "民主评议党员") or kind.endswith("集体学习"):
        return "开展"
    return None


def count_sentence(tally: Tally) -> str | None:
    """“全年计划召开支部委员会会议12次，实际召开10次。” — None for a kind without a verb."""
    verb = _verb(tally.kind)
    if verb is None:
        return None
    held = f"{tally.held}次" if tally.held is not None else fill("次数") + "次"
    return f"全年计划{verb}{tally.kind}{tally.planned}次，实际{verb}{held}。"


def _months(missed: tuple[int, ...], compact: bool = False) -> str:
    """The months missed, each once, with its count when more than one: “3月、7月”, “5月2次”;
    *compact* (a table's narrow column), “3、7、11月” — one 月, so no line ends between 9 and 月."""
    counts = Counter(missed)
    if compact and counts and all(count == 1 for count in counts.values()):
        return "、".join(map(str, counts)) + "月"
    return "、".join(f"{month}月" + (f"{counts[month]}次" if counts[month] > 1 else "") for month in counts)


def problem_sentence(tally: Tally) -> str | None:
    """The 存在问题 prompt of a kind whose planned events no held record matched: “支部委员会会议
    少开2次（3月、7月）。” — the months exactly those missed, the count theirs."""
    if tally.held is None or not tally.missed:
        return None
    verb = _verb(tally.kind) or "完成"
    months, missed = _months(tally.missed), len(tally.missed)
    if tally.short == missed:
        less = {"召开": "少开", "讲": "少讲", "开展": "少开展"}.get(verb, "少完成")
        return f"{tally.kind}{less}{missed}次（{months}）。"
    sentence = f"{tally.kind}有{missed}次未在计划的月份{verb}（{months}）"
    if tally.short:
        sentence += f"，全年比计划少{tally.short}次"
    return sentence + "。"


# --- records ----------------------------------------------------------------------------------------

HEADERS = {
    "日期": "date", "时间": "date", "会议日期": "date", "date": "date",
    "类别": "kind", "会议类别": "kind", "会议": "kind", "工作内容": "kind", "kind": "kind",
    "是否召开": "held", "召开": "held", "是否完成": "held", "已召开": "held", "held": "held",
}  # fmt: skip
YES = {"是", "已召开", "召开", "已完成", "完成", "yes", "y", "true", "1", "√", "✓"}
NO = {"否", "未召开", "未完成", "no", "n", "false", "0", "×", "✗"}
_DATE = re.compile(r"(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
MAX_RECORD_FILES = 2_000  # a year's papers are ~70 files; a folder of thousands is not that folder


RECORDS_HINT = (
    "--records 写 plangen meetings 生成 Word 会议材料的输出文件夹，"
    "或一张 CSV/XLSX 表（列名：日期、类别、是否召开）。"
)
TABLE_SUFFIXES = (
    ".csv",
    ".txt",
    ".tsv",
    ".xlsx",
    ".xlsm",
    ".xls",
)  # .xls: refused by the table reader, said so


def read_records(path: Path, doc: Document) -> Records:
    """The records at *path* — a ``plangen meetings`` folder, or a CSV/XLSX table — for *doc*'s year."""
    if path.is_dir():
        return _read_folder(path, doc)
    if not path.exists():
        raise PlanError(f"找不到记录文件：{path.name}", path, hint=RECORDS_HINT)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise PlanError(
            f"--records 不能是{path.suffix or '没有扩展名的'}文件：{path.name}", path, hint=RECORDS_HINT
        )
    return _read_table(path, doc)


def _read_table(path: Path, doc: Document) -> Records:
    from .batch.roster import header_index, note_of, read_table

    known = {key.lower(): value for key, value in HEADERS.items()}
    _, table, sheet = read_table(path, known, "记录表", "日期")
    out = Records(path, notes=[sheet] if sheet else [], source="记录表")
    at = header_index(table, known)
    header_row, header_cells = table[at] if table else (1, [])
    headers = [cell.strip().lstrip("\ufeff") for cell in header_cells]
    columns = {known[h.lower()]: i for i, h in reversed(list(enumerate(headers))) if h.lower() in known}
    missing = [
        name for name, key in (("日期", "date"), ("类别", "kind"), ("是否召开", "held")) if key not in columns
    ]
    if missing:
        raise PlanError(f"记录表缺少“{'”“'.join(missing)}”列", path, header_row,
                        hint="第一行写列名：日期、类别、是否召开；以下每行一次会议或活动，如 2027-03-09,支委会,是。")  # fmt: skip
    names = calendar_names(doc)
    kinds = set(names.values())
    problems: list[PlanError] = []
    seen: dict[tuple[str, dt.date], tuple[int, bool]] = {}  # (kind, date) → (row, held) of its first row
    for number, cells in table[at + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        if note_of(cells) is not None:
            out.notes.append(f"记录表第 {number} 行是表格下方的说明，未计入")
            continue

        def cell(key: str, cells: list[str] = cells) -> str:
            index = columns[key]
            return cells[index].strip() if index < len(cells) else ""

        def where(key: str) -> str:
            return f"第 {columns[key] + 1} 列“{headers[columns[key]]}”"

        day = _date(cell("date"), doc.year)
        if day is None:
            problems.append(PlanError(f"第 {number} 行{where('date')}不是日期：“{shorten(cell('date'), 20)}”",
                                      path, number, hint="写作 2027-03-09、2027/3/9、2027年3月9日 或 3月9日。"))  # fmt: skip
        elif day.year != doc.year:
            problems.append(PlanError(f"第 {number} 行{where('date')}是 {day.year} 年，总结的是 {doc.year} 年",
                                      path, number, hint="只列本年度的会议和活动，或用 --year 指定年度。"))  # fmt: skip
        kind = kind_of(cell("kind"), names)
        group = _group_sitting(cell("kind")) if GROUP_MEETING in kinds else None
        if kind is None and group is not None:
            kind = GROUP_MEETING
        if kind is None:
            listed = "、".join(k for k in MEETING_KINDS if k in kinds) or "、".join(sorted(kinds)[:8])
            problems.append(PlanError(f"第 {number} 行{where('kind')}“{shorten(cell('kind'), 20)}”不是计划日程中的工作",
                                      path, number, hint=f"写日程中的名称（plangen schedule 列出的），如：{listed}。"))  # fmt: skip
        held = cell("held").lower()
        if held not in YES | NO:
            problems.append(PlanError(f"第 {number} 行{where('held')}应为“是”或“否”：“{shorten(cell('held'), 20)}”",
                                      path, number))  # fmt: skip
        if len(problems) >= 50:
            break
        if day is None or kind is None or held not in YES | NO or day.year != doc.year:
            continue
        before = seen.get((group or kind, day))
        if before is not None:
            if before[1] != (held in YES):
                problems.append(PlanError(
                    f"第 {before[0]} 行和第 {number} 行是同一次{kind}（{day.month}月{day.day}日），"
                    "一行写召开、一行写未召开", path, number, hint="删去其中写错的一行。"))  # fmt: skip
            else:
                out.notes.append(
                    f"记录表第 {number} 行与第 {before[0]} 行重复（{day.month}月{day.day}日{kind}），只计一次"
                )
            continue
        seen[(group or kind, day)] = (number, held in YES)
        out.kinds.add(kind)
        if group is not None:
            sittings = out.groups.setdefault(group, [])
            if held in YES:
                sittings.append(day)
        elif held in YES:
            out.held.setdefault(kind, []).append(day)
    PlanErrors.raise_if_any(problems)
    if not out.kinds:
        raise PlanError(
            "记录表中没有记录", path, hint="列名行以下每行写一次会议或活动：日期、类别、是否召开。"
        )
    return out


_GROUP_SITTING = re.compile(r"(\S{1,30}党小组)(?:会议|会)?")


def _group_sitting(text: str) -> str | None:
    """One 党小组's sitting in a records table — 第1党小组会议, 第一党小组会, 护理党小组 — by the name
    a meetings folder gives it (第1党小组会议), or None (党小组会 itself is the calendar's kind)."""
    found = _GROUP_SITTING.fullmatch("".join(text.split()))
    if found is None or found[1] == "党小组":
        return None
    return f"{found[1]}会议"


def calendar_names(doc: Document) -> dict[str, str]:
    """Every name a records table may give a piece of the calendar's work — its kind, its event's
    name as ``plangen schedule`` prints it (with or without the （线上） mark), the short names a
    secretary uses — → its kind."""
    names = {alias: kind for alias, kind in ALIASES.items()}
    for event in doc.events:
        for name in (event.kind, event.name, event.name.removesuffix(ONLINE)):
            names[name] = event.kind
    kinds = {event.kind for event in doc.events}
    return {name: kind for name, kind in names.items() if kind in kinds}


def kind_of(text: str, names: dict[str, str]) -> str | None:
    """The calendar's kind of a records table's 类别 cell, or None."""
    text = " ".join(text.split())
    return names.get(text) or names.get(text.removesuffix(ONLINE).strip())


# an Excel serial day number (a date cell saved without its date format): 1955 … 2173
_SERIAL = re.compile(r"\d{5}(?:\.0+)?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _date(text: str, year: int) -> dt.date | None:
    """A date as people and spreadsheets write it: 2027-03-09, 2027/3/9, 2027.3.9, 2027年3月9日,
    3月9日, an XLSX date cell (2027-03-09, with a time of day or not) or its serial number (46455)."""
    text = text.strip()
    if _SERIAL.fullmatch(text):
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    text = re.sub(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$", "", text)  # 2027-03-09 00:00:00
    found = _DATE.fullmatch(text)
    if not found:
        return None
    try:
        return dt.date(int(found[1] or year), int(found[2]), int(found[3]))
    except ValueError:
        return None


def _read_folder(folder: Path, doc: Document) -> Records:
    """A ``plangen meetings`` folder: each meeting's Word file (``03月09日 支部党员大会.docx``, or with
    ``--split`` its ``… 会议记录.docx``) read within the Word reader's limits; held = its 实到人数
    filled in (the record's cell, or the 签到表's “实到＿＿人”). The records' dates (their 时间) —
    else the folder's name — must be of the plan's year; a file no meeting of the calendar has is
    named in a note."""
    meetings = [event for event in doc.events if event.kind in MEETING_KINDS]
    out = Records(folder)  # the kinds of the files found: papers made for some kinds cover only those
    files = sorted(path for path in folder.glob("*.docx") if not path.name.startswith("~$"))
    if len(files) > MAX_RECORD_FILES:
        raise PlanError(f"记录文件夹中的 Word 文件超过 {MAX_RECORD_FILES} 个", folder)
    if not files and any(folder.glob("*.md")):
        raise PlanError("记录文件夹中只有 Markdown 文件，没有 Word 会议记录", folder,
                        hint="会议记录要在 Word 中填写“实到人数”：用 plangen meetings 生成 Word 材料（-f docx，默认即是）。")  # fmt: skip
    named = _FOLDER_YEAR.search(folder.name)
    found, stray = 0, []
    other_years: dict[int, list[str]] = {}
    for path in files:
        match = FILE_NAME.fullmatch(path.stem)
        if match is None:
            stray.append(path.name)
            continue
        attended, year = _read_record(path)
        if year is not None and year != doc.year:
            other_years.setdefault(year, []).append(path.name)
            continue
        month, day, name = int(match[1]), int(match[2]), match[3].removesuffix(ONLINE)
        event = next((e for e in meetings if (e.date.month, e.date.day) == (month, day)
                      and (name.startswith(e.name.removesuffix(ONLINE))
                           or (e.kind == GROUP_MEETING and "党小组" in name))), None)  # fmt: skip
        if event is None:
            stray.append(path.name)
            continue
        found += 1
        out.kinds.add(event.kind)
        if attended and event.date not in out.held.get(event.kind, []):
            out.held.setdefault(event.kind, []).append(event.date)
        if event.kind == GROUP_MEETING and name != event.name.removesuffix(ONLINE):  # one group's
            sittings = out.groups.setdefault(name, [])
            if attended and event.date not in sittings:
                sittings.append(event.date)
    if other_years:
        year = max(other_years, key=lambda y: len(other_years[y]))
        names = "、".join(other_years[year][:3]) + ("等" if len(other_years[year]) > 3 else "")
        raise PlanError(f"记录文件夹中有 {year} 年的会议记录（{names}），总结的是 {doc.year} 年", folder,
                        hint=f"写 plangen meetings 为 {doc.year} 年计划生成的文件夹，或用 --year 指定年度。")  # fmt: skip
    if named and int(named[1]) != doc.year and not found:
        raise PlanError(f"记录文件夹是 {named[1]} 年的会议材料，总结的是 {doc.year} 年", folder,
                        hint=f"写 plangen meetings 为 {doc.year} 年计划生成的文件夹，或用 --year 指定年度。")  # fmt: skip
    if not found:
        raise PlanError("记录文件夹中没有本计划的会议记录", folder,
                        hint="写 plangen meetings 为本计划（同一年度）生成的文件夹，其中的文件名如“03月09日 支部党员大会.docx”。")  # fmt: skip
    if not out.held and not any(out.groups.values()):
        out.notes.append(f"记录文件夹中的 {found} 份会议记录都没有填写实到人数，实际次数都按 0 计"
                         "（在 Word 中填好各次会议记录的“实到人数”后再运行）")  # fmt: skip
    if stray:
        listed = "、".join(stray[:10]) + (f"等 {len(stray)} 个" if len(stray) > 10 else "")
        out.notes.append(f"记录文件夹中的文件对不上本计划日程中的会议，未计入：{listed}")
    return out


_FOLDER_YEAR = re.compile(r"(\d{4})年会议材料")
_RECORD_YEAR = re.compile(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_SIGNED_IN = re.compile(r"实到\s*(\d+)\s*人")  # the 签到表's “应到23人，实到＿＿人” filled in


def _read_record(path: Path) -> tuple[bool, int | None]:
    """(whether the meeting in *path* was held — its record's 实到人数 cell or its 签到表's 实到＿＿人
    filled in —, the year of its 时间), the file read within the Word reader's limits (a zip bomb
    is refused before any XML is parsed)."""
    from .readers.lines import MAX_WORD_BYTES, MAX_WORD_PART
    from .readers.package import WORD, check_package, unreadable

    check_package(path, path, WORD, MAX_WORD_BYTES, MAX_WORD_PART)
    try:
        from docx import Document as open_docx

        document = open_docx(str(path))
        attended, year = False, None
        paragraphs = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                texts = [cell.text.strip() for cell in row.cells]
                paragraphs += texts
                for index, text in enumerate(texts[:-1]):
                    label = text.replace(" ", "").replace("\u3000", "")
                    if label == "实到人数" and texts[index + 1].strip("＿_ \u3000"):
                        attended = True
                    if label in ("时间", "会议时间") and year is None:
                        dated = _RECORD_YEAR.search(texts[index + 1])
                        year = int(dated[1]) if dated else None
    except Exception as exc:  # a damaged file, said as such (lxml's parse errors and the like)
        raise unreadable(exc, path, WORD) from None
    for text in paragraphs:
        attended = attended or bool(_SIGNED_IN.search(text))
        if year is None and "时间" in text:
            dated = _RECORD_YEAR.search(text)
            year = int(dated[1]) if dated else None
    return attended, year


# --- the documents ----------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    """*text* inside “”: its own “” become ‘’ (quotes within quotes)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


@dataclass
class _Numbers:
    """The ordinals of the new document, by level: the plan's scheme, counted again."""

    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])

    def next(self, level: int) -> str:
        self.counts[level] += 1
        for deeper in range(level + 1, len(self.counts)):
            self.counts[deeper] = 0
        return ordinal(level, self.counts[level])


def _has_content(body: list, index: int) -> bool:
    """Whether the heading at *index* has text of its own (a paragraph, a table) before the next
    heading or run-in item: a heading whose items are all run-ins is framed by them alone."""
    for node in body[index + 1 :]:
        if isinstance(node, (Heading, RunIn)):
            return False
        if isinstance(node, (Paragraph, Table)):
            return True
    return False


def _category(source: str) -> str:
    """The block category a composed node came from: ``guiding-ideology.main`` → guiding-ideology."""
    return source.split(".", 1)[0] if source else ""


# what a section of each nature gets: the plan's guiding ideas are followed, its goals met, its
# safeguards carried out — not 部署ed and 完成ed like a piece of work (by the block's category)
SUMMARY_FRAMES = {
    "guiding-ideology": "全年工作以年初确定的指导思想为指引，" + fill("贯彻落实指导思想的情况"),
    "goals": "对照年初确定的目标，" + fill("各项目标的完成情况"),
    "safeguards": "对照年初确定的保障措施，" + fill("各项措施的落实情况"),
}
REPORT_FRAMES = {
    "guiding-ideology": "本人以年初确定的指导思想为指引，" + fill("本人带头学习贯彻、把握工作方向的情况"),
    "goals": "对照年初确定的目标，本人" + fill("推动各项目标落实的情况"),
    "safeguards": "对照年初确定的保障措施，本人" + fill("履行责任、落实各项措施的情况"),
}


def _summary_frame(heading: Heading, counts: str = "") -> str:
    """The frame of a section; *counts* (its meetings' count sentences) after what was planned."""
    special = SUMMARY_FRAMES.get(_category(heading.source))
    if special:
        return counts + special
    done = fill("本项工作的完成情况、主要做法和成效")
    return f"年初计划对{_quoted(heading.text)}作了部署。{counts}完成情况：{done}"


def _report_frame(heading: Heading, counts: str = "") -> str:
    return counts + (REPORT_FRAMES.get(_category(heading.source)) or (
        f"对照年初计划{_quoted(heading.text)}一项，本人{fill('本人在这项工作中做了什么、取得了什么成效')}"
    ))  # fmt: skip


def _sections(doc: Document, numbers: _Numbers, shift: int, report: bool, counted: list[Tally]) -> list:
    """Every section of the plan, its ordinal counted again *shift* levels deeper: level-1 and
    level-2 headings as headings, run-in items (and deeper headings) as run-in items, each with
    its one frame and field — and, in the first section of a block that dated meetings, their
    counts (“全年计划召开支部委员会会议12次，实际召开11次。”), where the reader looks for them."""
    out: list = []
    counts = _counts_by_block(doc, counted)
    for index, node in enumerate(doc.body):
        said = "".join(counts.pop(node.source, [])) if isinstance(node, (Heading, RunIn)) else ""
        if isinstance(node, Heading) and node.level <= 2:
            level = node.level + shift
            out.append(Heading(level, numbers.next(level), node.text, node.source))
            if _has_content(doc.body, index):
                out.append(Paragraph(_report_frame(node, said) if report else _summary_frame(node, said)))
            elif said:
                out.append(Paragraph(said))
        elif isinstance(node, (Heading, RunIn)):
            level = min(node.level + shift, 4)
            body = fill("本人抓本项工作的情况") if report else fill("本项完成情况")
            out.append(RunIn(level, numbers.next(level), node.text.rstrip("。"), said + body, node.source))
    return out


def _counts_by_block(doc: Document, counted: list[Tally]) -> dict[str, list[str]]:
    """Block id → the count sentences of the meetings it dated: only kinds one block dates all of
    (a kind two blocks share is counted in 全年工作安排落实情况 alone, not half under each)."""
    sources: dict[str, set[str]] = {}
    for event in doc.events:
        sources.setdefault(event.kind, set()).add(event.source)
    known: dict[str, list[str]] = {}
    planned: dict[str, list[Tally]] = {}  # held not known: the field to fill in is in the counts, once
    for tally in counted:
        blocks = sources.get(tally.of or tally.kind, set())
        sentence = count_sentence(tally)
        if len(blocks) == 1 and sentence:
            block = next(iter(blocks))
            if tally.held is None:
                planned.setdefault(block, []).append(tally)
            else:
                known.setdefault(block, []).append(sentence)
    for block, tallies_ in planned.items():
        known.setdefault(block, []).append(planned_sentence(tallies_))
    return known


def planned_sentence(counted: list[Tally]) -> str:
    """“全年计划召开支部党员大会4次、支部委员会会议12次，讲党课4次。” — kinds with a verb only."""
    parts: list[str] = []
    verb = None
    for tally in counted:
        said = _verb(tally.kind)
        if said is None:
            continue
        lead = "" if said == verb else ("，" if parts else "") + said
        parts.append(f"{lead}{'、' if said == verb else ''}{tally.kind}{tally.planned}次")
        verb = said
    return f"全年计划{''.join(parts)}。" if parts else ""


def summary(doc: Document, plan_title: str, records: Records | None, kind: str = SUMMARY,
            secretary: str = "", words: dict | None = None) -> Document:  # fmt: skip
    """The summary (*kind* 总结) or the secretary's report (述职) of the plan *doc* (composed and
    dated): a new Document the writers lay out like a plan. *words*: the plan's own names of its
    bodies (context.party_words); a 党委's, 党工委's or 党总支's counts say only what its calendar has."""
    counted = tallies(doc, records)
    words = words or {"kind": "branch"}
    if kind == REPORT:
        out = _report(doc, plan_title, counted, records, secretary)
    else:
        out = _summary(doc, plan_title, counted, records)
    if words.get("kind", "branch") != "branch":
        what = "本总结" if kind == SUMMARY else "本报告"
        out.notes.append(
            f"{what}按{words['org_full']}计划的日程统计会议和活动；所属党支部的“三会一课”由各支部自行总结。"
        )
    return out


def _summary(doc: Document, plan_title: str, counted: list[Tally], records: Records | None) -> Document:
    numbers = _Numbers()
    out = Document(title=f"{doc.org}{doc.year}年工作总结", year=doc.year, org=doc.org, date=doc.date)
    out.intro = [
        Paragraph(
            f"{doc.year}年，{doc.org}对照年初制定的《{plan_title}》开展工作。现将全年工作情况总结如下。"
        ),
        Paragraph(fill("全年工作的总体情况和主要成效")),
    ]
    out.body += _sections(doc, numbers, 0, report=False, counted=counted)
    out.body.append(Heading(1, numbers.next(1), "全年工作安排落实情况"))
    out.body += _counts(counted, records, doc)
    out.body.append(Heading(1, numbers.next(1), "存在的问题"))
    out.body += [Paragraph(text) for text in _problems(counted)]
    out.body.append(Paragraph(fill("存在的问题和不足及其原因")))
    out.body.append(Heading(1, numbers.next(1), "下一步工作打算"))
    out.body.append(Paragraph(fill(f"{doc.year + 1}年工作的思路和主要措施")))
    issuer = doc.signature.org if doc.signature else doc.org
    out.signature = Signature(issuer, fill("成文日期"))
    out.build_toc()
    return out


def _counts(counted: list[Tally], records: Records | None, doc: Document) -> list[Paragraph | Table]:
    """The calendar's counts: a sentence for each kind of meeting, then the whole year in a table
    (a plan without a dated calendar has none: said so, and left to the branch)."""
    if not counted:
        return [Paragraph("年初计划没有按日期排定全年的会议和活动，不统计计划次数。"
                          + fill("全年召开会议、开展活动的情况"))]  # fmt: skip
    if records is None:
        source = "对照会议记录填写"
    else:
        source = f"据{records.source}统计"
        if any(tally.held is None for tally in counted):
            source += f"，{records.source}未涉及的对照会议记录填写"
    lead = f"按年初计划的全年工作安排，各项会议和活动的计划次数和实际完成次数如下（实际次数{source}）。"
    out: list[Paragraph | Table] = [Paragraph(lead)]
    sentences = [s for s in (count_sentence(t) for t in counted) if s]
    if sentences:
        out.append(Paragraph("".join(sentences)))
    rows = []
    for tally in counted:
        held = str(tally.held) if tally.held is not None else fill("次数")
        months = _months(tally.missed, compact=True) if tally.held is not None else ""
        rows.append([tally.kind, str(tally.planned), held, months or ("—" if tally.held is not None else "")])
    header = ["工作内容", "计划次数", "实际次数", "未完成的月份"]
    widths = fitted_widths(
        [list(column) for column in zip(header, *rows, strict=True)], grow=0, shrink=(3, 0)
    )
    out.append(Table(header, rows, widths, caption=f"{doc.year}年工作安排落实情况"))
    return out


def _problems(counted: list[Tally]) -> list[str]:
    return [text for text in (problem_sentence(t) for t in counted) if text]


def _report(doc: Document, plan_title: str, counted: list[Tally], records: Records | None,
            secretary: str) -> Document:  # fmt: skip
    """书记述职: first person, in three parts — 履职情况 (the plan's sections), 存在问题, 下步打算."""
    numbers = _Numbers()
    out = Document(
        title=f"{doc.org}书记{doc.year}年抓党建工作述职报告", year=doc.year, org=doc.org, date=doc.date
    )
    out.intro = [Paragraph(f"现将本人{doc.year}年履行{doc.org}书记职责、抓党建工作的情况报告如下。")]
    out.body.append(Heading(1, numbers.next(1), "履职情况"))
    out.body.append(Paragraph(f"本人对照年初制定的《{plan_title}》履行职责，情况如下。"))
    out.body += _sections(doc, numbers, 1, report=True, counted=counted)
    out.body.append(Heading(2, numbers.next(2), "全年工作安排落实情况"))
    out.body += _counts(counted, records, doc)
    out.body.append(Heading(1, numbers.next(1), "存在问题"))
    out.body += [Paragraph(text) for text in _problems(counted)]
    out.body.append(Paragraph(f"本人在履职中存在的不足：{fill('本人履职中的不足及其原因')}"))
    out.body.append(Heading(1, numbers.next(1), "下步打算"))
    out.body.append(Paragraph(f"{doc.year + 1}年，本人将{fill('针对上述问题的改进措施和下一年的工作打算')}"))
    out.signature = Signature(f"述职人：{secretary}" if secretary else fill("述职人姓名"), fill("日期"))
    out.build_toc()
    return out
