"""No dependency speaks to the user (issue 20).

Every failure a library raises on a user's bad input reaches the user as plangen's own Chinese
message, located (file, and line, row or paragraph where the input has them), with exit code 2,
no traceback and nothing written. Each test builds its bad input here, asks the library itself what
it says about that input (so the test follows whatever version is installed, without copying its
wording) and checks that none of that English reaches stdout or stderr.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_process

SPEC = "template: hospital-branch\nyear: 2027\norg:\n  name: 测试党支部\n"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


plangen = run_process


def batch(roster: str, cwd: Path, *more: str) -> subprocess.CompletedProcess[str]:
    """``plangen batch`` of *roster* with a base plan file, into ``out``, one process."""
    (cwd / "plan.yaml").write_text(SPEC, encoding="utf-8")
    return plangen("batch", roster, "--spec", "plan.yaml", "-o", "out", "-j", "1", *more, cwd=cwd)


def english(message: str) -> list[str]:
    """What of a library's *message* must not reach the user: the message itself and each run of
    English words in it of 12 characters or more."""
    runs = [run.strip() for run in re.split(r"[^A-Za-z ]+", message)]
    return [text for text in [message.strip(), *runs] if len(text) >= 12]


def assert_refused(
    result: subprocess.CompletedProcess[str],
    said: str | list[str],
    where: str,
    line: int | None = None,
    unwritten: Path | None = None,
) -> None:
    """Exit 2, a located Chinese 错误 line, no traceback, none of the library's English *said*,
    nothing written under *unwritten*."""
    shown = result.stdout + result.stderr
    assert result.returncode == 2, shown
    assert "Traceback" not in shown, shown
    location = f"{where}:{line}" if line else where
    errors = [text for text in result.stderr.splitlines() if text.startswith("错误：")]
    assert errors, shown
    first = errors[0]
    assert first.startswith(f"错误：{location}："), shown
    assert CHINESE.search(first[len(f"错误：{location}：") :]), shown
    for message in [said] if isinstance(said, str) else said:
        assert message, "the library said nothing: the test cannot tell"
        for text in english(message):
            assert text not in shown, f"the library's words reached the user: {text!r}\n{shown}"
    if unwritten is not None:
        assert not unwritten.exists() or not [p for p in unwritten.rglob("*") if p.is_file()], shown


def raised(action: Callable[[], object]) -> str:
    """The message of what *action* (a library's own call) raises; a version of the library that
    accepts the input leaves nothing to test."""
    try:
        action()
    except Exception as exc:  # whatever the library raises is the point
        return str(exc)
    pytest.skip("the installed version of the library accepts this input")


# --- zip packages: building damaged .xlsx and .docx files -----------------------------------------

_LOCAL = {"version": (4, "<H"), "flags": (6, "<H"), "method": (8, "<H"), "crc": (14, "<I")}
_CENTRAL = {"version": (6, "<H"), "flags": (8, "<H"), "method": (10, "<H"), "crc": (16, "<I")}


def patch_zip(path: Path, only: str | None = None, **fields: int) -> Path:
    """Overwrite header fields (version needed, flags, method, crc) of every entry, or of *only*, in
    both its local and its central header — the bytes a damaged or odd file holds."""
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    (count,) = struct.unpack_from("<H", data, end + 10)
    (position,) = struct.unpack_from("<I", data, end + 16)
    for _ in range(count):
        assert data[position : position + 4] == b"PK\x01\x02"
        size_name, size_extra, size_comment = struct.unpack_from("<HHH", data, position + 28)
        (local,) = struct.unpack_from("<I", data, position + 42)
        name = bytes(data[position + 46 : position + 46 + size_name]).decode()
        if only is None or name == only:
            for key, value in fields.items():
                struct.pack_into(_CENTRAL[key][1], data, position + _CENTRAL[key][0], value)
                struct.pack_into(_LOCAL[key][1], data, local + _LOCAL[key][0], value)
        position += 46 + size_name + size_extra + size_comment
    path.write_bytes(bytes(data))
    return path


def rezip(
    source: Path, target: Path, change: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()
) -> Path:
    """*source* with parts replaced (*change*) or left out (*drop*)."""
    with zipfile.ZipFile(source) as package:
        parts = [(name, package.read(name)) for name in package.namelist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts:
            if name not in drop:
                package.writestr(name, (change or {}).get(name, data))
    return target


def edit_part(source: Path, target: Path, name: str, edit: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as package:
        data = package.read(name)
    return rezip(source, target, change={name: edit(data)})


COMPOUND = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)  # how Office stores a password-protected file


def not_a_zip(path: Path) -> Path:
    path.write_text("这不是压缩包，只是改了扩展名的文本\n", encoding="utf-8")
    return path


def truncated(good: Path, path: Path) -> Path:
    path.write_bytes(good.read_bytes()[:400])
    return path


def compound(path: Path) -> Path:
    path.write_bytes(COMPOUND)
    return path


def other_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "a valid zip, but no Office file")
    return path


# --- openpyxl, zipfile, XML: rosters in .xlsx -------------------------------------------------------

SHEET = "xl/worksheets/sheet1.xml"


def good_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["支部名称", "书记", "党员人数"])
    sheet.append(["内科党支部", "王丽", 23])
    book.save(path)
    return path


def open_xlsx(path: Path) -> Callable[[], object]:
    """What plangen asks of openpyxl: open read-only, read every row of the first sheet."""

    def read() -> object:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]

    return read


def bad_number_sheet(_: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>branch</t></is></c></row>'
        b'<row r="2"><c r="A2" t="n"><v>not a number</v></c></row>'
        b"</sheetData></worksheet>"
    )


XLSX_CASES: dict[str, tuple[Callable[[Path, Path], Path], int | None]] = {
    "not-a-zip": (lambda good, p: not_a_zip(p), None),
    "truncated": (truncated, None),
    "password": (lambda good, p: compound(p), None),
    "zip-version-20.5": (lambda good, p: patch_zip(rezip(good, p), version=205), None),
    "encrypted-entries": (lambda good, p: patch_zip(rezip(good, p), flags=1), None),
    "compression-99": (lambda good, p: patch_zip(rezip(good, p), method=99), None),
    "bad-crc": (lambda good, p: patch_zip(rezip(good, p), only=SHEET, crc=0x1234), None),
    "broken-sheet-xml": (
        lambda good, p: rezip(good, p, {SHEET: b"<worksheet><sheetData><row></worksheet>"}),
        None,
    ),
    "no-content-types": (lambda good, p: rezip(good, p, drop=("[Content_Types].xml",)), None),
    "no-sheet-part": (lambda good, p: rezip(good, p, drop=(SHEET,)), None),
    "valid-zip-not-xlsx": (lambda good, p: other_zip(p), None),
    "cell-not-a-number": (lambda good, p: edit_part(good, p, SHEET, bad_number_sheet), 2),
}


@pytest.mark.parametrize("case", sorted(XLSX_CASES))
def test_xlsx_rosters(tmp_path: Path, case: str) -> None:
    make, row = XLSX_CASES[case]
    good = good_xlsx(tmp_path / "good.xlsx")
    roster = make(good, tmp_path / "roster.xlsx")
    said = raised(open_xlsx(roster))
    assert_refused(batch("roster.xlsx", tmp_path), said, "roster.xlsx", row, unwritten=tmp_path / "out")


def test_openpyxl_warnings_stay_quiet(tmp_path: Path) -> None:
    """A roster from a tool that writes a bare stylesheet (no cell styles): openpyxl warns, in English."""
    bare = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    roster = rezip(good_xlsx(tmp_path / "good.xlsx"), tmp_path / "roster.xlsx", {"xl/styles.xml": bare})
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        open_xlsx(roster)()
    if not warned:
        pytest.skip("the installed openpyxl does not warn about this file")
    result = batch("roster.xlsx", tmp_path, "-f", "md")
    assert result.returncode == 0, result.stderr
    for warning in warned:
        for text in english(str(warning.message)):
            assert text not in result.stderr, result.stderr


# --- python-docx, zipfile, lxml: Word files read by lint and import --------------------------------

DOCUMENT = "word/document.xml"
TYPES = "[Content_Types].xml"
RELS = "word/_rels/document.xml.rels"
W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def good_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("内科党支部2027年工作计划", 0)
    document.add_paragraph("一、加强政治建设")
    document.add_paragraph("坚持每月开展主题党日活动。")
    document.save(str(path))
    return path


def open_docx(path: Path) -> Callable[[], object]:
    """What plangen asks of python-docx: the document, its styles, numbering, headers and body."""

    def read() -> object:
        import docx

        document = docx.Document(str(path))
        document.styles.element  # noqa: B018 - the access is what may raise
        with contextlib.suppress(KeyError, NotImplementedError):  # no numbering: not an error
            document.part.numbering_part.element  # noqa: B018
        for rel in document.part.rels.values():
            if not rel.is_external:
                rel.target_part  # noqa: B018
        return document.paragraphs

    return read


def missing_header(data: bytes) -> bytes:
    """The relationships of document.xml with a page header whose part is not in the file."""
    header = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
    link = b'<Relationship Id="rId99" Target="header9.xml" Type="' + header + b'"/>'
    return data.replace(b"</Relationships>", link + b"</Relationships>")


def external_styles(data: bytes) -> bytes:
    return data.replace(b'Target="styles.xml"', b'Target="styles.xml" TargetMode="External"')


def content_type(data: bytes, part: bytes, kind: bytes) -> bytes:
    """[Content_Types].xml with *part* declared as *kind*."""
    override = re.search(rb'<Override PartName="' + re.escape(part) + rb'" ContentType="[^"]*"/>', data)
    assert override is not None
    return data.replace(override.group(), b'<Override PartName="' + part + b'" ContentType="' + kind + b'"/>')


DOCX_CASES: dict[str, Callable[[Path, Path], Path]] = {
    "not-a-zip": lambda good, p: not_a_zip(p),
    "truncated": truncated,
    "password": lambda good, p: compound(p),
    "zip-version-20.5": lambda good, p: patch_zip(rezip(good, p), version=205),
    "encrypted-entries": lambda good, p: patch_zip(rezip(good, p), flags=1),
    "compression-99": lambda good, p: patch_zip(rezip(good, p), method=99),
    "bad-crc": lambda good, p: patch_zip(rezip(good, p), only=DOCUMENT, crc=0x1234),
    "broken-document-xml": lambda good, p: rezip(good, p, {DOCUMENT: b"<w:document><w:body></w:document>"}),
    "broken-styles-xml": lambda good, p: rezip(good, p, {"word/styles.xml": b"<w:styles"}),
    "broken-relationships": lambda good, p: rezip(good, p, {RELS: b"<Relationships"}),
    "no-document-part": lambda good, p: rezip(good, p, drop=(DOCUMENT,)),
    "no-content-types": lambda good, p: rezip(good, p, drop=(TYPES,)),
    "valid-zip-not-docx": lambda good, p: other_zip(p),
    "missing-relationship-target": lambda good, p: edit_part(good, p, RELS, missing_header),
    "styles-relationship-external": lambda good, p: edit_part(good, p, RELS, external_styles),
    "main-part-not-word": lambda good, p: edit_part(
        good, p, TYPES, lambda d: content_type(d, b"/word/document.xml", b"application/xml")
    ),
    "styles-part-not-styles": lambda good, p: edit_part(
        good, p, TYPES, lambda d: content_type(d, b"/word/styles.xml", b"application/xml")
    ),
    "numbering-part-not-numbering": lambda good, p: edit_part(
        good, p, TYPES, lambda d: content_type(d, b"/word/numbering.xml", b"application/xml")
    ),
    "root-not-a-document": lambda good, p: rezip(good, p, {DOCUMENT: b'<?xml version="1.0"?><plan/>'}),
    "document-without-body": lambda good, p: rezip(
        good, p, {DOCUMENT: b'<?xml version="1.0"?><w:document xmlns:w="' + W_NS + b'"/>'}
    ),
}


@pytest.mark.parametrize("case", sorted(DOCX_CASES))
def test_word_files(tmp_path: Path, case: str) -> None:
    good = good_docx(tmp_path / "good.docx")
    plan = DOCX_CASES[case](good, tmp_path / "plan.docx")
    said = raised(open_docx(plan))
    assert_refused(plangen("lint", "plan.docx", cwd=tmp_path), said, "plan.docx")
    result = plangen("import", "plan.docx", "-o", "out", cwd=tmp_path)
    assert_refused(result, said, "plan.docx", unwritten=tmp_path / "out")


def test_the_good_files_are_read(tmp_path: Path) -> None:
    """The damaged files above start from these: they are read (the tests above test the damage)."""
    good_docx(tmp_path / "good.docx")
    assert plangen("lint", "good.docx", cwd=tmp_path).returncode in (0, 1)
    good_xlsx(tmp_path / "roster.xlsx")
    result = batch("roster.xlsx", tmp_path, "-f", "md")
    assert result.returncode == 0, result.stderr


# --- charset-normalizer and the codecs: text files and CSV rosters ----------------------------------

MIXED = "2027年工作计划\n一、加强学习\n".encode() + "二、组织建设\n".encode("gbk") + b"\xff\xfe\x80\x81\n"
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def decoding(data: bytes, measured: bool = True) -> tuple[list[str], int]:
    """What the codecs say about *data* (charset-normalizer only measures; it says nothing), and
    the line where it stops being UTF-8. *measured*: plangen asks charset-normalizer (no NUL byte
    made it give up first), and a version that finds an encoding for *data* leaves nothing to test."""
    from charset_normalizer import from_bytes

    if from_bytes(data).best() is not None and measured:
        pytest.skip("the installed charset-normalizer reads these bytes in some encoding")
    said = []
    for encoding in ("gb18030", "utf-8"):
        with pytest.raises(UnicodeDecodeError) as caught:
            data.decode(encoding)
        said.append(str(caught.value))
    return said, data[: caught.value.start].count(b"\n") + 1


@pytest.mark.parametrize(("data", "line"), [(MIXED, 3), (BINARY, None)], ids=["mixed-encodings", "binary"])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_that_no_encoding_reads(tmp_path: Path, data: bytes, line: int | None, suffix: str) -> None:
    said, first = decoding(data, measured=b"\0" not in data)
    assert line is None or line == first
    (tmp_path / f"plan{suffix}").write_bytes(data)
    assert_refused(plangen("lint", f"plan{suffix}", cwd=tmp_path), said, f"plan{suffix}", line)
    result = plangen("import", f"plan{suffix}", "-o", "out", cwd=tmp_path)
    assert_refused(result, said, f"plan{suffix}", line, unwritten=tmp_path / "out")


ROSTER_MIXED = "支部名称,书记\n内科,王丽\n".encode() + "外科,张强\n".encode("gbk") + b"\xff\xfe\x80,\x81\n"


@pytest.mark.parametrize("data", [ROSTER_MIXED, bytes(range(1, 256)) * 16], ids=["mixed-encodings", "binary"])
def test_csv_rosters_that_no_encoding_reads(tmp_path: Path, data: bytes) -> None:
    said, line = decoding(data)  # the line where UTF-8 stops: 3 for the mixed roster
    (tmp_path / "roster.csv").write_bytes(data)
    assert_refused(batch("roster.csv", tmp_path), said, "roster.csv", line, unwritten=tmp_path / "out")


def test_a_csv_cell_over_the_csv_modules_limit(tmp_path: Path) -> None:
    """An unclosed quote runs to the end of the file: one cell larger than the csv module allows."""
    text = '支部名称,书记\n内科党支部,"王丽\n' + "外科党支部,张强\n" * 20000
    said = raised(lambda: list(csv.reader(io.StringIO(text))))
    (tmp_path / "roster.csv").write_text(text, encoding="utf-8")
    assert_refused(batch("roster.csv", tmp_path), said, "roster.csv", 2, unwritten=tmp_path / "out")


# --- google-re2: users' patterns ----------------------------------------------------------------

BAD_PATTERNS = ["(abc", "a{1001}", "(?<=a)b", "[z-a]", "\\1", "a**", "(?P<name"]


def re2_says(pattern: str) -> str:
    import re2

    options = re2.Options()
    options.log_errors = False
    with pytest.raises(re2.error) as caught:
        re2.compile(pattern, options)
    said = caught.value.args[0] if caught.value.args else ""
    return said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.mark.parametrize("pattern", BAD_PATTERNS)
def test_a_bad_pattern_in_a_users_lint_rules(tmp_path: Path, pattern: str) -> None:
    said = re2_says(pattern)
    (tmp_path / "rules").mkdir()
    rule = f"residue:\n  - {{id: U001, pattern: {yaml_quoted(pattern)}, message: 示例}}\n"
    (tmp_path / "rules" / "lint.yaml").write_text(rule, encoding="utf-8")
    (tmp_path / "plan.txt").write_text("2027年工作计划\n一、加强学习\n", encoding="utf-8")
    result = plangen("lint", "plan.txt", "-L", "rules", cwd=tmp_path)
    assert_refused(result, said, "rules/lint.yaml", 2)
    assert "正则表达式" in result.stderr


@pytest.mark.parametrize("pattern", BAD_PATTERNS)
def test_a_bad_pattern_of_a_block_param(tmp_path: Path, pattern: str) -> None:
    said = re2_says(pattern)
    block = tmp_path / "lib" / "blocks" / "case" / "one.yaml"
    block.parent.mkdir(parents=True)
    block.write_text(
        "id: case.one\ntitle: 测试\ncategory: case\nbody:\n  - p: '{{ code }}'\nparams:\n"
        f"  code: {{type: str, label: 编号, pattern: {yaml_quoted(pattern)}, default: a}}\n",
        encoding="utf-8",
    )
    result = plangen("validate", "lib/blocks/case/one.yaml", cwd=tmp_path)
    assert_refused(result, said, "lib/blocks/case/one.yaml", 7)
    assert "正则表达式" in result.stderr


# --- pydantic: plan files, and roster rows checked as plan files --------------------------------------


def test_a_plan_file_of_wrong_types(tmp_path: Path) -> None:
    import yaml
    from pydantic import ValidationError

    from plangen.schema.models import PlanSpec

    spec = tmp_path / "plan.yaml"
    spec.write_text(
        "template: hospital-branch\nyear: 二〇二七\ndate: '2027-02-30'\ndetail: 详细\ntitle: [一, 二]\n"
        "org:\n  name: 测试党支部\n  members: 3.5\n  colour: red\noutput:\n  formats: md\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        PlanSpec.model_validate(yaml.safe_load(spec.read_text(encoding="utf-8")))
    said = [error["msg"] for error in caught.value.errors(include_url=False)]
    assert len(said) >= 6
    result = plangen("validate", "plan.yaml", cwd=tmp_path)
    assert_refused(result, said, "plan.yaml", 2)
    assert result.stderr.count("错误：plan.yaml:") >= 6


def test_roster_rows_are_reported_in_chinese(tmp_path: Path) -> None:
    """A row plangen's own checks pass but pydantic refuses: report.csv gets plangen's words."""
    from pydantic import ValidationError

    from plangen.schema.models import PlanSpec

    with pytest.raises(ValidationError) as caught:
        PlanSpec.model_validate({"template": "hospital-branch", "year": 1800, "org": {"name": "内科党支部"}})
    said = [error["msg"] for error in caught.value.errors(include_url=False)]
    (tmp_path / "roster.csv").write_text("支部名称,年度\n内科党支部,1800\n", encoding="utf-8")
    result = batch("roster.csv", tmp_path)
    assert result.returncode == 1, result.stderr  # a batch: the row fails, the run reports it
    report = (tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig")
    assert "“年度”不能小于 2020" in report  # named by the roster's column
    for message in said:
        for text in english(message):
            assert text not in report + result.stderr


def test_pydantic_errors_plangen_does_not_know() -> None:
    """An error type a newer pydantic might bring, and a validator's ValueError that is not
    plangen's own: Chinese either way, never the ``msg``."""
    from pydantic import BaseModel, ValidationError, field_validator

    from plangen.schema.models import explain

    class Probe(BaseModel):
        size: complex
        name: str

        @field_validator("name")
        @classmethod
        def _name(cls, value: str) -> str:
            return str(int(value))  # Python's own English ValueError

    with pytest.raises(ValidationError) as caught:
        Probe.model_validate({"size": "big", "name": "二"})
    errors = caught.value.errors(include_url=False)
    assert len(errors) == 2 and "value_error" in {error["type"] for error in errors}
    for error in errors:
        message, _ = explain(error)
        assert CHINESE.search(message), message
        for text in english(error["msg"]) + english(str((error.get("ctx") or {}).get("error", ""))):
            assert text not in message, message


# --- click (through typer): usage errors --------------------------------------------------------------

USAGE = [
    ["build", "plan.yaml", "--year", "abc"],
    ["build", "plan.yaml", "--year"],
    ["build", "plan.yaml", "--force=yes"],
    ["build", "plan.yaml", "--colour"],
    ["build"],
    ["lint", "plan.txt", "--year", "3000"],
    ["lint", "plan.txt", "--format", "xml"],
    ["batch", "roster.csv", "--spec", "plan.yaml", "-o", "out", "--jobs", "lots"],
    ["blocks", "show", "organization.dues", "extra"],
    ["nonsense"],
]


def click_says(args: list[str]) -> str:
    """What click itself says of *args* (its message, as its own ``Error:`` line would show)."""
    try:
        from typer._click import exceptions as ce
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions as ce
    import typer

    from plangen.cli import app

    command = typer.main.get_command(app)
    with pytest.raises(ce.ClickException) as caught, command.make_context("plangen", list(args)) as ctx:
        command.invoke(ctx)
    return caught.value.format_message()


@pytest.mark.parametrize("args", USAGE, ids=[" ".join(args) for args in USAGE])
def test_usage_errors(tmp_path: Path, args: list[str]) -> None:
    said = click_says(args)
    result = plangen(*args, cwd=tmp_path)
    shown = result.stdout + result.stderr
    assert result.returncode == 2, shown
    assert "Traceback" not in shown and "Error:" not in shown, shown
    errors = [text for text in result.stderr.splitlines() if text.startswith("错误：")]
    assert len(errors) == 1 and CHINESE.search(errors[0][3:]), shown
    for text in english(said):
        assert text not in shown, f"click's words reached the user: {text!r}\n{shown}"


# --- the operating system: errno, never strerror ------------------------------------------------------


def os_says(path: Path) -> list[str]:
    with pytest.raises(OSError) as caught:
        os.stat(path)
    return [str(caught.value), caught.value.strerror or ""]


def unreachable_paths(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    loop = tmp_path / "loop"
    loop.symlink_to(loop.name)
    return {
        "not-a-directory": tmp_path / "file" / "plan",  # ENOTDIR
        "name-too-long": tmp_path / ("长" * 200),  # ENAMETOOLONG (600 bytes)
        "symlink-loop": loop,  # ELOOP
    }


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX errors")
@pytest.mark.parametrize("case", ["not-a-directory", "name-too-long", "symlink-loop"])
@pytest.mark.parametrize("command", ["lint", "import", "build", "batch"])
def test_paths_the_system_refuses(tmp_path: Path, case: str, command: str) -> None:
    base = unreachable_paths(tmp_path)[case]
    suffix = {"lint": ".txt", "import": ".docx", "build": ".yaml", "batch": ".csv"}[command]
    path = base.with_name(base.name + suffix) if case != "symlink-loop" else base
    said = os_says(path)
    name = os.path.relpath(path, tmp_path)
    args = {
        "lint": ["lint", name],
        "import": ["import", name, "-o", "out"],
        "build": ["build", name, "-o", "out"],
        "batch": ["batch", name, "--spec", "plan.yaml", "-o", "out", "-j", "1"],
    }[command]
    (tmp_path / "plan.yaml").write_text(SPEC, encoding="utf-8")
    result = plangen(*args, cwd=tmp_path)
    assert_refused(result, said, name, unwritten=tmp_path / "out")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX errors")
def test_an_output_folder_the_system_refuses(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OSError) as caught:
        (tmp_path / "file" / "out").mkdir(parents=True)
    said = [str(caught.value), caught.value.strerror or ""]
    (tmp_path / "plan.txt").write_text("2027年工作计划\n一、加强学习\n坚持学习。\n", encoding="utf-8")
    result = plangen("import", "plan.txt", "-o", "file/out", cwd=tmp_path)
    assert_refused(result, said, "file/out")
    (tmp_path / "plan.yaml").write_text(SPEC, encoding="utf-8")
    result = plangen("build", "plan.yaml", "-o", "file/out", "-f", "md", cwd=tmp_path)
    assert_refused(result, said, "file/out")


def unprivileged() -> list[str]:
    """A command prefix under which permissions hold: as root (CI is), without the capabilities that
    let root read every file."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) drops root's file capabilities for these tests"
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize(
    ("closed", "command", "where"),
    [
        ("plan.txt", ["lint", "plan.txt"], "plan.txt"),
        ("plan.txt", ["import", "plan.txt"], "plan.txt"),
        ("plan.yaml", ["build", "plan.yaml", "-o", "out", "--no-office"], "plan.yaml"),
        ("lib", ["build", "open.yaml", "-o", "out", "--no-office", "-L", "lib"], "lib"),
        ("lib/blocks/own", ["build", "open.yaml", "-o", "out", "--no-office", "-L", "lib"], "lib/blocks/own"),
        ("lib", ["validate", "lib"], "lib"),
        ("lib", ["lint", "lib"], "lib"),
    ],
)
def test_what_the_system_will_not_open(tmp_path: Path, closed: str, command: list[str], where: str) -> None:
    """A file or folder without read permission: plangen names it and says why (click's own check,
    which names neither, is left to plangen)."""
    (tmp_path / "plan.txt").write_text("2027年工作计划\n", encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "open.yaml").write_text(SPEC, encoding="utf-8")
    own = tmp_path / "lib" / "blocks" / "own"
    own.mkdir(parents=True)
    (own / "x.yaml").write_text(
        "id: own.x\ntitle: 测试\ncategory: own\nbody:\n  - p: 正文\n", encoding="utf-8"
    )
    (tmp_path / closed).chmod(0)
    prefix = tuple(unprivileged())
    reader = "ls" if (tmp_path / closed).is_dir() else "cat"
    check = subprocess.run([*prefix, reader, str(tmp_path / closed)], capture_output=True)
    assert check.returncode != 0, "readable after all: the test would prove nothing"
    result = run_process(*command, cwd=tmp_path, prefix=prefix)
    assert_refused(result, os.strerror(errno.EACCES), where, unwritten=tmp_path / "out")
    assert "没有读取权限" in result.stderr


@pytest.mark.parametrize(
    "code",
    [errno.ENOENT, errno.EACCES, errno.EPERM, errno.EISDIR, errno.ENOTDIR, errno.ENOSPC, errno.EROFS,
     errno.ENAMETOOLONG, errno.EEXIST, errno.EMFILE, errno.EIO, 12345],
)  # fmt: skip
def test_os_reasons_are_chinese(code: int) -> None:
    from plangen.errors import os_reason

    strerror = os.strerror(code)
    for writing in (False, True):
        reason = os_reason(OSError(code, strerror, "plan.txt"), writing=writing)
        assert CHINESE.search(reason) and strerror not in reason, reason
    assert os_reason(FileExistsError("plan.txt")) == os_reason(OSError(errno.EEXIST, "File exists"))


# --- Python itself: int() on digits that are not decimal ------------------------------------------


def test_a_superscript_number(tmp_path: Path) -> None:
    """“²” passes str.isdigit() but int() refuses it, in English."""
    said = raised(lambda: int("²"))
    result = plangen(
        "new", "--defaults", "-o", "out", "--data", "sector=hospital", "--data", "year=²", cwd=tmp_path
    )
    assert result.returncode == 2 and "错误：--data year：" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "roster.csv").write_text("支部名称,党员人数\n内科党支部,²\n", encoding="utf-8")
    result = batch("roster.csv", tmp_path)
    report = (tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig")
    assert result.returncode == 1 and "“²”不是整数" in report, report
    for text in english(said):
        assert text not in report + result.stderr
