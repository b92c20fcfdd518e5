"""plangen summary (issue 29): the year-end 年度工作总结 and 书记述职 of a plan — every section of
the plan, the calendar's counts, what a records file says was held, and fill-in fields lint reports
until they are filled."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, run_cli

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
HOSPITAL = REPO / "examples" / "hospital-branch.yaml"
ENV = {"PLANGEN_OFFICE": "0", "SOURCE_DATE_EPOCH": "1800000000"}
FIELD = re.compile(r"【待填写：[^】]*】")


def _plan(example: Path, tmp_path: Path):
    from plangen.library import Library, default_layers
    from plangen.pipeline import Builder, BuildOptions

    _, doc, _ = Builder(Library(default_layers()), tmp_path).document(example, BuildOptions(formats=["ics"]))
    return doc


def _summary(tmp_path: Path, *args: str, example: Path = HOSPITAL, fmt: str = "md") -> str:
    folder = tmp_path / "out"
    result = run_cli(["summary", str(example), "-o", str(folder), "-f", fmt, "--force", *args], tmp_path, ENV)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return next(folder.glob("*.md")).read_text(encoding="utf-8") if fmt == "md" else ""


def _table(markdown: str) -> dict[str, list[str]]:
    """The counts table: 工作内容 → [计划次数, 实际次数, 月份]."""
    rows = {}
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and cells[1].isdigit():
            rows[cells[0]] = cells[1:]
    return rows


def _sections(plan) -> list:
    """The plan's level-1 and level-2 sections: headings and run-in items alike."""
    from plangen.document import Heading, RunIn

    return [node for node in plan.body if isinstance(node, (Heading, RunIn)) and node.level <= 2]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_section_of_the_plan_and_every_count_of_its_calendar(example: Path, tmp_path: Path) -> None:
    from plangen.document import Heading

    plan = _plan(example, tmp_path)
    text = _summary(tmp_path, example=example)
    assert text.startswith(f"# {plan.org}{plan.year}年工作总结")
    for node in _sections(plan):
        if isinstance(node, Heading):
            assert f"{'#' * (node.level + 1)} {node.label}\n" in text, node.label
        else:  # the same ordinals: the summary keeps every section in the plan's order
            assert f"**{node.ordinal}{node.text.rstrip('。')}**" in text, node.text
    table = _table(text)
    assert {kind: int(cells[0]) for kind, cells in table.items()} == Counter(e.kind for e in plan.events)
    assert all(cells[1] == "【待填写：次数】" for cells in table.values())
    for kind in ("支部委员会会议", "党委会议", "党工委会议"):
        if kind in table:
            assert f"全年计划召开{kind}{table[kind][0]}次，实际召开【待填写：次数】次。" in text


@pytest.mark.parametrize("kind", ["总结", "述职"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_both_kinds_keep_every_heading_and_run_in_item_of_levels_one_and_two(
    example: Path, kind: str, tmp_path: Path
) -> None:
    from plangen.document import Heading, RunIn
    from plangen.summary import summary

    plan = _plan(example, tmp_path)
    out = summary(plan, plan.title, None, kind)
    shift = 1 if kind == "述职" else 0
    kept = [(type(n), n.level, n.text.rstrip("。")) for n in out.body if isinstance(n, (Heading, RunIn))]
    wanted = [(type(n), n.level + shift, n.text.rstrip("。")) for n in _sections(plan)]
    assert [item for item in kept if item in wanted] == wanted
    if example.stem in ("school-branch", "soe-committee"):
        assert any(isinstance(n, RunIn) and n.level == 2 for n in plan.body)  # 八、（一）–（四）


def test_frames_follow_the_nature_of_the_section(tmp_path: Path) -> None:
    """指导思想, 工作目标 and 保障措施 are not 部署ed and 完成ed; run-in items say their field once; a
    heading whose items are all run-ins gets no frame of its own."""
    from plangen.document import Heading, Paragraph, RunIn
    from plangen.summary import summary

    plan = _plan(REPO / "examples" / "school-branch.yaml", tmp_path)
    for kind in ("总结", "述职"):
        out = summary(plan, plan.title, None, kind)
        text = out.text()
        for word in ("指导思想", "工作目标", "保障措施"):
            assert f"对“{word}”作了部署" not in text and f"计划“{word}”一项" not in text
        assert "对照年初确定的目标" in text and "对照年初确定的保障措施" in text
        assert "以年初确定的指导思想为指引" in text
        assert "完成情况：【待填写：完成情况】" not in text
        assert all(n.body.count("【待填写") == 1 and not n.body.startswith("完成情况") for n in out.body
                   if isinstance(n, RunIn))  # fmt: skip
    plan.body = [Heading(1, "一、", "工作任务", "organization.main"),
                 RunIn(2, "（一）", "抓学习", "学习。", "organization.x"),
                 RunIn(2, "（二）", "抓落实", "落实。", "organization.y")]  # fmt: skip
    out = summary(plan, plan.title, None)
    first = out.body.index(next(n for n in out.body if isinstance(n, Heading) and n.text == "工作任务"))
    assert isinstance(out.body[first + 1], RunIn)
    assert not any(isinstance(n, Paragraph) and "工作任务" in n.text for n in out.body)


def test_a_plan_without_a_calendar_says_so_and_has_no_table(tmp_path: Path) -> None:
    from plangen.document import Table
    from plangen.summary import summary

    plan = _plan(HOSPITAL, tmp_path)
    plan.events = []
    for kind in ("总结", "述职"):
        out = summary(plan, plan.title, None, kind)
        assert not any(isinstance(node, Table) for node in out.body)
        assert "计划次数和实际完成次数如下" not in out.text()
        assert "年初计划没有按日期排定全年的会议和活动" in out.text()


def test_the_source_of_the_counts_and_the_months_missed_are_said_exactly(tmp_path: Path) -> None:
    from plangen.summary import Tally, problem_sentence

    records, _ = _records_csv(tmp_path, {"支部委员会会议": (3, 7)})
    text = _summary(tmp_path, "--records", str(records))
    assert "实际次数据记录表统计" in text and "据会议记录统计" not in text
    # two missed, one made up in another month: the months are those missed, the count theirs
    sentence = problem_sentence(Tally("支部委员会会议", 12, 11, (3, 7)))
    assert sentence == "支部委员会会议有2次未在计划的月份召开（3月、7月），全年比计划少1次。"
    assert problem_sentence(Tally("党小组会", 12, 10, (5, 5))) == "党小组会少开2次（5月2次）。"


def _records_csv(tmp_path: Path, missed: dict[str, tuple[int, ...]]) -> tuple[Path, int]:
    """Every meeting of the example branch's calendar, held except those of *missed* (kind → months),
    as Excel on Chinese Windows saves a CSV (GB18030)."""
    from plangen.paper import MEETING_KINDS

    plan = _plan(HOSPITAL, tmp_path)
    lines = ["日期,类别,是否召开"]
    count = 0
    for event in plan.events:
        if event.kind not in MEETING_KINDS:
            continue
        held = event.date.month not in missed.get(event.kind, ())
        count += not held
        kind = "支委会" if event.kind == "支部委员会会议" else event.kind  # the short name is read too
        lines.append(f"{event.date:%Y-%m-%d},{kind},{'是' if held else '否'}")
    path = tmp_path / "记录.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    return path, count


MISSED = {"支部委员会会议": (3, 7), "党小组会": (2, 5, 8), "主题党日": (4, 11), "党课": (6,),
          "支部党员大会": (9,), "廉政党课": tuple(range(1, 13))}  # fmt: skip


def test_a_records_file_of_ten_missed_meetings_shows_in_the_counts_and_the_problems(tmp_path: Path) -> None:
    records, missed = _records_csv(tmp_path, MISSED)
    assert missed == 10
    text = _summary(tmp_path, "--records", str(records))
    table = _table(text)
    assert table["支部委员会会议"] == ["12", "10", "3、7月"]
    assert table["党小组会"] == ["12", "9", "2、5、8月"]
    assert table["廉政党课"][:2] == ["1", "0"]
    assert table["组织生活会"] == ["1", "1", "—"]
    assert table["收缴党费"][1] == "【待填写：次数】"  # not a meeting: the records do not say
    assert "全年计划召开支部委员会会议12次，实际召开10次。" in text
    assert "全年计划讲党课4次，实际讲3次。" in text
    problems = text.split("存在的问题", 2)[2]
    assert "支部委员会会议少开2次（3月、7月）。" in problems
    assert "党小组会少开3次（2月、5月、8月）。" in problems
    assert "主题党日少开展2次（4月、11月）。" in problems
    assert "支部党员大会少开1次（9月）。" in problems
    planned = sum(int(cells[0]) for kind, cells in table.items() if cells[1].isdigit())
    held = sum(int(cells[1]) for cells in table.values() if cells[1].isdigit())
    assert planned - held == 10


def test_the_meetings_folder_counts_a_record_whose_attendance_is_filled_in(tmp_path: Path) -> None:
    import docx

    folder = tmp_path / "会议材料"
    result = run_cli(["meetings", str(HOSPITAL), "-o", str(folder), "--kind", "支委会"], tmp_path, ENV)
    assert result.code == 0, result.err
    files = sorted(folder.glob("*.docx"))
    assert len(files) == 12
    for path in files:
        if path.name.startswith(("03月", "07月")):
            continue  # not held: the record is left as printed
        document = docx.Document(str(path))
        cells = [row.cells for table in document.tables for row in table.rows]
        row = next(c for c in cells if any(cell.text.strip() == "实到人数" for cell in c))
        row[[cell.text.strip() for cell in row].index("实到人数") + 1].text = "7"
        document.save(str(path))
    text = _summary(tmp_path, "--records", str(folder))
    table = _table(text)
    assert table["支部委员会会议"] == ["12", "10", "3、7月"]
    assert table["党课"][1] == "【待填写：次数】"  # no papers made for it: left to the branch
    assert "支部委员会会议少开2次（3月、7月）。" in text


def test_each_partys_group_is_counted_on_its_own(tmp_path: Path) -> None:
    """With a members list the 党小组会 are one file per group: a group that missed a month shows
    under its own name, not hidden by another group that met."""
    import docx

    folder = tmp_path / "会议材料"
    members = str(REPO / "examples" / "members.csv")
    result = run_cli(
        ["meetings", str(HOSPITAL), "-o", str(folder), "-k", "党小组会", "-m", members], tmp_path, ENV
    )
    assert result.code == 0, result.err
    files = sorted(folder.glob("*.docx"))
    assert len(files) == 36
    for path in files:
        if path.name in (
            "03月16日 第1党小组会议.docx",
            "12月21日 第1党小组会议.docx",
            "12月21日 第3党小组会议.docx",
        ):
            continue
        document = docx.Document(str(path))
        row = next(
            r.cells for t in document.tables for r in t.rows if any(c.text == "实到人数" for c in r.cells)
        )
        row[[cell.text for cell in row].index("实到人数") + 1].text = "7"
        document.save(str(path))
    text = _summary(tmp_path, "--records", str(folder))
    table = _table(text)
    assert [name for name in table if "党小组" in name] == ["第1党小组会议", "第2党小组会议", "第3党小组会议"]
    assert table["第1党小组会议"] == ["12", "10", "3、12月"] and table["第2党小组会议"] == ["12", "12", "—"]
    assert "第1党小组会议少开2次（3月、12月）。" in text and "第3党小组会议少开1次（12月）。" in text
    assert "第2党小组会议少" not in text


def _fill_docx(path: Path) -> None:
    import docx

    document = docx.Document(str(path))
    paragraphs = list(document.paragraphs)
    paragraphs += [
        p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
    ]
    for paragraph in paragraphs:
        if "【待填写" in paragraph.text:
            filled = FIELD.sub("已按计划完成", paragraph.text)
            runs = paragraph.runs
            runs[0].text = filled
            for run in runs[1:]:
                run.text = ""
    document.save(str(path))


@pytest.mark.parametrize("kind", ["总结", "述职"])
def test_lint_lists_every_fill_in_field_until_filled(kind: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    result = run_cli(["summary", str(HOSPITAL), "-o", str(folder), "--kind", kind], tmp_path, ENV)
    assert result.code == 0, result.err
    markdown = next(folder.glob("*.md"))
    fields = FIELD.findall(markdown.read_text(encoding="utf-8"))
    assert len(fields) >= 5
    assert f"待填写 {len(fields)} 处" in result.out
    for path in (markdown, next(folder.glob("*.docx"))):
        result = run_cli(["lint", str(path)], tmp_path, ENV)
        assert result.code == 1, result.out
        assert result.out.count("[R015]") == len(fields), path.suffix
        assert "错误 [" not in result.out.replace("错误 [R015]", "")  # nothing else is wrong with it
    markdown.write_text(FIELD.sub("已按计划完成", markdown.read_text(encoding="utf-8")), encoding="utf-8")
    _fill_docx(next(folder.glob("*.docx")))
    for path in (markdown, next(folder.glob("*.docx"))):
        result = run_cli(["lint", str(path)], tmp_path, ENV)
        assert result.code == 0, result.out


def test_the_secretarys_report_is_in_the_first_person_in_three_parts(tmp_path: Path) -> None:
    records, _ = _records_csv(tmp_path, {"支部委员会会议": (3, 7)})
    text = _summary(tmp_path, "--kind", "述职", "--records", str(records))
    assert text.startswith("# 内科第一党支部书记2027年抓党建工作述职报告")
    parts = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert parts == ["一、履职情况", "二、存在问题", "三、下步打算"]
    assert "### （一）指导思想" in text and "#### 1.严格落实“三会一课”制度" in text
    assert text.count("本人") >= 10
    assert "支部委员会会议少开2次（3月、7月）。" in text.split("## 二、存在问题")[1]
    assert "述职人：王丽" in text


def test_a_small_branch_and_a_committee(tmp_path: Path) -> None:
    import yaml

    spec = yaml.safe_load(HOSPITAL.read_text(encoding="utf-8"))
    spec["org"]["members"] = 5
    spec["org"].pop("probationary", None)
    spec["org"].pop("groups", None)
    small = tmp_path / "small.yaml"
    small.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    plan = _plan(small, tmp_path)
    assert not any(e.kind == "支部委员会会议" for e in plan.events)
    text = _summary(tmp_path, example=small)
    assert "支部委员会会议" not in text and "支委会" not in _table(text)
    result = run_cli(["summary", str(REPO / "examples" / "hospital-committee.yaml"), "-o", str(tmp_path / "c")],
                     tmp_path, ENV)  # fmt: skip
    assert result.code == 0 and "本总结按党委计划的日程统计会议和活动" in result.err
    assert "全年计划召开党委会议24次" in next((tmp_path / "c").glob("*.md")).read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["总结", "述职"])
def test_a_work_committee_is_named_as_its_plan_names_it(kind: str, tmp_path: Path) -> None:
    """A 街道党工委's summary says 党工委, and its 述职 gets the note too."""
    example = REPO / "examples" / "community-committee.yaml"
    result = run_cli(["summary", str(example), "-o", str(tmp_path / "c"), "--kind", kind], tmp_path, ENV)
    assert result.code == 0, result.err
    assert "按党工委计划的日程统计" in result.err and "按党委计划" not in result.err


def test_the_summary_is_valid_open_xml(tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator

    validator = OpenXmlValidator()
    for kind in ("总结", "述职"):
        folder = tmp_path / kind
        result = run_cli(
            ["summary", str(HOSPITAL), "-o", str(folder), "-f", "docx", "--kind", kind], tmp_path, ENV
        )
        assert result.code == 0, result.err
        outcome = validator.validate(str(next(folder.glob("*.docx"))))
        assert outcome.is_valid, [e.description for e in outcome.errors][:5]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("日期,类别,是否召开\n2027-03-09,支委会,是\n2027-13-01,支委会,是\n", "第 3 行第 1 列“日期”不是日期"),
        ("日期,类别,是否召开\n2027-03-09,读书会,是\n", "第 2 行第 2 列“类别”“读书会”不是计划日程中的工作"),
        ("日期,类别,是否召开\n2027-03-09,支委会,也许\n", "第 2 行第 3 列“是否召开”应为“是”或“否”"),
        ("日期,类别,是否召开\n2026-03-09,支委会,是\n", "是 2026 年，总结的是 2027 年"),
        ("日期,类别\n2027-03-09,支委会\n", "记录表缺少“是否召开”列"),
        ("", "记录表缺少“日期”“类别”“是否召开”列"),
        ("日期,类别,是否召开\n", "记录表中没有记录"),
    ],
)
def test_a_bad_records_file_is_refused_with_its_row(rows: str, message: str, tmp_path: Path) -> None:
    records = tmp_path / "记录.csv"
    records.write_text(rows, encoding="utf-8")
    result = run_cli(["summary", str(HOSPITAL), "-o", str(tmp_path / "out"), "--records", str(records)],
                     tmp_path, ENV)  # fmt: skip
    assert result.code == 2, result.out
    assert message in result.err and "记录.csv" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_no_overwrite_without_force_and_other_refusals(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli(["summary", str(HOSPITAL), "-o", str(out)], tmp_path, ENV).code == 0
    again = run_cli(["summary", str(HOSPITAL), "-o", str(out)], tmp_path, ENV)
    assert again.code == 2 and "--force" in again.err
    assert run_cli(["summary", str(HOSPITAL), "-o", str(out), "--force"], tmp_path, ENV).code == 0
    missing = run_cli(["summary", str(HOSPITAL), "--records", "无此文件.csv"], tmp_path, ENV)
    assert missing.code == 2 and "找不到记录文件" in missing.err
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    nothing = run_cli(["summary", str(HOSPITAL), "--records", str(empty)], tmp_path, ENV)
    assert nothing.code == 2 and "没有本计划的会议记录" in nothing.err
    pdf = run_cli(["summary", str(HOSPITAL), "-f", "pdf"], tmp_path, ENV)
    assert pdf.code == 2 and "总结不支持的格式" in pdf.err


def test_out_naming_a_file_writes_that_file(tmp_path: Path) -> None:
    """-o 总结.docx is the file a secretary asked for, as with plangen diff — not a folder of that name."""
    result = run_cli(["summary", str(HOSPITAL), "-o", "总结.docx"], tmp_path, ENV)
    assert result.code == 0, result.err
    assert (tmp_path / "总结.docx").is_file() and sorted(p.name for p in tmp_path.iterdir()) == ["总结.docx"]
    assert run_cli(["summary", str(HOSPITAL), "-o", "sub/述职.md", "-k", "述职"], tmp_path, ENV).code == 0
    assert (tmp_path / "sub" / "述职.md").read_text(encoding="utf-8").startswith("# ")
    both = run_cli(["summary", str(HOSPITAL), "-o", "总结2.docx", "-f", "docx,md"], tmp_path, ENV)
    assert both.code == 2 and "-o 写文件夹" in both.err and not (tmp_path / "总结2.docx").exists()


def test_every_name_plangen_schedule_prints_is_a_records_kind(tmp_path: Path) -> None:
    """The schedule's CSV with a 是否召开 column added is a records table: every event name (a
    festival's 主题党日, the （线上） mark) is read as its kind, and every kind counts as held."""
    school = REPO / "examples" / "school-branch.yaml"
    plan = _plan(school, tmp_path)
    assert any(e.name.endswith("（线上）") for e in plan.events)
    hospital = _plan(HOSPITAL, tmp_path)
    lines = ["日期,工作内容,是否召开"] + [f"{e.date:%Y-%m-%d},{e.name},是" for e in plan.events]
    records = tmp_path / "日程.csv"
    records.write_text("\n".join(lines), encoding="utf-8")
    text = _summary(tmp_path, "--records", str(records), example=school)
    table = _table(text)
    assert table and all(cells[0] == cells[1] and cells[2] == "—" for cells in table.values()), table
    festival = [e for e in hospital.events if e.name in ("国际护士节主题党日", "庆祝建党106周年主题党日")]
    assert len(festival) == 2
    lines = ["日期,类别,是否召开"] + [f"{e.date:%Y-%m-%d},{e.name},是" for e in festival]
    records.write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "h").mkdir()
    assert _table(_summary(tmp_path / "h", "--records", str(records)))["主题党日"][1] == "2"


def test_duplicate_rows_count_once_and_contradicting_rows_are_refused(tmp_path: Path) -> None:
    records = tmp_path / "记录.csv"
    records.write_text(
        "日期,类别,是否召开\n2027-03-09,支委会,是\n2027/3/9,支部委员会会议,是\n2027年4月6日,支委会,是\n"
        "2027.5.11,支委会,是\n46524,支委会,是\n",
        encoding="utf-8",
    )
    text = _summary(tmp_path, "--records", str(records))
    assert _table(text)["支部委员会会议"][1] == "4"  # 3-09 twice, 4-06, 5-11, 2027-05-16 (serial 46524)
    records.write_text("日期,类别,是否召开\n2027-03-09,支委会,是\n2027-04-06,支委会,是\n3月9日,支委会,否\n",
                       encoding="utf-8")  # fmt: skip
    result = run_cli(["summary", str(HOSPITAL), "-o", str(tmp_path / "o2"), "--records", str(records)],
                     tmp_path, ENV)  # fmt: skip
    assert result.code == 2 and "第 2 行和第 4 行" in result.err, result.err


def test_xlsx_date_cells_are_read(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "类别", "是否召开"])
    sheet.append([dt.date(2027, 3, 9), "支委会", "是"])
    sheet.append([dt.datetime(2027, 4, 6, 14, 30), "支委会", "是"])
    sheet.append([46524, "支委会", "是"])  # a date cell that lost its format: Excel's serial number
    book.save(tmp_path / "记录.xlsx")
    text = _summary(tmp_path, "--records", str(tmp_path / "记录.xlsx"))
    assert _table(text)["支部委员会会议"][1] == "3"


def test_a_records_path_of_another_kind_says_what_is_taken(tmp_path: Path) -> None:
    word = tmp_path / "某记录.docx"
    word.write_bytes(b"PK\x03\x04")
    result = run_cli(["summary", str(HOSPITAL), "--records", str(word)], tmp_path, ENV)
    assert result.code == 2 and "--records 不能是.docx文件" in result.err, result.err
    assert "CSV/XLSX" in result.err and "输出文件夹" in result.err and "Traceback" not in result.err
    folder = tmp_path / "材料"
    made = run_cli(
        ["meetings", str(HOSPITAL), "-o", str(folder), "--kind", "支委会", "-f", "md"], tmp_path, ENV
    )
    assert made.code == 0, made.err
    result = run_cli(["summary", str(HOSPITAL), "--records", str(folder)], tmp_path, ENV)
    assert result.code == 2 and "没有 Word 会议记录" in result.err and "-f docx" in result.err, result.err


@pytest.mark.parametrize("kind", ["总结", "述职"])
def test_lint_reads_a_summarys_year_from_its_title(kind: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    assert (
        run_cli(["summary", str(HOSPITAL), "-o", str(folder), "--kind", kind, "-f", "md"], tmp_path, ENV).code
        == 0
    )
    result = run_cli(["lint", str(next(folder.glob("*.md")))], tmp_path, ENV)
    assert "按 2027 年度检查（年份：标题（第 1 行））" in result.out + result.err, result.out


def test_one_definition_of_the_marker_the_aliases_and_the_file_names() -> None:
    """The fill-in marker lint's R015 looks for is summary.fill's; the aliases and the meetings'
    file-name format are meetings' own, not copies."""
    import datetime as dt

    from plangen import paper
    from plangen.lint.rules import builtin
    from plangen.meetings import make
    from plangen.summary import FILL_PREFIX, fill

    pattern = re.compile(builtin().by_id["R015"].pattern or "")
    assert pattern.pattern.startswith(FILL_PREFIX[:-1])
    assert pattern.fullmatch(fill("任何内容")) and not pattern.search(fill("任何内容")[:-1])
    assert make.ALIASES is paper.ALIASES
    import plangen.summary as summary

    assert not hasattr(summary, "_FILE") and summary.ALIASES is paper.ALIASES
    name = make.file_name(dt.date(2027, 3, 9), "支部党员大会")
    for stem in (name, f"{name}（2）", f"{name} 会议记录"):
        found = make.FILE_NAME.fullmatch(stem)
        assert found and found.groups() == ("03", "09", "支部党员大会"), stem


def _meetings_folder(tmp_path: Path, name: str, *args: str, example: Path = HOSPITAL) -> Path:
    folder = tmp_path / name
    result = run_cli(["meetings", str(example), "-o", str(folder), "--kind", "支委会", *args], tmp_path, ENV)
    assert result.code == 0, result.err
    return folder


def test_a_filled_sign_in_line_counts_and_stray_files_are_named(tmp_path: Path) -> None:
    import docx

    folder = _meetings_folder(tmp_path, "会议材料")
    for path in sorted(folder.glob("*.docx")):
        if path.name.startswith(("03月", "07月")):
            continue
        document = docx.Document(str(path))
        cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
        line = next(p for cell in cells for p in cell.paragraphs if "实到＿＿人" in p.text)  # the 签到表's
        text = line.text.replace("实到＿＿人", "实到21人", 1)
        line.runs[0].text = text
        for run in line.runs[1:]:
            run.text = ""
        document.save(str(path))
    (folder / "13月01日 读书会.docx").write_bytes((folder / next(folder.glob("01月*")).name).read_bytes())
    (folder / "说明.docx").write_bytes(b"")
    result = run_cli(["summary", str(HOSPITAL), "-o", str(tmp_path / "out"), "-f", "md", "--records", str(folder)],
                     tmp_path, ENV)  # fmt: skip
    assert result.code == 0, result.err
    assert _table(next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8"))["支部委员会会议"] == [
        "12", "10", "3、7月"]  # fmt: skip
    assert "对不上本计划日程中的会议，未计入：13月01日 读书会.docx、说明.docx" in result.err


def test_a_meetings_folder_of_another_year_is_refused(tmp_path: Path) -> None:
    folder = _meetings_folder(tmp_path, "材料", "--year", "2026")
    result = run_cli(["summary", str(HOSPITAL), "--records", str(folder)], tmp_path, ENV)
    assert result.code == 2 and "有 2026 年的会议记录" in result.err and "总结的是 2027 年" in result.err, (
        result.err
    )


def test_a_zip_bomb_named_like_a_record_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    import zipfile

    folder = _meetings_folder(tmp_path, "材料")
    bomb = folder / "03月09日 支部委员会会议.docx"
    bomb.unlink(missing_ok=True)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<w:document>" + b" " * (400 * 1024 * 1024) + b"</w:document>")
    result = run_cli(["summary", str(HOSPITAL), "--records", str(folder)], tmp_path, ENV)
    assert result.code == 2 and "解压后过大" in result.err and "Traceback" not in result.err, result.err


def test_a_sections_own_meetings_are_counted_under_it(tmp_path: Path) -> None:
    """The counts of the meetings a block dates stand in that block's section too, where the reader
    of “（一）严格落实‘三会一课’制度” looks for them; without records the planned part only, so each
    count to fill in is in the document once."""
    text = _summary(tmp_path)
    section = text.split("### （一）严格落实“三会一课”制度", 1)[1].split("###", 1)[0]
    assert "全年计划召开支部党员大会4次、支部委员会会议12次、党小组会12次，讲党课4次。" in section
    assert "实际" not in section
    assert text.count("全年计划召开支部委员会会议12次，实际召开【待填写：次数】次。") == 1


def test_a_records_table_may_name_each_partys_groups_sittings(tmp_path: Path) -> None:
    """A secretary's own table lists the groups' sittings by name (第1党小组会议, 第二党小组会):
    each group is counted on its own, as from a meetings folder."""
    rows = ["日期,类别,是否召开"]
    rows += [f"2027-{month:02d}-20,第1党小组会议,是" for month in range(1, 13)]
    rows += [f"2027-{month:02d}-20,第二党小组会,{'否' if month == 4 else '是'}" for month in range(1, 13)]
    rows.append("2027-04-20,第二党小组会议,否")  # the same sitting twice, written two ways: counted once
    (tmp_path / "记录.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    text = _summary(tmp_path, "--records", str(tmp_path / "记录.csv"))
    table = _table(text)
    assert table["第1党小组会议"] == ["12", "12", "—"] and table["第二党小组会议"] == ["12", "11", "4月"]
    assert "第二党小组会议少开1次（4月）。" in text


def test_a_meetings_folder_with_no_record_filled_in_says_so(tmp_path: Path) -> None:
    """Pointing --records at the folder just made counts every meeting as not held: true, and said,
    so the secretary knows the records are to be filled in first."""
    folder = tmp_path / "会议材料"
    assert run_cli(["meetings", str(HOSPITAL), "-o", str(folder), "-k", "党课"], tmp_path, ENV).code == 0
    result = run_cli(["summary", str(HOSPITAL), "-o", "总结.md", "--records", str(folder)], tmp_path, ENV)
    assert result.code == 0 and "4 份会议记录都没有填写实到人数" in result.err, result.err
