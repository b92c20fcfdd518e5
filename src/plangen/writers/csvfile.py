"""CSV for Excel and WPS — the year's events here, and every other table plangen writes (batch's
report.csv): UTF-8 with a byte-order mark (Excel on Chinese Windows reads a CSV without one as
GB18030), CRLF line ends, every text cell escaped so a spreadsheet shows it as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ..document import Document
from ..schedule.rules import weekday_name
from . import WriteOptions

HEADER = ["月份", "日期", "星期", "工作内容", "责任人", "类别"]
# what makes Excel, WPS and LibreOffice read a cell as a formula (OWASP, “CSV Injection”)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render(doc: Document) -> bytes:
    rows: list[Sequence[object]] = [HEADER]
    for event in doc.events:
        rows.append(
            [f"{event.date.month}月", event.date.isoformat(), weekday_name(event.date), event.name,
             event.owner, event.kind]
        )  # fmt: skip
    if doc.calendar_note:
        rows.append(["注", doc.calendar_note])
    return table_bytes(rows)


def table_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """*rows* as a CSV file a spreadsheet opens as they are: numbers as numbers, text as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell if isinstance(cell, int) else safe_cell(str(cell)) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def safe_cell(text: str) -> str:
    """*text* as a spreadsheet must show it, not run it: a cell starting with =, +, -, @, tab or CR
    gets a leading single quote (OWASP's advice; Excel and WPS then hide the quote and show the text)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write(doc: Document, options: WriteOptions) -> bytes:
    """The registered writer."""
    return render(doc)
