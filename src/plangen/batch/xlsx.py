"""The roster sheet of an XLSX (the first visible one whose header names a known column), read as a
stream: row by row, each cell cleared once read, every part counted as it is unpacked — so a sheet of
one row with millions of cells, or a part whose zip header claims less than it holds, is refused with
its row before it costs memory.

openpyxl (even ``read_only``) builds a whole row before it yields it and pads every row to the
width the file declares; a roster needs neither. Cell values are read as Excel shows them: shared
and inline strings, numbers (23, not 23.0), booleans, errors, and dates by their number format
(openpyxl's own rules for what a date format is and how serial numbers count days).
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from ..readers.package import EXCEL, check_package, unreadable
from .table import (
    EXCEL_COLUMNS,
    HEADER_ROWS,
    MAX_BYTES,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED,
    Table,
    too_many_cells,
    too_wide,
)

if TYPE_CHECKING:
    from lxml import etree

MAX_SHEETS = 50  # sheets looked through for the roster (a workbook of a committee office has a few)

_MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)


def read_sheet(path: Path, fits: Callable[[Table], bool] = lambda table: True) -> tuple[str, int, Table]:
    """(name, position from 1, non-blank rows numbered as Excel shows them) of the first visible sheet
    whose rows *fits* — a workbook often opens with a cover or 填表说明 sheet; the first visible sheet
    when none fits, so that its error is the one the user sees."""
    check_package(path, path, EXCEL, MAX_BYTES, MAX_UNPACKED)  # every part measured by what it unpacks to
    row = None
    first: tuple[str, int, Table] | None = None
    try:
        with zipfile.ZipFile(path) as package:
            sheets, strings_part, styles_part, epoch = _parts(package, path)
            dates = _date_styles(package, styles_part, path) if styles_part else set()
            for position, (name, part) in enumerate(sheets, 1):
                rows: list[tuple[int, dict[int, _Raw]]] = []
                wanted: set[int] = set()  # the shared strings the sheet uses: only those are kept
                for row, cells in _rows(package, part, path):
                    rows.append((row, cells))
                    wanted.update(value.index for value in cells.values() if isinstance(value, _Shared))
                row = None
                strings = _strings(package, strings_part, wanted, path) if wanted else {}
                table = _table(rows, strings, dates, epoch)
                if fits(table):
                    return name, position, table
                first = first or (name, position, table)
    except Exception as exc:  # zipfile and lxml on the user's file
        raise unreadable(exc, path, EXCEL, row) from None
    assert first is not None  # _parts refuses a workbook without sheets
    return first


def _table(
    rows: list[tuple[int, dict[int, _Raw]]], strings: dict[int, str], dates: set[int], epoch: dt.datetime
) -> Table:
    table: Table = []
    for number, cells in rows:
        values = [""] * max(cells)
        for column, value in cells.items():
            values[column - 1] = _text(value, strings, dates, epoch)
        table.append((number, values))
    return table


class _Shared:
    """A cell that refers to a shared string (resolved once the strings are read)."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


class _Number:
    __slots__ = ("style", "value")

    def __init__(self, value: str, style: int) -> None:
        self.value, self.style = value, style


_Raw = str | _Shared | _Number  # a cell's value as read, before the shared strings are known


def _parts(
    package: zipfile.ZipFile, path: Path
) -> tuple[list[tuple[str, str]], str | None, str | None, dt.datetime]:
    """([(name, part)] of the visible sheets in the workbook's order, shared strings, styles, date
    epoch) as the workbook and its relationships name them; every sheet when all are hidden."""
    from lxml import etree

    package.getinfo("[Content_Types].xml")  # KeyError (a part missing) in a zip that is no Office file
    workbook = _target(package, "_rels/.rels", "/officeDocument", "", path) or "xl/workbook.xml"
    book = etree.parse(package.open(workbook), _parser())
    listed = [el for ns in _MAIN for el in book.iter(f"{{{ns}}}sheet")][:MAX_SHEETS]
    if not listed:
        raise PlanError("Excel 文件中没有工作表", path, hint=EXCEL.hint)
    visible = [el for el in listed if el.get("state", "visible") == "visible"] or listed
    rels = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    sheets: list[tuple[str, str]] = []
    for element in visible:
        rid = next((element.get(f"{{{ns}}}id") for ns in _DOC_RELS if element.get(f"{{{ns}}}id")), None)
        part = _target(package, rels, None, rid, path)
        if part is not None and part in package.NameToInfo:
            sheets.append((element.get("name") or f"Sheet{len(sheets) + 1}", part))
    if not sheets:
        raise PlanError("Excel 文件中缺少工作表的内容", path, hint=EXCEL.hint)
    props = next((el for ns in _MAIN for el in book.iter(f"{{{ns}}}workbookPr")), None)
    mac = props is not None and props.get("date1904", "0").lower() in ("1", "true")
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    epoch = CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900
    strings = _target(package, rels, "/sharedStrings", "", path)
    styles = _target(package, rels, "/styles", "", path)
    return sheets, strings, styles, epoch


def _target(package: zipfile.ZipFile, rels: str, kind: str | None, rid: str | None, path: Path) -> str | None:
    """The part a relationship in *rels* points to: by type suffix *kind*, or by id *rid*."""
    from lxml import etree

    if rels not in package.NameToInfo:
        return None
    tree = etree.parse(package.open(rels), _parser())
    base = posixpath.dirname(posixpath.dirname(rels))  # xl/_rels/workbook.xml.rels → xl
    for rel in tree.iter(f"{{{_RELS}}}Relationship"):
        if (kind is not None and rel.get("Type", "").endswith(kind)) or (rid and rel.get("Id") == rid):
            target = rel.get("Target", "")
            joined = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            return posixpath.normpath(joined)
    return None


def _parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _rows(package: zipfile.ZipFile, sheet: str, path: Path) -> Iterator[tuple[int, dict[int, _Raw]]]:
    """(row number, {column: raw value}) of every row with a value, each cell cleared once read."""
    from lxml import etree

    stream = package.open(sheet)
    tags = [f"{{{ns}}}{name}" for ns in _MAIN for name in ("c", "row")]
    number = 0  # the last row's number
    column = 0
    cells: dict[int, _Raw] = {}
    seen = kept = 0
    for _, element in etree.iterparse(stream, events=("end",), tag=tags, resolve_entities=False,
                                      no_network=True, huge_tree=False):  # fmt: skip
        if element.tag.endswith("}c"):
            seen += 1
            column = _column(element.get("r"), column + 1)
            if column > EXCEL_COLUMNS:
                raise too_many_cells(number + 1, path)
            if seen > MAX_CELLS:
                raise PlanError(f"工作表的单元格过多（超过 {MAX_CELLS} 个，含设了格式的空格）", path, number + 1,
                                hint="只保留名册所在的表格区域，另存后再试。")  # fmt: skip
            value = _value(element) if len(element) else None  # <c/>: a formatted empty cell
            if value is not None:
                if column > MAX_COLUMNS:
                    raise too_wide(number + 1, column, path)
                if isinstance(value, _Number) and not _is_number(value.value):
                    raise PlanError(f"第 {number + 1} 行第 {column} 列标为数字，内容却不是数字，文件可能已损坏",
                                    path, number + 1, hint=EXCEL.hint)  # fmt: skip
                cells[column] = value
            element.clear(keep_tail=False)  # a row holds at most EXCEL_COLUMNS of these, emptied
            continue
        given = element.get("r")
        number = int(given) if given and given.isdigit() and 0 < int(given) <= 1_048_576 else number + 1
        if cells:
            kept += 1
            if kept > MAX_ROWS + HEADER_ROWS + 1:
                raise PlanError(f"名册超过 {MAX_ROWS} 行", path, number)
            yield number, cells
        cells, column = {}, 0
        element.clear(keep_tail=False)
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]  # the rows read before


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _column(ref: str | None, otherwise: int) -> int:
    """The column number of a cell reference such as “C5” (the next column when it has none)."""
    if not ref:
        return otherwise
    number = 0
    for char in ref:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number if number > 0 else otherwise


def _value(cell: etree._Element) -> _Raw | None:
    """A cell's raw value: text, a _Shared or _Number to resolve later; None when empty."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        text = "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t") and _not_phonetic(t))
        return text or None
    found = next((child for child in cell if child.tag.endswith("}v")), None)
    raw = found.text if found is not None else None
    if raw is None or raw == "":
        return None
    if kind == "s":
        return _Shared(int(raw)) if raw.strip().isdigit() else None
    if kind == "b":
        return "TRUE" if raw.strip() in ("1", "true") else "FALSE"
    if kind == "n":
        style = cell.get("s", "0")
        return _Number(raw.strip(), int(style) if style.isdigit() else 0)
    return raw  # str (a formula's text), e (#N/A …), d (an ISO date)


def _not_phonetic(element: etree._Element) -> bool:
    """Whether a <t> is not inside <rPh> (the reading of Japanese text, not the cell's value)."""
    parent = element.getparent()
    return parent is None or not parent.tag.endswith("}rPh")


def _strings(package: zipfile.ZipFile, part: str | None, wanted: set[int], path: Path) -> dict[int, str]:
    """The shared strings the sheet uses, read as a stream."""
    from lxml import etree

    if part is None or part not in package.NameToInfo:
        raise PlanError("Excel 文件中缺少共享字符串部分", path, hint=EXCEL.hint)
    found: dict[int, str] = {}
    last = max(wanted)
    tags = [f"{{{ns}}}si" for ns in _MAIN]
    stream = package.open(part)
    for index, (_, element) in enumerate(etree.iterparse(stream, events=("end",), tag=tags,
                                                         resolve_entities=False, no_network=True)):  # fmt: skip
        if index in wanted:
            found[index] = "".join(
                t.text or "" for t in element.iter() if t.tag.endswith("}t") and _not_phonetic(t)
            )
        element.clear(keep_tail=False)
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]
        if index >= last:
            break
    return found


def _date_styles(package: zipfile.ZipFile, part: str, path: Path) -> set[int]:
    """The cell styles (indices into cellXfs) whose number format shows a date or time."""
    from lxml import etree
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if part not in package.NameToInfo:
        return set()
    tree = etree.parse(package.open(part), _parser())
    custom = {
        fmt.get("numFmtId"): fmt.get("formatCode", "") for ns in _MAIN for fmt in tree.iter(f"{{{ns}}}numFmt")
    }
    dates: set[int] = set()
    for ns in _MAIN:
        for xfs in tree.iter(f"{{{ns}}}cellXfs"):
            for index, xf in enumerate(xf for xf in xfs if xf.tag.endswith("}xf")):
                code = xf.get("numFmtId", "0")
                fmt = custom.get(code) or (BUILTIN_FORMATS.get(int(code)) if code.isdigit() else None)
                if fmt and is_date_format(fmt):
                    dates.add(index)
    return dates


def _text(value: _Raw, strings: dict[int, str], dates: set[int], epoch: dt.datetime) -> str:
    if isinstance(value, _Shared):
        return strings.get(value.index, "")
    if not isinstance(value, _Number):
        return value
    try:
        number = float(value.value)
    except ValueError:
        return value.value
    if not math.isfinite(number):
        return value.value
    if value.style in dates:
        from openpyxl.utils.datetime import from_excel

        try:
            moment = from_excel(number, epoch)
        except (ValueError, OverflowError):
            return value.value
        if isinstance(moment, dt.datetime) and moment.time() == dt.time(0):
            return moment.date().isoformat()
        return moment.isoformat(sep=" ") if isinstance(moment, dt.datetime) else str(moment)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))  # Excel stores 23 as 23 or 23.0
    return repr(number)
