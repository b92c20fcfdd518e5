"""A roster as a table, whatever file it came from (CSV or a workbook's sheet): its rows, the limits
stated in the README, and the refusals of a table too large. Both readers hold to these."""

from __future__ import annotations

from pathlib import Path

from ..errors import PlanError

# the limits, stated in the README's “plangen batch” section: beyond any of them the roster is
# refused with the row (and column) where it was crossed, before anything is built
MAX_BYTES = 20 * 1024 * 1024  # the file as stored
MAX_UNPACKED = 32 * 1024 * 1024  # each part of an XLSX, counted as it is unpacked
MAX_ROWS = 10_000  # rows below the header
MAX_COLUMNS = 200  # the last column that may hold a value
EXCEL_COLUMNS = 16_384  # XFD, Excel's last column: a row with more cells is not a spreadsheet's
MAX_CELLS = 1_000_000  # cells an XLSX sheet may hold in all, empty (formatted) ones included
MAX_CELL = 500  # characters in a cell that fills a spec field
CSV_FIELD_LIMIT = 131_072  # the csv module's own limit on one cell (left at its default)
HEADER_ROWS = 10  # how far down the header row is looked for (below a title and blank rows)

Table = list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, its cells)


def too_wide(row: int, column: int, path: Path) -> PlanError:
    """The error for a value in *column* of *row*, beyond the columns a roster may have."""
    return PlanError(
        f"第 {row} 行第 {column} 列有内容：名册最多 {MAX_COLUMNS} 列", path, row,
        hint="名册只需支部名称、书记、党员人数等几列；删去多余的列（或其中的内容）后再试。",
    )  # fmt: skip


def too_many_cells(row: int, path: Path) -> PlanError:
    """The error for a row of more cells than Excel has columns, empty or not."""
    return PlanError(
        f"第 {row} 行超过 {EXCEL_COLUMNS} 列（Excel 最多 {EXCEL_COLUMNS} 列），不是表格程序保存的名册", path, row,
        hint="在 Excel 或 WPS 中打开名册，只保留名册所在的表格区域，另存后再试。",
    )  # fmt: skip
