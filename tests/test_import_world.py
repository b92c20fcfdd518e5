"""Import the plans people really have: pages copied from 范文 sites, downloaded collections, PDF
text, traditional characters, half-width punctuation, numbering quirks, run-on headings.

The cases in tests/data/world are ours (written for these tests, modelled on what users bring), and
tests/data/world/cases.yaml is their ground truth, written by a reader of each file: the plans, their
titles, years, sectors and kinds, the level-1 and level-2 sections, the site text to drop and the
sentences to keep. Each case is imported as a user would and rebuilt with the command the import
prints."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli

from plangen.importer import account, import_source, kept_text, outline_of, plan_files
from plangen.readers import read
from plangen.readers.normalize import full_width
from plangen.years import planning_year

WORLD = REPO / "tests" / "data" / "world"
CASES = yaml.safe_load((WORLD / "cases.yaml").read_text(encoding="utf-8"))
IDS = [case["file"].removesuffix(".txt") for case in CASES]


def squash(text: str) -> str:
    """*text* as compared: no blanks; its half-width punctuation as the import writes it."""
    return re.sub(r"\s+", "", full_width(text))


def heading(text: str) -> str:
    return squash(text).rstrip("。：:")


@pytest.fixture(scope="module")
def imported() -> dict[str, object]:
    return {case["file"]: import_source(read(WORLD / case["file"], office=False)) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_plans_and_what_each_is(imported: dict, case: dict) -> None:
    """Plans found = plans there; each with its title, year, sector and kind."""
    result = imported[case["file"]]
    assert [plan.title for plan in result.plans] == [plan["title"] for plan in case["plans"]]
    for plan, truth in zip(result.plans, case["plans"], strict=True):
        assert (plan.year, plan.sector, plan.kind) == (truth["year"], truth["sector"], truth["kind"]), (
            plan.title
        )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_sections_of_each_plan(imported: dict, case: dict) -> None:
    """Level-1 sections and the level-2 sections under each, as the reader sees them."""
    for plan, truth in zip(imported[case["file"]].plans, case["plans"], strict=True):
        outline = outline_of(plan)
        assert [heading(t) for t, level in outline if level == 1] == [
            heading(s["title"]) for s in truth["sections"]
        ]
        got = [heading(t) for t, level in outline if level == 2]
        assert got == [heading(child) for s in truth["sections"] for child in s["children"]]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_site_text_goes_and_the_plan_stays_whole(imported: dict, case: dict) -> None:
    """Every piece of furniture is dropped (and said so in the report); every sentence to keep is
    kept within one paragraph (a PDF's wrapped lines joined back)."""
    result = imported[case["file"]]
    pieces = [squash(text) for text in kept_text(result)]
    kept = "".join(pieces)
    for furniture in case.get("furniture") or []:
        assert squash(furniture) not in kept, furniture
    reported = " ".join(guess.text for guess in result.guesses)
    for furniture in case.get("furniture") or []:
        if len(furniture) >= 8 and "篇" not in furniture:
            assert squash(furniture.strip("*"))[:8] in squash(reported), (
                furniture
            )  # each quoted, with its reason
    for sentence in case.get("must_keep") or []:
        assert any(squash(sentence) in piece for piece in pieces), sentence


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_character_is_accounted_for(imported: dict, case: dict) -> None:
    """Written to the files or dropped with a reason: the counts sum to the source, none unplaced."""
    result = imported[case["file"]]
    accounting = account(result, plan_files(result))
    assert accounting.unplaced == ()
    assert accounting.written + accounting.dropped == accounting.total


def test_the_accounting_quotes_what_the_files_lose() -> None:
    """The accounting reads the written files, not the tree: text the writer leaves out is quoted."""
    result = import_source(read(WORLD / "run-on-heading.txt", office=False))
    files = plan_files(result)
    for data in files.values():
        for element in data.get("body", []):
            if "p" in element and "以习近平新时代" in element["p"]:
                element["p"] = "（删去）"
    accounting = account(result, files)
    lost = "".join(text for _, text in accounting.unplaced)
    assert "以习近平新时代" in lost and accounting.written + accounting.dropped < accounting.total


def test_the_printed_rebuild_command_works_for_every_case(tmp_path: Path) -> None:
    """``plangen import`` then the command it prints, verbatim: exit 0 for every plan, an old year
    rebuilt as this year's, stale wording listed in the report instead of refusing the build."""
    environ = {"PLANGEN_OFFICE": "0"}
    for case in CASES:
        name = case["file"].removesuffix(".txt")
        shutil.copy(WORLD / case["file"], tmp_path / case["file"])
        result = run_cli(["import", case["file"], "-o", name], tmp_path, environ)
        assert result.code == 0, (name, result.err)
        commands = re.findall(r"重新生成：plangen (.+)", result.out)
        assert len(commands) == len(case["plans"]), (name, result.out)
        for command in commands:
            built = run_cli([*shlex.split(command), "-f", "md"], tmp_path, environ)
            assert built.code == 0, (name, command, built.err)
        report = next((tmp_path / name).glob("*导入报告.md")).read_text(encoding="utf-8")
        assert "原文的每个字都已在原处找到" in report, name
    year = planning_year()  # the plan being made now
    rolled = (tmp_path / "old-year" / "old-year.yaml").read_text(encoding="utf-8")
    assert f"year: {year}" in rolled and f"date: {year}-01-15" in rolled
    report = next((tmp_path / "old-year").glob("*导入报告.md")).read_text(encoding="utf-8")
    assert "原计划为 2019 年度" in report and "[S006]" in report  # 党的十九大精神, stale in that year
    built = next((tmp_path / "old-year" / "out").glob("*.md")).read_text(encoding="utf-8")
    assert built.startswith(f"# {year}年青山县城关镇幸福社区党支部工作计划")


def test_a_word_title_after_a_page_header_is_the_title(tmp_path: Path) -> None:
    """A Word file whose first paragraph is a header typed into the body: the Title-style paragraph
    after it is the plan's title, and the header is dropped and reported."""
    import docx

    document = docx.Document()
    document.add_paragraph("江城市第一人民医院党建工作资料汇编（内部资料）")
    document.add_paragraph("2026年内科第一党支部工作计划", style="Title")
    document.add_paragraph("为做好本年度支部工作，结合科室实际，制定本计划。")
    for heading_text, text in (
        ("指导思想", "坚持以习近平新时代中国特色社会主义思想为指导。"),
        ("重点工作", ""),
    ):
        document.add_paragraph(heading_text, style="Heading 1")
        if text:
            document.add_paragraph(text)
    document.add_paragraph("严格组织生活", style="Heading 2")
    document.add_paragraph("每月第一个星期五开展主题党日活动。")
    document.save(tmp_path / "plan.docx")
    result = import_source(read(tmp_path / "plan.docx", office=False))
    assert [plan.title for plan in result.plans] == ["2026年内科第一党支部工作计划"]
    assert [t for t, _ in outline_of(result.plans[0])] == ["指导思想", "重点工作", "严格组织生活"]
    assert any("党建工作资料汇编" in guess.text for guess in result.guesses)


def test_the_sector_from_the_organisations_the_body_names(tmp_path: Path) -> None:
    """A generic title and a signature with a date only: the organisations the body names decide,
    and the report gives that evidence."""
    body = (
        "2026年党支部工作计划\n为做好会计学院学生第二党支部今年的工作，制定本计划。\n一、指导思想\n"
        "坚持以习近平新时代中国特色社会主义思想为指导。\n二、主要工作\n会计学院学生第二党支部每月开展主题党日。\n"
        "2025年12月20日\n"
    )
    (tmp_path / "u.txt").write_text(body, encoding="utf-8")
    (tmp_path / "s.txt").write_text(
        body.replace("会计学院学生第二党支部", "江城交通投资集团有限公司党委"), encoding="utf-8"
    )
    student = import_source(read(tmp_path / "u.txt", office=False)).plans[0]
    group = import_source(read(tmp_path / "s.txt", office=False))
    assert student.sector == "university" and group.plans[0].sector == "soe"
    assert any("江城交通投资集团有限公司党委”等 2 处" in guess.text for guess in group.guesses)


def test_traditional_characters_stay_unless_asked(tmp_path: Path) -> None:
    """The user's characters are kept; --simplified writes them simplified."""
    shutil.copy(WORLD / "traditional.txt", tmp_path / "t.txt")
    assert run_cli(["import", "t.txt", "-o", "kept"], tmp_path).code == 0
    assert run_cli(["import", "t.txt", "-o", "simple", "--simplified"], tmp_path).code == 0
    kept = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "kept" / "blocks").rglob("*.yaml"))
    simple = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "simple" / "blocks").rglob("*.yaml"))
    assert "黨" in kept and "黨" not in simple and "党" in simple


@pytest.mark.parametrize(
    "collection_title",
    ["2026年党支部工作计划（通用8篇）", "2026年党支部工作计划参考7篇", "2026年党支部工作计划（推荐3篇）",
     "2026年党支部工作计划范文（精选5篇）", "2026年党支部工作计划2篇附目录"],
)  # fmt: skip
def test_a_collections_marks_stay_out_of_its_plans_titles(collection_title: str) -> None:
    """Plans without titles of their own take the collection's, without its 篇 marks."""
    from plangen.readers import source_from_text

    body = "一、指导思想\n坚持以习近平新时代中国特色社会主义思想为指导。\n二、主要工作\n每月开展主题党日。\n"
    text = f"{collection_title}\n【篇一】\n{body}【篇二】\n{body}"
    result = import_source(source_from_text(text))
    assert [plan.title for plan in result.plans] == ["2026年党支部工作计划"] * 2
    assert [plan.year for plan in result.plans] == [2026, 2026]


def test_a_traditional_half_width_word_page_reads_as_its_simplified_full_width_form(tmp_path: Path) -> None:
    """A Word file of a Hong Kong-style page: traditional characters, half-width punctuation, site
    text round it. Import finds the same plan as in plangen's own forms, keeps the characters and
    writes the punctuation full-width; lint finds the stale wording in traditional characters."""
    import docx

    paragraphs = [
        "首頁 > 黨建 > 工作計劃", "香江社區黨支部2027年工作計劃", "發佈時間:2026-11-30  瀏覽:532次",
        "為深入學習貫徹黨的二十大精神,結合社區實際,制定本計劃.", "一、加強政治建設",
        "(一)、落實第一議題制度.支委會每月學習習近平總書記最新重要講話精神.", "(二)、學習十九大精神,堅持以科學發展觀為指導.",
        "二、加強組織建設", "1.每月第二個星期三開展主題黨日.", "2.全年發展黨員1名.", "三、保障措施",
        "支部書記履行第一責任人職責.", "中共香江社區支部委員會", "2026年12月20日", "相關推薦", "社區黨支部主題黨日活動方案",
    ]  # fmt: skip
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(tmp_path / "trad.docx")
    result = import_source(read(tmp_path / "trad.docx", office=False))
    plan = result.plans[0]
    assert (plan.title, plan.year, plan.sector, plan.org) == (
        "香江社區黨支部2027年工作計劃",
        2027,
        "community",
        "香江社區黨支部",
    )
    assert outline_of(plan) == [("加強政治建設", 1), ("落實第一議題制度。", 2), ("學習十九大精神，堅持以科學發展觀為指導。", 2),
                                ("加強組織建設", 1), ("每月第二個星期三開展主題黨日。", 2), ("全年發展黨員1名。", 2),
                                ("保障措施", 1)]  # fmt: skip
    assert account(result, plan_files(result)).unplaced == ()
    linted = run_cli(["lint", "trad.docx"], tmp_path)
    assert linted.code == 1
    for rule in ("[S006]", "[S002]", "[R014]"):
        assert rule in linted.out, rule


ONE_LINE_WITH_A_GAP = (
    "2026年江城市实验小学党支部工作计划为做好工作，制定本计划。一、指导思想坚持以习近平新时代中国特色社会主义思想为指导。"
    "二、主要工作（一）加强学习每月学习一次。（二）严格组织生活每月开展主题党日。四、保障措施支部书记负总责。"
    "五、其他要求各党小组抓好落实。江城市实验小学党支部2025年12月30日"
)


def test_a_page_on_one_line_with_a_missing_heading_keeps_its_sections_apart(tmp_path: Path) -> None:
    """三、 missing on a page pasted as one line: 四、 and 五、 are sections of their own, not the
    text of 二、; lint says where the numbering skips, at the line the user has."""
    (tmp_path / "one.txt").write_text(ONE_LINE_WITH_A_GAP, encoding="utf-8")
    plan = import_source(read(tmp_path / "one.txt", office=False)).plans[0]
    level_1 = [t for t, level in outline_of(plan) if level == 1]
    assert (
        level_1[:3] == ["指导思想", "主要工作", "保障措施"]
        and len(level_1) == 4
        and level_1[3].startswith("其他")
    )
    linted = run_cli(["lint", "one.txt"], tmp_path)
    assert "one.txt:1: 错误 [T001] 编号跳号：“二、”之后是“四、”" in linted.out
