"""Which events of a plan's calendar are meetings that need papers, which papers each kind gets, and
what each is about — all read from the dated Document (:func:`plangen.schedule.schedule`), never
invented: the meeting's date and body are its event's, its topics the month's other work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..document import Event
from ..schedule import ONLINE

NOTICE, SIGN_IN, RECORD = "会议通知", "签到表", "会议记录"
OUTLINE, PROGRAMME, AGENDA, APPRAISAL = "党课提纲", "活动方案", "会议议程", "民主评议表"
# an event's kind → its papers: every meeting a notice, a sign-in sheet and a record for the 台账;
# a 党课 its outline, a 主题党日 its programme, a 组织生活会 its agenda, the 民主评议 its form too
PAPERS: dict[str, tuple[str, ...]] = {
    "支部党员大会": (NOTICE, SIGN_IN, RECORD),
    "支部委员会会议": (NOTICE, SIGN_IN, RECORD),
    "党小组会": (NOTICE, SIGN_IN, RECORD),
    "党课": (NOTICE, SIGN_IN, RECORD, OUTLINE),
    "廉政党课": (NOTICE, SIGN_IN, RECORD, OUTLINE),
    "主题党日": (NOTICE, SIGN_IN, RECORD, PROGRAMME),
    "组织生活会": (NOTICE, SIGN_IN, RECORD, AGENDA),
    "民主评议党员": (NOTICE, SIGN_IN, RECORD, AGENDA, APPRAISAL),
}


@dataclass(frozen=True)
class Meeting:
    event: Event  # its date, name (“（线上）” in a vacation), kind and who is responsible
    papers: tuple[str, ...]
    topics: tuple[str, ...]  # the month's other work in the calendar, in date order

    @property
    def date(self) -> dt.date:
        return self.event.date


def meetings(
    events: Sequence[Event],
    kinds: Iterable[str] | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> list[Meeting]:
    """The meetings among *events* (of *kinds*, between *first* and *last* inclusive, when given),
    in date order, each with its papers and topics."""
    wanted = set(PAPERS) if kinds is None else set(kinds) & set(PAPERS)
    out = []
    for event in sorted(events, key=lambda e: e.date):
        if event.kind not in wanted:
            continue
        if (first is not None and event.date < first) or (last is not None and event.date > last):
            continue
        out.append(Meeting(event, PAPERS[event.kind], _topics(events, event)))
    return out


def _topics(events: Sequence[Event], meeting: Event) -> tuple[str, ...]:
    """The work of *meeting*'s month that is not itself a meeting, once each, in date order (as
    work, not where it is held: without the calendar's “（线上）”)."""
    month = (meeting.date.year, meeting.date.month)
    names = [
        event.name.removesuffix(ONLINE)
        for event in sorted(events, key=lambda e: e.date)
        if (event.date.year, event.date.month) == month and event.kind not in PAPERS
    ]
    return tuple(dict.fromkeys(names))
