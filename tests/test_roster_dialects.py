"""Rosters as Excel and WPS write them — and as clumsy or hostile hands do: line ends, delimiters,
UTF-16, title rows, notes below the table, open quotes, huge cells, XLSX bombs — and the report.csv a
batch writes back (Chinese, and harmless when opened in a spreadsheet)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plangen.batch.roster import CSV_FIELD_LIMIT, MAX_COLUMNS, MAX_ROWS, decode, read_csv, read_roster
from plangen.errors import PlanError

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "hospital-branch.yaml"
HEADERS = ["支部名称", "书记", "党员人数"]
KNOWN = {"支部名称": "org.name", "书记": "org.secretary", "党员人数": "org.members"}
SAMPLE = (DATA / "roster-utf8.csv").read_text(encoding="utf-8")

# --- CSV dialects --------------------------------------------------------------------------------

DIALECTS = st.tuples(
    st.sampled_from([",", ";", "\t"]),  # Excel, Excel in European locales, Excel/WPS “Unicode text”
    st.sampled_from(["\r\n", "\n", "\r"]),  # Windows, Unix, old Mac
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
)
CELL = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.sampled_from(list("abcXYZ019 ,;\t\"'=+-@：（）\r\n")),
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(CELL, min_size=1, max_size=5), max_size=6),
    dialect=DIALECTS,
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_any_table_written_in_any_dialect_reads_back_cell_for_cell(
    rows: list[list[str]], dialect, quoting: int
) -> None:
    delimiter, ending, encoding = dialect
    if quoting == csv.QUOTE_MINIMAL:  # Python's writer then leaves a line break unquoted unless it is
        # the line end it writes (Excel quotes every cell that holds one)
        rows = [[cell.replace("\r", " ").replace("\n", " ") for cell in row] for row in rows]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=ending, quoting=quoting).writerows(
        [HEADERS, *rows]
    )
    _, text = decode(buffer.getvalue().encode(encoding), Path("r.csv"))
    table = read_csv(text, Path("r.csv"), KNOWN)
    trimmed = [row[: max((i + 1 for i, cell in enumerate(row) if cell.strip()), default=0)] for row in rows]
    assert [cells for _, cells in table] == [HEADERS, *trimmed]  # less the empty cells Excel pads rows with
    assert [number for number, _ in table] == list(range(1, len(rows) + 2))  # as Excel numbers them


@pytest.mark.parametrize(
    ("delimiter", "ending", "encoding"),
    [(",", "\r", "utf-8"), (";", "\r\n", "utf-8-sig"), ("\t", "\r\n", "utf-16"), (",", "\r\n", "gb18030")],
)
def test_the_sample_roster_in_every_dialect_gives_the_same_rows(
    tmp_path: Path, delimiter: str, ending: str, encoding: str
) -> None:
    path = tmp_path / "名册.csv"
    lines = [line.replace(",", delimiter) for line in SAMPLE.splitlines()]
    path.write_bytes((ending.join(lines) + ending).encode(encoding))
    roster = read_roster(path)
    assert [row.values for row in roster.rows] == [
        row.values for row in read_roster(DATA / "roster-utf8.csv").rows
    ]
    assert [row.number for row in roster.rows] == [2, 3, 4, 5, 6, 7]


def test_excel_s_sep_line_names_the_delimiter_and_is_not_counted(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("sep=;\n支部名称;书记\n内科党支部;王丽\n", encoding="utf-8")
    roster = read_roster(path)
    assert [(row.number, row.values) for row in roster.rows] == [
        (2, {"org.name": "内科党支部", "org.secretary": "王丽"})
    ]


def test_a_title_row_and_blank_rows_above_the_header_keep_the_spreadsheet_s_numbers(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("2027年各党支部名册,,\n,,\n支部名称,书记,党员人数\n内科党支部,王丽,23\n外科党支部,李强,31\n",
                    encoding="gb18030")  # fmt: skip
    roster = read_roster(path)
    assert [(row.number, row.values["org.name"]) for row in roster.rows] == [
        (4, "内科党支部"),
        (5, "外科党支部"),
    ]
    assert roster.unknown == []


def test_a_header_further_down_than_the_first_rows_is_not_looked_for(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("名册\n" * 12 + "支部名称,书记\n内科党支部,王丽\n", encoding="utf-8")
    with pytest.raises(PlanError, match="名册没有支部名称一列") as caught:
        read_roster(path)
    assert caught.value.line == 1


def test_values_in_a_column_without_a_header_are_said_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "支部名称,,书记\n内科党支部,新成立,王丽,,二〇二〇年\n外科党支部,,李强\n", encoding="utf-8"
    )
    roster = read_roster(path)
    assert [row.values for row in roster.rows][1] == {"org.name": "外科党支部", "org.secretary": "李强"}
    assert roster.notes == ["名册第 2 列没有列名，其中的内容未使用", "名册第 5 列没有列名，其中的内容未使用"]


def test_notes_below_the_table_are_skipped_and_said_never_built(cli, tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("支部名称,书记,党员人数\n内科党支部,王丽,23\n合计,,23\n填表人：张敏,,\n2027年1月5日,,\n",
                      encoding="utf-8")  # fmt: skip
    read = read_roster(roster)
    assert [row.values["org.name"] for row in read.rows] == ["内科党支部"]
    assert [note.split("（")[0] for note in read.notes] == ["名册第 3 行", "名册第 4 行", "名册第 5 行"]
    result = cli("batch", str(roster), "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "-j", "1")
    assert result.code == 0, result.err
    assert "名册第 3 行（合计）是表格下方的说明，未作为支部生成计划" in result.err
    assert [p.name for p in (tmp_path / "out").glob("*.md")] == ["内科党支部2027年工作计划.md"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        # the open quote would swallow every following row into one branch name
        (
            '支部名称,书记\n"内科党支部,王丽\n外科党支部,李强\n儿科党支部,赵敏\n',
            "第 2 行第 1 列的引号没有配对",
            2,
        ),
        ('支部名称,书记\n内科党支部,王丽\n外科党支部,"李强\n', "第 3 行第 2 列的引号没有配对", 3),
        ('支部名称,书记\n"内科"党支部,王丽\n', "第 2 行第 1 列的引号后还有文字", 2),
        # a quote closed rows later: valid CSV, but no roster cell spans lines
        ('支部名称,书记\n"内科党支部,王丽\n外科党支部",李强\n', "第 2 行第 1 列“支部名称”含有换行", 2),
        (
            "支部名称,书记\n内科党支部," + "长" * (CSV_FIELD_LIMIT + 5) + "\n",
            "第 2 行第 2 列的内容过长（超过 131072 字）",
            2,
        ),
        ('支部名称,书记\n"' + "长" * (CSV_FIELD_LIMIT + 5) + '",王丽\n', "第 2 行第 1 列的内容过长", 2),
        ("支部名称,书记\n" + "内科党支部,王丽\n" * (MAX_ROWS + 1), f"名册超过 {MAX_ROWS} 行", MAX_ROWS + 2),
        (
            "支部名称,书记\n内科党支部,王丽" + "," * 300 + "x\n",
            f"第 2 行第 302 列有内容：名册最多 {MAX_COLUMNS} 列",
            2,
        ),
        ("支部名称,书记\n内科党支部" + "," * 20_000 + "\n", "第 2 行超过 16384 列", 2),
    ],
)
def test_malformed_csv_is_refused_with_row_and_column(
    tmp_path: Path, text: str, message: str, line: int
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError, match=re.escape(message)) as caught:
        read_roster(path)
    assert caught.value.line == line


def test_an_open_quote_builds_nothing_and_says_where(cli, tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    lines = SAMPLE.splitlines()
    roster.write_text("\n".join([lines[0], '"' + lines[1], *lines[2:]]) + "\n", encoding="utf-8")
    result = cli("batch", str(roster), "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "-j", "1")
    assert result.code == 2 and "r.csv:2：第 2 行第 1 列的引号没有配对" in result.err, result.err
    assert "Traceback" not in result.err and not list((tmp_path / "out").glob("**/*.md"))


# --- XLSX ----------------------------------------------------------------------------------------

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S"'
    ' sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>支部名称</t></is></c></row>'


def _xlsx(path: Path, rows: bytes, declared: int | None = None) -> Path:
    """A workbook of one sheet whose <sheetData> holds *rows*, written by hand as a hostile one is;
    *declared* overrides the unpacked size the zip's headers give for the sheet."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in (("[Content_Types].xml", _CT), ("_rels/.rels", _RELS), ("xl/workbook.xml", _BOOK),
                           ("xl/_rels/workbook.xml.rels", _BOOK_RELS)):  # fmt: skip
            package.writestr(name, text)
        package.writestr(
            "xl/worksheets/sheet1.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>",
        )
    if declared is not None:
        _declare(path, "xl/worksheets/sheet1.xml", declared)
    return path


def _declare(path: Path, name: str, size: int) -> None:
    """Make the zip's local and central headers claim *size* unpacked bytes for *name*."""
    import struct

    data = bytearray(path.read_bytes())
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + length]) == name.encode():
            struct.pack_into("<I", data, at + 24, size)
            struct.pack_into("<I", data, struct.unpack_from("<I", data, at + 42)[0] + 22, size)
        at += 4
    path.write_bytes(bytes(data))


def test_xlsx_values_as_excel_shows_them_below_a_title(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["2027年各党支部名册"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["支部名称", "书记", "党员人数", "成立日期", "备注"])
    sheet.append(["内科党支部", "王丽", 23, dt.date(2020, 5, 1), True])
    sheet.append(["外科党支部", "李强", 31.0, dt.datetime(2021, 1, 2, 8, 30), 0.5])
    sheet.append(["合计", None, 54])
    book.save(tmp_path / "r.xlsx")
    roster = read_roster(tmp_path / "r.xlsx")
    assert [(row.number, row.values) for row in roster.rows] == [
        (4, {"org.name": "内科党支部", "org.secretary": "王丽", "org.members": "23"}),
        (5, {"org.name": "外科党支部", "org.secretary": "李强", "org.members": "31"}),
    ]
    assert roster.unknown == ["成立日期", "备注"] and len(roster.notes) == 1
    from plangen.batch.xlsx import read_sheet

    cells = dict(read_sheet(tmp_path / "r.xlsx")[2])
    assert cells[4][3:] == ["2020-05-01", "TRUE"] and cells[5][3:] == ["2021-01-02 08:30:00", "0.5"]


def test_xlsx_roster_after_a_cover_sheet_and_a_hidden_one(tmp_path: Path) -> None:
    """Committee offices put 填表说明 first, and keep last year's sheet hidden: the roster is the first
    visible sheet with a header we know, and the user is told which one was read."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "填表说明"
    book.active["A1"] = "填表说明：每行一个支部，党员人数填数字。"
    hidden = book.create_sheet("2026年")
    hidden.append(["支部名称", "书记"])
    hidden.append(["旧支部", "赵六"])
    hidden.sheet_state = "hidden"
    roster = book.create_sheet("名册")
    roster.append(["支部名称", "书记"])
    roster.append(["内科党支部", "王丽"])
    book.save(tmp_path / "r.xlsx")
    read = read_roster(tmp_path / "r.xlsx")
    assert [row.values["org.name"] for row in read.rows] == ["内科党支部"]
    assert read.notes[0].startswith("名册取自第 2 个工作表“名册”")


def test_xlsx_without_a_known_header_is_refused_on_its_first_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["单位", "负责人"])
    book.active.append(["内科", "王丽"])
    book.create_sheet("备用").append(["说明"])
    book.save(tmp_path / "r.xlsx")
    with pytest.raises(PlanError, match="名册没有支部名称一列") as raised:
        read_roster(tmp_path / "r.xlsx")
    assert raised.value.line == 1


@pytest.mark.parametrize(
    ("rows", "message", "line"),
    [
        # the 27 million cells in one row, in small: openpyxl built the whole row first
        (_HEADER_ROW.encode() + b'<row r="2">' + b"<c/>" * 100_000 + b"</row>", "第 2 行超过 16384 列", 2),
        (_HEADER_ROW.encode() + b'<row r="2">' + b"<c><v>1</v></c>" * (MAX_COLUMNS + 1) + b"</row>",
         f"第 2 行第 {MAX_COLUMNS + 1} 列有内容：名册最多 {MAX_COLUMNS} 列", 2),
        (_HEADER_ROW.encode() + b"".join(b'<row><c t="inlineStr"><is><t>b%d</t></is></c></row>' % i
                                          for i in range(MAX_ROWS + 12)), f"名册超过 {MAX_ROWS} 行", MAX_ROWS + 12),
    ],
)  # fmt: skip
def test_hostile_sheets_are_refused_by_row_before_they_cost_memory(
    tmp_path: Path, rows: bytes, message: str, line: int
) -> None:
    with pytest.raises(PlanError, match=re.escape(message)) as caught:
        read_roster(_xlsx(tmp_path / "r.xlsx", rows))
    assert caught.value.line == line


def test_a_sheet_that_unpacks_to_more_than_its_header_says_is_refused(tmp_path: Path) -> None:
    """Measured before the sheet is read: a 3 MB sheet whose header says 4 KB is refused as too big."""
    rows = _HEADER_ROW.encode() + b"<!-- " + b"x" * 3_000_000 + b" -->"
    with pytest.raises(PlanError, match="解压后过大"):
        read_roster(_xlsx(tmp_path / "r.xlsx", rows, declared=4096))


def test_a_member_is_read_by_what_it_unpacks_to_not_what_it_declares(tmp_path: Path) -> None:
    from plangen.readers.package import EXCEL, check_package

    path = _xlsx(tmp_path / "r.xlsx", _HEADER_ROW.encode() * 1000)
    check_package(path, path, EXCEL, 1 << 20)  # the whole package is within the budget
    with pytest.raises(PlanError, match="解压后过大"):
        check_package(path, path, EXCEL, 1 << 20, part_limit=10_000)  # but its sheet is over a part's


def test_a_big_sheet_reads_in_bounded_time(tmp_path: Path) -> None:
    import time

    rows = _HEADER_ROW.encode() + b'<row r="2">' + b"<c/>" * 2_000_000 + b"</row>"
    path = _xlsx(tmp_path / "r.xlsx", rows)
    started = time.monotonic()
    with pytest.raises(PlanError):
        read_roster(path)
    assert time.monotonic() - started < 5  # does not hang: it stops at the row's 16,385th cell


# --- the base spec -------------------------------------------------------------------------------


@pytest.mark.parametrize("section", ["params", "org", "output"])
def test_an_empty_section_in_the_base_spec_is_refused_as_build_refuses_it(
    cli, tmp_path: Path, section: str
) -> None:
    base = tmp_path / "base.yaml"
    lines = {"template": "hospital-branch", "year": "2027", "org": "{parent: 江城市第一人民医院党委}"}
    lines[section] = ""
    base.write_text("".join(f"{key}: {value}\n" for key, value in lines.items()), encoding="utf-8")
    roster = tmp_path / "r.csv"
    roster.write_text("支部名称,主题党日\n内科党支部,每月第一个星期五\n", encoding="utf-8")
    result = cli("batch", str(roster), "--spec", str(base), "-o", "out", "-f", "md", "-j", "1")
    line = list(lines).index(section) + 1
    assert result.code == 2 and f"base.yaml:{line}：“{section}”应为“键: 值”形式的映射" in result.err, (
        result.err
    )
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.md"))


# --- report.csv ----------------------------------------------------------------------------------


def test_report_csv_is_chinese_and_harmless_in_a_spreadsheet(cli, tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    rows = [
        ["支部名称", "书记", "党员人数", "年度", "主题党日", "领域"],
        ["长" * 61, "", "", "", "", ""],  # over the name's 60 characters
        ["内科党支部", "王" * 31, "", "", "", ""],
        ["外科党支部", "", "100001", "", "", ""],
        ["儿科党支部", "", "", "1999", "", ""],
        ["眼科党支部", "", "", "", "每月第九个星期八", ""],
        ["口腔党支部", "", "", "", "", "火星"],
        ['=HYPERLINK("http://x","点我")', "", "-1", "", "", ""],
        ["-1+1", "", "2x", "", "", ""],
        ["@SUM(A1)", "", "约30", "", "", ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    roster.write_text(buffer.getvalue(), encoding="utf-8")
    result = cli("batch", str(roster), "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "-j", "1")
    assert result.code == 1, result.err
    report = list(csv.reader(io.StringIO((tmp_path / "out" / "report.csv").read_bytes().decode("utf-8-sig"))))
    assert report[0] == ["行号", "支部名称", "列", "问题"] and len(report) >= 10
    for _, name, _, message in report[1:]:
        assert not re.search(r"[A-Za-z]{2,}", message), message  # no English from a library
        assert not name.startswith(("=", "+", "-", "@")), name
    names = {row[1] for row in report[1:]}
    assert {'\'=HYPERLINK("http://x","点我")', "'-1+1", "'@SUM(A1)"} <= names
    messages = {row[0]: row[3] for row in report[1:]}
    assert messages["2"] == "“支部名称”过长（上限 60 字）" and messages["4"] == "“党员人数”不能大于 100000"


def test_the_readme_states_the_roster_limits() -> None:
    from plangen.batch import table as roster

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `plangen batch`")[1].split("\n### ")[0]
    for stated in (f"{roster.MAX_BYTES // 1024 // 1024} MB", f"{roster.MAX_ROWS:,} 行", f"{roster.MAX_COLUMNS} 列",
                   f"{roster.MAX_CELL} 字", f"{roster.CSV_FIELD_LIMIT:,} 字", f"{roster.MAX_UNPACKED // 1024 // 1024} MB",
                   f"{roster.MAX_CELLS // 10_000} 万个单元格", f"前 {roster.HEADER_ROWS} 行"):  # fmt: skip
        assert stated in section, stated


def test_a_volume_of_the_wrong_kind_is_refused_before_anything_is_built(cli, tmp_path: Path) -> None:
    result = cli("batch", str(DATA / "roster-utf8.csv"), "--spec", str(EXAMPLE), "-o", "out", "-f", "md",
                 "-j", "1", "--combine", "汇编.pdf")  # fmt: skip
    assert result.code == 2 and "汇编文件的扩展名应为 .docx 或 .md" in result.err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.md"))
