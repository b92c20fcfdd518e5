"""The meetings of a plan and the members on their papers (:mod:`plangen.meetings`): members as Excel and WPS
write them, every bad row said with its row and column, all at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.errors import PlanError, flatten
from plangen.meetings.members import read_members

DATA = Path(__file__).parent / "data" / "members"
GROUPS = ["第1党小组", "第2党小组", "第3党小组"]


def test_a_branch_of_23_in_three_groups_as_excel_saves_it_on_chinese_windows() -> None:
    members = read_members(DATA / "members-gb18030.csv", GROUPS)
    assert len(members.members) == 23
    assert members.groups == GROUPS
    assert [len(members.of_group(group)) for group in GROUPS] == [8, 8, 7]
    assert members.members[0].name == "王建国" and members.members[0].role == "支部书记"
    assert sum(member.probationary for member in members.members) == 2
    assert members.members[0].row == 2  # as Excel shows it


def test_a_workbook_with_a_title_row_and_a_note_below(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["内科第一党支部党员名单"])
    sheet.append([])
    sheet.append(["姓名", "党小组", "职务", "类别", "联系电话"])
    sheet.append(["王建国", "第1党小组", "支部书记", "正式党员", "13800000001"])
    sheet.append(["李丽华", "第2党小组", None, "预备", None])
    sheet.append(["注：预备党员1名"])
    book.save(tmp_path / "名单.xlsx")
    members = read_members(tmp_path / "名单.xlsx", GROUPS)
    assert [(m.row, m.name, m.group, m.probationary) for m in members.members] == [
        (4, "王建国", "第1党小组", False),
        (5, "李丽华", "第2党小组", True),
    ]
    assert members.members[0].contact == "13800000001"
    assert any("第 6 行" in note for note in members.notes)


def test_every_bad_row_is_said_with_its_row_and_column(tmp_path: Path) -> None:
    (tmp_path / "名单.csv").write_text(
        "姓名,党小组,类别\n王建国,第1党小组,正式\n,第2党小组,正式\n李丽华,第4党小组,正式\n张强,第1党小组,积极分子\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as raised:
        read_members(tmp_path / "名单.csv", GROUPS)
    said = [(error.line, error.message) for error in flatten(raised.value)]
    assert said == [
        (3, "第 3 行第 1 列“姓名”没有填姓名"),
        (4, "第 4 行第 2 列“党小组”“第4党小组”不是本支部的党小组"),
        (5, "第 5 行第 3 列“类别”应为“正式”或“预备”"),
    ]
    assert all(error.path == tmp_path / "名单.csv" for error in flatten(raised.value))


def test_a_file_without_a_name_column_is_refused(tmp_path: Path) -> None:
    (tmp_path / "名单.csv").write_text("党小组,职务\n第1党小组,书记\n", encoding="utf-8")
    with pytest.raises(PlanError, match="没有“姓名”一列"):
        read_members(tmp_path / "名单.csv")


_NAMES = st.text(alphabet="王李张刘陈杨赵黄周吴建国丽华强秀英明", min_size=2, max_size=4)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(_NAMES, st.sampled_from(GROUPS), st.booleans()), min_size=1, max_size=30),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_list_as_excel_or_wps_may_save_it_reads_back(rows: list, encoding: str, delimiter: str) -> None:
    import tempfile

    lines = [delimiter.join(["姓名", "党小组", "类别"])]
    lines += [
        delimiter.join([name, group, "预备党员" if probationary else "正式党员"])
        for name, group, probationary in rows
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "名单.csv"
        path.write_bytes("\r\n".join(lines).encode(encoding) + b"")
        members = read_members(path, GROUPS)
    assert [(m.name, m.group, m.probationary) for m in members.members] == rows


def test_the_example_members_are_the_example_branchs() -> None:
    """examples/members.csv (copied out by plangen examples) is 内科第一党支部's: as many members as
    its plan file says, its secretary first, three 党小组 each with a leader."""
    import yaml

    repo = Path(__file__).resolve().parents[1]
    spec = yaml.safe_load((repo / "examples" / "hospital-branch.yaml").read_text(encoding="utf-8"))
    members = read_members(repo / "examples" / "members.csv", GROUPS)
    assert len(members.members) == spec["org"]["members"]
    assert (members.members[0].name, members.members[0].role) == (spec["org"]["secretary"], "支部书记")
    assert all(any(m.role == "党小组长" for m in members.of_group(group)) for group in GROUPS)


# --- the meetings of a plan's calendar ---------------------------------------------------------------

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_one_set_of_papers_per_meeting_of_the_calendar(example: Path, tmp_path: Path) -> None:
    """For each example, 2027: a meeting per event of a meeting's kind, in the calendar's order, on
    the calendar's date, its topics the month's other work as the calendar has it."""
    from plangen.library import Library, default_layers
    from plangen.meetings.calendar import PAPERS, SIGN_IN, meetings
    from plangen.pipeline import Builder, BuildOptions

    _, doc, _ = Builder(Library(default_layers()), tmp_path).document(example, BuildOptions(formats=["ics"]))
    found = meetings(doc.events)
    assert [m.event for m in found] == sorted(
        (e for e in doc.events if e.kind in PAPERS), key=lambda e: e.date
    )
    assert all(SIGN_IN in m.papers for m in found)
    for meeting in found:
        month = [e.name.removesuffix("（线上）") for e in doc.events
                 if e.date.month == meeting.date.month and e.kind not in PAPERS]  # fmt: skip
        assert set(meeting.topics) == set(month)
    if example.stem == "hospital-branch":
        kinds = {m.event.kind for m in found}
        assert {
            "支部党员大会",
            "支部委员会会议",
            "党小组会",
            "党课",
            "主题党日",
            "组织生活会",
            "民主评议党员",
        } <= kinds
        march = meetings(doc.events, ["支部委员会会议"], dt.date(2027, 3, 1), dt.date(2027, 3, 31))
        assert len(march) == 1 and march[0].date.month == 3
