"""``plangen diff`` (issue 29): two plans — specs, built files, last year's Word or text — compared
section by section, sentence by sentence; the 对照表 in DOCX and Markdown."""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from conftest import REPO, require_libreoffice
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.changes import ADDED, CHANGED, SAME, Outline, Section
from plangen.compare import compare, read_plan
from plangen.compare.outlines import sentences

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
WORLD = REPO / "tests" / "data" / "world"
MM = 72 / 25.4


@cache
def _builder():
    from plangen.library import Library
    from plangen.pipeline import Builder

    return Builder(Library.default(), REPO)


def _spec(path: Path, year: int) -> Outline:
    from plangen.pipeline import BuildOptions

    return read_plan(path, path.name, year, _builder, BuildOptions())


# --- acceptance: one spec, two years -------------------------------------------------------------


@pytest.mark.parametrize("spec", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_a_years_changes_are_exactly_the_sentences_it_changes(spec: Path) -> None:
    old, new = _spec(spec, 2027), _spec(spec, 2028)
    comparison = compare(old, new)
    before = {s.path: s for s in old.sections}
    after = {s.path: s for s in new.sections}
    assert len(before) == len(old.sections) and len(after) == len(new.sections)  # paths are unique here
    for change in comparison.sections:
        path = (change.new or change.old).path
        if path not in before:
            assert change.status == ADDED
            continue
        if path not in after:
            assert change.status == "删去"
            continue
        a, b = before[path], after[path]
        assert change.old is a and change.new is b  # matched with itself, not by position alone
        if a.sentences == b.sentences:
            assert change.status == SAME and change.marked() == []
            continue
        assert change.status == CHANGED
        removed = {"".join(p.text for p in s.old) for s in change.marked() if s.old}
        added = {"".join(p.text for p in s.new) for s in change.marked() if s.new}
        assert removed == set(a.sentences) - set(b.sentences)
        assert added == set(b.sentences) - set(a.sentences)
        for sentence in change.marked():  # the marks cover only what differs
            if sentence.status == CHANGED:
                assert all(p.text for p in sentence.old + sentence.new)
                assert any(p.marked for p in sentence.old + sentence.new)
    assert comparison.changed  # the year is in the intro of every example at least


def test_the_hospital_example_says_what_the_year_changes() -> None:
    spec = REPO / "examples" / "hospital-branch.yaml"
    comparison = compare(_spec(spec, 2027), _spec(spec, 2028))
    changed = [c.label for c in comparison.sections if c.status == CHANGED]
    assert "一、指导思想" in changed and "（二）规范开展主题党日活动" in changed
    assert "（一）严格落实“三会一课”制度" not in changed
    party_day = next(c for c in comparison.sections if c.label == "（二）规范开展主题党日活动")
    (sentence,) = party_day.marked()
    assert [p.text for p in sentence.old if p.marked] == ["6"] and [
        p.text for p in sentence.new if p.marked
    ] == ["7"]
    assert comparison.old.meetings == comparison.new.meetings == {
        "主题党日": 12, "支部委员会会议": 12, "党小组会": 12, "支部党员大会": 4, "党课": 4,
        "廉政党课": 1, "组织生活会": 1, "民主评议党员": 1,
    }  # fmt: skip


# --- acceptance: last year's plan against its import, rebuilt -------------------------------------


@pytest.mark.parametrize("name", ["old-year", "run-on-heading", "web-furniture-1"])
def test_an_imported_plan_rebuilt_has_no_changes(cli, tmp_path: Path, name: str) -> None:
    shutil.copy(WORLD / f"{name}.txt", tmp_path / "去年.txt")
    assert cli("import", "去年.txt", "-o", "导入").code == 0
    result = cli("diff", "去年.txt", "导入/去年.yaml", "-L", "导入")
    assert result.code == 0, result.err
    assert "两份计划的正文相同" in result.out and "调整：" not in result.out


def test_a_built_plan_reads_back_as_its_spec_with_the_meetings_of_its_schedule(cli, tmp_path: Path) -> None:
    spec = REPO / "examples" / "hospital-branch.yaml"
    assert cli("build", str(spec), "-o", "out", "-f", "docx,md").code == 0
    outline = _spec(spec, 2027)
    for built in sorted((tmp_path / "out").iterdir()):
        other = read_plan(built, built.name, None, _builder, None)  # type: ignore[arg-type]
        assert not compare(outline, other).changed, built.name
        assert other.meetings == outline.meetings, built.name
        assert "月度工作安排表" in other.meetings_from


@pytest.mark.parametrize("schedule", ["full", "appendix"])
def test_the_full_schedules_merged_month_cells_keep_the_columns_in_docx_as_in_markdown(
    cli, tmp_path: Path, schedule: str
) -> None:
    """A 月份 cell merged down over its month's rows is empty in the rows below its first: the Word
    reader keeps the empty cell, so the 工作内容 column stays where the header puts it."""
    spec = REPO / "examples" / "hospital-branch.yaml"
    assert cli("build", str(spec), "-o", "out", "-f", "docx,md", "--schedule", schedule).code == 0
    outline = _spec(spec, 2027)
    for built in sorted((tmp_path / "out").iterdir()):
        other = read_plan(built, built.name, None, _builder, None)  # type: ignore[arg-type]
        assert other.meetings == outline.meetings, built.name


# --- the matcher (hypothesis) ---------------------------------------------------------------------

_TEXT = st.text(alphabet="党建学习组织制度落实责任教育管理服务群众工作建设规范，", min_size=3, max_size=20)
_SENTENCE = _TEXT.map(lambda text: text + "。")
_SECTIONS = st.lists(
    st.tuples(_TEXT, st.integers(1, 3), st.lists(_SENTENCE, max_size=5)), min_size=1, max_size=8
)


def _outline(shape: list) -> Outline:
    sections = [Section((), "", ())]
    path: list[str] = []
    for title, level, said in shape:
        level = min(level, len(path) + 1)
        path = [*path[: level - 1], title]
        sections.append(Section(tuple(path), "", tuple(said)))
    return Outline("x", "标题", sections)


@settings(max_examples=150, deadline=None)
@given(shape=_SECTIONS)
def test_a_plan_against_itself_has_no_changes(shape: list) -> None:
    outline = _outline(shape)
    comparison = compare(outline, _outline(shape))
    assert not comparison.changed
    assert all(c.status == SAME for c in comparison.sections) and len(comparison.sections) == len(
        outline.sections
    )


@settings(max_examples=150, deadline=None)
@given(shape=_SECTIONS, data=st.data())
def test_one_sentence_inserted_is_that_insertion_only(shape: list, data) -> None:
    old = _outline(shape)
    at = data.draw(st.integers(0, len(old.sections) - 1))
    section = old.sections[at]
    position = data.draw(st.integers(0, len(section.sentences)))
    inserted = "新增一句关于" + data.draw(_TEXT) + "的安排。"
    changed = Section(
        section.path, "", (*section.sentences[:position], inserted, *section.sentences[position:])
    )
    new = Outline("y", "标题", [*old.sections[:at], changed, *old.sections[at + 1 :]])
    comparison = compare(old, new)
    marked = [(c, s) for c in comparison.sections for s in c.marked()]
    found = [(c.new, s.status, tuple((p.text, p.marked) for p in s.new)) for c, s in marked]
    assert found == [(changed, ADDED, ((inserted, True),))]
    assert [c.status for c in comparison.sections].count(CHANGED) == 1
    assert all(c.status in (SAME, CHANGED) for c in comparison.sections)


def test_sentences_end_with_their_marks_and_quotes() -> None:
    assert sentences("他说：“好。”然后走了！最后一句") == ["他说：“好。”", "然后走了！", "最后一句"]


# --- the command ----------------------------------------------------------------------------------


def test_the_table_in_docx_and_markdown(cli, tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator

    spec = str(REPO / "examples" / "hospital-branch.yaml")
    result = cli("diff", spec, "--years", "2027,2028", "-o", "对照表.docx")
    assert result.code == 0, result.err
    assert "调整：一、指导思想（2句有变化）" in result.out
    assert "调整6个部分，未变14个部分；正文开头有调整。" in result.out  # the opening is no section
    outcome = OpenXmlValidator().validate(str(tmp_path / "对照表.docx"))
    assert outcome.is_valid, [e.description for e in outcome.errors][:5]
    xml = zipfile.ZipFile(tmp_path / "对照表.docx").read("word/document.xml").decode()
    assert '<w:strike/><w:lang w:eastAsia="zh-CN"/></w:rPr><w:t xml:space="preserve">7</w:t>' in xml
    assert '<w:u w:val="single"/><w:lang w:eastAsia="zh-CN"/></w:rPr><w:t xml:space="preserve">8</w:t>' in xml
    assert xml.count('w:orient="landscape"') == 1 and "仿宋_GB2312" in xml
    assert cli("diff", spec, "--years", "2027,2028", "-o", "对照表.md").code == 0
    markdown = (tmp_path / "对照表.md").read_text(encoding="utf-8")
    assert (
        "| 202<del>7</del>年是“十五五”规划实施的第<del>二年，也是党的二十一大召开之</del>年。 |" in markdown
    )
    assert "202<ins>8</ins>年是“十五五”规划实施的第<ins>三</ins>年。" in markdown
    assert "| 主题党日（次/年） | 12次 | 12次 |" in markdown


def test_the_docx_states_its_words_and_no_invented_page_count(cli, tmp_path: Path) -> None:
    import re

    from plangen.writers.docx import counted

    spec = str(REPO / "examples" / "hospital-branch.yaml")
    assert cli("diff", spec, "--years", "2027,2028", "-o", "对照表.docx").code == 0
    assert cli("diff", spec, "--years", "2027,2027", "-o", "相同.docx").code == 0
    for name, pages in (("对照表.docx", None), ("相同.docx", 1)):
        package = zipfile.ZipFile(tmp_path / name)
        app = package.read("docProps/app.xml").decode()
        xml = package.read("word/document.xml").decode()
        lines = [
            "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in re.findall(r"<w:p>.*?</w:p>", xml)
        ]
        expected = counted(lines, pages)
        assert expected.words > 100 and expected.characters > 100
        assert f"<Words>{expected.words}</Words>" in app, name
        assert f"<Characters>{expected.characters}</Characters>" in app, name
        assert ("<Pages>" in app) == (pages is not None) and (pages is None or "<Pages>1</Pages>" in app)


def test_strike_and_underline_are_run_properties_of_every_piece_of_a_run() -> None:
    from plangen.writers.docx import run
    from plangen.writers.ooxml import DocxOptions

    strike = "<w:strike/>"
    xml = run("学习“两个确立”的决定性意义", "仿宋_GB2312", DocxOptions(), extra=strike)
    pieces = xml.count("<w:r>")
    assert pieces == 5 and xml.count(strike + '<w:lang w:eastAsia="zh-CN"/>') == pieces
    assert strike not in run("学习“两个确立”", "仿宋_GB2312", DocxOptions())


def test_errors_are_chinese_located_and_leave_nothing(cli, tmp_path: Path) -> None:
    spec = str(REPO / "examples" / "hospital-branch.yaml")
    (tmp_path / "对照表.md").write_text("旧的", encoding="utf-8")
    result = cli("diff", spec, "--years", "2027,2028", "-o", "对照表.md")
    assert result.code == 2 and "已存在" in result.err and "Traceback" not in result.err
    assert (tmp_path / "对照表.md").read_text(encoding="utf-8") == "旧的"
    assert cli("diff", spec, "--years", "2027,2028", "-o", "对照表.md", "--force").code == 0
    shutil.copy(REPO / "tests" / "data" / "samples" / "legacy-plan.txt", tmp_path / "合集.txt")
    result = cli("diff", "合集.txt", spec, "-o", "x.docx")
    assert result.code == 2 and "合集.txt" in result.err and "2份计划" in result.err
    assert 'plangen import "合集.txt" -o "合集-导入"' in result.err  # how to take one of them
    assert not (tmp_path / "x.docx").exists()
    for args, said in [
        ((spec,), "只给了一份计划"),
        ((spec, "--years", "2027"), "--years 的写法不对"),
        ((spec, spec, "-o", "x.pdf"), "只能写成 .docx 或 .md"),
        (("合集.txt", spec, "--years", "2027,2028"), "只有计划文件（.yaml）才能指定年度"),
        (("没有.yaml", spec), "没有.yaml"),
        ((spec, "x.csv"), "不认识的文件类型"),
    ]:
        result = cli("diff", *args)
        assert result.code == 2 and said in result.err and "Traceback" not in result.err, (args, result.err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["合集.txt", "对照表.md"]


def test_rendered_in_libreoffice_the_summary_is_one_page_and_tables_stand_within_the_margins(
    cli, tmp_path: Path
) -> None:
    require_libreoffice(pdftotext=True)
    from plangen import office

    spec = str(REPO / "examples" / "hospital-branch.yaml")
    assert cli("diff", spec, "--years", "2027,2028", "-o", "对照表.docx").code == 0
    copy = tmp_path / "copy" / "对照表.docx"
    copy.parent.mkdir()
    copy.write_bytes(office.for_libreoffice((tmp_path / "对照表.docx").read_bytes()))
    (pdf,) = office.settled([copy], tmp_path / "pdf")
    pages = office.read_pdf(pdf)
    assert pages[0].width < pages[0].height and all(page.width > page.height for page in pages[1:])
    assert "二、逐条对照" in pages[1].lines[0].text.replace(" ", "")
    for number, page in enumerate(pages):
        if page.width < page.height:  # portrait: GB/T 9704's margins
            left, right, top, bottom = 28 * MM, (210 - 26) * MM, 37 * MM, (297 - 35) * MM
        else:  # landscape, the same text area turned (head toward the binding edge)
            left, right, top, bottom = 35 * MM, (297 - 37) * MM, 28 * MM, (210 - 26) * MM
        for line in page.lines:
            if office._PAGE_NUMBER.match(line.text.strip()):
                continue
            assert line.x0 >= left - 1 * MM and line.x1 <= right + 1 * MM, (number, line)
            assert line.y0 >= top - 2 * MM and line.y1 <= bottom + 1 * MM, (number, line)
    assert Counter(page.width > page.height for page in pages)[True] >= 2


# --- bounded time: plans at the readers' limits (benchmarks/diff_large.py times them) -------------


def _item(i: int, new: bool) -> str:
    return f"第{i}项组织党员学习{'，按月检查' if new else ''}，{2028 if new else 2027}年完成{i}。"


def test_a_long_section_of_changed_sentences_pairs_each_with_its_own() -> None:
    count = 1_500
    old = Outline(
        "old",
        "t",
        [Section((), "", ()), Section(("主要工作",), "一、", tuple(_item(i, False) for i in range(count)))],
    )
    new = Outline(
        "new",
        "t",
        [Section((), "", ()), Section(("主要工作",), "一、", tuple(_item(i, True) for i in range(count)))],
    )
    (change,) = [c for c in compare(old, new).sections if c.level]
    assert change.status == CHANGED and len(change.sentences) == count
    for i, sentence in enumerate(change.sentences):
        assert sentence.status == CHANGED
        assert "".join(p.text for p in sentence.old) == _item(i, False)
        assert "".join(p.text for p in sentence.new) == _item(i, True)


def test_hundreds_of_renamed_items_are_paired_by_place_and_text() -> None:
    count = 800
    old = Outline(
        "old",
        "t",
        [Section((), "", ())] + [Section((f"工作{i}",), f"{i}.", (_item(i, False),)) for i in range(count)],
    )
    new = Outline(
        "new",
        "t",
        [Section((), "", ())]
        + [Section((f"工作{i}并抓好落实",), f"{i}.", (_item(i, True),)) for i in range(count)],
    )
    comparison = compare(old, new)
    assert comparison.count(ADDED) == 0 and comparison.count(CHANGED) == count
    assert all(
        c.old.sentences[0] == _item(int(c.old.title[2:]), False) for c in comparison.sections if c.level
    )
    assert all(c.new.title == c.old.title + "并抓好落实" for c in comparison.sections if c.level)


def test_sentences_too_long_to_diff_by_characters_are_shown_whole_and_said(cli, tmp_path: Path) -> None:
    old = (
        "2027年内科第一党支部工作计划\n一、主要工作\n"
        + "，".join(f"做好第{i}项工作" for i in range(700))
        + "。\n"
    )
    new = old.replace("第3项", "第三项").replace("2027", "2028")
    (tmp_path / "old.txt").write_text(old, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    result = cli("diff", "old.txt", "new.txt", "-o", "t.md")
    assert result.code == 0, result.err
    assert "未逐字标出改动" in result.out
    text = (tmp_path / "t.md").read_text(encoding="utf-8")
    assert "未逐字标出改动" in text and "第三项" in text


def test_a_removed_section_without_text_is_empty_on_the_side_it_is_not() -> None:
    from plangen.writers.diffmd import render

    old = Outline("old", "t", [Section((), "", ("开头。",)), Section(("保障措施",), "一、", ())])
    new = Outline("new", "t", [Section((), "", ("开头。",))])
    text = render(compare(old, new))
    assert "| （无正文） |  |" in text and "（无正文） | （无正文）" not in text
    text = render(compare(new, old))
    assert "|  | （无正文） |" in text


def test_one_definition_of_online_and_of_the_appendix_note() -> None:
    source = (REPO / "src" / "plangen" / "compare" / "outlines.py").read_text(encoding="utf-8")
    assert "（线上）" not in source and "附\\s*件" not in source


def test_every_deletion_renders_as_del_in_markdown(cli, tmp_path: Path) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    (tmp_path / "old.txt").write_text(
        "2027年工作计划\n一、目标\n全年召开会议，做好学习。\n", encoding="utf-8"
    )
    (tmp_path / "new.txt").write_text("2027年工作计划\n一、目标\n全年召开会议、学习。\n", encoding="utf-8")
    assert cli("diff", "old.txt", "new.txt", "-o", "t.md").code == 0
    text = (tmp_path / "t.md").read_text(encoding="utf-8")
    html = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    assert "<del>，做好</del>" in html and "~~" not in html  # ~~，做好~~ would not open here


def test_the_table_names_the_plans_by_their_years_and_says_a_reversed_order(cli, tmp_path: Path) -> None:
    spec = str(REPO / "examples" / "hospital-branch.yaml")
    assert cli("diff", spec, "--years", "2027,2028", "-o", "对照表.md").code == 0
    markdown = (tmp_path / "对照表.md").read_text(encoding="utf-8")
    assert markdown.startswith("# 内科第一党支部2027年与2028年工作计划对照表\n")
    assert "| 项目 | 2027年 | 2028年 |" in markdown and "去年" not in markdown
    result = cli("diff", spec, "--years", "2028,2027", "-o", "反向.md")
    assert result.code == 0 and "先写的计划是2028年的" in result.err + result.out
    assert "# 内科第一党支部2028年与2027年工作计划对照表" in (tmp_path / "反向.md").read_text(
        encoding="utf-8"
    )
    result = cli("diff", spec, "--years", "2027,2027", "-o", "同年.md")
    assert result.code == 0 and "两份计划的正文相同" in result.out
    assert "| 项目 | 原计划 | 新计划 |" in (tmp_path / "同年.md").read_text(encoding="utf-8")


def test_a_plan_in_traditional_characters_is_compared_by_what_it_says(cli, tmp_path: Path) -> None:
    """Last year's plan copied from a page in 繁体 against its simplified rebuild: no change but the
    script, and the table says it compared so (the 支委会 reads simplified)."""
    shutil.copy(WORLD / "traditional.txt", tmp_path / "去年.txt")
    assert cli("import", "去年.txt", "--simplified", "-o", "导入").code == 0
    result = cli("diff", "去年.txt", "导入/去年.yaml", "-L", "导入", "-o", "对照表.md")
    assert result.code == 0, result.err
    assert "两份计划的正文相同" in result.out and "去年.txt用繁体字书写，按简体字对照" in result.out
    markdown = (tmp_path / "对照表.md").read_text(encoding="utf-8")
    assert "第三党支部" in markdown and "黨" not in markdown


def test_a_committees_meetings_are_counted_from_its_calendar_and_from_its_built_file(
    cli, tmp_path: Path
) -> None:
    """A committee's calendar names its own meetings (党委会议, 中心组集体学习 …): the summary counts
    them, and the same from the built Word file's table as from the spec."""
    spec = str(REPO / "examples" / "hospital-committee.yaml")
    assert cli("build", spec, "--year", "2027", "--schedule", "full", "-o", "built").code == 0
    (built,) = (tmp_path / "built").glob("*.docx")
    result = cli("diff", str(built), spec, "-s", "year=2027", "-o", "对照表.md")
    assert result.code == 0 and "两份计划的正文相同" in result.out, result.out + result.err
    markdown = (tmp_path / "对照表.md").read_text(encoding="utf-8")
    assert "| 党委会议（次/年） | 24次 | 24次 |" in markdown
    assert "| 党委理论学习中心组集体学习（次/年） | 12次 | 12次 |" in markdown
    assert "药品耗材" not in markdown.split("## 各部分变化")[0]  # work that is not a meeting
