"""The year rules, each written once: which year a plan is written for, the default year of the
21st congress, and how ``--year`` moves a spec to another year.

Plans are drafted in the autumn for the year ahead, so from October on the year being planned is
next year; a plan signed in October or later is likewise read as next year's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

PLANNING_MONTH = 10  # from this month on, the plan being written is next year's
FIRST_YEAR = 2020  # the first plan year plangen writes: its wording is current from then on

# The 21st National Congress is expected in this year (the spec's ``settings.congress_year``
# default; the anniversaries and "latest congress" wording follow from it).
DEFAULT_CONGRESS_YEAR = 2027

# A year to render with where any plan year would do (the names a context offers, a block title in
# a menu): the same year, so every such render agrees with the default settings.
SAMPLE_YEAR = DEFAULT_CONGRESS_YEAR


def planned_year(year: int, month: int) -> int:
    """The year a plan written in *month* of *year* is for."""
    return year + 1 if month >= PLANNING_MONTH else year


def planning_year(today: dt.date | None = None) -> int:
    """The year being planned now (or on *today*)."""
    today = today or dt.date.today()
    return planned_year(today.year, today.month)


def shift_year(day: dt.date, years: int) -> dt.date:
    """*day* moved by *years*, 29 February becoming 28 February; a year the calendar cannot hold
    leaves the date as it was (validation then reports that it does not fit the plan year)."""
    year = day.year + years
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return day
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def move_to_year(data: dict[str, Any], year: int) -> None:
    """``--year``: set a spec's raw *data* to *year*, moving an explicit date from the file by the
    same number of years (a date given with ``--set`` is text, not a date, and stays as given)."""
    old = data.get("year")
    if isinstance(old, int) and isinstance(data.get("date"), dt.date):
        data["date"] = shift_year(data["date"], year - old)
    data["year"] = year
