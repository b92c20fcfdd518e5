"""The year's events as CSV for Excel: UTF-8 with a byte-order mark (Excel on Chinese Windows reads
a CSV without one as GB18030), CRLF line ends, one event per row."""

from __future__ import annotations

import csv
import io

from ..document import Document
from ..schedule.rules import weekday_name

HEADER = ["月份", "日期", "星期", "工作内容", "责任人", "类别"]


def render(doc: Document) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for event in doc.events:
        writer.writerow(
            [f"{event.date.month}月", event.date.isoformat(), weekday_name(event.date), _cell(event.name),
             _cell(event.owner), _cell(event.kind)]
        )  # fmt: skip
    if doc.calendar_note:
        writer.writerow(["注", doc.calendar_note])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(text: str) -> str:
    """Text Excel must not read as a formula (=, +, -, @ at the start: CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
