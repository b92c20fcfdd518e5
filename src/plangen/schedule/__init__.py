"""The annual calendar: the plan's schedule rules dated for its year, holidays respected.

compose leaves :class:`~plangen.document.Recurrence` objects on the Document (parsed, undated);
:func:`schedule` dates them with a :class:`~plangen.schedule.holidays.WorkCalendar` and, when asked,
adds the 月度工作安排表 as an appendix. Writers (DOCX, Markdown, .ics, CSV) read only the events.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..document import Appendix, Document, Paragraph, Table
from .rules import date_events, weekday_name

APPENDIX_HEADER = ["月份", "时间", "工作内容", "责任人"]
APPENDIX_WIDTHS = [3.4, 7.8, 13.2, 7.2]  # in 字 of the table font: 12月 · 15日（周二） · … · 支部书记王丽


def schedule(doc: Document, holidays_file: Path | None = None, appendix: bool = True) -> Document:
    """*doc* dated for its year — a new Document; the composed one is left as it was: its events,
    how the holidays were known (also a note for the user), and the 月度工作安排表 appendix if
    *appendix*."""
    from .holidays import work_calendar

    calendar = work_calendar(doc.year, holidays_file)
    notes = [*doc.notes, calendar.note] if calendar.note else list(doc.notes)
    events = date_events(doc.recurrences, doc.year, calendar.is_workday)
    dated = replace(
        doc, events=events, calendar_note=calendar.reader_note, notes=notes, appendices=list(doc.appendices)
    )
    if appendix and events:
        dated.appendices.append(schedule_appendix(dated))
    return dated


def schedule_appendix(doc: Document) -> Appendix:
    """One row per day (the day's activities together, as a secretary's table has them); the month
    is written on its first row only."""
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
    body: list[Paragraph | Table] = [Table(APPENDIX_HEADER, rows, APPENDIX_WIDTHS)]
    notes = ["遇周末和法定节假日的活动已调整到相邻工作日，具体时间可根据工作需要调整。"]
    if doc.calendar_note:
        notes.append(doc.calendar_note)
    body.append(Paragraph("注：" + "".join(notes)))
    return Appendix(f"{doc.year}年月度工作安排表", body)
