"""The commands as a user runs them: outputs, messages, exit codes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, REPO, minimal_spec, require_libreoffice, run_cli, write

TITLE = "内科第一党支部2027年工作计划"


def test_build_the_example(cli, tmp_path: Path) -> None:
    result = cli("build", str(EXAMPLE), "-o", "out")
    assert result.code == 0, result.err
    target = tmp_path / "out" / f"{TITLE}.md"
    assert f"已生成：out/{TITLE}.md" in result.out.replace("\\", "/")
    text = target.read_text(encoding="utf-8")
    level1 = [line.split(" ", 1)[1] for line in text.splitlines() if line.startswith("## ")]
    assert level1.pop() == "2027年月度工作安排表"  # the appendix (issue 9), after the body
    assert [h.split("、")[0] for h in level1] == [
        "一",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
        "十一",
    ]
    assert level1[0] == "一、指导思想" and level1[-1] == "十一、保障措施"
    assert "### （一）严格落实“三会一课”制度" in text and "支部党员大会一般每季度召开1次" in text
    assert "**1." not in text  # a short plan (detail: concise): the 三会一课 are one paragraph
    assert "建党106周年" in text and "建军100周年" in text and "党的二十一大召开之年" in text
    assert "本支部现有党员23名。根据江城市第一人民医院党委" in text  # 基本情况 from org.members
    assert "中共江城市第一人民医院内科第一支部委员会\n\n2027年1月4日\n\n---\n\n**附件**" in text


def test_detail_is_a_setting(cli, tmp_path: Path) -> None:
    result = cli("build", str(EXAMPLE), "-o", "full", "-f", "md", "--set", "detail=full")
    assert result.code == 0, result.err
    full = (tmp_path / "full" / f"{TITLE}.md").read_text(encoding="utf-8")
    assert "**1.按月召开支部委员会会议**。支部委员会会议" in full
    result = cli("build", str(EXAMPLE), "-o", "bad", "--set", "detail=brief")
    assert result.code == 2 and "detail" in result.err and "concise" in result.err
    assert not (tmp_path / "bad").exists()


def test_year_option_changes_every_computed_phrase(cli, tmp_path: Path) -> None:
    before = EXAMPLE.read_bytes()
    result = cli("build", str(EXAMPLE), "-o", "out", "--year", "2028")
    assert result.code == 0, result.err
    text = (tmp_path / "out" / "内科第一党支部2028年工作计划.md").read_text(encoding="utf-8")
    assert "建党107周年" in text and "2028年是“十五五”规划实施的第三年" in text
    assert "以全面学习宣传贯彻党的二十一大精神为主线" in text and "召开之年" not in text
    assert "改革开放50周年" in text
    assert "建军101周年" not in text  # round anniversaries only
    assert re.findall(r"2027年(?!度)", text) == []  # 2027 only as the year under review (2027年度)
    assert "2028年1月4日" in text
    assert EXAMPLE.read_bytes() == before


def test_year_moves_an_explicit_date(cli, tmp_path: Path) -> None:
    spec = minimal_spec(tmp_path, "date: 2026-12-28\n")
    assert cli("build", str(spec), "--year", "2029").code == 0
    assert "2028年12月28日" in (tmp_path / "测试党支部2029年工作计划.md").read_text(encoding="utf-8")


def test_set_overrides(cli, tmp_path: Path) -> None:
    result = cli(
        "build",
        str(EXAMPLE),
        "-o",
        "out",
        "--set",
        "org.name=外科党支部",
        "--set",
        "params.organization.three-meetings.lectures_per_year=6",
        "-s",
        "date=2027-01-15",
    )
    assert result.code == 0, result.err
    text = (tmp_path / "out" / "外科党支部2027年工作计划.md").read_text(encoding="utf-8")
    assert "全年安排党课6次" in text and "2027年1月15日" in text


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("year=明年", "错误：--set year=明年：“year”应为整数"),
        (
            "params.organization.three-meetings.lectures_per_year=99",
            "参数“lectures_per_year”（全年党课次数）：不能大于 12",
        ),
        ("colour=red", "--set 不能设置“colour”"),
        ("novalue", "应写作 键=值"),
    ],
)
def test_bad_set(cli, tmp_path: Path, assignment: str, message: str) -> None:
    result = cli("build", str(EXAMPLE), "-o", "out", "--set", assignment)
    assert result.code == 2
    assert message in result.err
    assert not (tmp_path / "out").exists()


def test_existing_output_is_not_overwritten(cli, tmp_path: Path) -> None:
    target = tmp_path / "out" / f"{TITLE}.md"
    target.parent.mkdir()
    target.write_text("我的修改", encoding="utf-8")
    result = cli("build", str(EXAMPLE), "-o", "out")
    assert result.code == 2
    assert f"错误：out/{TITLE}.md：文件已存在" in result.err.replace("\\", "/")
    assert "提示：加 --force 覆盖" in result.err
    assert target.read_text(encoding="utf-8") == "我的修改"
    assert cli("build", str(EXAMPLE), "-o", "out", "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith(f"# {TITLE}")
    names = sorted(p.name for p in target.parent.iterdir())
    assert names == [f"{TITLE}.docx", f"{TITLE}.md"]  # and no temporary files left


def test_params_of_removed_blocks_are_noted(cli, tmp_path: Path) -> None:
    spec = minimal_spec(
        tmp_path,
        """
        params: {volunteer.hospital.clinics: 6}
        sections: {remove: [volunteer.hospital]}
        """,
    )
    result = cli("build", str(spec))
    assert result.code == 0
    assert "注意：参数 volunteer.hospital.clinics 所属的内容块不在本计划中，已忽略。" in result.err


def test_output_dir_from_the_spec_is_relative_to_it(cli, tmp_path: Path) -> None:
    spec = minimal_spec(tmp_path / "plans", "output: {dir: 成果, name: 我的计划}\n")
    assert cli("build", str(spec)).code == 0
    assert (tmp_path / "plans" / "成果" / "我的计划.md").is_file()


def test_unsupported_format(cli) -> None:
    result = cli("build", str(EXAMPLE), "--format", "pptx")
    assert result.code == 2 and "不支持的输出格式：pptx" in result.err


def test_several_specs_one_bad(cli, tmp_path: Path) -> None:
    good = minimal_spec(tmp_path / "a")
    bad = write(tmp_path / "b" / "plan.yaml", "template: hospital-branch\nyear: 2027\norg: {}\n")
    result = cli("build", str(good), str(bad), "-o", "out")
    assert result.code == 2
    assert "缺少必填字段“name”" in result.err and "失败 1 份" in result.err
    assert (tmp_path / "out" / "测试党支部2027年工作计划.md").is_file()


def test_same_output_name_twice_is_refused(cli, tmp_path: Path) -> None:
    one = minimal_spec(tmp_path / "a")
    two = minimal_spec(tmp_path / "b")
    result = cli("build", str(one), str(two), "-o", "out")
    assert result.code == 2 and "重名" in result.err


def test_blocks_list_json(cli) -> None:
    result = cli("blocks", "list", "--json")
    assert result.code == 0
    rows = json.loads(result.out)
    ids = {row["id"] for row in rows}
    assert {
        "guiding-ideology.main",
        "organization.main",
        "organization.three-meetings",
        "organization.theme-day",
        "integrity.medical-ethics",
        "volunteer.hospital",
    } <= ids
    for row in rows:
        assert {"id", "title", "category", "origin"} <= set(row)
        assert row["origin"] == "内置"


def test_templates_list_json(cli) -> None:
    rows = json.loads(cli("templates", "list", "--json").out)
    hospital = next(row for row in rows if row["id"] == "hospital-branch")
    assert hospital["sector"] == "hospital" and hospital["origin"] == "内置" and hospital["title"]


def test_overlay_layers_and_origins(cli, tmp_path: Path) -> None:
    parent = tmp_path / "committee"
    shutil.copytree(REPO / "templates" / "blocks" / "volunteer", parent / "blocks" / "volunteer")
    text = (parent / "blocks" / "volunteer" / "hospital.yaml").read_text(encoding="utf-8")
    (parent / "blocks" / "volunteer" / "hospital.yaml").write_text(
        text.replace("title: 开展党员志愿服务", "title: 上级党委统一的志愿服务"), encoding="utf-8"
    )
    branch = tmp_path / "branch"
    write(
        branch / "blocks" / "local" / "extra.yaml",
        """
        id: local.extra
        title: 本支部特色工作
        category: local
        body:
          - p: 本支部自己的内容。
        """,
    )
    environ = {"PLANGEN_PATH": str(parent)}
    rows = {
        row["id"]: row
        for row in json.loads(cli("blocks", "list", "--json", "-L", str(branch), environ=environ).out)
    }
    assert rows["volunteer.hospital"]["origin"] == f"PLANGEN_PATH {parent.resolve()}"
    assert rows["volunteer.hospital"]["overrides"] == ["内置"]
    assert rows["local.extra"]["origin"] == f"--library {branch.resolve()}"
    spec = minimal_spec(tmp_path, "sections: {add: [{block: local.extra}]}\n")
    result = cli("build", str(spec), "-L", str(branch), environ=environ)
    assert result.code == 0, result.err
    text = (tmp_path / "测试党支部2027年工作计划.md").read_text(encoding="utf-8")
    level1 = re.findall(r"^## (.+)$", text, flags=re.M)
    assert level1.pop() == "2027年月度工作安排表"
    assert "上级党委统一的志愿服务" in level1[-3] and level1[-1] == "十二、本支部特色工作"


def test_library_that_is_not_one(cli, tmp_path: Path) -> None:
    result = cli("blocks", "list", "-L", str(tmp_path))
    assert result.code == 2 and "不是 plangen 内容库" in result.err


def test_blocks_show_and_search(cli) -> None:
    shown = cli("blocks", "show", "organization.three-meetings")
    assert shown.code == 0
    assert "organization.three-meetings.lectures_per_year  全年党课次数" in shown.out
    assert "一、严格落实“三会一课”制度" in shown.out and "（四）讲好用好党课。全年安排党课4次" in shown.out
    found = json.loads(cli("blocks", "search", "九项准则", "--json").out)
    assert "integrity.medical-ethics" in [row["id"] for row in found]
    missing = cli("blocks", "show", "organization.three-meeting")
    assert missing.code == 2 and "是不是：organization.three-meetings" in missing.err


def test_templates_show(cli) -> None:
    result = cli("templates", "show", "hospital-branch")
    assert result.code == 0
    assert "一、指导思想" in result.out and "  （一）严格落实“三会一课”制度" in result.out


@pytest.mark.parametrize("kind", ["block", "template", "spec"])
def test_schema(cli, kind: str) -> None:
    result = cli("schema", kind)
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["type"] == "object" and schema["$schema"].startswith("https://json-schema.org/")


def test_validate_the_shipped_library_and_example(cli) -> None:
    result = cli("validate", str(REPO / "templates"), str(REPO / "examples"))
    assert result.code == 0, result.err
    assert "没有发现问题" in result.out


def test_version_and_usage_errors(cli) -> None:
    from plangen import __version__

    result = cli("build")
    assert result.code == 2 and "错误：缺少参数" in result.err
    result = cli("build", str(EXAMPLE), "--colour")
    assert result.code == 2 and "没有选项 --colour" in result.err
    result = cli("nonsense")
    assert result.code == 2 and "没有这个命令" in result.err
    assert __version__.count(".") == 2


@pytest.mark.parametrize("kind", ["block", "template", "spec"])
def test_committed_schemas_are_current(cli, kind: str) -> None:
    current = cli("schema", kind).out
    assert (REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == current, (
        f"regenerate: plangen schema {kind} > schemas/{kind}.schema.json"
    )


def test_schema_accepts_the_shipped_files() -> None:
    """The editor's view (JSON Schema) agrees with plangen's own validation on the shipped files."""
    import jsonschema

    from plangen.safeyaml import load_file

    for kind, folder in [
        ("block", "templates/blocks"),
        ("template", "templates/plans"),
        ("spec", "examples"),
    ]:
        schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        for path in (REPO / folder).rglob("*.yaml"):
            data = json.loads(json.dumps(load_file(path)[0], default=str))
            jsonschema.validate(data, schema)


def test_docx_and_markdown_by_default_with_the_models_contents(cli, tmp_path: Path) -> None:
    import zipfile

    result = cli("build", str(minimal_spec(tmp_path)))
    assert result.code == 0, result.err
    docx = tmp_path / "测试党支部2027年工作计划.docx"
    assert docx.is_file()
    assert (tmp_path / "测试党支部2027年工作计划.md").is_file()
    assert "目录页码" not in result.err  # the model's pages need no excuse and no LibreOffice
    with zipfile.ZipFile(docx) as archive:
        assert b"updateFields" not in archive.read("word/settings.xml")  # Word never asks on open


def test_no_toc(cli, tmp_path: Path) -> None:
    import zipfile

    assert cli("build", str(minimal_spec(tmp_path)), "--no-toc", "-f", "docx,md").code == 0
    document = zipfile.ZipFile(tmp_path / "测试党支部2027年工作计划.docx").read("word/document.xml").decode()
    assert "TOC \\o" not in document
    assert "**目录**" not in (tmp_path / "测试党支部2027年工作计划.md").read_text(encoding="utf-8")


def test_docx_options_from_the_spec_and_set(cli, tmp_path: Path) -> None:
    import zipfile

    spec = minimal_spec(tmp_path, "output: {formats: [docx], docx: {bold_level3: true}}\n")
    assert cli("build", str(spec), "--set", "output.docx.toc_levels=1").code == 0
    package = zipfile.ZipFile(tmp_path / "测试党支部2027年工作计划.docx")
    assert 'TOC \\o "1-1"' in package.read("word/document.xml").decode()
    assert not (tmp_path / "测试党支部2027年工作计划.md").exists()


def test_pdf_without_libreoffice_is_a_clear_error(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PLANGEN_SOFFICE", str(tmp_path / "no-such-soffice"))
    result = cli("build", str(minimal_spec(tmp_path)), "-f", "docx,pdf", "-o", "out")
    assert result.code == 2
    assert (
        "错误：plan.yaml：没有找到 LibreOffice，无法生成 PDF" in result.err
        and "提示：安装 LibreOffice" in result.err
    )
    assert not (tmp_path / "out").exists()


def test_pdf_through_libreoffice(cli, tmp_path: Path) -> None:
    require_libreoffice()
    result = cli("build", str(EXAMPLE), "-f", "pdf", "-o", "out", environ={})
    assert result.code == 0, result.err
    pdf = tmp_path / "out" / f"{TITLE}.pdf"
    notes = [line for line in result.err.splitlines() if line.startswith("注意")]
    assert pdf.read_bytes().startswith(b"%PDF")
    assert [note for note in notes if "节假日安排尚未公布" not in note] == []  # 2027: holidays estimated
    assert not (tmp_path / "out" / f"{TITLE}.docx").exists()


def test_check_lays_the_plan_out_again_in_libreoffice(cli, tmp_path: Path) -> None:
    require_libreoffice(pdftotext=True)
    result = cli("build", str(EXAMPLE), "-f", "docx", "-o", "out", "--check", environ={})
    assert result.code == 0, result.err
    assert "核对：LibreOffice 的排版与目录页码、总页数一致（hospital-branch.yaml）。" in result.err
    assert (tmp_path / "out" / f"{TITLE}.docx").is_file() and not (tmp_path / "out" / f"{TITLE}.pdf").exists()


def test_check_names_every_page_where_libreoffice_disagrees(cli, tmp_path: Path, monkeypatch) -> None:
    """A model one page out on the second heading (simulated): the contents of the file say page 2,
    the entry is named, the file is still written (it is Word's layout that counts), exit code 1."""
    require_libreoffice(pdftotext=True)
    from plangen import layout

    model = layout.lay_out

    def one_page_out(doc):
        pages, length = model(doc)
        second = sorted(pages)[1]
        return {**pages, second: pages[second] + 1}, length

    monkeypatch.setattr(layout, "lay_out", one_page_out)
    result = cli("build", str(EXAMPLE), "-f", "docx", "-o", "out", "--check", environ={})
    assert result.code == 1, result.err
    said = [line for line in result.err.splitlines() if line.startswith("核对：")]
    assert len(said) == 1 and "在 LibreOffice 中排在第 1 页，目录写的是第 2 页" in said[0], result.err
    import re
    import zipfile

    with zipfile.ZipFile(tmp_path / "out" / f"{TITLE}.docx") as archive:
        document = archive.read("word/document.xml").decode()
    written = re.findall(
        r"PAGEREF _Toc\d+ \\h </w:instrText>.*?<w:t xml:space=\"preserve\">(\d+)</w:t>", document
    )
    assert written[:2] == ["1", "2"]  # what the check names is what the file's contents say


def test_check_needs_a_docx_to_check(cli, tmp_path: Path) -> None:
    result = cli("build", str(minimal_spec(tmp_path)), "--check", "-f", "md", "-o", "out", environ={})
    assert result.code == 2
    assert "--check 核对的是 DOCX 的页码，本次没有生成 DOCX 或 PDF" in result.err
    assert not (tmp_path / "out").exists()


def test_check_cannot_go_without_libreoffice(cli, tmp_path: Path) -> None:
    result = cli("build", str(minimal_spec(tmp_path)), "--check", "--no-office", "-o", "out", environ={})
    assert result.code == 2
    assert "错误：plan.yaml：--check 要调用 LibreOffice 核对页码，不能同时使用 --no-office" in result.err
    assert not (tmp_path / "out").exists()


def test_builds_are_reproducible_with_source_date_epoch(cli, tmp_path: Path) -> None:
    environ = {"PLANGEN_OFFICE": "0", "SOURCE_DATE_EPOCH": "1795480000"}
    for folder in ("a", "b"):
        assert cli("build", str(EXAMPLE), "-o", folder, environ=environ).code == 0
    for name in (f"{TITLE}.docx", f"{TITLE}.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    import zipfile

    with zipfile.ZipFile(tmp_path / "a" / f"{TITLE}.docx") as archive:
        assert "2026-11-24T" in archive.read("docProps/core.xml").decode()  # 1795480000 is that day (UTC)


def test_output_cut_short_by_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """``plangen blocks show … | head``: the reader closes the pipe; plangen stops quietly."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "plangen", "templates", "show", "soe-branch", "-d", "full"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(30) == 0, stderr
    assert "内部错误" not in stderr and "Traceback" not in stderr


def test_validate_lists_every_problem_of_a_file_in_line_order(tmp_path: Path) -> None:
    """Three problems in one plan file, its template among them: three listed, by line, one run."""
    (tmp_path / "plan.yaml").write_text(
        'template: no-such-template\nyear: 1999\norg:\n  name: ""\n', encoding="utf-8"
    )
    (tmp_path / "other.yaml").write_text(
        "template: hospital-branch\nyear: 2027\norg:\n  name: 甲\nzzz: 1\n", encoding="utf-8"
    )
    result = run_cli(["validate", "plan.yaml", "other.yaml"], tmp_path)
    assert result.code == 2
    lines = [line for line in result.err.splitlines() if line.startswith("错误：")]
    assert [line.split("：")[1] for line in lines] == [
        "plan.yaml:1",
        "plan.yaml:2",
        "plan.yaml:4",
        "other.yaml:5",
    ]
    assert "共 4 处" in result.err + result.out
    built = run_cli(["build", "plan.yaml"], tmp_path)  # build says the same three, in one run
    assert built.code == 2
    assert [line.split("：")[1] for line in built.err.splitlines() if line.startswith("错误：")] == [
        "plan.yaml:1",
        "plan.yaml:2",
        "plan.yaml:4",
    ]
