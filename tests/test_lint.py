"""``plangen lint``: every rule fires on its bad examples and not on its good ones; the legacy sample;
structure; documents of every kind; users' rules; the build that refuses stale text."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE, REPO, require_libreoffice, write
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.lint import builtin, check
from plangen.lint.files import lint_file
from plangen.lint.rules import compiled
from plangen.numbering import cn_number, ordinal

SAMPLE = REPO / "tests" / "data" / "samples" / "legacy-plan.txt"
WHOLE_DOCUMENT = {"control-character", "title-year", "not-a-plan"} | {
    c for c in ("ordinal-gap", "ordinal-restart", "ordinal-order", "level-jump", "duplicate-heading")
} | {"empty-section", "expected-sections", "stated-deadline"}  # fmt: skip


# after a test's own lines: what makes a text a plan (a heading, sentences), and no finding
PLAN_TAIL = "一、主要任务\n加强政治理论学习，提高党性修养。\n"


def rules_of(text: str, year: int = 2027) -> set[str]:
    return {finding.rule for finding in check(text, year)}


# --- the rules, one by one -------------------------------------------------------------------------


def _examples() -> list[tuple[str, str, str, int]]:
    rules = builtin()
    cases = []
    for rule_id, example in rules.examples.items():
        year = example.get("year", 2027)
        cases += [(rule_id, "bad", text, year) for text in example["bad"]]
        cases += [(rule_id, "good", text, year) for text in example["good"]]
    return cases


@pytest.mark.parametrize(("rule_id", "kind", "text", "year"), _examples())
def test_every_rule_on_its_examples(rule_id: str, kind: str, text: str, year: int) -> None:
    found = rules_of(text, year)
    if kind == "bad":
        assert rule_id in found, f"{rule_id} should flag “{text}” in {year}"
    else:
        assert rule_id not in found, f"{rule_id} should not flag “{text}” in {year}"


def test_every_text_rule_has_good_and_bad_examples() -> None:
    rules = builtin()
    for rule in rules.rules:
        if rule.check in WHOLE_DOCUMENT - {"title-year"}:
            continue
        example = rules.examples.get(rule.id, {})
        assert example.get("bad") and example.get("good"), rule.id


def test_shipped_patterns_compile_and_their_needs_hold() -> None:
    rules = builtin()
    for rule in rules.rules:
        if rule.pattern is None:
            continue
        regex = compiled(rule.pattern, False)
        for text in rules.examples.get(rule.id, {}).get("bad", []):
            for match in regex.finditer(text):
                assert not rule.needs or set(match.group()) & rule.needs, (rule.id, text)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("推动党史学习教育常态化长效化。", 2027),
        ("扎实开展党史学习教育，组织党员参观革命旧址。", 2021),
        ("机房使用Linux服务器和XXL号工作服。", 2027),
        ("以庆祝建党100周年为契机，推动支部建设。", 2021),
        ("2026年是建党105周年，2027年是建党106周年。", 2027),
        ("党的十八大以来，党中央全面从严治党。", 2027),
        ("畅通信访举报渠道，查看党员学习档案。", 2027),
        ("二〇〇七年以来，支部连续获评先进。", 2027),
    ],
)
def test_no_false_positive_on_ordinary_text(text: str, year: int) -> None:
    assert check(text, year) == []


def test_ended_campaigns_and_stale_phrases_depend_on_the_year() -> None:
    assert "C008" in rules_of("扎实开展党史学习教育。", 2022)
    assert "S014" not in rules_of("学习贯彻习近平总书记关于党的建设的重要思想。", 2026)
    assert "S014" in rules_of("学习贯彻习近平总书记关于党的建设的重要思想。", 2027)
    assert "S016" not in rules_of("迎接党的二十一大胜利召开。", 2027)
    assert "S016" in rules_of("迎接党的二十一大胜利召开。", 2028)
    assert "S020" not in rules_of("深入学习贯彻党的二十届三中全会精神。", 2025)
    assert "S020" in rules_of("深入学习贯彻党的二十届三中全会精神。", 2026)
    assert "S020" in rules_of("深入学习贯彻党的二十届五中全会精神。", 2028)  # the 21st congress met in 2027


@settings(max_examples=60, deadline=None)
@given(year=st.integers(1960, 2100), shift=st.integers(-30, 30), chinese=st.booleans())
def test_anniversaries_are_arithmetic(year: int, shift: int, chinese: bool) -> None:
    number = year - 1921 + shift
    if number < 1:
        return
    written = cn_number(number) if chinese else str(number)
    found = "A001" in rules_of(f"庆祝建党{written}周年。", year)
    assert found == (shift != 0)


def test_five_year_plans_follow_the_year() -> None:
    assert "S019" in rules_of("确保实现“十四五”规划目标。", 2026)
    assert "S019" not in rules_of("确保实现“十四五”规划目标。", 2025)
    assert "S019" not in rules_of("2031年是“十六五”开局之年。", 2031)
    assert "S019" in rules_of("今年是“十五五”开局之年。", 2027)


# --- the legacy sample (acceptance) ----------------------------------------------------------------


def test_the_legacy_sample() -> None:
    report = lint_file(SAMPLE, builtin())
    assert report.year == 2021 and report.year_source.startswith("标题")
    errors = sorted((f.rule, f.line) for f in report.findings if f.severity == "error")
    assert errors == [
        ("A001", 5),  # 建党90周年 in 2021 (100)
        ("R001", 1),  # xx
        ("R001", 40),
        ("R006", 25),  # 院*委
        ("R008", 1),  # （2篇附目录）
        ("R008", 2),  # the contents line: 【篇一】 1 【篇二】 3
        ("R008", 2),
        ("R008", 3),  # 【篇一】
        ("R008", 26),  # 【篇二】
        ("T001", 37),  # 五、 after 二、 in the second plan
    ]
    warnings = {(f.rule, f.line) for f in report.findings if f.severity == "warning"}
    assert warnings == {("T007", 26)}  # the second plan has no 党风廉政 or 保障措施 section
    anniversary = next(f for f in report.findings if f.rule == "A001")
    assert anniversary.suggestion == "建党100周年" and "建党90周年" in anniversary.context
    # its second plan restarts at 一、 after 【篇二】: a new plan, not a restart
    assert not any(f.rule in ("T002", "T003") for f in report.findings)


# --- structure -------------------------------------------------------------------------------------

PLAN = """2027年某支部工作计划
一、指导思想
坚持以习近平新时代中国特色社会主义思想为指导。
二、主要任务
（一）加强组织建设
1.落实“三会一课”。
2.抓好党员教育。
（二）加强党风廉政建设
开展警示教育。
三、保障措施
支部书记履行第一责任人职责。
"""


def test_a_clean_plan_has_no_structure_findings() -> None:
    assert check(PLAN, 2027) == []


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("三、保障措施", "四、保障措施", "T001"),  # 一、二、四、
        ("（二）加强党风廉政建设", "（三）加强党风廉政建设", "T001"),
        ("2.抓好党员教育。", "1.抓好党员教育。", "T002"),  # 1. 1.
        ("三、保障措施", "二、保障措施", "T003"),  # a repeat
        (
            "1.落实“三会一课”。\n2.抓好党员教育。",
            "（1）落实“三会一课”。\n（2）抓好党员教育。",
            "T004",
        ),  # （一） to （1）
        ("（二）加强党风廉政建设", "（二）加强组织建设", "T005"),
        ("开展警示教育。\n", "", "T006"),  # a heading with nothing under it
    ],
)
def test_structure_findings(old: str, new: str, rule: str) -> None:
    assert old in PLAN
    found = check(PLAN.replace(old, new, 1), 2027)
    assert rule in {f.rule for f in found}, [str(f) for f in found]
    numbering_broken = rule in ("T001", "T002", "T003")
    assert all(f.severity == ("error" if numbering_broken else "warning") for f in found if f.rule == rule)


_OUTLINE = st.recursive(
    st.just([]), lambda children: st.lists(children, min_size=1, max_size=4), max_leaves=12
)


def _render(tree: list, level: int = 1) -> list[str]:
    lines = []
    for number, children in enumerate(tree, start=1):
        if level > 4:
            break
        lines.append(f"{ordinal(level, number)}第{number}项工作")
        lines.append("按计划推进落实。")
        lines += _render(children, level + 1)
    return lines


@settings(max_examples=60, deadline=None)
@given(tree=st.lists(_OUTLINE, min_size=1, max_size=6), drop=st.integers(0, 50))
def test_numbering_property(tree: list, drop: int) -> None:
    """A correctly numbered outline has no numbering finding; removing a middle sibling's ordinal
    line gives a gap."""
    lines = _render(tree)
    text = "\n".join(lines)
    assert not {"T001", "T002", "T003", "T004"} & rules_of(text)
    top = [i for i, line in enumerate(lines) if "、第" in line]  # the level-1 headings
    if len(top) >= 3:
        victim = top[1 + drop % (len(top) - 2)]  # neither first nor last
        end = next((i for i in top if i > victim), len(lines))
        rest = lines[:victim] + lines[end:]
        assert "T001" in rules_of("\n".join(rest))


# --- documents of every kind -----------------------------------------------------------------------


REAL_NAMES = {"branch": "第三党支部", "general-branch": "机关党总支", "committee": "市教育局机关党委"}
COMMITTEE_NAMES = {  # a 党委 of the template's own sector: lint reads the sector from the name too
    "hospital": "市第一人民医院党委", "university": "江城大学党委", "soe": "江城能源集团有限公司党委",
    "community": "东湖街道党工委",
}  # fmt: skip


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory) -> dict[str, Path]:
    """Every built-in template for 2026, 2027 and 2028, concise and full, as DOCX and Markdown."""
    from plangen.compose import Composer
    from plangen.library import Library
    from plangen.preview import sample_spec
    from plangen.writers import docx, markdown
    from plangen.writers.ooxml import DocxOptions

    folder = tmp_path_factory.mktemp("built")
    library = Library.default()
    out = {}
    for _, template in library.all("template"):
        for year in (2026, 2027, 2028):
            for detail in ("concise", "full"):
                spec, source = sample_spec(template.id, template.kind, year, detail)
                # real names: the preview's 示例党支部 is itself residue (R011)
                name = REAL_NAMES[template.kind]
                if template.kind == "committee":
                    name = COMMITTEE_NAMES[template.sector]
                org = dataclasses.replace(spec.org, name=name, parent="市直机关工委")
                spec = dataclasses.replace(spec, org=org)
                doc = Composer(library, fill_missing=True).compose(spec, source)
                stem = f"{template.id}-{year}-{detail}"
                (folder / f"{stem}.md").write_text(markdown.render(doc), encoding="utf-8")
                (folder / f"{stem}.docx").write_bytes(docx.render(doc, DocxOptions()))
                out[stem] = folder
    return out


def test_every_builtin_template_lints_clean(built_docs: dict[str, Path]) -> None:
    rules = builtin()
    assert len(built_docs) >= 20
    for stem, folder in built_docs.items():
        year = int(stem.split("-")[-2])
        for suffix in (".md", ".docx"):
            report = lint_file(folder / f"{stem}{suffix}", rules)
            assert report.year == year and report.year_source.startswith("标题"), (stem, report.year_source)
            assert report.findings == [], (stem, suffix, [str(f) for f in report.findings])


def test_word_contents_are_not_taken_for_headings(built_docs: dict[str, Path]) -> None:
    from plangen.readers import read

    stem, folder = next(iter(built_docs.items()))
    source = read(folder / f"{stem}.docx")
    assert source.unit == "段" and any(line.toc for line in source.lines)
    headings = [line for line in source.lines if line.style_level == 1]
    assert headings and headings[0].text.startswith("一、")


def test_cli_text_json_and_exit_codes(cli, tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "old.txt")
    result = cli("lint", "old.txt")
    assert result.code == 1
    assert "old.txt：按 2021 年度检查（年份：标题（第 1 行））" in result.out
    assert "old.txt:25:34: 错误 [R006]" in result.out and "建议：恢复被遮挡的字" in result.out
    assert "错误 10 处，警告 3 处" in result.out
    result = cli("lint", "old.txt", "--format", "json", "--year", "2027")
    data = json.loads(result.out)
    assert result.code == 1 and {"findings", "files"} <= set(data)
    assert data["files"][0]["year_source"] == "--year"
    assert {"S006", "A001"} <= {f["rule"] for f in data["findings"]}  # 十九大 is stale in 2027
    first = data["findings"][0]
    assert {"file", "line", "column", "rule", "severity", "message", "context", "suggestion"} <= set(first)

    clean = write(tmp_path / "clean.md", PLAN)
    assert cli("lint", str(clean)).code == 0
    warned = write(tmp_path / "warned.txt", PLAN.replace("（二）加强党风廉政建设", "（二）加强组织建设"))
    assert cli("lint", str(warned)).code == 0
    assert cli("lint", str(warned), "--strict").code == 1
    missing = cli("lint", "nosuch.docx", str(clean))
    assert missing.code == 2 and "nosuch.docx" in missing.err and "文件不存在" in missing.err


def test_encodings_and_control_characters(cli, tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    (tmp_path / "gb.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "ctl.txt").write_text(PLAN.replace("指导思想", "指导\x07思想"), encoding="utf-8")
    for name in ("gb.txt", "bom.txt"):
        data = json.loads(cli("lint", name, "-f", "json").out)
        assert len([f for f in data["findings"] if f["severity"] == "error"]) == 10, name
    result = cli("lint", "ctl.txt", "-f", "json")
    controls = [f for f in json.loads(result.out)["findings"] if f["rule"] == "R010"]
    assert result.code == 0 and controls and controls[0]["line"] == 2


def test_hostile_documents(cli, tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK" * 100)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<" + b" " * (300 * 1024 * 1024))
    (tmp_path / "fake.docx").write_text("这不是 Word 文件", encoding="utf-8")
    for name, words in (("binary.txt", "二进制"), ("bomb.docx", "解压后过大"), ("fake.docx", "不是有效的")):
        result = cli("lint", name)
        assert result.code == 2 and words in result.err and "Traceback" not in result.err, name


def test_old_word_files(cli, tmp_path: Path, built_docs: dict[str, Path]) -> None:
    stem, folder = next(iter(built_docs.items()))
    result = cli("lint", str(write(tmp_path / "plan.doc", "x")), "--no-office")
    assert result.code == 2 and "LibreOffice" in result.err and ".docx" in result.err
    require_libreoffice()
    from plangen import office

    old = office.convert([folder / f"{stem}.docx"], tmp_path / "old", target="doc")[0]
    result = cli("lint", str(old), "-f", "json", environ={})
    data = json.loads(result.out)
    assert result.code == 0, result.err
    assert data["findings"] == [] and "LibreOffice" in data["files"][0]["notes"][0]


# --- blocks, specs, users' rules and the build -------------------------------------------------------

STALE_BLOCK = """
id: organization.old-style
title: 加强组织建设
category: organization
sectors: [all]
summary: 旧式写法
body:
  - p: 深入开展党史学习教育，抓好常态化疫情防控。
  - p: |
      以庆祝建党100周年为契机，
      年底向院*委述职。
"""


def _stale_library(tmp_path: Path) -> Path:
    write(tmp_path / "lib" / "blocks" / "organization" / "old-style.yaml", STALE_BLOCK)
    write(
        tmp_path / "plan.yaml",
        """
        template: hospital-branch
        year: 2027
        org: {name: 内科第一党支部, parent: 江城市第一人民医院党委}
        sections:
          add: [{block: organization.old-style, after: organization}]
        """,
    )
    return tmp_path / "lib"


def test_blocks_and_specs_are_linted_on_their_lines(cli, tmp_path: Path) -> None:
    _stale_library(tmp_path)
    block = "lib/blocks/organization/old-style.yaml"
    data = json.loads(cli("lint", block, "-f", "json", "--year", "2027").out)
    assert sorted((f["rule"], f["line"]) for f in data["findings"]) == [
        ("A001", 9), ("C008", 7), ("R006", 10), ("S008", 7)
    ]  # fmt: skip
    result = cli("lint", "plan.yaml", "-L", "lib", "-f", "json")
    found = json.loads(result.out)["findings"]
    assert result.code == 1 and {f["file"].replace("\\", "/") for f in found} == {block}
    assert all("organization.old-style" in f["where"] for f in found)
    assert cli("lint", str(EXAMPLE)).code == 0


def test_build_refuses_stale_text_unless_told(cli, tmp_path: Path) -> None:
    _stale_library(tmp_path)
    result = cli("build", "plan.yaml", "-L", "lib", "-o", "out")
    assert result.code == 2 and not (tmp_path / "out").exists()
    assert "old-style.yaml:7：[C008]" in result.err.replace("\\", "/")
    assert "--no-lint" in result.err and "共 4 处" in result.err
    result = cli("build", "plan.yaml", "-L", "lib", "-o", "out", "--no-lint")
    assert result.code == 0 and len(list((tmp_path / "out").iterdir())) == 2


def test_users_rules(cli, tmp_path: Path) -> None:
    lib = tmp_path / "rules"
    write(
        lib / "lint.yaml",
        """
        disable: [R003]
        residue:
          - {id: U001, pattern: '院办通知', message: 内部通知用语, suggestion: 删除}
        arithmetic:
          - {id: U002, check: anniversary, pattern: '建院(\\d+)周年', founded: 1950, name: 建院}
        """,
    )
    text = write(
        tmp_path / "p.txt", "2027年工作计划\n根据院办通知，由某某负责筹备建院70周年活动。\n" + PLAN_TAIL
    )
    data = json.loads(cli("lint", "p.txt", "-L", "rules", "-f", "json").out)
    assert {f["rule"] for f in data["findings"]} == {"U001", "U002"}
    assert "建院77周年" in {f["suggestion"] for f in data["findings"]}
    assert "R003" in {f["rule"] for f in json.loads(cli("lint", str(text), "-f", "json").out)["findings"]}
    write(lib / "lint.yaml", "residue:\n  - {id: U001, pattern: '(a+', message: x}\n")
    result = cli("lint", "p.txt", "-L", "rules")
    assert result.code == 2 and "lint.yaml:2" in result.err and "正则表达式" in result.err

    result = cli("validate", "rules")  # validate reads a library's rule file as rules, not as a block
    assert result.code == 2 and "lint.yaml:2" in result.err and "无法判断文件类型" not in result.err
    write(lib / "lint.yaml", "residue:\n  - {id: U001, pattern: '院办', message: x}\n")
    result = cli("validate", "rules")
    assert result.code == 0 and "lint.yaml（检查规则）" in result.out, result.err


def test_a_roster_with_template_blanks_fails_its_rows(cli, tmp_path: Path) -> None:
    """The shared sample roster names its parent “某某市第一人民医院党委”: a blank, refused by row."""
    roster = REPO / "tests" / "data" / "roster-utf8.csv"
    text = roster.read_text(encoding="utf-8").replace("江城市", "某某市")
    (tmp_path / "roster.csv").write_text(text, encoding="utf-8")
    result = cli("batch", "roster.csv", "--spec", str(EXAMPLE), "-o", "out", "-j", "1", "-f", "md")
    assert result.code == 1 and "失败 6 份" in result.err
    report = (tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig")
    assert "[R003]" in report and "--no-lint" in report
    result = cli(
        "batch", "roster.csv", "--spec", str(EXAMPLE), "-o", "out", "-j", "1", "-f", "md", "--no-lint"
    )
    assert result.code == 0 and "生成 6 份" in result.out


# --- the year, folders, the terminal -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "source"),
    [
        ("二〇二八年党支部工作要点\n一、指导思想\n", 2028, "标题"),
        (
            "党支部工作安排\n一、指导思想\n坚持学习。\n\n中共某某支部委员会\n2026年12月20日\n",
            2027,
            "文中日期",
        ),
        ("一、指导思想\n2025年3月召开党员大会。\n", 2025, "文中日期"),
        ("一、指导思想\n坚持学习。\n", None, "未能"),
    ],
)
def test_the_year_comes_from_the_title_or_the_dates(
    tmp_path: Path, text: str, year: int | None, source: str
) -> None:
    from plangen.years import planning_year

    report = lint_file(write(tmp_path / "plan.txt", text), builtin())
    assert report.year == (year or planning_year()) and report.year_source.startswith(source)


def test_a_folder_is_every_document_in_it(cli, tmp_path: Path) -> None:
    write(tmp_path / "plans" / "a.txt", PLAN)
    write(tmp_path / "plans" / "sub" / "old.md", SAMPLE.read_text(encoding="utf-8"))
    write(tmp_path / "plans" / "~$lock.docx", "x")  # Word's lock file
    write(tmp_path / "plans" / ".hidden" / "x.txt", "xx")
    data = json.loads(cli("lint", "plans", "-f", "json").out)
    assert sorted(f["file"].replace("\\", "/") for f in data["files"]) == ["plans/a.txt", "plans/sub/old.md"]
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("lint", "empty")
    assert result.code == 2 and "没有可检查的文件" in result.err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_findings_are_grouped_by_file(tmp_path: Path) -> None:
    from plangen.cli import Env, main

    shutil.copy(SAMPLE, tmp_path / "old.txt")
    write(tmp_path / "clean.txt", PLAN)
    out, err = _Terminal(), io.StringIO()
    code = main(["lint", "old.txt", "clean.txt"], Env(stdout=out, stderr=err, cwd=tmp_path, environ={}))
    text = out.getvalue()
    assert code == 1 and "\x1b[" in text  # coloured
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert plain.index("old.txt") < plain.index("错误 第 1 行 [R001]") < plain.index("clean.txt")
    assert "建议：恢复被遮挡的字" in plain and "未发现问题" in plain.split("clean.txt", 1)[1]


@settings(max_examples=200, deadline=None)
@given(level=st.integers(1, 4), number=st.integers(1, 99), rest=st.text(min_size=1, max_size=20))
def test_every_ordinal_plangen_writes_reads_back(level: int, number: int, rest: str) -> None:
    from plangen.readers import numbered

    rest = "加强" + rest.strip()
    item = numbered(ordinal(level, number) + rest)
    assert item is not None and (item.level, item.number) == (level, number)


# --- what real plans do (from a review of the first version) -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "一、指导思想\n坚持学习。\n二、两个维护\n坚决做到。\n三、三会一课\n按月落实。\n四、党风廉政建设\n开展警示教育。\n"
        "五、保障措施\n压实责任。",
        "一、全年安排\n（一）第一季度\n1月\n1.召开支委会。\n2.开展主题党日。\n2月\n1.召开支委会。\n二、保障措施\n压实责任。",
        "一、组织生活\n（一）会议\n1.召开支委会。\n2.开展主题党日。\n3.组织学习。\n1、2月份召开组织生活会。\n二、保障措施\n压实责任。",
        "一、组织建设\n（一）主要措施\n按月落实。\n二、党风廉政建设\n（一）主要措施\n开展警示教育。",
        "一、指导思想\n坚持学习。\n二、保障措施\n压实责任。\n附件：2027年月度工作安排\n一、第一季度\n召开党员大会。\n二、第二季度\n开展主题党日。",
    ],
)
def test_real_plan_shapes_are_not_numbering_errors(text: str) -> None:
    found = check("2027年党支部工作计划\n" + text, 2027)
    assert found == [], [str(f) for f in found]


def test_markdown_lists_are_read_as_numbered(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.md", "# 2027年党支部工作计划\n\n1. 召开支委会。\n1. 开展主题党日。\n1. 组织学习。\n"
    )
    assert lint_file(path, builtin()).findings == []


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("某医院党支部2026年工作总结暨2027年工作计划", 2027),
        ("２０２８年党支部工作计划", 2028),
        ("二〇二七年度党建工作要点", 2027),
    ],
)
def test_the_year_of_a_title(tmp_path: Path, title: str, year: int) -> None:
    report = lint_file(
        write(tmp_path / "p.txt", f"{title}\n一、指导思想\n庆祝建党{year - 1921}周年。\n"), builtin()
    )
    assert (report.year, report.findings) == (year, [])


def test_a_sentence_is_not_a_title(tmp_path: Path) -> None:
    text = "一、指导思想\n在总结2026年工作的基础上，制定本计划。\n2027年3月召开党员大会。\n"
    report = lint_file(write(tmp_path / "p.txt", text), builtin())
    assert report.year == 2027 and report.year_source.startswith("文中日期")


def test_word_headings_headers_and_footers(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("2027年党支部工作计划", style="Title")
    for heading in ("指导思想", "组织建设", "党风廉政建设", "保障措施"):
        document.add_paragraph(heading, style="Heading 1")  # numbered by Word, not typed
        document.add_paragraph("（一）落实制度。按月召开会议。")
        document.add_paragraph("（二）加强管理。建立工作台账。")
    document.sections[0].header.paragraphs[0].text = "小编为大家整理"
    document.sections[0].footer.paragraphs[0].text = "第1页 共5页"
    document.save(tmp_path / "p.docx")
    report = lint_file(tmp_path / "p.docx", builtin())
    # the site's blurb in the header is flagged; a page number in a Word footer is the footer's own
    assert sorted((f.rule, f.where) for f in report.findings) == [("R009", "页眉或页脚")]


def test_a_title_broken_across_lines_in_word_is_one_title(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    title = document.add_paragraph("江城能源集团有限公司", style="Title")
    title.add_run().add_break()
    title.add_run("2027年党建工作计划")
    document.add_paragraph("一、指导思想")
    document.save(tmp_path / "p.docx")
    report = lint_file(tmp_path / "p.docx", builtin())
    assert report.year == 2027 and report.year_source == "标题（第 1 段）"


def test_columns_count_the_indentation(tmp_path: Path) -> None:
    report = lint_file(
        write(tmp_path / "p.txt", "2027年工作计划\n\u3000\u3000抓好常态化疫情防控。\n" + PLAN_TAIL), builtin()
    )
    assert [(f.line, f.column) for f in report.findings] == [(2, 5)]


def test_a_match_never_spans_two_lines(tmp_path: Path) -> None:
    first = write(tmp_path / "m1.txt", "2027年工作计划\n建设健康中国\n*注：以上安排可调整\n" + PLAN_TAIL)
    second = write(tmp_path / "m2.txt", "2027年工作计划\n建设健康中国\n其他事项\n" + PLAN_TAIL)
    rules = builtin()
    assert [f.rule for f in lint_file(first, rules).findings] == ["R006"]  # “*注” — not “中国\n*”
    assert lint_file(second, rules).findings == []


def test_users_patterns_work_line_by_line_and_never_match_nothing(cli, tmp_path: Path) -> None:
    write(tmp_path / "rules" / "lint.yaml", "residue:\n  - {id: U001, pattern: '^范例', message: 示例文字}\n")
    write(tmp_path / "p.txt", "2027年工作计划\n甲乙丙\n范例一\n" + PLAN_TAIL)
    data = json.loads(cli("lint", "p.txt", "-L", "rules", "-f", "json").out)
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [("U001", 3)]
    write(tmp_path / "rules" / "lint.yaml", "residue:\n  - {id: U001, pattern: '(?:甲)*', message: x}\n")
    result = cli("lint", "p.txt", "-L", "rules")
    assert result.code == 2 and "空文字" in result.err


def test_build_checks_the_monthly_table_and_dates(cli, tmp_path: Path) -> None:
    block = (REPO / "templates" / "blocks" / "organization" / "three-meetings.yaml").read_text(
        encoding="utf-8"
    )
    assert "name: 支部党员大会" in block
    write(tmp_path / "lib" / "blocks" / "organization" / "three-meetings.yaml",
          block.replace("name: 支部党员大会", "name: 支部党员大会暨xx专题学习", 1))  # fmt: skip
    result = cli("build", str(EXAMPLE), "-L", "lib", "-o", "out", "-f", "md")
    assert result.code == 2 and "[R001]" in result.err and "organization.three-meetings" in result.err
    assert not (tmp_path / "out").exists()


def test_users_can_add_the_plenums_held(cli, tmp_path: Path) -> None:
    write(
        tmp_path / "rules" / "lint.yaml",
        """
        currency:
          - id: S020
            check: plenum
            message: 引用的全会精神已不是最新
            suggestion: 党的二十一大和二十一届历次全会精神
            plenums: {二十一届一中: 2027-10, 二十一届二中: 2028-02}
        """,
    )
    write(tmp_path / "p.txt", "2029年党支部工作计划\n深入学习贯彻二十一届一中全会精神。\n" + PLAN_TAIL)
    data = json.loads(cli("lint", "p.txt", "-L", "rules", "-f", "json").out)
    assert [f["rule"] for f in data["findings"]] == ["S020"] and "二十一届二中" in data["findings"][0][
        "message"
    ]
    assert (
        json.loads(cli("lint", "p.txt", "-f", "json").out)["findings"] == []
    )  # the shipped list ends in 2026


@pytest.mark.parametrize(
    "rule",
    [
        "{id: U001, check: [anniversary], pattern: 'x(\\d+)', founded: 1950}",
        "{id: U001, pattern: x, message: m, severity: [error]}",
        "{id: [U001], pattern: x, message: m}",
        "{id: U001, pattern: [x], message: m}",
        "{id: U001, pattern: x, message: {a: 1}}",
        "{id: U001, pattern: x, message: m, stale_from: [2020]}",
        "{id: U001, pattern: x, message: m, unless: 3}",
        "{id: U001, pattern: x, message: m, needs: [x]}",
        "{id: U001, check: plenum, message: m, plenums: [1, 2]}",
        "{id: U001, check: plenum, message: m, plenums: {二十届五中: 2026-13}}",
    ],
)
def test_a_malformed_users_rule_is_a_located_error(cli, tmp_path: Path, rule: str) -> None:
    write(tmp_path / "rules" / "lint.yaml", f"currency:\n  - {rule}\n")
    write(tmp_path / "p.txt", "2027年工作计划\n")
    result = cli("lint", "p.txt", "-L", "rules")
    assert result.code == 2 and "lint.yaml:2" in result.err and "内部错误" not in result.err, result.err


# --- the world's text: traditional characters, half-width punctuation (issue 26) ----------------------

WORLD_PLAN = """2027年党支部工作计划
一、指导思想
深入学习贯彻党的十九大精神，学习十九届五中全会精神。
二、主要任务
（一）加强组织建设
抓好常态化疫情防控；由某某同志负责（请填写姓名）。
（二）加强党风廉政建设：扎实开展党史学习教育；以提升组织力为重点
（四）保障措施
庆祝建党90周年，按季度落实。
"""
HALF = str.maketrans("，；：（）", ",;:()")


def _s2t(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def _places(found: list[dict]) -> list[tuple[str, int, int | None]]:
    return [(f["rule"], f["line"], f["column"]) for f in found]


def test_traditional_and_half_width_plans_get_the_same_findings(cli, tmp_path: Path) -> None:
    """A plan in traditional characters, or typed with half-width punctuation, is checked as its
    simplified, full-width form: the same rules at the same lines and columns, each quoting what
    the user wrote."""
    traditional = _s2t(WORLD_PLAN)
    assert "黨的十九大" in traditional and "學習十九屆五中全會精神" in traditional
    write(tmp_path / "plan.txt", WORLD_PLAN)
    write(tmp_path / "trad.txt", traditional)
    write(tmp_path / "half.txt", WORLD_PLAN.translate(HALF))
    found = {}
    for name in ("plan.txt", "trad.txt", "half.txt"):
        result = cli("lint", name, "-f", "json")
        assert result.code == 1, result.err
        found[name] = json.loads(result.out)["findings"]
    expected = _places(found["plan.txt"])
    assert {"S006", "S008", "R003", "R012", "C008", "S018", "T001", "A001"} <= {r for r, _, _ in expected}
    assert _places(found["trad.txt"]) == expected
    assert _places(found["half.txt"]) == expected
    quoted = {f["rule"]: f for f in reversed(found["trad.txt"])}  # each rule's first
    assert (
        quoted["S006"]["text"] == "黨的十九大" and "深入學習貫徹黨的十九大精神" in quoted["S006"]["context"]
    )
    assert quoted["C008"]["text"] == "黨史學習教育"
    assert {f["rule"]: f for f in found["half.txt"]}["R012"]["text"] == "(请填写姓名)"
    result = cli("lint", "half.txt")
    assert "half.txt:6:" in result.out and "[R012]" in result.out and "“(二)”之后是“(四)”" in result.out
    assert "half.txt:8: 错误 [T001]" in result.out and "[T006]" not in result.out  # （二）…： is run in
    result = cli("lint", "trad.txt")
    assert "trad.txt:3:7: 错误 [S006]" in result.out and "黨的十九大" in result.out


_FRAGMENTS = [
    "深入学习贯彻党的十九大精神", "学习十九届五中全会精神", "抓好常态化疫情防控", "坚决打赢脱贫攻坚战",
    "以提升组织力为重点", "2020年×月召开党员大会", "由某某同志负责", "扎实开展党史学习教育",
    "庆祝建党90周年", "以邓小平理论和“三个代表”重要思想为指导", "（请填写组织名称）",
    "确保实现“十四五”规划目标", "学习二十届三中全会精神", "中国***成立105周年", "年底向院*委述职",
    "落实“三会一课”制度", "组织党员集中学习", "每月召开一次支委会", "加强党风廉政建设",
    "开展警示教育", "推进“两学一做”学习教育常态化制度化", "召开组织生活会", "2027年3月召开党员大会",
]  # fmt: skip
_SENTENCES = st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=3).flatmap(
    lambda parts: st.lists(st.sampled_from("，；：（）"), min_size=len(parts), max_size=len(parts)).map(
        lambda marks: "".join(part + mark for part, mark in zip(parts, marks, strict=True)) + "。"
    )
)
_PLAN_LINES = st.lists(
    st.one_of(
        _SENTENCES,
        st.tuples(st.integers(1, 2), st.integers(1, 5), st.sampled_from(_FRAGMENTS)).map(
            lambda item: ordinal(item[0], item[1]) + item[2]
        ),
        st.tuples(st.integers(1, 2), st.integers(1, 5), _SENTENCES).map(  # a run-in heading
            lambda item: ordinal(item[0], item[1]) + item[2].rstrip("。")
        ),
    ),
    min_size=1,
    max_size=12,
)


def test_the_fragments_read_back_from_traditional() -> None:
    from plangen.readers.normalize import reading

    for fragment in _FRAGMENTS:
        assert reading(_s2t(fragment)) == fragment


def _same_findings(simple: str, other: str) -> None:
    expected = check(simple, 2027)
    found = check(other, 2027)
    assert [(f.rule, f.line, f.column) for f in found] == [(f.rule, f.line, f.column) for f in expected]
    lines = other.split("\n")
    for mine, theirs in zip(found, expected, strict=True):
        if mine.column is not None:  # the user's own text, at its column
            start = mine.column - 1
            assert mine.text == lines[mine.line - 1][start : start + len(theirs.text)]


@settings(max_examples=80, deadline=None)
@given(lines=_PLAN_LINES)
def test_traditional_text_is_linted_as_its_simplified_form(lines: list[str]) -> None:
    text = "\n".join(["2027年党支部工作计划", *lines, PLAN_TAIL])
    _same_findings(text, _s2t(text))


@settings(max_examples=80, deadline=None)
@given(lines=_PLAN_LINES)
def test_half_width_text_is_linted_as_its_full_width_form(lines: list[str]) -> None:
    text = "\n".join(["2027年党支部工作计划", *lines, PLAN_TAIL])
    _same_findings(text, text.translate(HALF))


def test_opencc_is_loaded_only_for_traditional_text() -> None:
    """Loading OpenCC costs 50 ms: a simplified plan, however it is punctuated, never pays it."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from plangen.lint import check\n"
        "check('2027年党支部工作计划\\n一、主要任务\\n(一)学习党的十九大精神,抓好落实.\\n', 2027)\n"
        "print('opencc' in sys.modules)\n"
        "check('學習黨的十九大精神。', 2027)\n"
        "print('opencc' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_blanks_left_in_a_downloaded_template_are_errors(cli, tmp_path: Path) -> None:
    text = (
        "20__年______党支部工作计划\n一、指导思想\n深入学习贯彻十x届x中全会精神，认真学习《》。\n"
        "二、主要任务\n支部于（  ）月召开党员大会，这是支部成立的第__年。\n"
    )
    write(tmp_path / "blank.txt", text)
    result = cli("lint", "blank.txt", "-f", "json")
    found = [
        (f["line"], f["column"], f["text"]) for f in json.loads(result.out)["findings"] if f["rule"] == "R013"
    ]
    assert result.code == 1 and found == [
        (1, 1, "20__年"), (1, 6, "______"), (3, 7, "十x届x中"), (3, 21, "《》"), (5, 4, "（  ）"), (5, 23, "第__年")
    ]  # fmt: skip
    assert "blank.txt:1:1: 错误 [R013] 模板中留待填写的空白未填" in cli("lint", "blank.txt").out


def test_the_shipped_library_lints_clean_as_written(cli) -> None:
    """Every shipped block, template and example, linted as YAML: a value the template fills in
    (“任务（{{ key_tasks|join }}）”) is not a blank left empty."""
    result = cli("lint", str(REPO / "templates"), str(REPO / "examples"))
    assert result.code == 0 and "错误 0 处，警告 0 处" in result.out, result.out


def test_a_jinja_value_stands_for_text() -> None:
    from plangen.lint.files import without_jinja

    assert (
        without_jinja("任务（{{ key_tasks|join }}）{% if a %}一并{% endif %}{# x #}列入")
        == "任务（…）一并列入"
    )


WORLD = REPO / "tests" / "data" / "world"


def test_site_text_left_in_a_plan_is_flagged(cli) -> None:
    """Every line of a web page's own text in the world's plans (their human reader's list) is a
    residue finding; no sentence of the plans themselves is taken for site text."""
    import yaml

    cases = yaml.safe_load((WORLD / "cases.yaml").read_text(encoding="utf-8"))
    checked = 0
    for case in cases:
        furniture = case.get("furniture") or []  # each of them, page numbers and headers too
        if not furniture:
            continue
        lines = (WORLD / case["file"]).read_text(encoding="utf-8").split("\n")
        report = lint_file(WORLD / case["file"], builtin())
        residue = {f.line for f in report.findings if f.family == "residue"}
        for text in furniture:
            number = next(n for n, line in enumerate(lines, start=1) if text in line)
            assert number in residue, (case["file"], text)
            checked += 1
        site = [f for f in report.findings if f.rule == "R014"]
        for text in case.get("must_keep") or []:
            for n, line in enumerate(lines, start=1):
                at = line.find(text)
                if at >= 0:  # no site text found in the plan's own words (on its line, before or after)
                    spans = [(f.column - 1, f.column - 1 + len(f.text)) for f in site if f.line == n]
                    assert all(end <= at or start >= at + len(text) for start, end in spans), (n, text)
    assert checked >= 30
    result = cli("lint", str(WORLD / "web-furniture-3.txt"))
    assert result.code == 1 and "web-furniture-3.txt:1:1: 错误 [R014] 网页上的文字" in result.out
    assert "web-furniture-3.txt:36:1: 错误 [R014]" in result.out  # 觉得有用？点击分享给朋友吧: the whole line


def test_plan_sentences_about_sharing_reading_and_last_year_are_not_site_text() -> None:
    text = (
        "2027年党支部工作计划\n一、主要任务\n认真总结上一年度工作，组织党员分享交流学习体会。\n"
        "引导党员下载学习强国，定期浏览党建网站，把学习体会分享到微信朋友圈。\n"
        "做好信息发布工作，组织党员继续阅读红色经典，阅读《习近平谈治国理政》第五卷。\n"
    )
    assert check(text, 2027) == []


def test_stale_forms_without_the_partys_name_or_of_an_older_guiding_ideology(cli, tmp_path: Path) -> None:
    text = (
        "2027年党支部工作计划\n一、指导思想\n坚持以科学发展观为指导，学习贯彻十九大精神。\n"
        "以邓小平理论、“三个代表”重要思想、科学发展观为指导。\n二、主要任务\n喜迎二十大，认真学习习近平总书记系列重要讲话。\n"
    )
    write(tmp_path / "old.txt", text)
    result = cli("lint", "old.txt", "-f", "json")
    found = [(f["rule"], f["line"], f["column"], f["text"]) for f in json.loads(result.out)["findings"]]
    assert result.code == 1 and found == [
        ("S002", 3, 3, "以科学发展观为指导"), ("S006", 3, 17, "十九大"), ("S021", 4, 14, "重要思想、科学发展观为指导"),
        ("S011", 6, 1, "喜迎二十大"), ("S005", 6, 11, "习近平总书记系列重要讲话"),
    ]  # fmt: skip
    assert (
        "old.txt:4:14: 错误 [S021] 2027年的计划中指导思想的表述缺少习近平新时代中国特色社会主义思想"
        in cli("lint", "old.txt").out
    )


# --- numbering as the world writes it (issue 26) -------------------------------------------------------

# from tests/data/world/numbering-quirks.txt: 一、二、三、五、六; 1. items right under 二、, the first
# about a year (1.2026年度……); (一)、 with half-width brackets and a 、 after them
QUIRKS = """青山县教育局机关党总支2026年工作计划

　　2026年，局机关党总支将坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大和二十届历次全会精神。

一、总体要求

　　以党的政治建设为统领，以建设模范机关为目标，全面推进机关党的各项建设。

二、加强理论武装

1.2026年度集中学习安排
　　党总支每月组织一次机关党员集中学习，全年集中学习不少于12次。

2.落实“第一议题”制度
　　党总支委员会会议均把学习习近平总书记最新重要讲话精神作为第一议题。

3.2026年春秋两季专题读书班
　　上半年和下半年各举办一期机关党员专题读书班。

三、加强组织建设

(一)、规范支部设置
　　党总支下设机关第一、第二、第三党支部和离退休干部党支部。

(二)、严格组织生活
　　各党支部严格落实“三会一课”制度，每月开展主题党日活动。

(三)、加强党员教育管理
　　做好党员发展、党费收缴、组织关系转接等基础工作。

五、加强作风和纪律建设

（一）持续改进工作作风
　　深入落实中央八项规定及其实施细则精神。

（二）从严正风肃纪
　　落实全面从严治党主体责任，每半年开展一次警示教育。

六、强化组织保障

　　党总支书记履行第一责任人职责，机关党建工作经费纳入年度预算，模范机关建设与中心工作融合推进。

中共青山县教育局机关总支部委员会
2026年1月9日
"""


def test_a_gap_in_the_level_one_numbering_is_the_one_finding(cli, tmp_path: Path) -> None:
    """三、 then 五、 is reported, and only it: “1.2026年度……” is item 1 (not a decimal), so “2.” does
    not start a gap, and 1. right under 二、 is not a level jump."""
    write(tmp_path / "quirks.txt", QUIRKS)
    result = cli("lint", "quirks.txt")
    assert result.code == 1, result.out
    findings = [line for line in result.out.splitlines() if ": 错误 [" in line or ": 警告 [" in line]
    assert findings[0].startswith("quirks.txt:1: 警告 [T007]")  # no 模范机关建设 heading: fair
    assert findings[1:] == [
        "quirks.txt:31: 错误 [T001] 编号跳号：“三、”之后是“五、”：“五、加强作风和纪律建设”（建议：补上缺少的序号或重新编号）"
    ]


@pytest.mark.parametrize(
    ("body", "jump"),
    [
        ("一、主要任务\n1.落实“三会一课”。\n2.抓好党员教育。\n", False),  # as central documents number
        ("一、主要任务\n1.加强学习\n（1）落实“三会一课”。\n（2）抓好党员教育。\n", False),
        ("一、主要任务\n（1）落实“三会一课”。\n（2）抓好党员教育。\n", True),
        ("一、主要任务\n（一）组织建设\n（1）落实“三会一课”。\n（2）抓好党员教育。\n", True),
    ],
)
def test_level_jumps(body: str, jump: bool) -> None:
    found = rules_of("2027年党支部工作计划\n" + body + "二、保障措施\n压实责任。\n")
    assert ("T004" in found) == jump and not {"T001", "T002", "T003"} & found, found


def test_half_width_ordinals_with_a_trailing_comma_are_level_two(cli, tmp_path: Path) -> None:
    plan = (
        "2027年党支部工作计划\n一、组织建设\n(一)、加强学习\n按月落实。\n(二)、严格组织生活\n按月落实。\n"
        "(四)、加强管理\n按月落实。\n二、党风廉政建设\n（一）加强学习\n开展警示教育。\n(二)、加强学习\n开展谈心谈话。\n"
    )
    write(tmp_path / "p.txt", plan)
    out = cli("lint", "p.txt").out
    assert "p.txt:7: 错误 [T001] 编号跳号：“(二)、”之后是“(四)、”" in out
    assert (
        "p.txt:12: 警告 [T005] 同一计划中标题重复（第 10 行已有）" in out
    )  # （一）加强学习 and (二)、加强学习
    assert "T004" not in out and "T002" not in out and "T003" not in out
    assert rules_of(plan.replace("(四)、", "(三)、").replace("(二)、加强学习", "(二)、加强谈心")) <= {"T007"}


def test_build_reads_a_users_traditional_block_too(cli, tmp_path: Path) -> None:
    _stale_library(tmp_path)
    block = tmp_path / "lib" / "blocks" / "organization" / "old-style.yaml"
    sentence = "深入开展党史学习教育，抓好常态化疫情防控。"
    block.write_text(block.read_text(encoding="utf-8").replace(sentence, _s2t(sentence)), encoding="utf-8")
    result = cli("build", "plan.yaml", "-L", "lib", "-o", "out")
    assert result.code == 2 and not (tmp_path / "out").exists()
    err = result.err.replace("\\", "/")
    assert "old-style.yaml:7：[C008]" in err and "黨史學習教育" in err and "old-style.yaml:7：[S008]" in err


# --- the look-ahead that leads a shipped pattern (speed only) ------------------------------------------

_SHIPPED = [rule for rule in builtin().text_rules if not rule.user]


@pytest.mark.parametrize("rule", _SHIPPED, ids=[rule.id for rule in _SHIPPED])
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_a_patterns_lead_changes_no_match(rule, data) -> None:
    """Led by the characters a match can start with, a pattern matches exactly where it did: random
    text over its own characters, its examples and Chinese around them."""
    own = sorted(set(re.sub(r"\\[dswu]|[\\\[\]()?*+{}|^$.:<=!,-]", "", rule.pattern))) + list("年月。， \n1a")
    text = data.draw(st.text(alphabet=st.sampled_from(own), max_size=30))
    examples = builtin().examples.get(rule.id, {})
    for sample in (text, *examples.get("bad", []), *examples.get("good", [])):
        plain = re.compile(rule.pattern, re.MULTILINE)
        assert [m.span() for m in rule.regex.finditer(sample)] == [m.span() for m in plain.finditer(sample)]


def test_patterns_re_cannot_skip_through_are_led() -> None:
    """The patterns ``re`` would try at every place (a look-behind first, optional first characters)
    are led; those it skips through itself are left as they are; a class of all Chinese leads none."""
    from plangen.lint.rules import first_chars

    assert first_chars(r"(?<![A-Za-z])(?:[xX]{2,}|[×Ｘｘ]{2,})") == "Xx×Ｘｘ"
    assert first_chars(r"(?:20|第)[_＿]+年|《[ ]*》") == "2《第"
    assert first_chars("党史学习教育") is None and first_chars("某某|○○") is None
    assert first_chars(r"[\u4e00-\u9fff]\*+|\*[\u4e00-\u9fff]") is None
    assert first_chars("a*b?") is None and first_chars("(?i)ab|c") is None
    assert sum(1 for rule in _SHIPPED if first_chars(rule.pattern)) >= 10
