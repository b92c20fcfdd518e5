"""Reading user files: encodings, control characters, size."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from plangen.errors import PlanError, flatten
from plangen.textio import read_source

TEXT = "名称: 内科第一党支部\n书记: 王丽\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("gb18030"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "utf-16"],
)
def test_encodings(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    assert read_source(path) == TEXT


def test_sample_rosters_decode_to_the_same_text() -> None:
    data = Path(__file__).parent / "data"
    assert read_source(data / "roster-gb18030.csv") == read_source(data / "roster-utf8.csv")


@pytest.mark.parametrize(("char", "line", "column"), [("\u0001", 2, 5), ("\u000b", 3, 1), ("\u2028", 1, 3)])
def test_control_characters_are_located(tmp_path: Path, char: str, line: int, column: int) -> None:
    lines = ["a: 第一行", "b: 第二行", "c: 第三行"]
    target = lines[line - 1]
    lines[line - 1] = target[: column - 1] + char + target[column - 1 :]
    path = tmp_path / "ctl.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_source(path)
    assert caught.value.line == line
    assert f"第 {column} 列含有控制字符 U+{ord(char):04X}" in caught.value.message


def test_every_line_with_a_control_character_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "ctl.yaml"
    path.write_text("a: \u0001\nb: ok\nc: \u0002\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_source(path)
    assert [e.line for e in flatten(caught.value)] == [1, 3]


def test_tabs_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_bytes(b"a:\t1\r\nb: 2\r\n")
    assert read_source(path) == "a:\t1\r\nb: 2\r\n"


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    with pytest.raises(PlanError) as caught:
        read_source(path)
    assert "文件过大（20.0 MB）" in caught.value.message


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: 1\nb: \xff\xff\xff\n")
    with pytest.raises(PlanError) as caught:
        read_source(path)
    assert "无法识别文件编码" in caught.value.message
    assert caught.value.line == 2


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as caught:
        read_source(tmp_path / "nope.yaml")
    assert caught.value.message == "文件不存在"
