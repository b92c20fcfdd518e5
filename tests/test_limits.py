"""What ``plangen lint`` and ``plangen import`` accept is bounded so that they finish in seconds and
hundreds of megabytes (benchmarks/lint_many_lines.py measures): a file just over a limit is refused
with exit 2 and a Chinese message naming the file and the limit, one at the limit is read, and the
faster ways the work is done now find what the plain ways found."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.readers import MAX_ELEMENTS, MAX_LINES, MAX_PARAGRAPHS, MAX_TEXT_BYTES, MAX_WORD_CHARACTERS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _lines(count: int) -> str:
    """A plan of *count* lines with text (and blank lines, which do not count)."""
    body = "".join(f"{index}、召开支委会研究工作。\n\n" for index in range(count - 2))
    return "2027年内科第一党支部工作计划\n一、指导思想\n" + body


def _word(path: Path, body: str, level: int | None = None) -> Path:
    """A Word file (python-docx's empty document) with *body* as its body's XML, packed at *level*."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    packed = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level)
    with zipfile.ZipFile(buffer) as source, packed as target:
        for info in source.infolist():
            data = document.encode() if info.filename == "word/document.xml" else source.read(info.filename)
            target.writestr(info.filename, data)
    return path


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


HEAD = _p("2027年内科第一党支部工作计划") + _p("一、指导思想")


def _refused(cli, folder: Path, name: str, said: str) -> None:
    """lint and import both refuse *name* with exit 2, a located Chinese error saying *said*."""
    for args in (["lint", name], ["import", name, "-o", "out"]):
        result = cli(*args)
        assert result.code == 2, result.err
        assert f"错误：{name}：" in result.err and said in result.err, result.err
    assert not (folder / "out").exists()


def test_a_text_file_over_the_line_limit_is_refused(cli, tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text(_lines(MAX_LINES + 1), encoding="utf-8")
    _refused(cli, tmp_path, "long.txt", f"超过上限 {MAX_LINES} 行")
    (tmp_path / "long.md").write_text(_lines(MAX_LINES + 1), encoding="utf-8")
    _refused(cli, tmp_path, "long.md", f"超过上限 {MAX_LINES} 行")


def test_a_text_file_over_the_size_limit_is_refused(cli, tmp_path: Path) -> None:
    line = "深入贯彻党的二十大精神，扎实推进“十五五”规划。" * 20 + "\n"  # lines of about 1 KB
    count = MAX_TEXT_BYTES // len(line.encode()) + 1
    (tmp_path / "big.txt").write_text("2027年党支部工作计划\n一、指导思想\n" + line * count, encoding="utf-8")
    assert (tmp_path / "big.txt").stat().st_size > MAX_TEXT_BYTES
    _refused(cli, tmp_path, "big.txt", f"上限为 {MAX_TEXT_BYTES // 1024} KB")


def test_a_text_file_at_the_line_limit_is_read(tmp_path: Path) -> None:
    from plangen.readers import read

    (tmp_path / "full.txt").write_text(_lines(MAX_LINES), encoding="utf-8")
    assert len(read(tmp_path / "full.txt").lines) == MAX_LINES


def test_a_page_split_into_more_lines_than_a_file_may_have_is_not_imported(cli, tmp_path: Path) -> None:
    """One pasted line that the importer would cut, at its ordinals, into more lines than a file may
    have: 一、 then （一） to （九十九）, each with 1. to 99.; refused, not held."""
    from plangen.numbering import cn_number

    pieces = []
    for first in range(1, 7):
        pieces.append(f"{cn_number(first)}、学习")
        for second in range(1, 100):
            pieces.append(f"（{cn_number(second)}）学习")
            pieces += [f"{third}.学习" for third in range(1, 100)]
    assert len(pieces) > MAX_LINES
    (tmp_path / "pasted.txt").write_text(
        f"2027年内科第一党支部工作计划\n{''.join(pieces)}\n", encoding="utf-8"
    )
    result = cli("import", "pasted.txt", "-o", "out")
    assert (
        result.code == 2 and f"错误：pasted.txt：文件过长：有文字的行数超过上限 {MAX_LINES} 行" in result.err
    )
    assert not (tmp_path / "out").exists()


def test_word_files_over_a_limit_are_refused(cli, tmp_path: Path) -> None:
    _word(tmp_path / "paragraphs.docx", HEAD + "<w:p/>" * MAX_PARAGRAPHS)
    _refused(cli, tmp_path, "paragraphs.docx", f"超过上限 {MAX_PARAGRAPHS} 段")
    _word(tmp_path / "lines.docx", HEAD + _p("召开支委会研究工作。") * MAX_LINES)
    _refused(cli, tmp_path, "lines.docx", f"超过上限 {MAX_LINES} 段")
    text = "深入贯彻党的二十大精神。" * 1000
    _word(tmp_path / "text.docx", HEAD + _p(text) * (MAX_WORD_CHARACTERS // len(text) + 1))
    _refused(cli, tmp_path, "text.docx", f"超过上限 {MAX_WORD_CHARACTERS} 字")


def _refused_within(path: Path, most: int) -> str:
    """Read *path*, which must be refused, allocating at most *most* bytes meanwhile: the message."""
    from plangen.errors import PlanError
    from plangen.readers import read

    tracemalloc.start()
    try:
        with pytest.raises(PlanError) as raised:
            read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < most, peak
    return raised.value.message


def test_a_word_file_of_too_many_elements_is_refused_before_it_is_parsed(cli, tmp_path: Path) -> None:
    """One paragraph of a million empty runs: counted as the file is unpacked, never parsed."""
    _word(tmp_path / "dense.docx", HEAD + "<w:p>" + "<w:r/>" * MAX_ELEMENTS + "</w:p>")
    assert f"上限 {MAX_ELEMENTS}" in _refused_within(tmp_path / "dense.docx", 20 * 1024 * 1024)
    _refused(cli, tmp_path, "dense.docx", f"上限 {MAX_ELEMENTS}")


def test_one_paragraph_of_blank_runs_is_refused_before_it_is_held_whole(cli, tmp_path: Path) -> None:
    """Spaces count as no text, and one paragraph is held whole while it is read: a part that unpacks
    past MAX_WORD_PART is refused as it is unpacked, before lxml holds any of it."""
    import os

    from plangen.readers import MAX_WORD_PART

    # random blanks pack only about 4 to 1: under the ratio that refuses a zip bomb at once
    blank = os.urandom(MAX_WORD_PART + 1).translate(bytes(b" \t\n\r"[i % 4] for i in range(256))).decode()
    _word(
        tmp_path / "blank.docx",
        HEAD + '<w:p><w:r><w:t xml:space="preserve">' + blank + "</w:t></w:r></w:p>",
        1,
    )
    assert "解压后过大" in _refused_within(tmp_path / "blank.docx", 20 * 1024 * 1024)
    result = cli("import", "blank.docx", "-o", "out")
    assert result.code == 2 and "错误：blank.docx：Word 文件解压后过大" in result.err, result.err


def _with_parts(path: Path, change: Any) -> Path:
    """*path* (a Word file) rewritten with ``change(parts)`` applied to its {name: bytes}."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_relationships_and_content_types_are_counted_before_they_are_parsed(cli, tmp_path: Path) -> None:
    """The package's own lists are parsed whole: millions of relationships (a few hundred KB
    packed) are refused before lxml holds them, as a document of as many elements is."""
    rel = '<Relationship Id="x" Type="t" Target="docProps/app.xml"/>'

    def many(parts: dict[str, bytes]) -> None:
        parts["_rels/.rels"] = parts["_rels/.rels"].replace(
            b"</Relationships>", (rel * MAX_ELEMENTS).encode() + b"</Relationships>"
        )
        parts["media/noise.bin"] = random.Random(0).randbytes(500_000)  # room under the packing ratio

    _with_parts(_word(tmp_path / "rels.docx", HEAD), many)
    _refused(cli, tmp_path, "rels.docx", f"上限 {MAX_ELEMENTS}")


def test_a_header_named_many_times_is_read_once_and_its_lines_are_bounded(tmp_path: Path) -> None:
    """Every header relationship may name the same part: it is parsed once and its lines listed once
    (a small file named 40 times took 7 GB); a header of more lines than a file may have is refused."""
    import docx

    from plangen.errors import PlanError
    from plangen.readers import read

    document = docx.Document()
    document.add_paragraph("2027年内科第一党支部工作计划")
    document.sections[0].header.paragraphs[0].text = "某某文库 下载"
    document.save(tmp_path / "header.docx")
    with zipfile.ZipFile(tmp_path / "header.docx") as package:
        header = next(name for name in package.namelist() if name.startswith("word/header"))

    def named(times: int, paragraphs: int):
        def change(parts: dict[str, bytes]) -> None:
            rels = "".join(
                f'<Relationship Id="h{index}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="{header[5:]}"/>'
                for index in range(times)
            )
            name = "word/_rels/document.xml.rels"
            parts[name] = parts[name].replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            parts[header] = f'<w:hdr xmlns:w="{W}">{_p("某某文库 下载") * paragraphs}</w:hdr>'.encode()

        return change

    _with_parts(tmp_path / "header.docx", named(40, 3))
    assert [line.text for line in read(tmp_path / "header.docx").furniture] == ["某某文库 下载"] * 3
    _with_parts(tmp_path / "header.docx", named(0, MAX_LINES + 1))
    with pytest.raises(PlanError, match=f"超过上限 {MAX_LINES} 段"):
        read(tmp_path / "header.docx")


def test_a_line_copied_or_pickled_before_its_ordinal_is_read_reads_it_after() -> None:
    import copy
    import pickle

    from plangen.readers import Line

    for line in (Line("召开支委会。", 1), Line("一、指导思想", 2)):
        for again in (copy.copy(line), copy.deepcopy(line), pickle.loads(pickle.dumps(line))):
            assert again.ordinal == line.ordinal and (again.ordinal is None) == (line.text[0] == "召")


def test_too_many_plans_are_refused_before_they_are_built(cli, tmp_path: Path) -> None:
    from plangen.importer import MAX_PLANS

    plans = "".join(
        f"【篇{index}】\n2027年第{index}党支部工作计划\n一、指导思想\n坚持学习。\n"
        for index in range(1, MAX_PLANS + 2)
    )
    (tmp_path / "many.txt").write_text(plans, encoding="utf-8")
    result = cli("import", "many.txt", "-o", "out")
    assert result.code == 2 and f"识别出 {MAX_PLANS + 1} 篇计划，超过上限 {MAX_PLANS} 篇" in result.err
    assert not (tmp_path / "out").exists()
    listed = cli("import", "many.txt", "--json")  # only listed, not written: not refused
    assert listed.code == 0 and len(json.loads(listed.out)["plans"]) == MAX_PLANS + 1


def test_findings_past_the_limit_are_counted_not_listed(cli, tmp_path: Path) -> None:
    from plangen.lint import MAX_FINDINGS

    lines = "".join(
        f"（{index % 9 + 1}）由某某同志负责，某某同志协助，某某科室落实。\n"
        for index in range(MAX_FINDINGS // 2)
    )
    (tmp_path / "busy.txt").write_text(
        "2027年内科第一党支部工作计划\n一、指导思想\n" + lines, encoding="utf-8"
    )
    result = cli("lint", "busy.txt", "-f", "json")
    report = json.loads(result.out)
    assert result.code == 1 and len(report["findings"]) == MAX_FINDINGS
    assert any("问题过多" in note and str(MAX_FINDINGS) in note for note in report["files"][0]["notes"])


# --- the faster ways find what the plain ways found ---------------------------------------------------


def _plain_yaml(data: Any) -> str:
    import yaml

    return yaml.dump(data, Dumper=yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper,
                     allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)  # fmt: skip


_TEXT = st.text(
    alphabet=st.sampled_from(list("ab :#-?*&!|>'\"%@`,[]{}\n\t\u3000\x85一、。：“0123456789.eE+~yYnNtTf")),
    max_size=12,
)
_VALUES = st.recursive(
    st.one_of(_TEXT, st.integers(-5, 3000), st.booleans(), st.none(), st.just(dt.date(2027, 1, 2))),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_TEXT, _VALUES, max_size=5))
def test_yaml_is_written_as_yaml_dump_writes_it(data: dict[str, Any]) -> None:
    from plangen.yamlout import dump

    assert dump(data) == _plain_yaml(data)


def test_yaml_of_shared_or_other_objects_goes_to_yaml_dump() -> None:
    from plangen.yamlout import dump

    shared = ["all"]
    for data in ({"a": shared, "b": shared}, {"a": 1.5}, {"a": dt.datetime(2027, 1, 2, 3, 4)}, {"a": (1, 2)}):
        assert dump(data) == _plain_yaml(data)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("xX×某〇○年月日同志中国*党的十九大二十届全会篇第【】（）1290 mzdxjp精选范文三严实两学一做")
        ),
        max_size=40,
    )
)
def test_a_rule_skipped_for_want_of_a_character_could_not_have_matched(text: str) -> None:
    """Every match of a shipped rule holds a character of each set the rule is said to need."""
    from plangen.lint import builtin

    for rule in builtin().text_rules:
        for match in rule.regex.finditer(text):
            if match.group():
                assert all(set(match.group()) & chars for chars in rule.literal_needs), rule.id


def test_the_streamed_word_reader_reads_what_the_whole_document_holds(tmp_path: Path) -> None:
    """Paragraphs, a table with a table in a cell, content controls (one a table of contents),
    custom XML and a paragraph out of place, read by streaming as a walk of the whole tree reads them."""
    from plangen.readers import read

    toc = f'<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>{_p("目录")}{_p("一、指导思想……1")}</w:sdtContent></w:sdt>'
    inner = f"<w:tbl><w:tr><w:tc>{_p('内层')}</w:tc></w:tr></w:tbl>"
    table = f"<w:tbl><w:tblPr/><w:tr><w:tc>{_p('1月')}{inner}</w:tc><w:tc>{_p('召开支委会')}</w:tc></w:tr><w:tr><w:tc>{_p('2月')}</w:tc></w:tr></w:tbl>"
    wrapped = (
        f"<w:customXml>{_p('二、主要任务')}<w:smartTag>{_p('（一）加强学习')}</w:smartTag></w:customXml>"
    )
    stray = f"<w:ins>{_p('不在正文中的段落')}</w:ins><w:sdt><w:sdtContent>{_p('1.坚持学习。')}</w:sdtContent><w:sdtContent>{_p('第二个内容')}</w:sdtContent></w:sdt>"
    _word(tmp_path / "odd.docx", HEAD + toc + table + wrapped + stray + _p("三、保障措施") + "<w:sectPr/>")
    lines = [(line.text, line.number, line.toc, line.table) for line in read(tmp_path / "odd.docx").lines]
    assert lines == [
        ("2027年内科第一党支部工作计划", 1, False, False),
        ("一、指导思想", 2, False, False),
        ("目录", 3, True, False),
        ("一、指导思想……1", 4, True, False),
        ("1月 内层\t召开支委会", 5, False, True),
        ("2月", 8, False, True),
        ("二、主要任务", 9, False, False),
        ("（一）加强学习", 10, False, False),
        ("1.坚持学习。", 11, False, False),
        ("三、保障措施", 12, False, False),
    ]


def test_the_line_limit_is_said_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `lint`、`import` 读入的文件"))
    assert f"{MAX_LINES // 10_000} 万行" in row and f"{MAX_PARAGRAPHS // 10_000} 万段" in row
    assert f"{MAX_WORD_CHARACTERS // 10_000} 万字" in row and f"{MAX_ELEMENTS // 10_000} 万个 XML 元素" in row
    assert f"文本 {MAX_TEXT_BYTES // 2**20} MB" in row
