"""Rosters as committees keep them: CSV in UTF-8, UTF-8 with BOM or GB18030 (Excel on Chinese
Windows), or XLSX; Chinese or English headers; problems located by row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.batch.roster import decode, parse_map, read_roster
from plangen.errors import PlanError

DATA = Path(__file__).parent / "data"


def test_the_sample_rosters_read_the_same_in_both_encodings() -> None:
    gb, utf8 = read_roster(DATA / "roster-gb18030.csv"), read_roster(DATA / "roster-utf8.csv")
    assert gb.encoding == "gb18030" and utf8.encoding == "utf-8"
    assert [row.values for row in gb.rows] == [row.values for row in utf8.rows]
    assert len(gb.rows) == 6
    first = gb.rows[0]
    assert first.number == 2 and first.values["org.name"] == "内科第一党支部"
    assert first.values["org.secretary"] == "王丽" and first.values["org.members"] == "23"
    assert first.values["params.organization.theme-day.theme_day"] == "每月第一个星期五"
    assert gb.unknown == []


def test_bom_chinese_headers_unknown_columns_and_a_map(tmp_path: Path) -> None:
    path = tmp_path / "名册.csv"
    text = "支部名称,书记,组织委员,党员总数,备注\n内科党支部,王丽,李强,23,\n\n外科党支部,张三,,31,新成立\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    roster = read_roster(path)
    assert roster.encoding == "utf-8-sig" and roster.unknown == ["党员总数", "备注"]
    assert [row.number for row in roster.rows] == [2, 4]  # the blank line is skipped, numbers kept
    assert roster.rows[0].values == {
        "org.name": "内科党支部",
        "org.secretary": "王丽",
        "org.committee.组织委员": "李强",
    }
    mapped = read_roster(path, parse_map(["党员总数=org.members"]))
    assert mapped.unknown == ["备注"] and mapped.rows[1].values["org.members"] == "31"


def test_xlsx_roster(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["branch", "secretary", "members", "theme_day"])
    sheet.append(["内科党支部", "王丽", 23, "每月第一个星期五"])
    sheet.append([None, None, None, None])
    sheet.append(["外科党支部", "李强", 31.0, None])
    book.save(tmp_path / "roster.xlsx")
    roster = read_roster(tmp_path / "roster.xlsx")
    assert roster.encoding == "xlsx" and [r.values.get("org.members") for r in roster.rows] == ["23", "31"]
    assert [r.number for r in roster.rows] == [2, 4]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.csv", b"", "名册是空的"),
        ("a.csv", "书记,党员人数\n王丽,23\n".encode(), "没有支部名称一列"),
        ("a.csv", "支部名称,branch\n内科,内科\n".encode(), "两列都对应"),
        ("a.csv", "支部名称,书记\n内科\x07党支部,王丽\n".encode(), "控制字符"),
        ("a.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("a.xlsx", b"not a zip", r"不是有效的 \.xlsx 文件"),
    ],
)
def test_bad_rosters_are_refused_with_a_reason(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(PlanError, match=message):
        read_roster(path)


@settings(max_examples=100, deadline=None)
@given(
    names=st.lists(
        st.text(
            alphabet=st.characters(whitelist_categories=("Lo",), max_codepoint=0x9FFF),
            min_size=1,
            max_size=12,
        ),
        min_size=1,
        max_size=8,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_any_chinese_roster_round_trips_in_every_encoding(names: list[str], encoding: str) -> None:
    text = "支部名称,书记\n" + "".join(f"{name}党支部,王丽\n" for name in names)
    found, decoded = decode(text.encode(encoding), Path("r.csv"))
    assert decoded == text and found.replace("_", "-") in (encoding, "utf-8", "gb18030")


# --- rows into specs ----------------------------------------------------------------------------


def _base() -> dict:
    from plangen.safeyaml import load_file

    data, _ = load_file(Path(__file__).resolve().parents[1] / "examples" / "hospital-branch.yaml")
    return data


def test_the_gb18030_roster_gives_six_plans() -> None:
    from plangen.batch.specs import plan_rows
    from plangen.library import Library

    plans = plan_rows(read_roster(DATA / "roster-gb18030.csv"), _base(), Library.default(environ={}))
    assert len(plans) == 6 and all(plan.spec is not None for plan in plans)
    first = plans[0].spec
    assert first["org"]["name"] == "内科第一党支部" and first["org"]["secretary"] == "王丽"
    assert first["org"]["members"] == 23 and first["template"] == "hospital-branch"
    assert first["params"]["organization.theme-day.theme_day"] == "每月第一个星期五"
    assert plans[4].spec["params"]["organization.theme-day.theme_day"] == "每月15日"
    assert (
        first["org"]["parent"] == "江城市第一人民医院党委"
    )  # the row's; the base's 科室 is not carried over
    assert "unit" not in first["org"] and plans[1].spec["org"]["secretary"] == "李强"


def test_bad_rows_are_named_by_row_and_column_and_the_good_ones_kept(tmp_path: Path) -> None:
    from plangen.batch.specs import plan_rows
    from plangen.library import Library

    path = tmp_path / "r.csv"
    path.write_text(
        "支部名称,书记,党员人数,主题党日\n"
        "内科党支部,王丽,23,每月第一个星期五\n"
        ",李强,31,每月第一个星期五\n"
        "外科党支部,张三,abc,每月第一个星期五\n"
        "儿科党支部,赵敏,18,每月第九个星期八\n"
        "内科党支部,钱七,20,每月15日\n"
        "后勤党支部,孙八,-3,每月15日\n",
        encoding="utf-8",
    )
    plans = plan_rows(read_roster(path), _base(), Library.default(environ={}))
    good = [p.row.number for p in plans if p.spec is not None]
    bad = {p.row.number: p.problems for p in plans if p.spec is None}
    assert good == [2]
    assert bad[3] == [("支部名称", "支部名称为空")]
    assert bad[4] == [("党员人数", "“abc”不是整数")]
    assert bad[5] == [("主题党日", "“每月第九个星期八”格式不符合要求")]  # the param's own pattern
    assert bad[6] == [("支部名称", "与第 2 行的支部同名")]
    assert bad[7] == [("党员人数", "“党员人数”不能小于 0")]  # an integer, out of range: not “不是整数”


# --- plangen batch ------------------------------------------------------------------------------


def test_batch_builds_a_plan_per_row(cli, tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "hospital-branch.yaml"
    result = cli("batch", str(DATA / "roster-gb18030.csv"), "--spec", str(example), "-o", "out", "-f", "md")
    assert result.code == 0, result.err
    assert "生成 6 份，失败 0 份" in result.out
    plans = sorted((tmp_path / "out").glob("*.md"))
    assert len(plans) == 6 and len(list((tmp_path / "out" / "plans").glob("*.yaml"))) == 6
    surgery = (tmp_path / "out" / "外科党支部2027年工作计划.md").read_text(encoding="utf-8")
    assert surgery.startswith("# 外科党支部2027年工作计划") and "每月第二个星期三" in surgery
    assert "支部书记李强" in surgery and "内科" not in surgery.split("## 一、")[0]  # no 内科 from the base
    specs = sorted(str(path) for path in (tmp_path / "out" / "plans").glob("*.yaml"))
    again = cli("build", *specs, "-f", "md", "-o", "again")  # each plan.yaml rebuilds its plan exactly
    assert again.code == 0, again.err
    for plan in plans:
        assert (tmp_path / "again" / plan.name).read_text(encoding="utf-8") == plan.read_text(
            encoding="utf-8"
        )


def test_batch_reports_bad_rows_and_builds_the_rest(cli, tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "hospital-branch.yaml"
    roster = tmp_path / "r.csv"
    roster.write_text("支部名称,书记,党员人数,备注\n内科党支部,王丽,23,\n外科党支部,张三,abc,\n,李四,5,\n",
                      encoding="gb18030")  # fmt: skip
    result = cli("batch", str(roster), "--spec", str(example), "-o", "out", "-f", "md")
    assert result.code == 1 and "生成 1 份，失败 2 份" in result.err and "report.csv" in result.err
    assert "“备注”列没有对应的字段" in result.err
    report = (tmp_path / "out" / "report.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert report[0] == "行号,支部名称,列,问题"
    assert "3,外科党支部,党员人数,“abc”不是整数" in report and "4,,支部名称,支部名称为空" in report
    assert [p.name for p in (tmp_path / "out").glob("*.md")] == ["内科党支部2027年工作计划.md"]
