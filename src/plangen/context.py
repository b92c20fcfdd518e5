"""Variables every template sees, derived from the plan spec and never typed by hand.

Year-dependent wording (anniversaries, the five-year-plan period, the Party congress) is
arithmetic on ``year`` here, so ``plangen build --year 2028`` changes all of it at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .numbering import cn_number

FOUNDING = {"party": 1921, "prc": 1949, "army": 1927, "reform": 1978}
THIRD_FYP_YEAR = 1966  # “三五”1966–1970; regular five-year periods ever since (1963–65 was an adjustment)
TWENTIETH_CONGRESS_YEAR = 2022


def anniversaries(year: int) -> dict[str, int]:
    """建党、新中国成立、建军、改革开放 N 周年 in *year*."""
    return {name: year - start for name, start in FOUNDING.items()}


def five_year_plan(year: int) -> dict[str, Any]:
    """The five-year plan period *year* falls in: 2027 → “十五五” year 2."""
    if year < THIRD_FYP_YEAR:
        raise ValueError("five-year-plan arithmetic starts in 1966")
    number, index = divmod(year - THIRD_FYP_YEAR, 5)
    number += 3
    index += 1
    return {
        "number": number,
        "name": f"{cn_number(number)}五",  # 十五五
        "index": index,  # 1..5
        "index_cn": cn_number(index),
        "first_year": year - index + 1,
        "last_year": year - index + 5,
        "is_first": index == 1,
        "is_last": index == 5,
    }


def congress(year: int, congress_year: int) -> dict[str, Any]:
    """Which national Party congress is the newest at the start of *year*, and whether one meets in it.

    The 20th met in 2022; the 21st is expected in *congress_year* (a setting, default 2027), then
    every five years.
    """

    def held(n: int) -> int:
        return TWENTIETH_CONGRESS_YEAR if n == 20 else congress_year + 5 * (n - 21)

    latest = 20
    while held(latest + 1) < year:
        latest += 1
    this_year = latest + 1 if held(latest + 1) == year else None
    return {
        "latest": latest,
        "latest_cn": cn_number(latest),  # 二十
        "this_year": this_year,
        "this_year_cn": cn_number(this_year) if this_year else "",
        "next": latest + 1,
        "next_cn": cn_number(latest + 1),
        "next_year": held(latest + 1),
    }


PARTY_WORDS: dict[str, dict[str, str]] = {
    "branch": {
        "org": "支部", "org_full": "党支部", "committee": "支委会", "committee_full": "支部委员会",
        "members": "支部委员", "secretary": "支部书记", "plenary": "支部党员大会",
    },
    "general-branch": {
        "org": "总支", "org_full": "党总支", "committee": "总支委员会", "committee_full": "党总支委员会",
        "members": "总支委员", "secretary": "总支书记", "plenary": "总支党员大会",
    },
    "committee": {
        "org": "党委", "org_full": "党委", "committee": "党委会", "committee_full": "党委会议",
        "members": "党委委员", "secretary": "党委书记", "plenary": "党员大会（党员代表大会）",
    },
}  # fmt: skip


def party_words(kind: str) -> dict[str, str]:
    """How the plan names its own organisation: shared blocks read right for a 支部 and a 党委."""
    return {"kind": kind, **PARTY_WORDS[kind]}


def default_plan_date(year: int) -> dt.date:
    """The first Monday–Friday from 4 January: after any 元旦 holiday, early in the plan year."""
    day = dt.date(year, 1, 4)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def date_cn(day: dt.date) -> str:
    """GB/T 9704 成文日期: Arabic numerals, full year, no zero padding — 2027年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def build_context(
    year: int,
    org: dict[str, Any],
    date: dt.date | None = None,
    congress_year: int = 2027,
    kind: str = "branch",
) -> dict[str, Any]:
    """The variables of the Jinja context for one plan."""
    day = date or default_plan_date(year)
    return {
        "year": year,
        "prev_year": year - 1,
        "next_year": year + 1,
        "org": {key: ("" if value is None else value) for key, value in org.items()},
        "date": day,
        "date_cn": date_cn(day),
        "anniv": anniversaries(year),
        "fyp": five_year_plan(year),
        "congress": congress(year, congress_year),
        "settings": {"congress_year": congress_year},
        "party": party_words(kind),
    }
