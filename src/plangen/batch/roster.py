"""A committee's roster of branches — CSV (UTF-8, UTF-8 with BOM, GB18030 as Excel on Chinese
Windows saves it) or XLSX — read into rows of spec fields, every problem located by row and column.

The encoding is detected, not guessed: a byte-order mark decides; else strict UTF-8 (which almost
never decodes text in another encoding); else ``charset-normalizer``, which knows GB18030; only
where it cannot decide (a few odd characters) is GB18030, Excel's encoding on Chinese Windows, tried. Columns
map to spec fields by their Chinese or English header; ``--map 列名=field`` adds others; a column
nobody maps is reported, never silently dropped.

The first step of ``plangen batch`` (issue 11); nothing here builds plans.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PlanError, os_reason
from ..textio import control_characters, detect_encoding, read_bytes

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL = 500

# header (as written, case-insensitive for English) → the spec field it fills
HEADERS: dict[str, str] = {
    "支部名称": "org.name", "党支部名称": "org.name", "名称": "org.name", "branch": "org.name", "name": "org.name",
    "全称": "org.full_name", "正式全称": "org.full_name", "full_name": "org.full_name",
    "书记": "org.secretary", "支部书记": "org.secretary", "secretary": "org.secretary",
    "副书记": "org.committee.副书记", "组织委员": "org.committee.组织委员", "宣传委员": "org.committee.宣传委员",
    "纪检委员": "org.committee.纪检委员", "青年委员": "org.committee.青年委员",
    "党员人数": "org.members", "党员数": "org.members", "members": "org.members",
    "预备党员": "org.probationary", "预备党员人数": "org.probationary", "probationary": "org.probationary",
    "入党积极分子": "org.activists", "积极分子人数": "org.activists", "activists": "org.activists",
    "党小组": "org.groups", "党小组数": "org.groups", "groups": "org.groups",
    "上级党组织": "org.parent", "上级党委": "org.parent", "parent": "org.parent",
    "科室": "org.unit", "单位": "org.unit", "unit": "org.unit",
    "主题党日": "params.organization.theme-day.theme_day", "theme_day": "params.organization.theme-day.theme_day",
    "模板": "template", "template": "template", "领域": "sector", "sector": "sector",
    "年度": "year", "year": "year",
}  # fmt: skip


@dataclass
class Row:
    number: int  # the line (CSV) or row (XLSX) as a spreadsheet program shows it: the header is 1
    values: dict[str, str]  # spec field → the cell's text (blank cells left out)


@dataclass
class Roster:
    path: Path
    encoding: str  # "utf-8", "utf-8-sig", "gb18030" … or "xlsx"
    columns: dict[str, str]  # header → field, in the file's order
    rows: list[Row] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # headers no field takes: reported to the user


def read_roster(path: Path, mapping: dict[str, str] | None = None) -> Roster:
    """Read *path*; *mapping* (``--map``) maps further headers to fields."""
    try:
        size = path.stat().st_size
    except (OSError, ValueError) as exc:
        raise PlanError(f"无法读取名册：{os_reason(exc)}", path) from None
    if size > MAX_BYTES:
        raise PlanError(f"名册过大（{size // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）", path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        encoding, table = "xlsx", _xlsx(path)
    elif path.suffix.lower() == ".xls":
        raise PlanError("不支持旧版 Excel 文件（.xls）", path, hint="在 Excel 中另存为 .xlsx 或 CSV 后再试。")
    else:
        encoding, text = decode(read_bytes(path, MAX_BYTES), path)
        table = _csv(text, path)
    return _rows(path, encoding, table, mapping or {})


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """(encoding, text) of a CSV's bytes."""
    return detect_encoding(data, path, hint="在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再试。")


def _csv(text: str, path: Path) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text))
    table: list[list[str]] = []
    while len(table) <= MAX_ROWS + 1:
        line = reader.line_num + 1  # where the next row starts
        try:
            table.append(next(reader))
        except StopIteration:
            break
        except csv.Error:  # a cell over the csv module's limit (an unclosed quote runs to the end) …
            raise PlanError(
                f"名册第 {line} 行无法按 CSV 读取",
                path,
                line,
                hint="检查该行的引号是否成对、某一格是否过长；或在 Excel 中另存为“CSV UTF-8（逗号分隔）”。",
            ) from None
    return table


def _xlsx(path: Path) -> list[list[str]]:
    from ..readers.package import EXCEL, check_package, unreadable

    check_package(path, path, EXCEL, MAX_BYTES)
    from openpyxl import load_workbook

    table: list[list[str]] = []
    opened = False
    try:
        with warnings.catch_warnings():  # openpyxl warns, in English, of formatting it does not keep
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=True)
            opened = True
            try:
                if not book.worksheets:
                    raise PlanError("Excel 文件中没有工作表", path, hint=EXCEL.hint)
                for values in book.worksheets[0].iter_rows(values_only=True):  # parsed row by row
                    table.append(["" if v is None else _cell_text(v) for v in values])
                    if len(table) > MAX_ROWS + 1:
                        break
            finally:
                book.close()
    except Exception as exc:  # openpyxl, zipfile and the XML parser on the user's file
        raise unreadable(exc, path, EXCEL, len(table) + 1 if opened else None) from None
    return table


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 23 as 23.0
    return str(value)


def _rows(path: Path, encoding: str, table: list[list[str]], mapping: dict[str, str]) -> Roster:
    while table and not any(cell.strip() for cell in table[0]):
        table = table[1:]
    if not table:
        raise PlanError(
            "名册是空的", path, hint="第一行写列名（如 支部名称、书记、党员人数），以下每行一个支部。"
        )
    if len(table) > MAX_ROWS + 1:
        raise PlanError(f"名册超过 {MAX_ROWS} 行", path)
    headers = [cell.strip().lstrip("\ufeff") for cell in table[0]]
    known = {key.lower(): value for key, value in HEADERS.items()} | {
        k.lower(): v for k, v in mapping.items()
    }
    columns: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        if not header:
            continue
        target = known.get(header.lower())
        if target is None:
            unknown.append(header)
        elif target in columns.values():
            raise PlanError(f"名册中有两列都对应“{target}”：{header} 和另一列", path, 1)
        else:
            columns[header] = target
    if "org.name" not in columns.values():
        raise PlanError(
            "名册没有支部名称一列",
            path,
            1,
            hint="第一行中写“支部名称”（或 branch），或用 --map 列名=org.name 指定。",
        )
    roster = Roster(path, encoding, columns, unknown=unknown)
    for offset, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines between groups are common in hand-made rosters
        values: dict[str, str] = {}
        for header, cell in zip(headers, cells, strict=False):
            target = columns.get(header)
            text = cell.strip()
            if target is None or not text:
                continue
            if len(text) > MAX_CELL:
                raise PlanError(f"第 {offset} 行“{header}”过长（上限 {MAX_CELL} 字）", path, offset)
            if control_characters(text):
                raise PlanError(f"第 {offset} 行“{header}”含有控制字符", path, offset)
            values[target] = text
        roster.rows.append(Row(offset, values))
    return roster


def parse_map(pairs: list[str]) -> dict[str, str]:
    """``--map 党员总数=org.members`` → {"党员总数": "org.members"}."""
    out = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip() or not target.strip():
            raise PlanError(f"--map 的参数“{pair}”应写作 列名=字段", hint="如 --map 党员总数=org.members")
        out[header.strip()] = target.strip()
    return out
