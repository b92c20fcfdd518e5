"""The annual calendar: the plan's schedule rules dated for its year, holidays respected.

compose leaves :class:`~plangen.document.Recurrence` objects on the Document (parsed, undated);
:func:`schedule` dates them with a :class:`~plangen.schedule.holidays.WorkCalendar` and, when asked,
adds the 月度工作安排表 as an appendix. Writers (DOCX, Markdown, .ics, CSV) read only the events.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..document import Appendix, Document, Event, Paragraph, Table
from .deadlines import keep, stated
from .rules import date_events, month_day, rule_of, weekday_name
from .vacations import inside

APPENDIX_HEADER = ["月份", "时间", "工作内容", "责任人"]
APPENDIX_WIDTHS = [3.4, 7.8, 13.2, 7.2]  # in 字 of the table font: 12月 · 15日（周二） · … · 支部书记王丽
COMPACT_HEADER = ["月份", "工作安排"]
COMPACT_WIDTHS = [3.4, 28.2]
NOTE = "遇周末和法定节假日的活动已调整到相邻工作日，具体时间可根据工作需要调整。"
COMPACT_NOTE = "遇节假日的活动已调整到相邻工作日。"


def schedule(
    doc: Document, holidays_file: Path | None = None, appendix: bool = True, full: bool = False
) -> Document:
    """*doc* dated for its year — a new Document; the composed one is left as it was: its events,
    how the holidays were known (also a note for the user), and the 月度工作安排表 appendix if
    *appendix* (*full*: every event on its own row, else the compact table)."""
    from .holidays import work_calendar

    calendar = work_calendar(doc.year, holidays_file)
    notes = [*doc.notes, calendar.note] if calendar.note else list(doc.notes)
    events = date_events(doc.recurrences, doc.year, calendar.is_workday)
    events = online_in_vacations(keep(events, stated(doc), calendar.is_workday), doc)
    dated = replace(
        doc, events=events, calendar_note=calendar.reader_note, notes=notes, appendices=list(doc.appendices)
    )
    if appendix and events:
        dated.appendices.append(schedule_appendix(dated) if full else compact_appendix(dated))
    return dated


ONLINE = "（线上）"


def online_in_vacations(events: list[Event], doc: Document) -> list[Event]:
    """An activity in 寒暑假 is held online, as student branches' plans say (“假期主题党日改为线上
    开展”): marked so, unless its rule belongs to the vacation (``vacation: keep``)."""
    if not doc.vacations:
        return events
    keep = {(rec.source, rec.index) for rec in doc.recurrences if rec.vacation == "keep"}
    out = []
    for event in events:
        if inside(event.date, doc.vacations) and rule_of(event) not in keep:
            period = next(name for name, first, last in doc.vacations if first <= event.date <= last)
            why = "；".join(filter(None, [event.why, f"在{period}中，改为线上"]))
            event = replace(event, name=event.name + ONLINE, why=why)
        out.append(event)
    return out


def schedule_appendix(doc: Document) -> Appendix:
    """Every event dated (``output.schedule: full``): one row per day, the day's activities
    together, as a secretary's list has them; the month is written on its first row only."""
    days: dict[Any, list[Any]] = {}
    for event in doc.events:
        days.setdefault(event.date, []).append(event)
    rows: list[list[str]] = []
    month = 0
    for day, events in days.items():
        label = f"{day.month}月" if day.month != month else ""
        month = day.month
        names = "；".join(event.name for event in events)
        owners = "、".join(dict.fromkeys(event.owner for event in events))
        rows.append([label, f"{day.day}日（{weekday_name(day)}）", names, owners])
    body: list[Paragraph | Table] = [Table(APPENDIX_HEADER, rows, APPENDIX_WIDTHS), _note(doc)]
    return Appendix(f"{doc.year}年月度工作安排表", body)


def compact_appendix(doc: Document) -> Appendix:
    """The 月度工作安排表 of a real plan's size (at most two pages): what happens every month is said
    once, in the first row, with when and who; a row for each month gives its other work by day.
    The full dated list is in ``plangen schedule``, the .ics and the CSV (and ``output.schedule: full``)."""
    monthly = {(rec.source, rec.index): rec for rec in doc.recurrences if rec.every == "month"}
    routine: dict[str, list[str]] = {}
    for rec in monthly.values():
        routine.setdefault(f"{rec.name}（{_when(rec)}", []).append(rec.owner)
    rows: list[list[str]] = []
    if routine:
        said = "；".join(f"{what}，{'、'.join(dict.fromkeys(who))}）" for what, who in routine.items())
        if doc.vacations:  # what the marks on the monthly events would say, said once
            periods = "、".join(
                f"{name}（{month_day(first)}—{month_day(last)}）" for name, first, last in doc.vacations
            )
            kept = "、".join(dict.fromkeys(rec.name for rec in monthly.values() if rec.vacation == "keep"))
            said += f"。{periods}中改为线上开展" + (f"（{kept}除外）" if kept else "")
        rows.append(["每月", said])
    days: dict[Any, list[str]] = {}
    for event in doc.events:
        if rule_of(event) not in monthly:
            days.setdefault(event.date, []).append(event.name)
    months: dict[int, list[str]] = {month: [] for month in range(1, 13)}
    for day, names in sorted(days.items()):
        months[day.month].append(f"{day.day}日{'、'.join(dict.fromkeys(names))}")
    if any(months.values()):
        rows += [[f"{month}月", "；".join(items) or "每月例行工作"] for month, items in months.items()]
    body: list[Paragraph | Table] = [Table(COMPACT_HEADER, rows, COMPACT_WIDTHS)] if rows else []
    body.append(Paragraph("注：" + COMPACT_NOTE + doc.calendar_note))
    return Appendix(f"{doc.year}年月度工作安排表", body)


def _when(rec: Any) -> str:
    """A monthly rule's time in the words of the rule, in a row headed 每月: 第一个星期五, 10日;
    3—6月、9—12月的15日 for a rule of some months only."""
    text = rec.day.text.removeprefix("每月").removeprefix("每个月") if rec.day is not None else "中旬"
    months = tuple(rec.months)
    return text if months == tuple(range(1, 13)) else f"{_month_ranges(months)}的{text}"


def _month_ranges(months: tuple[int, ...]) -> str:
    """(1, 2, 3, 6, 9, 10, 11) → 1—3月、6月、9—11月."""
    parts: list[str] = []
    start = previous = None
    for month in [*sorted(months), None]:
        if previous is not None and month == previous + 1:
            previous = month
            continue
        if start is not None:
            parts.append(f"{start}月" if start == previous else f"{start}—{previous}月")
        start = previous = month
    return "、".join(parts)


def _note(doc: Document) -> Paragraph:
    return Paragraph("注：" + NOTE + doc.calendar_note)
