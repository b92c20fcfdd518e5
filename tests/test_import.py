"""``plangen import``: last year's plan in, blocks and a plan spec out, rebuilt by plangen."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, require_libreoffice, write
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.importer import account, import_source, kept_text, outline_of, plan_files
from plangen.numbering import ordinal
from plangen.readers import read, source_from_text

SAMPLE = REPO / "tests" / "data" / "samples" / "legacy-plan.txt"


def chars(texts: list[str]) -> Counter:
    return Counter(c for text in texts for c in text if not c.isspace())


# --- the legacy sample (acceptance) ----------------------------------------------------------------


def test_the_legacy_sample_is_two_plans() -> None:
    imported = import_source(read(SAMPLE))
    first, second = imported.plans
    assert [t for t, level in outline_of(first) if level == 1] == [
        "指导思想",
        "工作目标",
        "主要工作",
        "保障措施",
    ]
    assert [t for t, level in outline_of(first) if level == 2] == [
        "支部班子团结有力，“三会一课”落实率达到100%。", "全年发展党员2名，培养入党积极分子4名。",
        "加强政治理论学习", "严格组织生活", "抓好党风廉政建设", "开展志愿服务",
    ]  # fmt: skip
    assert [t for t, level in outline_of(second) if level == 1] == ["总体思路", "重点任务", "其他"]
    assert [t for t, level in outline_of(second) if level == 2] == ["思想建设", "组织建设", "作风建设"]
    assert (first.year, second.year) == (2021, 2021)
    assert second.full_name == "xx医院内科党支部" and str(second.date) == "2021-01-08"
    guesses = " ".join(g.text for g in imported.guesses)
    assert "“五、”与前一条不连续" in guesses and "合集标题" in guesses and "删去目录" in guesses


def test_nothing_of_the_source_is_lost() -> None:
    source = read(SAMPLE)
    imported = import_source(source)
    assert chars([line.text for line in source.lines]) == chars(kept_text(imported)) + chars(
        [piece.text for piece in imported.dropped]
    )
    assert {piece.text for piece in imported.dropped} >= {
        "【篇一】",
        "【篇二】",
        "目录 【篇一】 1 【篇二】 3",
        "一、",
        "（一）",
        "1、",
        "五、",
    }


def test_each_plan_rebuilds(cli, tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "去年.txt")
    result = cli("import", "去年.txt", "-o", "导入")
    assert result.code == 0, result.err
    assert "plangen build 导入/去年-1.yaml -L 导入" in result.out.replace("\\", "/")
    report = (tmp_path / "导入" / "去年-导入报告.md").read_text(encoding="utf-8")
    assert "[R006]" in report and "[A001]" in report and "第 37 行：序号“五、”" in report
    assert cli("validate", "导入").code == 0
    import jsonschema
    import yaml

    schema = json.loads(cli("schema", "block").out)
    blocks = sorted((tmp_path / "导入" / "blocks").rglob("*.yaml"))
    assert len(blocks) == 7
    for block in blocks:  # valid against `plangen schema block`, ids in ASCII
        data = yaml.safe_load(block.read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
        assert data["id"].isascii() and data["id"].startswith("imported.")
    for spec in ("去年-1.yaml", "去年-2.yaml"):
        refused = cli("build", f"导入/{spec}", "-L", "导入", "-o", "out")
        # the title's xx医院党支部 is a template's stand-in: the plan file asks for the name instead
        assert refused.code == 2 and "[R012]" in refused.err and "（请填写组织名称）工作计划" in refused.err
        if spec == "去年-1.yaml":  # 院*委 and 建党90周年: found in the imported block, on its line
            err = refused.err.replace("\\", "/")
            assert "blocks/imported/" in err and "/s4.yaml:" in err
        built = cli("build", f"导入/{spec}", "-L", "导入", "--no-lint", "-f", "md")  # to its own out/ folder
        assert built.code == 0, built.err
    from openxml_audit import OpenXmlValidator

    assert cli("build", "导入/去年-1.yaml", "-L", "导入", "--no-lint", "-f", "docx", "-o", "word").code == 0
    result = OpenXmlValidator().validate(
        str(next((tmp_path / "word").glob("*.docx")))
    )  # numbered sentences too
    assert result.is_valid, [e.description for e in result.errors]
    first = sorted((tmp_path / "导入" / "out").rglob("*.md"))
    assert [path.parent.name for path in first] == ["去年-1", "去年-2"]
    text = "\n".join(path.read_text(encoding="utf-8") for path in first)
    assert (
        "## 三、主要工作" in text and "### （四）开展志愿服务" in text and "## 三、其他" in text
    )  # 五、 renumbered
    assert "年底向院\\*委述职" in text  # the branch's own words, as written (Markdown escapes the *)


def test_json_and_no_overwrite(cli, tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "old.txt")
    result = cli("import", "old.txt", "--json")
    data = json.loads(result.out)
    assert result.code == 0 and not (tmp_path / "old-导入").exists()  # --json alone writes nothing
    assert [p["year"] for p in data["plans"]] == [2021, 2021]
    assert data["plans"][1]["sections"][0] == {"title": "总体思路", "level": 1}
    assert cli("import", "old.txt").code == 0 and (tmp_path / "old-导入" / "old-1.yaml").is_file()
    again = cli("import", "old.txt")
    assert again.code == 2 and "文件已存在" in again.err and "--force" in again.err
    assert cli("import", "old.txt", "--force").code == 0
    missing = cli("import", "nosuch.docx")
    assert missing.code == 2 and "文件不存在" in missing.err
    empty = write(tmp_path / "empty.txt", "\n\n")
    result = cli("import", str(empty))
    assert result.code == 2 and "没有找到可以导入的计划内容" in result.err


# --- round trip (acceptance) -------------------------------------------------------------------------


def _templates() -> list[str]:
    from plangen.library import Library

    return [template.id for _, template in Library.default().all("template")]


@pytest.mark.parametrize("detail", ["concise", "full"])
@pytest.mark.parametrize("template", _templates())
def test_round_trip(cli, tmp_path: Path, template: str, detail: str) -> None:
    """build → import its DOCX → build again: the same Markdown."""
    write(
        tmp_path / "plan.yaml",
        f"template: {template}\nyear: 2027\ndetail: {detail}\n"
        "org: {name: 第三党支部, parent: 市直机关工委}\noutput: {schedule: none}\n",
    )
    assert cli("build", "plan.yaml", "-o", "a", "-f", "docx,md").code == 0
    docx = next((tmp_path / "a").glob("*.docx"))
    result = cli("import", str(docx), "-o", "imp")
    assert result.code == 0, result.err
    spec = next((tmp_path / "imp").glob("*.yaml"))
    result = cli("build", str(spec), "-L", "imp", "-o", "b", "-f", "md")
    assert result.code == 0, result.err
    before = next((tmp_path / "a").glob("*.md")).read_text(encoding="utf-8")
    after = next((tmp_path / "b").glob("*.md")).read_text(encoding="utf-8")
    assert after == before


# --- random outlines (hypothesis) --------------------------------------------------------------------

_WORDS = st.text(alphabet="党建学习组织制度落实责任教育管理服务群众工作建设规范", min_size=2, max_size=8)
_TREE = st.recursive(
    st.tuples(_WORDS, st.just([])),
    lambda children: st.tuples(_WORDS, st.lists(children, min_size=1, max_size=3)),
    max_leaves=10,
)


def _depth(node: tuple) -> int:
    return 1 + max((_depth(child) for child in node[1]), default=0)


def _render(nodes: list, level: int = 1) -> list[tuple[str, int]]:
    out = []
    for number, (title, children) in enumerate(nodes, start=1):
        out.append((ordinal(level, number) + title, level))
        out += _render(children, level + 1)
    return out


def _titles(nodes: list, level: int = 1) -> list[tuple[str, int]]:
    out = []
    for title, children in nodes:
        out.append((title, level))
        out += _titles(children, level + 1)
    return out


@settings(max_examples=80, deadline=None)
@given(tree=st.lists(_TREE, min_size=1, max_size=5), breaks=st.booleans())
def test_random_outlines_come_back(tree: list, breaks: bool) -> None:
    if max(_depth(node) for node in tree) > 4:
        return
    lines = [text for text, _ in _render(tree)]
    text = "2027年党支部工作计划\n" + ("\n".join(lines) if breaks else "".join(lines))
    imported = import_source(source_from_text(text))
    assert len(imported.plans) == 1
    assert outline_of(imported.plans[0]) == _titles(tree)
    accounting = account(imported, plan_files(imported))  # each piece found where it was
    assert accounting.unplaced == () and accounting.written + accounting.dropped == accounting.total


_PLAN_NAMES = ("第一", "第二", "第三", "机关", "离退休", "后勤")


@settings(max_examples=60, deadline=None)
@given(
    shapes=st.lists(
        st.tuples(st.integers(1, 4), st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=5
    )
)
def test_a_collection_is_every_plan_in_it_whatever_each_carries(shapes: list) -> None:
    """Plans one after another, each with or without its own contents, an attachment note with a
    signature, and an appendix table: as many plans come back as went in, each with its sections,
    and every character is either kept or listed as dropped."""
    text = []
    for number, (sections, contents, note, table) in enumerate(shapes):
        heads = [f"{ordinal(1, i)}第{i}项工作" for i in range(1, sections + 1)]
        text.append(f"2027年{_PLAN_NAMES[number]}党支部工作计划")
        if contents:
            text += ["目录", *(f"{head}\t{page}" for page, head in enumerate(heads, start=1))]
        for head in heads:
            text += [head, f"{head[2:]}要抓好落实。"]
        if note:
            text += ["附件：活动安排表", f"中共某某{_PLAN_NAMES[number]}支部委员会", "2027年1月5日"]
        if table:
            text += ["附件", "活动安排表", "月份\t内容", "1月\t主题党日", "2月\t党课"]
    source = source_from_text("\n".join(text))
    imported = import_source(source)
    assert [plan.title for plan in imported.plans] == [
        f"2027年{_PLAN_NAMES[n]}党支部工作计划" for n in range(len(shapes))
    ]
    assert [len(outline_of(plan)) for plan in imported.plans] == [s[0] for s in shapes]
    assert chars([line.text for line in source.lines]) == chars(kept_text(imported)) + chars(
        [piece.text for piece in imported.dropped]
    )
    assert account(imported, plan_files(imported)).unplaced == ()


# --- real-world mess ---------------------------------------------------------------------------------


def test_a_page_pasted_as_one_line(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    one_line = "".join(text[3:25])  # the first plan, its line breaks lost
    imported = import_source(source_from_text("2021年医院党支部工作计划\n" + one_line))
    plan = imported.plans[0]
    assert [t for t, level in outline_of(plan) if level == 1] == [
        "指导思想",
        "工作目标",
        "主要工作",
        "保障措施",
    ]
    assert plan.sections[0].text.startswith("以习近平新时代中国特色社会主义思想为指导")
    assert any("连在一起" in g.text for g in imported.guesses)


def test_ordinal_forms_and_a_list_restarting_inside_an_item() -> None:
    text = (
        "2027年党支部工作计划\n一、主要任务\n(一)学习\n1)读原著。\n2)写体会。\n（二）组织\n1．开会。\n"
        "2．选举。分三步：\n一、提名\n二、投票\n3．总结。\n二、保障措施\n①压实责任。\n②加强督导。\n"
    )
    imported = import_source(source_from_text(text))
    tree = outline_of(imported.plans[0])
    assert ("提名", 4) in tree and ("投票", 4) in tree and ("总结。", 3) in tree
    assert [t for t, level in tree if level == 1] == ["主要任务", "保障措施"]
    assert any("重新编号" in g.text for g in imported.guesses)


def test_encodings_and_page_furniture(cli, tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("三、主要工作", "— 2 —\n三、主要工作\n查看更多>>")
    (tmp_path / "gb.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    outputs = [json.loads(cli("import", name, "--json").out) for name in ("gb.txt", "bom.txt")]
    assert outputs[0] == outputs[1] and len(outputs[0]["plans"]) == 2
    imported = import_source(read(tmp_path / "gb.txt"))
    assert {"— 2 —", "查看更多>>"} <= {piece.text for piece in imported.dropped}


def test_old_word_files(cli, tmp_path: Path) -> None:
    result = cli("import", str(write(tmp_path / "plan.wps", "x")), "--no-office")
    assert result.code == 2 and "LibreOffice" in result.err
    require_libreoffice()
    write(
        tmp_path / "plan.yaml",
        "template: hospital-branch\nyear: 2027\norg: {name: 内科党支部}\noutput: {schedule: none}\n",
    )
    assert cli("build", "plan.yaml", "-o", "a", "-f", "docx").code == 0
    from plangen import office

    old = office.convert([next((tmp_path / "a").glob("*.docx"))], tmp_path / "old", target="doc")[0]
    data = json.loads(cli("import", str(old), "--json", environ={}).out)
    assert data["plans"][0]["title"] == "内科党支部2027年工作计划"
    assert data["plans"][0]["sections"][0] == {"title": "指导思想", "level": 1}


# --- from a review of the first version --------------------------------------------------------------


def _docx(path: Path, paragraphs: list[tuple[str, str]]) -> Path:
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    document.save(path)
    return path


def test_word_heading_styles_outrank_typed_ordinals(tmp_path: Path) -> None:
    nested = _docx(tmp_path / "a.docx", [
        ("Title", "2027年党支部工作计划"), ("Heading 1", "一、主要工作"), ("Normal", "1.做好换届选举，重点是："),
        ("Normal", "一、提名候选人"), ("Heading 1", "二、保障措施"), ("Heading 1", "三、工作要求"),
    ])  # fmt: skip
    tree = outline_of(import_source(read(nested)).plans[0])
    assert [t for t, level in tree if level == 1] == ["主要工作", "保障措施", "工作要求"]
    mixed = _docx(tmp_path / "b.docx", [
        ("Title", "2027年党支部工作计划"), ("Heading 2", "主要工作"), ("Normal", "一、集中学习。每月一次。"),
        ("Normal", "二、个人自学。每周一次。"), ("Heading 2", "保障措施"), ("Normal", "压实责任。"),
    ])  # fmt: skip
    tree = outline_of(import_source(read(mixed)).plans[0])
    assert tree == [("主要工作", 1), ("集中学习。", 2), ("个人自学。", 2), ("保障措施", 1)]


def test_the_signature_after_an_attachment_note_is_kept(cli, tmp_path: Path) -> None:
    assert cli("build", str(REPO / "examples" / "community-branch.yaml"), "-o", "a", "-f", "docx").code == 0
    imported = import_source(read(next((tmp_path / "a").glob("*.docx"))))
    plan = imported.plans[0]
    assert plan.full_name.startswith("中共") and plan.date is not None
    assert any("附件未导入" in g.text for g in imported.guesses)


def test_two_imports_share_a_library(cli, tmp_path: Path) -> None:
    write(tmp_path / "red.txt", "2027年红星村党支部工作计划\n一、指导思想\n坚持学习。\n")
    write(tmp_path / "east.txt", "2027年东湖街道党工委工作计划\n一、指导思想\n坚持学习。\n")
    assert cli("import", "red.txt", "-o", "lib").code == 0
    assert cli("import", "east.txt", "-o", "lib").code == 0
    ids = sorted(
        p.relative_to(tmp_path / "lib" / "blocks").as_posix()
        for p in (tmp_path / "lib" / "blocks").rglob("*.yaml")
    )
    assert ids == ["imported/east/s1.yaml", "imported/red/s1.yaml"]
    assert cli("validate", "lib").code == 0


def test_long_text_tables_and_odd_places_are_kept(cli, tmp_path: Path) -> None:
    long = "，".join(["加强理论武装"] * 1200) + "。"
    text = (
        "2027年党支部工作计划\n支部委员分工如下：\n职务\t姓名\n书记\t王红梅\n一、主要任务\n" + long + "\n"
        "二、" + "组织建设" * 60 + "\n全年重点抓好三件事：（一）建强班子；（二）带好队伍；（三）服务群众。\n"
    )
    source = source_from_text(text)
    imported = import_source(source)
    assert chars([line.text for line in source.lines]) == chars(kept_text(imported)) + chars(
        [piece.text for piece in imported.dropped]
    )
    kept = kept_text(imported)
    assert (
        "书记\t王红梅" in kept
        and "全年重点抓好三件事：（一）建强班子；（二）带好队伍；（三）服务群众。" in kept
    )
    from plangen.importer import write as write_import

    write_import(imported, tmp_path / "out", [])
    assert cli("validate", "out").code == 0
    spec = next((tmp_path / "out").glob("*.yaml"))
    assert cli("build", str(spec), "-L", "out", "-o", "b", "-f", "md").code == 0


def test_an_output_path_that_is_a_file(cli, tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "old.txt")
    write(tmp_path / "taken", "x")
    result = cli("import", "old.txt", "-o", "taken")
    assert result.code == 2 and "不是文件夹" in result.err and "内部错误" not in result.err


@pytest.mark.parametrize(
    ("title", "org", "kind"),
    [
        ("关于2026年党建工作的安排", "（请填写组织名称）", "branch"),
        ("2026年党建工作要点", "（请填写组织名称）", "branch"),
        ("江城市第一人民医院党委2027年工作要点", "江城市第一人民医院党委", "committee"),
    ],
)
def test_the_organisation_from_the_title(title: str, org: str, kind: str) -> None:
    plan = import_source(source_from_text(f"{title}\n一、指导思想\n坚持学习。\n")).plans[0]
    assert (plan.org, plan.kind) == (org, kind)


def test_a_signature_in_chinese_numerals_and_ordinary_sentences_kept() -> None:
    text = "2026年党支部工作计划\n一、学习\n每季度组织党员开展党章全文阅读。\n公众号由支部宣传小编负责更新。\n中共某某支部委员会\n二〇二五年十二月二十日\n"
    imported = import_source(source_from_text(text))
    plan = imported.plans[0]
    assert str(plan.date) == "2025-12-20" and plan.full_name == "中共某某支部委员会"
    kept = " ".join(kept_text(imported))
    assert "党章全文阅读" in kept and "宣传小编" in kept


def test_word_automatic_numbering_reads_as_typed(tmp_path: Path) -> None:
    """A multilevel list (一、 （一） 1.) that Word numbers itself: the ordinals are not in the text."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(
            [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
        )
    )
    numbering.append(parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    document.add_paragraph("2027年党支部工作计划", style="Title")
    for level, text in [
        (0, "指导思想"),
        (0, "主要任务"),
        (1, "加强学习"),
        (2, "读原著。"),
        (2, "写体会。"),
        (1, "严格组织生活"),
        (0, "保障措施"),
    ]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )
    document.save(tmp_path / "auto.docx")
    source = read(tmp_path / "auto.docx")
    assert [line.text for line in source.lines][1:5] == [
        "一、指导思想",
        "二、主要任务",
        "（一）加强学习",
        "1.读原著。",
    ]
    tree = outline_of(import_source(source).plans[0])
    assert tree == [("指导思想", 1), ("主要任务", 1), ("加强学习", 2), ("读原著。", 3), ("写体会。", 3),
                    ("严格组织生活", 2), ("保障措施", 1)]  # fmt: skip


def test_a_whole_plan_on_one_line_with_its_title_and_signature() -> None:
    text = (
        "2026年XX学校党支部工作计划为深入贯彻党的二十大精神，制定本计划。一、指导思想坚持以习近平新时代中国特色社会主义"
        "思想为指导。二、主要任务（一）强化学习1)每月集中学习一次。2)每周个人自学。（二）严格组织生活按月召开支委会。"
        "三、保障措施压实责任，确保落实。XX学校党支部2025年12月30日"
    )
    imported = import_source(source_from_text(text))
    plan = imported.plans[0]
    assert (plan.title, plan.year, plan.full_name, str(plan.date)) == (
        "2026年XX学校党支部工作计划",
        2026,
        "XX学校党支部",
        "2025-12-30",
    )
    assert plan.intro == ["为深入贯彻党的二十大精神，制定本计划。"]
    assert [t for t, level in outline_of(plan) if level == 1] == ["指导思想", "主要任务", "保障措施"]
    assert ("每月集中学习一次。", 3) in outline_of(plan)


def test_a_templates_stand_in_name_is_not_imported_as_the_name(cli, tmp_path: Path) -> None:
    """A template site's 某某党支部 / the wizard preview's 示例党支部 is not the branch's name: the plan
    file asks for it, the title takes it when given, and build refuses until then."""
    (tmp_path / "范文.txt").write_text(
        "2027年某某党支部工作计划\n一、指导思想\n坚持以习近平新时代中国特色社会主义思想为指导。\n"
        "二、组织建设\n严格落实“三会一课”制度。\n示例党支部\n2026年12月1日\n",
        encoding="utf-8",
    )
    assert cli("import", "范文.txt", "-o", "导入").code == 0
    spec = (tmp_path / "导入" / "范文.yaml").read_text(encoding="utf-8")
    assert "name: （请填写组织名称）" in spec and "示例党支部" not in spec and "某某" not in spec
    report = (tmp_path / "导入" / "范文-导入报告.md").read_text(encoding="utf-8")
    assert "“某某党支部”是模板中的占位名称" in report and "“示例党支部”是模板中的占位名称" in report
    refused = cli("build", "导入/范文.yaml", "-L", "导入", "-f", "md")
    assert refused.code == 2 and "[R012]" in refused.err
    (tmp_path / "导入" / "范文.yaml").write_text(
        spec.replace("（请填写组织名称）", "江城市第一中学教工党支部"), encoding="utf-8"
    )
    built = cli("build", "导入/范文.yaml", "-L", "导入", "-f", "md", "-o", "out")
    assert built.code == 0, built.err
    assert (tmp_path / "out" / "2027年江城市第一中学教工党支部工作计划.md").is_file()


# --- collections whose plans carry an appendix, and a volume with a cover ---------------------------


def test_plans_pasted_one_after_another_each_with_its_schedule_table(cli, tmp_path: Path) -> None:
    """Three plans saved from plangen as Markdown and joined into one file: each has its contents
    and its 月度工作安排表 appendix; the appendix of one must not swallow the plans after it."""
    names = {"hospital-branch": "内科第一党支部", "school-branch": "", "community-branch": ""}
    parts = []
    for example in names:
        assert cli("build", str(REPO / "examples" / f"{example}.yaml"), "-o", example, "-f", "md").code == 0
        parts.append(next((tmp_path / example).glob("*.md")).read_text(encoding="utf-8"))
    write(tmp_path / "三篇.md", "\n".join(parts))
    source = read(tmp_path / "三篇.md")
    imported = import_source(source)
    titles = [plan.title for plan in imported.plans]
    assert len(titles) == 3 and all(title.endswith("工作计划") for title in titles)
    assert titles[0] == "内科第一党支部2027年工作计划"
    assert all(len([t for t, level in outline_of(plan) if level == 1]) >= 8 for plan in imported.plans)
    assert sum(1 for g in imported.guesses if "附件未导入" in g.text) == 3
    assert chars([line.text for line in source.lines]) == chars(kept_text(imported)) + chars(
        [piece.text for piece in imported.dropped]
    )


def test_a_combined_volume_is_its_plans_under_a_cover(cli, tmp_path: Path) -> None:
    """``batch --combine`` makes a volume: a cover (title, issuer, date), one contents for all, then
    each plan with its own title. Each plan comes back with its own title; the cover is reported."""
    write(tmp_path / "名册.csv", "支部名称,书记\n内科党支部,王丽\n外科党支部,李强\n药剂科党支部,赵敏\n")
    spec = str(REPO / "examples" / "hospital-branch.yaml")
    args = (
        "batch",
        "名册.csv",
        "--spec",
        spec,
        "-o",
        "b",
        "--combine",
        "汇编.docx",
        "--no-office",
        "-j",
        "1",
    )
    assert cli(*args).code == 0
    imported = import_source(read(tmp_path / "汇编.docx"))
    assert [plan.title for plan in imported.plans] == [
        f"{name}2027年工作计划" for name in ("内科党支部", "外科党支部", "药剂科党支部")
    ]
    assert all(len([t for t, level in outline_of(plan) if level == 1]) >= 8 for plan in imported.plans)
    cover = [g.text for g in imported.guesses if g.text.startswith("删去封面")]
    assert cover and all("工作计划" not in text for text in cover)


def test_a_template_sites_collection_with_an_attachment_table_in_the_first() -> None:
    text = (
        "2027年第一党支部工作计划\n一、指导思想\n坚持学习。\n二、主要工作\n开好支委会。\n"
        "附件：2027年活动安排表\n中共某某第一支部委员会\n2027年1月5日\n"
        "附件\n2027年活动安排表\n月份\t内容\n1月\t主题党日\n2月\t党课\n"
        "2027年第二党支部工作计划\n一、指导思想\n坚持学习。\n二、主要工作\n开好党员大会。\n"
    )
    imported = import_source(source_from_text(text))
    assert [plan.title for plan in imported.plans] == ["2027年第一党支部工作计划", "2027年第二党支部工作计划"]
    assert "开好党员大会。" in kept_text(imported)


def test_a_macro_enabled_word_file_is_read_as_its_docx(cli, tmp_path: Path) -> None:
    """A .docm (Word with macros; the macros are never run) is read for its text as a .docx is."""
    import zipfile

    assert cli("build", str(REPO / "examples" / "school-branch.yaml"), "-o", "a", "-f", "docx").code == 0
    made = next((tmp_path / "a").glob("*.docx"))
    macro = b"application/vnd.ms-word.document.macroEnabled.main+xml"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(tmp_path / "计划.docm", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", macro
                )
                assert macro in data
            target.writestr(info, data)
    plain, macros = import_source(read(made)), import_source(read(tmp_path / "计划.docm"))
    assert [outline_of(plan) for plan in macros.plans] == [outline_of(plan) for plan in plain.plans]
    assert len(outline_of(macros.plans[0])) > 10


@pytest.mark.parametrize(
    ("text", "level_1", "guess"),
    [
        (  # headings of no list, run on into their paragraphs: as long as the one on its own line
            "2027年机关党支部工作计划\n一、理论武装坚持每月集中学习，党员撰写心得。每季度开展一次专题研讨。\n二、阵地建设\n"
            "（一）建好党员活动室。\n三、群团工作凝聚青年力量。办好青年理论学习小组。",
            ["理论武装", "阵地建设", "群团工作"],
            "按同级标题都是 4 个字分开",
        ),
        (  # a sentence as a heading, on its own line, among headings of four characters: the author's
            "2027年机关党支部工作计划\n一、工作目标\n二、以党的政治建设为统领，全面提高党建质量。\n三、主要任务\n四、保障措施",
            ["工作目标", "以党的政治建设为统领，全面提高党建质量。", "主要任务", "保障措施"],
            "一级标题是一句话，可能与正文连在一起，未分开",
        ),
        (  # parallel headings of two clauses, each a sentence: not cut at their common ending
            "2027年机关党支部工作计划\n一、加强政治建设，提高政治站位。\n二、加强思想建设，筑牢思想根基。\n"
            "三、加强组织建设，夯实基层基础。",
            ["加强政治建设，提高政治站位。", "加强思想建设，筑牢思想根基。", "加强组织建设，夯实基层基础。"],
            None,
        ),
        (  # a colon ends the heading, whatever its length
            "2027年机关党支部工作计划\n一、学习制度安排：每月集中学习一次。\n二、组织生活：每月开展主题党日。",
            ["学习制度安排", "组织生活"],
            "在冒号处分开",
        ),
        (  # headings of two clauses are headings, not sentences run on
            "2027年机关党支部工作计划\n一、强化理论武装，筑牢思想根基\n每月集中学习。\n二、严格组织生活，增强党性锻炼\n开展主题党日。",
            ["强化理论武装，筑牢思想根基", "严格组织生活，增强党性锻炼"],
            None,
        ),
        (  # nothing agrees: left whole, and the report says so
            "2027年机关党支部工作计划\n一、理论武装坚持每月集中学习，党员撰写心得。每季度研讨一次。\n二、阵地建设\n三、组织生活制度",
            ["理论武装坚持每月集中学习，党员撰写心得。", "阵地建设", "组织生活制度"],
            "未能分开",
        ),
        (  # two run-on sentences share a word (开展), the heading on its own line does not end so
            "2027年青石社区党支部工作计划\n一、思想引领坚持每月开展集中学习，支委带头讲党课。全年开展专题研讨4次。\n"
            "二、组织建设\n（一）规范组织生活。\n三、服务群众坚持开展志愿服务，每季度走访困难党员。做好关怀帮扶。",
            ["思想引领", "组织建设", "服务群众"],
            "按同级标题都是 4 个字分开",
        ),
        (  # a page pasted as one line: its colon is the one after its own heading
            "2027年机关党支部工作计划一、指导思想：以党的创新理论为指导，做到：学深悟透。二、工作目标：建强支部。"
            "三、主要任务：抓好学习。",
            ["指导思想", "工作目标", "主要任务"],
            "在冒号处分开",
        ),
    ],
)
def test_a_heading_run_into_its_text_is_split_by_structure(
    text: str, level_1: list, guess: str | None
) -> None:
    """Split where its siblings show the heading ends (a colon, their common length), never by a
    list of known headings; none of these headings is one plangen knows."""
    imported = import_source(source_from_text(text))
    assert [t for t, level in outline_of(imported.plans[0]) if level == 1] == level_1
    said = " ".join(g.text for g in imported.guesses)
    assert (guess in said) if guess else ("连在一起" not in said), said
    assert account(imported, plan_files(imported)).unplaced == ()


def test_the_organisation_of_a_traditional_title() -> None:
    """Read as simplified, kept as written: 青石小學黨支部 from 2027年青石小學黨支部工作計劃."""
    imported = import_source(source_from_text("2027年青石小學黨支部工作計劃\n一、政治建設：落實三會一課。"))
    assert imported.plans[0].org == "青石小學黨支部"
