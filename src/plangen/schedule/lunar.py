"""The traditional festivals of a Gregorian year — 除夕, 春节, 元宵节, 清明节, 端午节, 中秋节, 重阳节 —
from the lunisolar tables the ``holidays`` package maintains (its China calendar is built on them),
kept in the per-user cache so a build does not import the package again.

A festival moves through the Gregorian calendar (重阳 is 2027-10-08 but 2028-10-26): schedule rules
name it (``on: 重阳节``) and the holiday estimate for an unannounced year starts from it.
"""

from __future__ import annotations

import datetime as dt
import functools

# The names a rule may use, each to the festival it means
NAMES = {
    "除夕": "除夕", "春节": "春节", "正月初一": "春节", "元宵": "元宵节", "元宵节": "元宵节", "正月十五": "元宵节",
    "清明": "清明节", "清明节": "清明节", "端午": "端午节", "端午节": "端午节", "五月初五": "端午节",
    "中秋": "中秋节", "中秋节": "中秋节", "八月十五": "中秋节", "重阳": "重阳节", "重阳节": "重阳节",
    "九月初九": "重阳节",
}  # fmt: skip
FESTIVALS = ("除夕", "春节", "元宵节", "清明节", "端午节", "中秋节", "重阳节")
FIRST_YEAR, LAST_YEAR = 1901, 2100  # the tables' range


def canonical(text: str) -> str | None:
    """The festival *text* names (“重阳”, “农历九月初九” → 重阳节), or None."""
    return NAMES.get(text.removeprefix("农历"))


def festival(name: str, year: int) -> dt.date:
    """The date of festival *name* (one of :data:`FESTIVALS`) in *year* (ValueError outside the tables)."""
    return festivals(year)[name]


@functools.lru_cache(maxsize=16)
def festivals(year: int) -> dict[str, dt.date]:
    """Every festival of *year*, from the per-user cache or the package's tables."""
    import json

    from .. import cache

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{year}年的农历日期不在日历表的范围内（{FIRST_YEAR}—{LAST_YEAR}年）")
    name = cache.key(
        "festivals", str(year), cache.module_stamp("holidays", "calendars/chinese.py", "version.py")
    )
    blob = cache.get(name)
    if blob is not None:
        try:
            return {key: dt.date.fromisoformat(value) for key, value in json.loads(blob).items()}
        except (ValueError, TypeError, AttributeError):
            pass
    found = _computed(year)
    cache.put(name, json.dumps({key: day.isoformat() for key, day in found.items()}).encode("utf-8"))
    return found


def _computed(year: int) -> dict[str, dt.date]:
    from holidays.calendars.chinese import _ChineseLunisolar

    tables = _ChineseLunisolar()

    def day(found: tuple[dt.date | None, bool]) -> dt.date:
        if found[0] is None:
            raise ValueError(f"{year}年的农历日期不在日历表的范围内")
        return found[0]

    new_year = day(tables.lunar_new_year_date(year))
    return {
        "除夕": new_year - dt.timedelta(days=1),
        "春节": new_year,
        "元宵节": new_year + dt.timedelta(days=14),
        "清明节": day(tables.qingming_date(year)),
        "端午节": day(tables.dragon_boat_date(year)),
        "中秋节": day(tables.mid_autumn_date(year)),
        "重阳节": day(tables.double_ninth_date(year)),
    }
