"""``plangen meetings`` as a secretary runs it (issue 28): one set of papers per meeting of the
plan's calendar, read back from the Word files with python-docx and pandoc — dates, weekdays,
bodies and topics as the calendar has them, the members' names on the sign-in sheets, time and
place from the plan file or left to fill in — and reruns that write only what changed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from plangen.meetings.calendar import PAPERS, meetings
from plangen.paper import MEETING_KINDS

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
WEEKDAYS = "一二三四五六日"
ENV = {"PLANGEN_OFFICE": "0", "SOURCE_DATE_EPOCH": "1800000000"}


def _doc(example: Path, tmp_path: Path):
    from plangen.library import Library, default_layers
    from plangen.pipeline import Builder, BuildOptions

    _, doc, _ = Builder(Library(default_layers()), tmp_path).document(example, BuildOptions(formats=["ics"]))
    return doc


def _texts(path: Path) -> list[str]:
    """Every paragraph of a DOCX, cells' included, in order (python-docx)."""
    import docx

    document = docx.Document(str(path))
    out = []
    for block in document.element.body.iter():
        if block.tag.endswith("}p"):
            out.append("".join(node.text or "" for node in block.iter() if node.tag.endswith("}t")))
    return out


def _tables(path: Path) -> list[list[list[str]]]:
    import docx

    return [
        [[cell.text for cell in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_meeting_of_the_calendar_gets_its_papers(example: Path, tmp_path: Path) -> None:
    """Each example, 2027: a file per meeting event of the calendar (without a members list one
    sitting each), named by its date and body; the notice says the calendar's date and weekday and
    the month's other work as its topics, in the calendar's order."""
    folder = tmp_path / "out"
    result = run_cli(["meetings", str(example), "-o", str(folder)], tmp_path, ENV)
    events = [e for e in sorted(_doc(example, tmp_path).events, key=lambda e: e.date) if e.kind in PAPERS]
    if not events:
        assert result.code == 0 and "没有这些会议" in result.out + result.err
        return
    assert result.code == 0, result.err
    assert sorted(p.stem for p in folder.glob("*.docx")) == sorted(
        f"{event.date.month:02d}月{event.date.day:02d}日 {event.name}" for event in events
    )
    for event in events[:: max(len(events) // 6, 1)]:  # a spread of the year, every kind on the way
        path = folder / f"{event.date.month:02d}月{event.date.day:02d}日 {event.name}.docx"
        texts = _texts(path)
        day = f"{event.date.year}年{event.date.month}月{event.date.day}日（星期{WEEKDAYS[event.date.weekday()]}）"
        assert any(day in text for text in texts[:8]), texts[:8]
        (meeting,) = [m for m in meetings(_doc(example, tmp_path).events) if m.event == event]
        heading = texts.index("一、会议议题")
        agenda = texts[heading + 1]
        listed = re.findall(r"\d+\.(.+?)[；。]", agenda)
        business = event.name.removeprefix("党员大会") if event.name.startswith("党员大会") else ""
        assert listed == ([business] if business else []) + list(meeting.topics) or not meeting.topics
        assert [t for t in texts if t.endswith("签到表")] == [f"{event.name.removesuffix('（线上）')}签到表"]


def test_a_members_list_fills_the_sign_in_sheets_and_the_counts(tmp_path: Path) -> None:
    """23 members in 3 党小组: every sheet lists exactly them (a 党小组会, its group's, one file a
    group), 应到 23 or the group's count; a probationary member is marked on the sheet."""
    from plangen.meetings.members import read_members

    members = read_members(REPO / "examples" / "members.csv")
    folder = tmp_path / "out"
    result = run_cli(["meetings", str(REPO / "examples" / "hospital-branch.yaml"), "-o", str(folder),
                      "--members", str(REPO / "examples" / "members.csv"), "--kind", "支部党员大会,党小组会"],
                     tmp_path, ENV)  # fmt: skip
    assert result.code == 0, result.err
    plenary = sorted(folder.glob("*支部党员大会.docx"))
    groups = sorted(folder.glob("*党小组会议.docx"))
    assert len(plenary) == 4 and len(groups) == 12 * 3
    names = [m.name for m in members.members]
    for path in plenary:
        sign_in = _tables(path)[0]
        listed = [row[i] for row in sign_in[1:-1] for i in (1, 4) if row[i]]
        assert sorted(listed) == sorted(names)
        assert sign_in[-1][0].startswith("应到23人")
        record = _tables(path)[1]
        assert record[4][:2] == ["应到人数", "23"]
    for path in groups:
        group = path.stem.split(" ", 1)[1].removesuffix("会议")
        sign_in = _tables(path)[0]
        listed = [row[1] for row in sign_in[1:-1] if row[1]]
        assert listed == [m.name for m in members.of_group(group)]
        assert sign_in[-1][0].startswith(f"应到{len(listed)}人")
        probationary = {m.name for m in members.of_group(group) if m.probationary}
        assert {row[1] for row in sign_in[1:-1] if row[3] == "预备党员"} == probationary


def test_a_personnel_offices_roster_is_read_as_it_is_exported(tmp_path: Path) -> None:
    """An XLSX as a personnel office exports it: a title row, 序号, 所在党小组, 政治面貌 (中共预备党员),
    手机号码 and a note under the table — 序号 is no column to mention, the rest are read."""
    import openpyxl

    from plangen.meetings.members import read_members

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["内科第一党支部党员花名册"])
    sheet.append(["序号", "姓名", "性别", "所在党小组", "政治面貌", "手机号码"])
    sheet.append([1, "赵建国", "男", "第一党小组", "中共党员", 13800000001])
    sheet.append([2, "钱秀兰", "女", "第二党小组", "中共预备党员", 13800000002])
    sheet.append([])
    sheet.append(["注：如有变动请告知组织委员。"])
    book.save(tmp_path / "花名册.xlsx")
    members = read_members(tmp_path / "花名册.xlsx", ["第一党小组", "第二党小组"])
    assert [(m.name, m.group, m.probationary, m.contact) for m in members.members] == [
        ("赵建国", "第一党小组", False, "13800000001"),
        ("钱秀兰", "第二党小组", True, "13800000002"),
    ]
    assert [note for note in members.notes if "列未使用" in note] == ["党员名单中的“性别”列未使用"]


def test_time_and_place_come_from_the_plan_file_or_are_left_to_fill_in(tmp_path: Path) -> None:
    spec = tmp_path / "plan.yaml"
    spec.write_text(
        (REPO / "examples" / "hospital-branch.yaml").read_text(encoding="utf-8") + "\n",
        encoding="utf-8",
    )
    folder = tmp_path / "out"
    result = run_cli(["meetings", str(spec), "-o", str(folder), "--kind", "党课,支委会", "--from", "3月", "--to", "3月"],
                     tmp_path, ENV)  # fmt: skip
    assert result.code == 0, result.err
    (lecture,) = folder.glob("*党课.docx")
    (committee,) = folder.glob("*支部委员会会议.docx")
    assert any("16:00在医院党员活动室举办党课" in text for text in _texts(lecture))
    assert any("14:30在＿＿＿＿＿＿召开支部委员会会议" in text for text in _texts(committee))
    result = run_cli(["meetings", str(spec), "-o", str(tmp_path / "b"), "--kind", "支委会", "--to", "1月",
                      "--set", "meetings.place=党员活动室", "--set", "meetings.time=9：00"], tmp_path, ENV)  # fmt: skip
    assert result.code == 0, result.err
    (january,) = (tmp_path / "b").glob("*.docx")
    assert any("9:00在党员活动室召开" in text for text in _texts(january))


def test_a_notice_goes_out_on_a_working_day_before_the_meeting(tmp_path: Path) -> None:
    """3 days before, moved back off a weekend: 2027-03-09 (Tue) → 3月5日 (Fri, not Sat 6th)."""
    folder = tmp_path / "out"
    run_cli(["meetings", str(REPO / "examples" / "hospital-branch.yaml"), "-o", str(folder), "--kind",
             "支部党员大会", "--to", "3月"], tmp_path, ENV)  # fmt: skip
    (path,) = folder.glob("*.docx")
    texts = _texts(path)
    assert "2027年3月5日" in texts and texts.index("2027年3月5日") > texts.index("三、有关要求")


def test_each_kind_gets_its_papers_and_pandoc_reads_them(tmp_path: Path) -> None:
    import pypandoc

    folder = tmp_path / "out"
    result = run_cli(["meetings", str(REPO / "examples" / "hospital-branch.yaml"), "-o", str(folder),
                      "--members", str(REPO / "examples" / "members.csv"), "--to", "6月", "-f", "docx,md"],
                     tmp_path, ENV)  # fmt: skip
    assert result.code == 0, result.err
    expected = {
        "支部党员大会": ["通知", "签到表", "支部党员大会记录"],
        "党课": ["党课提纲", "主 讲 人", "内容提纲"],
        "国际护士节主题党日": ["国际护士节主题党日活动方案", "重温入党誓词", "注意事项"],
        "组织生活会": ["组织生活会议程", "对照检查", "批评和自我批评"],
        "民主评议党员": ["民主评议党员程序", "民主评议党员测评表", "基本合格"],
    }
    for name, words in expected.items():
        path = min(p for p in folder.glob("*.docx") if p.stem.split(" ", 1)[1] == name)
        text = pypandoc.convert_file(str(path), "plain", format="docx")
        markdown = path.with_suffix(".md").read_text(encoding="utf-8")
        for word in words:
            assert word in text, (name, word)
            assert word in markdown, (name, word)
    appraisal = _tables(next(folder.glob("*民主评议党员.docx")))[-1]
    assert appraisal[0] == ["序号", "姓名", "优秀", "合格", "基本合格", "不合格"]
    assert len(appraisal) == 1 + 23


def test_split_and_the_record_book(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    result = run_cli(["meetings", str(REPO / "examples" / "hospital-branch.yaml"), "-o", str(folder),
                      "--kind", "组织生活会", "--split", "--combine", "记录本.docx"], tmp_path, ENV)  # fmt: skip
    assert result.code == 0, result.err
    stems = sorted(p.stem for p in folder.glob("*.docx"))
    assert stems == sorted(["01月25日 组织生活会 会议记录", "01月25日 组织生活会 会议议程",
                            "01月25日 组织生活会 会议通知", "01月25日 组织生活会 签到表", "记录本"])  # fmt: skip
    texts = _texts(folder / "记录本.docx")
    assert texts[5] == "内科第一党支部2027年三会一课记录本"
    assert "1月" in texts and "1月25日（周一）组织生活会1" in texts
    assert texts.count("组织生活会记录") == 1 and texts.count("组织生活会记录（续）") == 1


def test_a_rerun_writes_only_what_changed_and_never_a_hand_filled_file(tmp_path: Path) -> None:
    spec = tmp_path / "plan.yaml"
    shutil.copy(REPO / "examples" / "hospital-branch.yaml", spec)
    args = ["meetings", str(spec), "-o", "out", "--kind", "支委会", "--to", "3月"]
    first = run_cli(args, tmp_path, {"PLANGEN_OFFICE": "0"})
    assert first.code == 0 and first.out.count("已生成") == 3
    again = run_cli(args, tmp_path, {"PLANGEN_OFFICE": "0"})  # another build time: same content
    assert again.code == 0 and "已生成" not in again.out and "3 个文件未变" in again.out
    spec.write_text(
        spec.read_text(encoding="utf-8").replace('time: "14:30"', 'time: "15:00"'), encoding="utf-8"
    )
    filled = tmp_path / "out" / "01月05日 支部委员会会议.docx"
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    refused = run_cli(args, tmp_path, {"PLANGEN_OFFICE": "0"})
    assert refused.code == 2 and refused.err.count("文件已存在且内容不同") == 3 and "--force" in refused.err
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
    forced = run_cli([*args, "--force"], tmp_path, {"PLANGEN_OFFICE": "0"})
    assert forced.code == 0 and forced.out.count("已生成") == 3
    assert any("15:00" in text for text in _texts(filled))


def test_a_range_and_kinds_choose_the_meetings(tmp_path: Path) -> None:
    result = run_cli(["meetings", str(REPO / "examples" / "hospital-branch.yaml"), "-o", "out", "--from",
                      "2027-06-01", "--to", "2027-06", "-k", "党课", "-k", "廉政党课"], tmp_path, ENV)  # fmt: skip
    assert result.code == 0, result.err
    assert sorted(p.stem for p in (tmp_path / "out").iterdir()) == ["06月10日 党课", "06月17日 廉政党课"]
    result = run_cli(
        ["meetings", str(REPO / "examples" / "hospital-branch.yaml"), "-k", "读书会"], tmp_path, ENV
    )
    assert result.code == 2 and "没有这类会议：读书会" in result.err and "支部党员大会" in result.err


def test_every_paper_is_valid_open_xml(tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator

    folder = tmp_path / "out"
    result = run_cli(["meetings", str(REPO / "examples" / "hospital-branch.yaml"), "-o", str(folder),
                      "--members", str(REPO / "examples" / "members.csv"), "--to", "6月", "--combine", "记录本"],
                     tmp_path, ENV)  # fmt: skip
    assert result.code == 0, result.err
    validator = OpenXmlValidator()
    chosen = {p.stem.split(" ", 1)[-1]: p for p in sorted(folder.glob("*.docx"))}  # one of each name
    assert len(chosen) >= 9
    for path in chosen.values():
        outcome = validator.validate(str(path))
        assert outcome.is_valid, (path.name, [e.description for e in outcome.errors][:5])


def test_every_kind_of_the_model_has_papers() -> None:
    assert set(PAPERS) == set(MEETING_KINDS)


def test_a_meeting_that_admits_members_says_so_and_records_the_vote(tmp_path: Path) -> None:
    """发展党员 at a 党员大会: its business is the first topic, the notice calls the candidates and
    their sponsors, and the record has the vote of the full members (the probationary have none)."""
    members = tmp_path / "名单.csv"
    members.write_text("姓名,类别\n" + "".join(f"学生{n:02d},{'预备' if n > 25 else '正式'}\n" for n in range(1, 29)),
                       encoding="utf-8")  # fmt: skip
    example = REPO / "examples" / "university-student-branch.yaml"
    result = run_cli(["meetings", str(example), "-o", "out", "-k", "党员大会", "--from", "6月", "--to", "6月",
                      "--members", str(members)], tmp_path, ENV)  # fmt: skip
    assert result.code == 0, result.err
    (path,) = (tmp_path / "out").glob("*.docx")
    assert path.stem == "06月02日 党员大会讨论接收预备党员"
    texts = _texts(path)
    assert texts[texts.index("一、会议议题") + 1].startswith("1.讨论接收预备党员；2.")
    assert "1.涉及发展党员的议题，请有关发展对象、入党介绍人参加。" in texts
    vote = next(row for row in _tables(path)[2] if row[0] == "表决情况")
    assert vote[1].startswith("有表决权的正式党员应到25人，实到＿＿人；赞成＿＿票")
    ordinary = run_cli(
        ["meetings", str(example), "-o", "plain", "-k", "党员大会", "--to", "3月"], tmp_path, ENV
    )
    assert ordinary.code == 0
    (plain,) = (tmp_path / "plain").glob("*.docx")
    assert not any(row[0] == "表决情况" for row in _tables(plain)[2])


def test_papers_use_the_plan_files_fonts_and_say_who_is_in_no_group(tmp_path: Path) -> None:
    import zipfile

    members = tmp_path / "名单.csv"
    members.write_text("姓名,党小组\n王丽,第1党小组\n李强,\n陈静,第2党小组\n", encoding="utf-8")
    result = run_cli(["meetings", str(REPO / "examples" / "hospital-branch.yaml"), "-o", "out", "-k", "党小组会",
                      "--to", "1月", "--members", str(members), "--set", "output.docx.fonts=windows"],
                     tmp_path, ENV)  # fmt: skip
    assert result.code == 0, result.err
    assert "党员名单第 3 行没有填党小组，1 人未列入党小组会的签到表" in result.err
    assert sorted(p.stem for p in (tmp_path / "out").iterdir()) == [
        "01月19日 第1党小组会议",
        "01月19日 第2党小组会议",
    ]
    with zipfile.ZipFile(tmp_path / "out" / "01月19日 第1党小组会议.docx") as archive:
        parts = archive.read("word/document.xml").decode() + archive.read("word/styles.xml").decode()
    assert "仿宋_GB2312" not in parts and 'w:eastAsia="仿宋"' in parts


def test_a_committees_plan_says_why_it_gets_no_papers(tmp_path: Path) -> None:
    """A 党委's calendar has its own meetings, not a branch's: nothing is written, and the line says
    why and names what the plan has — not “no meetings in the range”."""
    result = run_cli(
        ["meetings", str(REPO / "examples" / "hospital-committee.yaml"), "-o", "out"], tmp_path, ENV
    )
    assert result.code == 0 and not (tmp_path / "out").exists()
    assert "会议材料是为党支部的会议" in result.out and "计划中的党委会议" in result.out, result.out
