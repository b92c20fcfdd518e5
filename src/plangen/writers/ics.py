"""The year's events as an iCalendar file (RFC 5545), written with the ``icalendar`` package.

One all-day VEVENT per event. UIDs come from the organisation, the year and the event's stable key
(block, rule, month), not from its date: importing next version of the file — after the official
holidays are published and a meeting moves a day — updates the event instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from ..document import Document
from . import WriteOptions


def uid(doc: Document, key: str) -> str:
    digest = hashlib.sha256(f"{doc.org}\x1f{doc.year}\x1f{key}".encode()).hexdigest()[:24]
    return f"{digest}@plangen"


def render(doc: Document, created: dt.datetime) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//plangen//党组织年度工作计划//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{doc.org}{doc.year}年工作安排")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    if doc.calendar_note:
        calendar.add("x-wr-caldesc", doc.calendar_note)
    stamp = created.astimezone(dt.UTC).replace(microsecond=0)
    for item in doc.events:
        event = Event()
        event.add("uid", uid(doc, item.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("summary", item.name)
        description = f"责任人：{item.owner}"
        if doc.calendar_note:
            description += "\n" + doc.calendar_note
        event.add("description", description)
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def write(doc: Document, options: WriteOptions) -> bytes:
    """The registered writer."""
    return render(doc, options.created)
