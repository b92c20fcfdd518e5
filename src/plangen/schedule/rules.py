"""Schedule rules in the words secretaries write — 第一个星期五, 最后一个星期四, 15日, 6月下旬 — parsed
into :class:`DaySpec`, and rules turned into dated events for a year.

Parsing is pure (compose and ``validate`` use it to report a bad rule at its line); dating needs a
working-day calendar (:mod:`plangen.schedule.holidays`), passed in.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..bounds import RULES
from ..document import DaySpec, Event, Recurrence

if TYPE_CHECKING:
    from ..schema.types import Block, ParamValue, RawValue

WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
WEEKDAY_NAMES = "一二三四五六日"
ORDINALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
CN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}  # fmt: skip
SPANS = {"上旬": 5, "中旬": 15, "下旬": 25, "月初": 1, "月末": -1, "月底": -1}
DEFAULT_MONTHS = {"month": tuple(range(1, 13)), "quarter": (3, 6, 9, 12), "half-year": (6, 12)}
SPECIFICITY = {"month": 1, "quarter": 2, "half-year": 3, "year": 4, "dates": 5}
FORMS = (
    "第N个星期X、最后一个星期X、N日、上旬、中旬、下旬、月初、月末，可在前面写月份（如“6月下旬”）；"
    "每年一次的活动也可写节日：除夕、春节、元宵节、清明节、端午节、中秋节、重阳节，或“春节前”（节前一周）"
)
BEFORE_FESTIVAL = 7  # “春节前”: a week before the festival

_MONTH = r"(?:(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?)?"
_PATTERNS = [
    ("nth", re.compile(r"第(?P<n>[一二三四五六七八九十\d]+)个(?:星期|周|礼拜)(?P<wd>.)")),
    ("last", re.compile(r"最后一个(?:星期|周|礼拜)(?P<wd>.)")),
    ("day", re.compile(r"(?P<day>\d{1,2})(?:日|号)")),
    ("span", re.compile(r"(?P<span>上旬|中旬|下旬|月初|月末|月底)")),
]


@functools.lru_cache(maxsize=256)
def parse_day(text: str) -> DaySpec:
    """``"每月第一个星期五"`` → DaySpec("nth", 1, 4). Raises ValueError with a Chinese message."""
    raw = text
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^(每月|每个月|每季度|每半年|每年|全年)", "", text)
    match = re.fullmatch(_MONTH + r"(?P<rest>.*)", text)
    assert match is not None  # the month part is optional, so the pattern always matches
    month_text, rest = match.group("month"), match.group("rest")
    festival = _festival(text, raw)
    if festival is not None:
        return festival
    if month_text and rest in ("初", "末", "底"):  # “6月末”: the month's 月末
        rest = "月" + rest
    month = None
    if month_text:
        month = int(month_text) if month_text.isdigit() else CN_NUMBERS[month_text]
    for kind, pattern in _PATTERNS:
        found = pattern.fullmatch(rest)
        if not found:
            continue
        if kind == "nth":
            number = _number(found.group("n"))
            if number is None or not 1 <= number <= 5:
                raise ValueError(f"“{raw}”：一个月最多有5个同一星期几，没有“第{found.group('n')}个”")
            return DaySpec("nth", number, _weekday(found.group("wd"), raw), month=month, text=raw)
        if kind == "last":
            return DaySpec("last", 0, _weekday(found.group("wd"), raw), month=month, text=raw)
        if kind == "day":
            day = int(found.group("day"))
            if not 1 <= day <= 31:
                raise ValueError(f"“{raw}”：日期应在 1 到 31 之间")
            return DaySpec("day", day, month=month, text=raw)
        return DaySpec("span", span=found.group("span"), month=month, text=raw)
    if not rest and month is not None:
        return DaySpec("span", span="中旬", month=month, text=raw)  # “6月”: some time in June
    raise ValueError(f"无法识别的日期“{raw}”")


def _festival(text: str, raw: str) -> DaySpec | None:
    """“重阳节”, “农历九月初九”, “春节前”: a festival, or a week before it."""
    from .lunar import canonical

    name = canonical(text)
    before = name is None and text.endswith("前")
    if before:
        name = canonical(text.removesuffix("前"))
    if name is None:
        return None
    return DaySpec("festival", BEFORE_FESTIVAL if before else 0, festival=name, text=raw.strip())


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return CN_NUMBERS.get(text)


def _weekday(char: str, raw: str) -> int:
    if char not in WEEKDAYS:
        raise ValueError(f"“{raw}”：没有“星期{char}”，应为星期一至星期日")
    return WEEKDAYS[char]


@functools.lru_cache(maxsize=RULES)  # a batch's plans parse the same rules with the same texts
def recurrence(
    rule: Any,
    *,
    name: str,
    on: str | None,
    owner: str,
    source: str = "",
    index: int = 0,
    order: int = 0,
) -> Recurrence:
    """A block's ScheduleRule, its texts already rendered, as a Recurrence (raises ValueError)."""
    every = rule.every
    day: DaySpec | None = None
    if every == "dates":
        if on:
            raise ValueError("every: dates 的日期写在 dates 中，不能再写 on")
        dates = tuple(_month_day(text) for text in rule.dates or ())
        months = tuple(sorted({m for m, _ in dates}))
        missing = rule.missing or ""
        if any((m, d) == (2, 29) for m, d in dates) and not missing:
            raise ValueError(
                "02-29 只在闰年有：请写 missing: skip（平年不安排）或 missing: last（平年改在2月28日）"
            )
        return Recurrence(name, rule.kind or name, owner, every, months, None, dates, rule.workday,
                          rule.shift, missing, source, index, order, rule.vacation)  # fmt: skip
    if on:
        day = parse_day(on)
    elif rule.day is not None:
        day = DaySpec("day", rule.day, text=f"{rule.day}日")
    months = tuple(rule.months) if rule.months else ()
    if day is not None and day.kind == "festival":
        if every != "year":
            raise ValueError(f"“{day.text}”是每年一次的日子，只适用于 every: year")
        if months:
            raise ValueError(f"“{day.text}”的月份由历法决定，不要再写 months")
        return Recurrence(name, rule.kind or name, owner, every, (), day, (), rule.workday, rule.shift,
                          "", source, index, order, rule.vacation)  # fmt: skip
    if day is not None and day.month is not None:
        if every != "year":
            raise ValueError(f"“{day.text}”写了月份，只适用于 every: year（每年一次）的活动")
        if months and months != (day.month,):
            raise ValueError(f"“{day.text}”与 months 中的月份不一致")
        months = (day.month,)
    if not months:
        if every == "year":
            raise ValueError("每年一次的活动要写明月份：months: [6]，或 on: 6月下旬")
        months = DEFAULT_MONTHS[every]
    if day is None:
        day = DaySpec("span", span="中旬", text="中旬")  # no day given: the middle of the month
    missing = rule.missing or ""
    if not missing and _may_be_missing(day, months):
        what = day.text or f"{day.number}日"
        raise ValueError(
            f"“{what}”在有的月份没有：请写 missing: skip（该月不安排）或 missing: last（改在该月最后一个）"
        )
    return Recurrence(name, rule.kind or name, owner, every, months, day, (), rule.workday, rule.shift,
                      missing, source, index, order, rule.vacation)  # fmt: skip


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in text.split("-"))
    if day > (29 if month == 2 else _calendar.monthrange(2001, month)[1]):
        raise ValueError(f"日期“{text}”不存在")
    return month, day


def _may_be_missing(day: DaySpec, months: Iterable[int]) -> bool:
    if day.kind == "nth":
        return day.number == 5
    if day.kind == "day":
        return any(day.number > (28 if m == 2 else _calendar.monthrange(2001, m)[1]) for m in months)
    return False


# --- dating ----------------------------------------------------------------------------------------

IsWorkday = Callable[[dt.date], bool]


def dates_in(rec: Recurrence, year: int) -> list[tuple[int, dt.date | None]]:
    """(month, date) for each month the rule covers; date None where the month has no such day."""
    out: list[tuple[int, dt.date | None]] = []
    if rec.every == "dates":
        for month, day in rec.dates:
            last = _calendar.monthrange(year, month)[1]
            if day <= last:
                out.append((month, dt.date(year, month, day)))
            else:
                out.append((month, dt.date(year, month, last) if rec.missing == "last" else None))
        return out
    assert rec.day is not None
    if rec.day.kind == "festival":
        from .lunar import festival

        day = festival(rec.day.festival, year) - dt.timedelta(days=rec.day.number)
        return [(day.month, day)] if day.year == year else []  # “春节前” of an early 春节: last December
    for month in rec.months:
        out.append((month, _day_in_month(rec.day, year, month, rec.missing)))
    return out


def _day_in_month(spec: DaySpec, year: int, month: int, missing: str) -> dt.date | None:
    last = _calendar.monthrange(year, month)[1]
    if spec.kind == "nth":
        first = dt.date(year, month, 1)
        day = 1 + (spec.weekday - first.weekday()) % 7 + 7 * (spec.number - 1)
        if day <= last:
            return dt.date(year, month, day)
        return _last_weekday(year, month, spec.weekday) if missing == "last" else None
    if spec.kind == "last":
        return _last_weekday(year, month, spec.weekday)
    if spec.kind == "day":
        if spec.number <= last:
            return dt.date(year, month, spec.number)
        return dt.date(year, month, last) if missing == "last" else None
    anchor = SPANS[spec.span]
    return dt.date(year, month, last if anchor < 0 else anchor)


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    last = dt.date(year, month, _calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def to_workday(day: dt.date, is_workday: IsWorkday, shift: str = "after") -> dt.date:
    """*day*, or the nearest working day in the direction *shift*, never leaving its month (if that
    direction has none, the other direction is taken)."""
    if is_workday(day):
        return day
    step = -1 if shift == "before" else 1
    for direction in (step, -step):
        probe = day
        while True:
            probe += dt.timedelta(days=direction)
            if probe.month != day.month:
                break
            if is_workday(probe):
                return probe
    return day  # a month without a working day: not in any calendar we know


def _near_workday(day: dt.date, is_workday: IsWorkday, shift: str) -> dt.date:
    """*day*, or the nearest working day in the direction *shift* within a fortnight (a festival's
    holiday is at most nine days long), else in the other direction."""
    if is_workday(day):
        return day
    step = -1 if shift == "before" else 1
    for direction in (step, -step):
        for days in range(1, 15):
            probe = day + dt.timedelta(days=direction * days)
            if probe.year == day.year and is_workday(probe):
                return probe
    return day


def date_events(recurrences: Iterable[Recurrence], year: int, is_workday: IsWorkday) -> list[Event]:
    """Every rule's events for *year*, off non-working days where required, merged and ordered.

    Where the events fall depends on the rules' timing, kinds and places, not on their names or
    owners: the plans of a batch share one dating (cached), each with its own names put in."""
    recs = tuple(recurrences)
    shapes = tuple(
        (r.kind, r.every, r.months, r.day, r.dates, r.workday, r.shift, r.missing, r.source, r.index, r.order,
         r.vacation) for r in recs
    )  # fmt: skip
    out = []
    for event, ids in _dated(shapes, year, is_workday):
        if len(ids) == 1:
            name, owner = recs[ids[0]].name, recs[ids[0]].owner
        else:  # merged: the names of the rules it stands for, each once
            name = "、".join(dict.fromkeys(recs[i].name for i in ids))
            owner = "、".join(dict.fromkeys(recs[i].owner for i in ids))
        out.append(Event(event.date, name, event.kind, owner, event.source, event.key, event.moved, event.why,
                         event.conflict))  # fmt: skip
    return out


@functools.lru_cache(maxsize=64)
def _dated(
    shapes: tuple[tuple[Any, ...], ...], year: int, is_workday: IsWorkday
) -> tuple[tuple[Event, tuple[int, ...]], ...]:
    """The events of recurrences of these *shapes* (every field but name and owner), each with the
    positions of the recurrences it stands for (several where rules merged)."""
    marks = []
    for i, (
        kind,
        every,
        months,
        day,
        dates,
        workday,
        shift,
        missing,
        source,
        index,
        order,
        vacation,
    ) in enumerate(shapes):
        marks.append(Recurrence(f"\x00{i}", kind, f"\x00{i}", every, months, day, dates, workday, shift, missing,
                                source, index, order, vacation))  # fmt: skip
    return tuple(
        (event, tuple(int(part[1:]) for part in event.name.split("、")))
        for event in _date(marks, year, is_workday)
    )


def _date(recurrences: Iterable[Recurrence], year: int, is_workday: IsWorkday) -> list[Event]:
    dated: list[tuple[Event, Recurrence]] = []
    for rec in recurrences:
        timing = (rec.every, rec.months, rec.day, rec.dates, rec.workday, rec.shift, rec.missing)
        for month, day, target in _targets(timing, year, is_workday):
            key = f"{rec.source}#{rec.index}#{month:02d}" + (
                f"-{day.day:02d}" if rec.every == "dates" else ""
            )
            why, late = "", False
            if target != day:
                late = rec.shift == "before" and target > day  # a deadline (党费 “10日前”) passed
                how = "无法提前，顺延到此日（已过截止日）" if late else ("提前" if target < day else "顺延")
                why = f"{month_day(day)}不是工作日，{how}" if not late else f"{month_day(day)}前{how}"
            event = Event(target, rec.name, rec.kind, rec.owner, rec.source, key, moved=target != day, why=why,
                          conflict=late)  # fmt: skip
            dated.append((event, rec))
    rules = {(rec.source, rec.index): rec for _, rec in dated}
    return spread(merge(dated), lambda event: rules.get(rule_of(event)), is_workday)


MAX_PER_DAY = 4  # activities a branch holds on one day; more and the day's list is a wish list
_WINDOWS = {
    "上旬": (1, 10),
    "中旬": (11, 20),
    "下旬": (21, 31),
    "月初": (1, 5),
    "月末": (27, 31),
    "月底": (27, 31),
}


def rule_of(event: Event) -> tuple[str, int]:
    """The (block, rule position) an event's key names: its recurrence in ``Document.recurrences``."""
    source, index = event.key.split("#")[:2]
    return source, int(index)


def spread(
    events: list[Event], rule_of: Callable[[Event], Recurrence | None], is_workday: IsWorkday
) -> list[Event]:
    """At most :data:`MAX_PER_DAY` activities a day where the rules leave room, the later rules'
    first: an activity set for part of a month (中旬, 下旬, or no day at all) moves to the nearest
    working day of that part with room; one already moved off a day off (the first working day after
    国庆 gathers a month's 第一个星期X) moves on, within the week, the way its rule shifts (never past
    a deadline: 收缴党费 “10日前” shifts earlier). Activities on the day their rule fixes stay."""
    counts: dict[dt.date, int] = {}
    for event in events:
        counts[event.date] = counts.get(event.date, 0) + 1
    if max(counts.values(), default=0) <= MAX_PER_DAY:
        return events
    out = list(events)
    moved = False
    for position in range(len(out) - 1, -1, -1):  # the last of a crowded day moves first
        event = out[position]
        if counts[event.date] <= MAX_PER_DAY:
            continue
        rec = rule_of(event)
        if rec is None:
            continue
        month_end = _calendar.monthrange(event.date.year, event.date.month)[1]
        if rec.day is not None and rec.day.kind == "span":
            first, last = _WINDOWS.get(rec.day.span, (1, 31))
        elif event.moved and rec.shift == "before":
            first, last = max(1, event.date.day - 7), event.date.day
        elif event.moved:
            first, last = event.date.day, event.date.day + 7
        else:
            continue
        days = [event.date.replace(day=d) for d in range(first, min(last, month_end) + 1)]
        free = [d for d in days if d != event.date and is_workday(d) and counts.get(d, 0) < MAX_PER_DAY]
        if not free:
            continue
        target = min(free, key=lambda d: (abs((d - event.date).days), d < event.date))
        counts[event.date] -= 1
        counts[target] = counts.get(target, 0) + 1
        why = f"{month_day(event.date)}已排满{MAX_PER_DAY}项活动，移到此日"
        out[position] = replace(event, date=target, moved=True, why="；".join(filter(None, [event.why, why])))
        moved = True
    if moved:
        out.sort(key=lambda event: event.date)  # stable: a day's activities keep their order
    return out


@functools.lru_cache(maxsize=512)
def _targets(
    timing: tuple[Any, ...], year: int, is_workday: IsWorkday
) -> tuple[tuple[int, dt.date, dt.date], ...]:
    """(month, day, the working day it moves to) for a rule's timing: the same for every plan of a
    batch that shares the rule and the calendar, whoever runs it and whatever it is called."""
    every, months, day_spec, dates, workday, shift, missing = timing
    rec = Recurrence("", "", "", every, months, day_spec, dates, workday, shift, missing)
    out = []
    for month, day in dates_in(rec, year):
        if day is None:
            continue
        target = day
        if day_spec is not None and day_spec.kind == "festival":  # across a month's end if need be
            if workday:
                target = _near_workday(day, is_workday, "before" if day_spec.number else shift)
        elif workday or (day_spec is not None and day_spec.kind == "span"):
            direction = "before" if day_spec is not None and SPANS.get(day_spec.span, 0) < 0 else shift
            target = to_workday(day, is_workday, direction)
        out.append((month, day, target))
    return tuple(out)


def merge(dated: list[tuple[Event, Recurrence]]) -> list[Event]:
    """One event per kind and month: the most specific rule wins (a dated 5·12 theme day replaces
    May's monthly one); equally specific rules of different blocks merge into one event on the
    earlier date. Rules of one block stay apart: a block that holds 党委会议 twice a month means it."""
    groups: dict[tuple[str, int], list[tuple[Event, Recurrence]]] = {}
    for event, rec in dated:
        groups.setdefault((event.kind, event.date.month), []).append((event, rec))
    out: list[tuple[tuple[Any, ...], Event]] = []
    for members in groups.values():
        if len(members) == 1:  # most kinds happen once a month: nothing to choose or merge
            event, rec = members[0]
            out.append(((event.date, rec.order, rec.index), event))
            continue
        best = max(SPECIFICITY[rec.every] for _, rec in members)
        kept = sorted(
            ((event, rec) for event, rec in members if SPECIFICITY[rec.every] == best),
            key=lambda pair: (pair[0].date, pair[1].order, pair[1].index),
        )
        by_block: dict[str, list[tuple[Event, Recurrence]]] = {}
        for pair in kept:
            by_block.setdefault(pair[1].source, []).append(pair)
        firsts = [pairs[0] for pairs in by_block.values()]
        first, rec = firsts[0]
        if len(firsts) > 1:
            names = list(dict.fromkeys(event.name for event, _ in firsts))
            owners = list(dict.fromkeys(event.owner for event, _ in firsts))
            first = replace(first, name="、".join(names), owner="、".join(owners))
        out.append(((first.date, rec.order, rec.index), first))
        for pairs in by_block.values():
            out.extend(((event.date, r.order, r.index), event) for event, r in pairs[1:])
    return [event for _, event in sorted(out, key=lambda pair: pair[0])]


def weekday_name(day: dt.date) -> str:
    return "周" + WEEKDAY_NAMES[day.weekday()]


def month_day(day: dt.date, weekday: bool = False) -> str:
    """``3月5日``, with *weekday* ``3月5日（周五）``: how the calendar names a day, everywhere."""
    text = f"{day.month}月{day.day}日"
    return f"{text}（{weekday_name(day)}）" if weekday else text


def param_check(block: Block, name: str) -> Callable[[RawValue], ParamValue]:
    """The check of one param's value wherever a user gives it (the wizard, a roster's column): its
    type, range and pattern, and for a param a schedule rule is written with (主题党日 “每月第一个星期五”)
    the calendar's grammar too, so “每月第九个星期八” is refused where it is typed, not at build time."""
    from ..schema.values import param_value

    param = block.params[name]
    slot = re.compile(r"{{\s*" + re.escape(name) + r"\s*}}")
    rules = [rule.on for rule in block.schedule if rule.on and slot.search(rule.on)]

    def check(value: RawValue) -> ParamValue:
        checked = param_value(param, value)
        for on in rules:
            text = slot.sub(str(checked), on)
            if "{{" not in text:
                parse_day(text)
        return checked

    return check
