"""``plangen lint`` and ``plangen import`` on hostile documents: long lines, zip bombs, files that are
not a plan, and a corpus of damaged and odd files.

Every case ends as designed — exit 0 or 1 for lint, 0 for an import, 2 with a located Chinese
error otherwise — never a traceback (exit 3). Times are generous bounds for "does not hang", never
benchmarks (``benchmarks/lint_long_line.py`` measures).
"""

from __future__ import annotations

import itertools
import json
import random
import re
import struct
import subprocess
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from conftest import run_process
from hypothesis import given
from hypothesis import strategies as st

from plangen.lint import builtin

# --- linear time -----------------------------------------------------------------------------------

_UNIT_EXTRA = ["x", "1", " ", "xx年", "一、", "第", "*", "\u3000", "20"]


def _units(pattern: str) -> list[str]:
    """Repeatable pieces that drive a pattern's worst case: its own characters, alone and in pairs."""
    chars = sorted({c for c in pattern if not c.isascii() or c.isalnum() or c in "*.-|#:()[] \t"})
    pairs = [a + b for a, b in itertools.pairwise(chars)]
    return [*chars, *pairs, *_UNIT_EXTRA]


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every regular expression plangen applies to a document's text: the shipped rules and the
    readers', outline's, linter's and importer's own."""
    import plangen.importer
    import plangen.lint
    import plangen.lint.checks
    import plangen.readers
    import plangen.readers.outline
    import plangen.readers.text
    import plangen.readers.word
    from plangen.numbering import ordinal_forms

    found = []
    for rule in builtin().rules:
        if rule.pattern is not None:
            found.append((rule.id, rule.regex))
        if rule.unless is not None:
            found.append((f"{rule.id}.unless", rule.unless_regex))
    modules = (plangen.lint, plangen.lint.checks, plangen.readers, plangen.readers.outline,
               plangen.readers.text, plangen.readers.word, plangen.importer)  # fmt: skip
    for module in modules:
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__}.{name}", value))
    found += [(f"ordinal level {level}", pattern) for level, pattern in ordinal_forms()]
    return found


@pytest.mark.parametrize(("name", "pattern"), _patterns(), ids=[name for name, _ in _patterns()])
def test_every_pattern_is_linear_on_long_runs(name: str, pattern: re.Pattern[str]) -> None:
    """A 50,000-character run of any of a pattern's own characters is scanned in well under a
    second (a backtracking pattern takes seconds to minutes: quadratic in the run)."""
    size = 50_000
    for unit in _units(pattern.pattern):
        text = (unit * (size // len(unit) + 1))[:size] + "a"
        started = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        pattern.match(text)
        elapsed = time.perf_counter() - started
        assert elapsed < 1.5, f"{name} takes {elapsed:.1f} s on a run of {unit!r}: not linear"


def _plan_with_line(line: str) -> str:
    return f"2027年内科第一党支部工作计划\n一、指导思想\n{line}\n二、主要任务\n加强政治理论学习。\n"


@pytest.mark.parametrize("unit", ["x", "20", "xx年某某篇一：中*委", "一、指导思想"])
def test_one_megabyte_line_lint_and_import(tmp_path: Path, unit: str) -> None:
    """A pasted 1 MB line: lint and import both finish (bound: 20 s, measured well under 2 s in
    benchmarks/lint_long_line.py) and say what they find."""
    line = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    source = tmp_path / "long.txt"
    source.write_text(_plan_with_line(line), encoding="utf-8")
    for args in (["lint", str(source)], ["import", str(source), "-o", str(tmp_path / "out")]):
        started = time.perf_counter()
        result = _plangen(*args, cwd=tmp_path)
        assert time.perf_counter() - started < 20, args
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr
    if unit in ("x", "xx年某某篇一：中*委"):
        lint = _plangen("lint", str(source), cwd=tmp_path)
        assert lint.returncode == 1 and "[R001]" in lint.stdout


def _plangen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_process(*args, cwd=cwd)


def test_long_line_findings_are_the_same_as_on_short_lines() -> None:
    """The restructured patterns find what they found: a placeholder in a long run of text is
    still found, once per occurrence, and a letter run is not a placeholder."""
    from plangen.lint import check

    filler = "深入贯彻党的二十大精神。" * 2000
    text = filler + "于xx月xx日前完成" + filler + "共分123篇附目录" + filler
    rules = [f.rule for f in check(text, 2027)]
    assert rules.count("R002") == 1 and "R008" in rules
    assert "R002" in {f.rule for f in check("定于" + "x" * 5000 + "月x日召开", 2027)}


# --- zip members measured by what they unpack to -----------------------------------------------------


def _docx(path: Path, *paragraphs: str) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def _patch_member(path: Path, name: str, **fields: int) -> None:
    """Overwrite *name*'s declared size or version needed in its local and central headers."""
    central = {"size": (24, "<I"), "version": (6, "<H")}
    local = {"size": (22, "<I"), "version": (4, "<H")}
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    (count,) = struct.unpack_from("<H", data, end + 10)
    (position,) = struct.unpack_from("<I", data, end + 16)
    for _ in range(count):
        name_size, extra_size, comment_size = struct.unpack_from("<HHH", data, position + 28)
        (header,) = struct.unpack_from("<I", data, position + 42)
        if bytes(data[position + 46 : position + 46 + name_size]).decode() == name:
            for key, value in fields.items():
                struct.pack_into(central[key][1], data, position + central[key][0], value)
                struct.pack_into(local[key][1], data, header + local[key][0], value)
        position += 46 + name_size + extra_size + comment_size
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DOCX whose document.xml says it is 4 KB and unpacks to 300 MB (about 300 KB on disk)."""
    folder = tmp_path_factory.mktemp("bomb")
    good = _docx(folder / "good.docx", "一、加强政治建设")
    path = folder / "bomb.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name != "word/document.xml":
                target.writestr(name, source.read(name))
        with target.open("word/document.xml", "w") as member:
            block = b" " * (1 << 20)
            for _ in range(300):
                member.write(block)
    _patch_member(path, "word/document.xml", size=4096)
    return path


def test_a_zip_bomb_is_refused_before_it_is_unpacked(cli, tmp_path: Path, bomb: Path) -> None:
    """Declared sizes are not trusted: the member is unpacked in chunks, counted and refused, in
    bounded memory (python-docx would have held the 300 MB, and 1 GB for a 1 MB file)."""
    from plangen.errors import PlanError
    from plangen.readers import read

    tracemalloc.start()
    try:
        with pytest.raises(PlanError) as raised:
            read(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "解压后过大" in raised.value.message and peak < 20 * 1024 * 1024
    for args in (["lint", str(bomb)], ["import", str(bomb), "-o", "out"]):
        result = cli(*args)
        assert result.code == 2 and "bomb.docx" in result.err and "解压后过大" in result.err
    assert not (tmp_path / "out").exists()


def test_a_member_that_unpacks_to_less_than_it_says_is_damage(cli, tmp_path: Path) -> None:
    plan = _docx(tmp_path / "plan.docx", "一、加强政治建设")
    with zipfile.ZipFile(plan) as package:
        size = package.getinfo("word/document.xml").file_size
    _patch_member(plan, "word/document.xml", size=size + 10)
    result = cli("lint", "plan.docx")
    assert result.code == 2 and "plan.docx" in result.err and "大小不符" in result.err


@pytest.mark.parametrize("command", ["lint", "import"])
def test_unusual_compression_version_is_a_clear_error(cli, tmp_path: Path, command: str) -> None:
    """“version needed to extract: 20.5” (a zip tool's, never Office's): exit 2, said in Chinese."""
    plan = _docx(tmp_path / "plan.docx", "2027年内科第一党支部工作计划", "一、加强政治建设", "坚持学习。")
    _patch_member(plan, "word/document.xml", version=205)
    result = cli(command, "plan.docx", *(["-o", "out"] if command == "import" else []))
    assert result.code == 2 and "错误：plan.docx：" in result.err and "压缩格式" in result.err
    assert "Traceback" not in result.err and not (tmp_path / "out").exists()


# --- what is not a plan ------------------------------------------------------------------------------

NOT_PLANS: dict[str, tuple[str, bytes, str]] = {
    "empty": ("p.txt", b"", "没有文字"),
    "blank lines": ("p.txt", b"\n \n\t\n\xe3\x80\x80\n", "没有文字"),
    "no headings": (
        "p.txt",
        "2027年内科党支部工作计划\n今年要加强学习，认真开展工作。\n".encode(),
        "没有找到任何标题",
    ),
    "too little Chinese": ("p.txt", "一、abc\n二、def\n".encode(), "中文内容过少"),
    "mojibake": (
        "p.txt",
        ("内科党支部2027年工作计划\n一、指导思想\n".encode().decode("latin-1") * 20).encode(),
        "无法识别",
    ),
    "control characters": ("p.txt", ("一、指导思想" + "\x01\x02\x03\x04" * 30 + "\n").encode(), "无法识别"),
}


@pytest.mark.parametrize("case", sorted(NOT_PLANS))
def test_what_is_not_a_plan_is_a_lint_error_and_is_not_imported(cli, tmp_path: Path, case: str) -> None:
    name, data, reason = NOT_PLANS[case]
    (tmp_path / name).write_bytes(data)
    result = cli("lint", name, "-f", "json")
    findings = json.loads(result.out)["findings"]
    assert result.code == 1 and any(f["rule"] == "T008" and reason in f["message"] for f in findings)
    result = cli("import", name, "-o", "out")
    assert result.code == 2 and f"错误：{name}：" in result.err and reason in result.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".docx", ".txt"])
def test_random_bytes_are_not_a_document(cli, tmp_path: Path, suffix: str) -> None:
    """Random bytes are refused whatever they are named (before LibreOffice could read them as text);
    read as text after all, they are reported as not a plan and not imported."""
    rng = random.Random(7)
    (tmp_path / f"p{suffix}").write_bytes(b"\x00" + bytes(rng.randrange(256) for _ in range(20_000)))
    (tmp_path / f"q{suffix}").write_bytes(bytes(rng.randrange(1, 256) for _ in range(20_000)))  # no NUL
    office = {"PLANGEN_OFFICE": "1"}
    result = cli("lint", f"p{suffix}", environ=office)
    assert result.code == 2 and f"错误：p{suffix}：" in result.err, result.err
    result = cli("lint", f"q{suffix}", "-f", "json", environ=office)
    assert result.code == 2 or {f["rule"] for f in json.loads(result.out)["findings"]} >= {"T008"}
    for name in (f"p{suffix}", f"q{suffix}"):
        result = cli("import", name, "-o", "out", environ=office)
        assert result.code == 2 and f"错误：{name}" in result.err, result.err
    assert not (tmp_path / "out").exists()


def test_a_plan_is_not_refused(cli, tmp_path: Path) -> None:
    """The thresholds leave real plans alone: short ones, traditional characters, a whole plan on
    one line, a Word file with heading styles and no typed ordinals."""
    short = "2027年内科第一党支部工作计划\n一、加强学習\n堅持每月開展主題黨日活動。\n"
    (tmp_path / "short.txt").write_text(short, encoding="utf-8")
    one_line = "2027年内科党支部工作计划为深入贯彻党的二十大精神，制定本计划。一、指导思想坚持学习。二、主要任务抓好落实。"
    (tmp_path / "one.txt").write_text(one_line, encoding="utf-8")
    import docx

    document = docx.Document()
    document.add_heading("外科党支部2027年工作计划", 0)
    document.add_heading("政治建设", 1)
    document.add_paragraph("坚持每月开展主题党日活动。")
    document.save(str(tmp_path / "styled.docx"))
    for name in ("short.txt", "one.txt", "styled.docx"):
        result = cli("lint", name, "-f", "json")
        assert "T008" not in {f["rule"] for f in json.loads(result.out)["findings"]}, name
        assert cli("import", name, "-o", f"out-{name}").code == 0, name


def test_placeholders_are_errors_in_word_and_text_and_in_the_import_report(cli, tmp_path: Path) -> None:
    lines = ["示例党支部2027年工作计划", "一、指导思想", "由张三同志负责，某某同志协助，报示例上级党委审批。"]
    _docx(tmp_path / "p.docx", *lines)
    (tmp_path / "p.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in ("p.docx", "p.txt"):
        result = cli("lint", name, "-f", "json")
        errors = {f["rule"] for f in json.loads(result.out)["findings"] if f["severity"] == "error"}
        assert result.code == 1 and {"R003", "R011"} <= errors, name
    assert cli("import", "p.docx", "-o", "out").code == 0
    report = next((tmp_path / "out").glob("*导入报告.md")).read_text(encoding="utf-8")
    assert "错误 [R011]" in report and "错误 [R003]" in report


@given(st.text(alphabet="\t \u3000….·-12a章", max_size=14))
def test_the_page_reference_pattern_finds_what_the_plain_one_finds(line: str) -> None:
    """The contents-line pattern starts a leader only at its run's first character (linear time);
    it must still accept exactly the lines the plain, backtracking form accepts."""
    from plangen.readers.outline import _PAGE_REF

    plain = re.compile(r"(?:\t|\s|…|\.{2,}|·{2,}|-{2,})\s*\d{1,4}$")
    assert bool(_PAGE_REF.search(line)) == bool(plain.search(line))
