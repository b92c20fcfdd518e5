"""School and university vacations (寒暑假) of the plan year: as the spec gives them
(``settings.vacations``), else the usual ones for the sector — none outside education: 寒假 from
three weeks before 春节 (not before 15 January) to two and a half weeks after (not before
15 February), 暑假 from 10 July to 31 August.

An activity that falls inside one is marked “（线上）” in the calendar, as the plans of student
branches say (“假期主题党日改为线上开展”), unless its rule belongs to the vacation (``vacation: keep``).
"""

from __future__ import annotations

import datetime as dt
import re

SECTORS = ("school", "university")  # sectors with 寒暑假 by default
SUMMER = ((7, 10), (8, 31))
WINTER = (-21, 17)  # days from 春节: three weeks before to two and a half after …
WINTER_BOUNDS = ((1, 15), (2, 15))  # … but not before the term's exams, nor ending before mid-February
_RANGE = re.compile(r"^\s*(?:(\S+)\s+)?(\d{1,2})-(\d{1,2})\s*[~～]\s*(\d{1,2})-(\d{1,2})\s*$")

Vacation = tuple[str, dt.date, dt.date]


def vacations(given: tuple[str, ...] | None, sector: str, year: int) -> list[Vacation]:
    """(name, first day, last day) of each vacation in *year* (ValueError for a range that is no
    date or runs backwards, its message naming it)."""
    if given is not None:
        return [parse(text, year) for text in given]
    if sector not in SECTORS:
        return []
    from .lunar import festival

    spring = festival("春节", year)
    winter = (
        max(spring + dt.timedelta(days=WINTER[0]), dt.date(year, *WINTER_BOUNDS[0])),
        max(spring + dt.timedelta(days=WINTER[1]), dt.date(year, *WINTER_BOUNDS[1])),
    )
    return [("寒假", *winter), ("暑假", dt.date(year, *SUMMER[0]), dt.date(year, *SUMMER[1]))]


def parse(text: str, year: int) -> Vacation:
    found = _RANGE.match(text)
    if found is None:
        raise ValueError(f"“{text}”应写成“寒假 01-16~02-23”")
    name, m1, d1, m2, d2 = found.groups()
    try:
        first, last = dt.date(year, int(m1), int(d1)), dt.date(year, int(m2), int(d2))
    except ValueError:
        raise ValueError(f"“{text}”中有不存在的日期") from None
    if last < first:
        raise ValueError(f"“{text}”首尾颠倒（跨年的假期分成两段写）")
    return name or "假期", first, last


def inside(day: dt.date, periods: list[Vacation]) -> bool:
    return any(first <= day <= last for _, first, last in periods)
