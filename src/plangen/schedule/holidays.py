"""Which days are working days in the plan year: the official arrangement where it is known, an
estimate where it is not, or the user's file once the State Council has published the year's
arrangement (usually in November).

- ``chinese_calendar`` carries the official arrangements, 调休 make-up working days included, for
  the years it knows (2004–2026 in 1.11); later years raise NotImplementedError;
- for a later year the estimate follows the arrangements announced since the 2025 rules (《全国年节
  及纪念日放假办法》): the statutory days (``holidays`` (CN) computes them by rule) and the long
  breaks around them — 春节 from two days before 初一 to 初七, 劳动节 5.1–5.5, 国庆 10.1–10.7 (to
  10.8, from 中秋 if earlier, when 中秋 joins it), and the short holidays with their weekend. It
  holds no make-up working days (no activity is put on a weekend), and plans dated from it say so;
- a holidays file (``--holidays`` / ``settings.holidays``) lists the year's days off and make-up
  working days and replaces both.

The packages are imported here only, by the commands that date events.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PlanError, PlanErrors, own_message

RANGE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s*(?:~|～|\.\.|至|到)\s*(\d{4}-\d{1,2}-\d{1,2})\s*$")
MAX_DAYS = 400


@dataclass
class WorkCalendar:
    """Working days of one year, and how they are known."""

    year: int
    source: str  # "official" | "estimated" | "file"
    days_off: set[dt.date] = field(default_factory=set)  # holidays falling on weekdays (estimates, files)
    make_up: set[dt.date] = field(default_factory=set)  # 调休: weekend days worked
    _official: Any = None

    def is_workday(self, day: dt.date) -> bool:
        if self._official is not None:
            return bool(self._official.is_workday(day))
        if day in self.make_up:
            return True
        return day.weekday() < 5 and day not in self.days_off

    @property
    def note(self) -> str:
        """What the user is told (terminal, report) when the dates rest on an estimate; else empty."""
        if self.source != "estimated":
            return ""
        return (
            f"{self.year}年节假日安排尚未公布，日期按近年的放假安排预计（春节、劳动节、国庆节按长假避开），"
            "公布后可用 --holidays 更新。"
        )

    @property
    def reader_note(self) -> str:
        """What a document says of an estimate: only what its reader needs (no command or option)."""
        return "节假日按预计安排，以国务院办公厅通知为准。" if self.source == "estimated" else ""

    @property
    def label(self) -> str:
        return {"official": "国务院办公厅公布的节假日安排", "estimated": "按近年的放假安排预计",
                "file": "节假日文件"}[self.source]  # fmt: skip


def work_calendar(year: int, holidays_file: Path | None = None) -> WorkCalendar:
    """The calendar for *year*: the user's file, else official data, else an estimate."""
    if holidays_file is not None:
        return load_holidays(holidays_file, year)
    return _builtin(year)


@functools.lru_cache(maxsize=8)
def _builtin(year: int) -> WorkCalendar:
    """Official data or the estimate: the same for every plan of the year (a batch asks 1,000 times),
    kept in the per-user cache as dates (importing the two packages costs more than a plan)."""
    import json

    from .. import cache

    name = cache.key(
        "holidays",
        str(year),
        cache.module_stamp("chinese_calendar", "constants.py", "__init__.py"),
        cache.module_stamp("holidays", "countries/china.py", "version.py"),
    )
    blob = cache.get(name)
    if blob is not None:
        try:
            data = json.loads(blob)
            return WorkCalendar(
                year,
                data["source"],
                days_off={dt.date.fromisoformat(d) for d in data["days_off"]},
                make_up={dt.date.fromisoformat(d) for d in data["make_up"]},
            )
        except (ValueError, KeyError, TypeError):
            pass
    calendar = _computed(year)
    days_off, make_up = calendar.days_off, calendar.make_up
    if calendar.source == "official":  # the official days as dates, a month either side of the year
        days_off, make_up = set(), set()
        day = dt.date(year - 1, 12, 1)
        while day <= dt.date(year + 1, 1, 31):
            try:
                working = calendar.is_workday(day)
            except NotImplementedError:  # the neighbouring year is not published: weekdays only
                working = day.weekday() < 5
            if working != (day.weekday() < 5):
                (make_up if working else days_off).add(day)
            day += dt.timedelta(days=1)
    record = {"source": calendar.source, "days_off": sorted(d.isoformat() for d in days_off),
              "make_up": sorted(d.isoformat() for d in make_up)}  # fmt: skip
    cache.put(name, json.dumps(record).encode("utf-8"))
    return WorkCalendar(year, calendar.source, days_off=set(days_off), make_up=set(make_up))


def _computed(year: int) -> WorkCalendar:
    import chinese_calendar

    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        pass
    else:
        return WorkCalendar(year, "official", _official=chinese_calendar)
    statutory = {day for day in _china_holidays(year) if day.year == year}
    return WorkCalendar(year, "estimated", days_off=statutory | estimated_breaks(year))


def estimated_breaks(year: int) -> set[dt.date]:
    """The days off of a year not yet announced, as the announced years since the 2025 rules have
    them (see the module's docstring): the whole likely break, so that no activity falls inside it."""
    from .lunar import festivals

    days = festivals(year)
    spring, mid_autumn = days["春节"], days["中秋节"]
    off = _span(spring - dt.timedelta(days=2), spring + dt.timedelta(days=6))  # 腊月二十八/二十九 to 初七
    off |= _span(dt.date(year, 5, 1), dt.date(year, 5, 5))
    national_end = dt.date(year, 10, 7)
    if dt.date(year, 9, 28) <= mid_autumn <= dt.date(year, 10, 8):  # 中秋 joins 国庆 (2020, 2023, 2025)
        national_end = dt.date(year, 10, 8)
        off |= _span(min(mid_autumn, dt.date(year, 10, 1)), national_end)
    else:
        off |= _with_weekend(mid_autumn)
    off |= _span(dt.date(year, 10, 1), national_end)
    for day in (dt.date(year, 1, 1), days["清明节"], days["端午节"]):
        off |= _with_weekend(day)
    return {day for day in off if day.year == year}


def _span(first: dt.date, last: dt.date) -> set[dt.date]:
    return {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}


def _with_weekend(day: dt.date) -> set[dt.date]:
    """A one-day holiday as it is given: three days with the weekend next to it (a Tuesday's or a
    Thursday's bridged over the Monday or Friday), a Wednesday's alone."""
    start = {0: -2, 1: -2, 2: 0, 3: 0, 4: 0, 5: 0, 6: -1}[day.weekday()]
    length = 1 if day.weekday() == 2 else 3
    first = day + dt.timedelta(days=start)
    return _span(first, first + dt.timedelta(days=length - 1))


def _china_holidays(year: int) -> Any:
    """``holidays``' China calendar for *year*.

    The public entry (``holidays.country_holidays("CN")``) imports the package's 200-odd countries
    first: 150 ms of a 450 ms build. The China module alone needs only the package core, so it is
    loaded by itself; if the package's layout ever changes, the public entry is used instead.
    """
    import importlib.util
    import sys

    import holidays

    name = "_plangen_holidays_china"
    module = sys.modules.get(name)
    if module is None:
        try:
            location = Path(holidays.__file__).parent / "countries" / "china.py"
            spec = importlib.util.spec_from_file_location(name, location)
            if spec is None or spec.loader is None:
                raise ImportError(name)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            sys.modules[name] = module
        except Exception:  # a different layout: the slower public entry
            return holidays.country_holidays("CN", years=year)
    return module.China(years=year)


_FILE_HINT = (
    "按以下格式写：year: 2027；holidays: [2027-01-01, 2027-02-05~2027-02-11]（放假的日子，可写范围）；"
    "workdays: [2027-02-14]（调休上班的周末）。"
)


def load_holidays(path: Path, year: int) -> WorkCalendar:
    """A holidays file::

    year: 2027
    holidays: [2027-01-01, 2027-02-05~2027-02-11, …]   # days off (single days or ranges)
    workdays: [2027-02-14, …]                          # 调休: weekend days that are worked
    """
    from ..safeyaml import load_file

    data, source = load_file(path)
    if not isinstance(data, dict):
        raise source.error((), "节假日文件应为映射，含 year、holidays、workdays", hint=_FILE_HINT)
    problems: list[PlanError] = []
    unknown = sorted(set(map(str, data)) - {"year", "holidays", "workdays"})
    for key in unknown:
        problems.append(
            source.error((key,), f"节假日文件中没有“{key}”这一项", hint="只有 year、holidays、workdays。")
        )
    file_year = data.get("year")
    if file_year != year:
        where = ("year",) if "year" in data else ()
        message = f"节假日文件是 {file_year} 年的，计划是 {year} 年"
        problems.append(source.error(where, message, hint="每年一份节假日文件；year 写该文件所属的年份。"))
    days: dict[str, set[dt.date]] = {"holidays": set(), "workdays": set()}
    for name in days:
        items = data.get(name, [])
        if not isinstance(items, list):
            problems.append(
                source.error((name,), f"{name} 应为日期列表，如 [2027-01-01, 2027-02-05~2027-02-11]")
            )
            continue
        for index, item in enumerate(items):
            try:
                days[name] |= _days(item, year)
            except ValueError as exc:
                problems.append(source.error((name, index), own_message(exc, "不是有效的日期")))
    both = days["holidays"] & days["workdays"]
    if both:
        first = min(both)
        problems.append(source.error((), f"{first.isoformat()} 同时列在 holidays 和 workdays 中"))
    PlanErrors.raise_if_any(problems)
    return WorkCalendar(year, "file", days_off=days["holidays"], make_up=days["workdays"])


def _days(item: Any, year: int) -> set[dt.date]:
    if isinstance(item, dt.datetime):
        item = item.date()
    if isinstance(item, dt.date):
        first = last = item
    elif isinstance(item, str) and (match := RANGE.match(item)):
        first, last = (_iso(text) for text in match.groups())
    elif isinstance(item, str):
        first = last = _iso(item.strip())
    else:
        raise ValueError(f"“{item}”不是日期（格式 2027-01-01，或范围 2027-02-05~2027-02-11）")
    if last < first:
        raise ValueError(f"日期范围 {first.isoformat()}~{last.isoformat()} 首尾颠倒")
    if first.year != year or last.year != year:
        raise ValueError(f"{first.isoformat()} 不在 {year} 年内")
    if (last - first).days >= MAX_DAYS:
        raise ValueError("日期范围过长")
    return {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}


def _iso(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise ValueError(f"“{text[:40]}”不是日期（格式 2027-01-01）")
    try:
        return dt.date(*(int(part) for part in text.split("-")))
    except ValueError:
        raise ValueError(f"“{text}”不是日期（格式 2027-01-01）") from None
