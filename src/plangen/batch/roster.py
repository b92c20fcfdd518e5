"""A committee's roster of branches — CSV or XLSX as Excel and WPS write them — read into rows of
spec fields, every problem located by row and column.

CSV: the encoding is detected, not guessed (a byte-order mark — UTF-8 or UTF-16, Excel's “Unicode
text” — decides; else strict UTF-8; else ``charset-normalizer``, which knows GB18030); line ends LF,
CRLF or old-Mac CR; the delimiter (comma, semicolon as Excel writes in European locales, tab) is
the one that splits the header row into known headers, never a guess from the data. Quotes are read
strictly: one left open (which would swallow the following rows into one cell) is refused with the
row and column where it starts. XLSX is read as a stream (:mod:`.xlsx`), its size bounded as it is
read. The header row is the first of the first few rows that holds a known header, so a title row
or blank rows above the table are skipped; row numbers stay the spreadsheet's. Notes below the table
(合计, 填表人：…) are skipped and said, never built as a branch.

Columns map to spec fields by their Chinese or English header; ``--map 列名=field`` adds others; a
column nobody maps is reported, never silently dropped.

The first step of ``plangen batch`` (issue 11); nothing here builds plans.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PlanError, os_reason, shorten
from ..textio import control_characters, detect_encoding, read_bytes
from .table import (
    CSV_FIELD_LIMIT,
    EXCEL_COLUMNS,
    HEADER_ROWS,
    MAX_BYTES,
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    Table,
    too_many_cells,
    too_wide,
)

DELIMITERS = (",", ";", "\t")  # Excel and WPS: comma; semicolon in European locales; tab (Unicode text)
# the first cell of a row below the table that is a note, not a branch (合计, 填表人：王丽 …)
_LINE_END = re.compile("[\r\n]")
_LINE_ENDS = re.compile("\r\n|\r|\n")
NOTES = ("合计", "总计", "小计", "共计", "填表人", "填报人", "制表人", "审核人", "负责人", "联系人",
         "联系电话", "填表日期", "填报日期", "制表日期", "注", "备注", "说明")  # fmt: skip

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
    number: int  # the row as a spreadsheet program shows it (Excel opening the CSV, or the sheet's own)
    values: dict[str, str]  # spec field → the cell's text (blank cells left out)


@dataclass
class Roster:
    path: Path
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "utf-16" … or "xlsx"
    columns: dict[str, str]  # header → field, in the file's order
    rows: list[Row] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # headers no field takes: reported to the user
    notes: list[str] = field(default_factory=list)  # rows skipped as notes (合计, 填表人 …): said to the user


def read_roster(path: Path, mapping: dict[str, str] | None = None) -> Roster:
    """Read *path*; *mapping* (``--map``) maps further headers to fields."""
    known = {key.lower(): value for key, value in (HEADERS | (mapping or {})).items()}
    encoding, table, sheet = read_table(path, known, "名册", "支部名称")
    roster = _rows(path, encoding, table, known)
    if sheet:
        roster.notes.insert(0, sheet)
    return roster


def read_table(path: Path, known: dict[str, str], what: str, example: str) -> tuple[str, Table, str]:
    """(encoding, rows, a note on the sheet taken) of a CSV or XLSX table whose header row holds
    one of *known* (lower-case) headers: a roster of branches, a branch's members (*what* it is,
    an *example* header, for the messages). Its size is checked before it is read."""
    try:
        size = path.stat().st_size
    except (OSError, ValueError) as exc:
        raise PlanError(f"无法读取{what}：{os_reason(exc)}", path) from None
    if size > MAX_BYTES:
        raise PlanError(f"{what}过大（{size // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）", path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .xlsx import read_sheet

        name, position, table = read_sheet(path, lambda rows: _found_header(rows, known))
        sheet = (
            f"{what}取自第 {position} 个工作表“{name}”（前面的工作表中没有“{example}”等列名）"
            if position > 1
            else ""
        )
        return "xlsx", table, sheet
    if path.suffix.lower() == ".xls":
        raise PlanError("不支持旧版 Excel 文件（.xls）", path, hint="在 Excel 中另存为 .xlsx 或 CSV 后再试。")
    encoding, text = decode(read_bytes(path, MAX_BYTES), path)
    return encoding, read_csv(text, path, known), ""


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """(encoding, text) of a CSV's bytes."""
    return detect_encoding(data, path, hint="在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再试。")


def read_csv(text: str, path: Path, known: dict[str, str]) -> Table:
    """The rows of a CSV *text* in the delimiter its header row is written in; a malformed row (a
    quote left open, text after a closing quote, a cell over the csv module's limit, a value beyond
    the last column) is refused with its row and column."""
    first = next(_lines(text, [0]), "").rstrip("\r\n")
    # Excel's own hint line “sep=;”: Excel hides it, so the rows below are numbered as if it were not there
    skip = 1 if len(first) == 5 and first.lower().startswith("sep=") else 0
    delimiter = first[4] if skip else _delimiter(text, known)
    table: Table = []
    position = [0]  # where the next line starts in *text*
    reader = csv.reader(_lines(text, position, delimiter), delimiter=delimiter, strict=True)
    number = 0
    while len(table) <= MAX_ROWS + HEADER_ROWS + 1:
        start = position[0]
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise _malformed(text, start, number + 1 - skip, delimiter, path) from None
        except _TooWide:
            raise too_many_cells(number + 1 - skip, path) from None
        number += 1
        last = next((index for index in range(len(cells), 0, -1) if cells[index - 1].strip()), 0)
        if last > MAX_COLUMNS:
            raise too_wide(number - skip, last, path)
        if number > skip:
            table.append((number - skip, cells[:last]))  # Excel pads rows with empty cells
    return table


class _TooWide(Exception):
    """A line with more cells than Excel has columns (raised before the csv module builds it)."""


def _lines(text: str, position: list[int], delimiter: str = "") -> Iterator[str]:
    """*text*'s lines, each with its end (LF, CRLF or a lone CR as old Macs wrote), noting in
    *position* where the next one starts; a line with more *delimiter*s than Excel has columns
    raises _TooWide."""
    start = 0
    for found in _LINE_ENDS.finditer(text):
        line = text[start : found.end()]
        start = position[0] = found.end()
        if delimiter and line.count(delimiter) >= EXCEL_COLUMNS:
            raise _TooWide
        yield line
    if start < len(text):
        position[0] = len(text)
        if delimiter and text.count(delimiter, start) >= EXCEL_COLUMNS:
            raise _TooWide
        yield text[start:]


def _is_header(cells: list[str], known: dict[str, str]) -> bool:
    return any(cell.strip().lstrip("\ufeff").lower() in known for cell in cells)


def _delimiter(text: str, known: dict[str, str]) -> str:
    """The delimiter that splits the header row into known headers (among the first rows); else the
    one the first non-blank line holds most of."""
    best: tuple[int, str] | None = None
    for delimiter in DELIMITERS:
        found = None
        try:
            for index, cells in enumerate(csv.reader(_lines(text, [0]), delimiter=delimiter)):
                if index >= HEADER_ROWS:
                    break
                if _is_header(cells, known):
                    found = index
                    break
        except csv.Error:
            continue
        if found is not None and (best is None or found < best[0]):
            best = (found, delimiter)
    if best is not None:
        return best[1]
    line = next((line for line in _lines(text, [0]) if line.strip()), "")
    return max(DELIMITERS, key=line.count)  # ties: the first (comma)


def _malformed(text: str, start: int, row: int, delimiter: str, path: Path) -> PlanError:
    """The error for the row starting at *start* that the csv module refused: where its open quote
    starts, where a closing quote is followed by more text, or which cell is over the limit."""
    column, i, end = 1, start, len(text)
    eol = _line_end(text, i)
    while i < end:
        if text[i] == '"':
            k = i + 1
            while (k := text.find('"', k)) >= 0 and text.startswith('"', k + 1):
                k += 2  # a doubled quote inside the cell
            if k < 0:
                return PlanError(
                    f"第 {row} 行第 {column} 列的引号没有配对（该格从引号起一直延续到文件末尾）",
                    path, row, hint="在该格内容的末尾补上引号，或删去开头的引号。",
                )  # fmt: skip
            if k - i - 1 > CSV_FIELD_LIMIT:
                break
            i, eol = k + 1, _line_end(text, k + 1)  # a quoted cell may hold line ends
            if i < end and text[i] not in (delimiter, "\r", "\n"):
                return PlanError(
                    f"第 {row} 行第 {column} 列的引号后还有文字（引号应包住整格）",
                    path, row, hint="格内的引号写成两个（\"\"），或去掉包住该格的引号。",
                )  # fmt: skip
        stop = text.find(delimiter, i, eol)
        stop = eol if stop < 0 else stop
        if stop - i > CSV_FIELD_LIMIT:
            break
        if stop >= eol:
            return PlanError(
                f"名册第 {row} 行无法按 CSV 读取", path, row,
                hint="在 Excel 或 WPS 中打开名册核对该行，另存为“CSV UTF-8（逗号分隔）”后再试。",
            )  # fmt: skip
        column, i = column + 1, stop + 1
    return PlanError(
        f"第 {row} 行第 {column} 列的内容过长（超过 {CSV_FIELD_LIMIT} 字）",
        path, row, hint=f"名册中一格不超过 {MAX_CELL} 字；若该格前面有引号，检查它是否成对。",
    )  # fmt: skip


def _line_end(text: str, start: int) -> int:
    found = _LINE_END.search(text, start)
    return found.start() if found else len(text)


def _found_header(table: Table, known: dict[str, str]) -> bool:
    return any(_is_header(cells, known) for _, cells in table[:HEADER_ROWS])


def header_index(table: Table, known: dict[str, str]) -> int:
    """The index in *table* of the header row: the first of the first rows that holds a known header;
    else the first row that is not blank."""
    for index, (_, cells) in enumerate(table[:HEADER_ROWS]):
        if _is_header(cells, known):
            return index
    return next((index for index, (_, cells) in enumerate(table) if any(c.strip() for c in cells)), 0)


def note_of(cells: list[str]) -> str | None:
    """The text of a row that is a note below the table (合计 …, 填表人：…), else None."""
    first = next((cell.strip() for cell in cells if cell.strip()), "")
    for word in NOTES:
        if first == word or (first.startswith(word) and first[len(word) : len(word) + 1] in ("：", ":", " ")):
            return first
    return None


def _rows(path: Path, encoding: str, table: Table, known: dict[str, str]) -> Roster:
    if not any(any(cell.strip() for cell in cells) for _, cells in table):
        raise PlanError(
            "名册是空的", path, hint="第一行写列名（如 支部名称、书记、党员人数），以下每行一个支部。"
        )
    at = header_index(table, known)
    header_row, header_cells = table[at]
    body = table[at + 1 :]
    if len(body) > MAX_ROWS:
        raise PlanError(f"名册超过 {MAX_ROWS} 行", path, body[MAX_ROWS][0])
    headers = [cell.strip().lstrip("\ufeff") for cell in header_cells]
    columns: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        if not header:
            continue
        target = known.get(header.lower())
        if target is None:
            unknown.append(header)
        elif target in columns.values():
            other = next(name for name, field in columns.items() if field == target)
            raise PlanError(f"名册中“{other}”和“{header}”两列都对应 {target}", path, header_row,
                            hint="删去其中一列，或改掉其中一列的列名。")  # fmt: skip
        else:
            columns[header] = target
    if "org.name" not in columns.values():
        raise PlanError(
            "名册没有支部名称一列",
            path,
            header_row,
            hint="表头中写“支部名称”（或 branch），或用 --map 列名=org.name 指定。",
        )
    roster = Roster(path, encoding, columns, unknown=unknown)
    ended = False  # a note has been seen: the table is over
    unnamed: set[int] = set()  # columns with values but no header
    for number, cells in body:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines between groups are common in hand-made rosters
        note = note_of(cells)
        if note is not None or ended:
            shown = shorten(note or next(cell.strip() for cell in cells if cell.strip()), 20)
            where = "是表格下方的说明" if note is not None else "在表格下方的说明之后"
            roster.notes.append(f"名册第 {number} 行（{shown}）{where}，未作为支部生成计划")
            ended = True
            continue
        unnamed.update(
            i for i, cell in enumerate(cells, 1) if cell.strip() and (i > len(headers) or not headers[i - 1])
        )
        roster.rows.append(Row(number, _values(number, cells, headers, columns, path)))
    roster.notes += [f"名册第 {column} 列没有列名，其中的内容未使用" for column in sorted(unnamed)]
    return roster


def _values(
    number: int, cells: list[str], headers: list[str], columns: dict[str, str], path: Path
) -> dict[str, str]:
    """Row *number*'s cells by the spec field their column fills."""
    values: dict[str, str] = {}
    for index, (header, cell) in enumerate(zip(headers, cells, strict=False), start=1):
        target = columns.get(header)
        text = cell.strip()
        if target is None or not text:
            continue
        if len(text) > MAX_CELL:
            raise PlanError(f"第 {number} 行第 {index} 列“{header}”过长（上限 {MAX_CELL} 字）", path, number)
        if "\n" in text or "\r" in text:
            raise PlanError(f"第 {number} 行第 {index} 列“{header}”含有换行", path, number,
                            hint="一格只写一行；若是上一格的引号没有配对，把引号补齐。")  # fmt: skip
        if control_characters(text):
            raise PlanError(f"第 {number} 行第 {index} 列“{header}”含有控制字符", path, number)
        values[target] = text
    return values


def parse_map(pairs: list[str]) -> dict[str, str]:
    """``--map 党员总数=org.members`` → {"党员总数": "org.members"}."""
    out = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip() or not target.strip():
            raise PlanError(f"--map 的参数“{pair}”应写作 列名=字段", hint="如 --map 党员总数=org.members")
        out[header.strip()] = target.strip()
    return out
