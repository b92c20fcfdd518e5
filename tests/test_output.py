"""Writing outputs: all formats or none, no overwriting without --force, leftovers of killed runs
removed, file names valid everywhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.errors import PlanError
from plangen.output import BACKUP_SUFFIX, TEMP_SUFFIX, _host, safe_filename, sweep, write_all

DEAD_PID = 2**22 + 12345  # above Linux's default pid_max: never a running process


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_all_files_appear_together(tmp_path: Path) -> None:
    write_all([(tmp_path / "a.docx", b"A"), (tmp_path / "a.md", b"M")], force=False)
    assert names(tmp_path) == ["a.docx", "a.md"]
    assert (tmp_path / "a.docx").read_bytes() == b"A"


def test_a_failure_on_one_format_writes_none(tmp_path: Path) -> None:
    (tmp_path / "a.md").mkdir()  # the second target cannot be created
    with pytest.raises(PlanError):
        write_all([(tmp_path / "a.docx", b"A"), (tmp_path / "a.md", b"M")], force=False)
    assert names(tmp_path) == ["a.md"]  # no a.docx, no temporary file


def test_a_failure_with_force_restores_the_old_files(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"old docx")
    (tmp_path / "a.md").mkdir()
    with pytest.raises(PlanError):
        write_all([(tmp_path / "a.docx", b"new"), (tmp_path / "a.md", b"new")], force=True)
    assert (tmp_path / "a.docx").read_bytes() == b"old docx"
    assert names(tmp_path) == ["a.docx", "a.md"]


def test_many_files_are_flushed_together_and_all_or_none_appear(tmp_path: Path) -> None:
    """An import writes hundreds of files: they are flushed to disk several at a time, and one that
    cannot be written leaves none of the others, nor any temporary file."""
    files = [(tmp_path / "blocks" / f"s{index}.yaml", f"id: s{index}\n".encode()) for index in range(40)]
    write_all(files, force=False)
    assert names(tmp_path / "blocks") == sorted(f"s{index}.yaml" for index in range(40))
    assert (tmp_path / "blocks" / "s7.yaml").read_bytes() == b"id: s7\n"
    (tmp_path / "blocked").write_text("a file where a folder would go", encoding="utf-8")
    again = [(tmp_path / "more" / f"s{index}.yaml", b"x") for index in range(40)]
    again.insert(20, (tmp_path / "blocked" / "s.yaml", b"x"))
    with pytest.raises(PlanError):
        write_all(again, force=False)
    assert names(tmp_path) == ["blocked", "blocks", "more"] and names(tmp_path / "more") == []


def test_an_existing_file_is_never_replaced_without_force(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"someone else's")
    with pytest.raises(PlanError, match="文件已存在"):
        write_all([(tmp_path / "a.docx", b"A"), (tmp_path / "a.md", b"M")], force=False)
    assert (tmp_path / "a.md").read_bytes() == b"someone else's"
    assert names(tmp_path) == ["a.md"]  # the docx placed first was taken back
    write_all([(tmp_path / "a.docx", b"A"), (tmp_path / "a.md", b"M")], force=True)
    assert (tmp_path / "a.md").read_bytes() == b"M"
    assert names(tmp_path) == ["a.docx", "a.md"]  # the replaced file's backup is gone


def test_leftovers_of_a_killed_run_are_removed_or_restored(tmp_path: Path) -> None:
    tag = f".{_host()}-{DEAD_PID}"
    orphan = tmp_path / f".计划.abc123{tag}{TEMP_SUFFIX}"
    orphan.write_bytes(b"half")
    moved_aside = tmp_path / f".计划.docx{tag}{BACKUP_SUFFIX}"  # killed between moving aside and replacing
    moved_aside.write_bytes(b"the user's file")
    mine = tmp_path / f".other.x{'.' + _host()}-{os.getpid()}{TEMP_SUFFIX}"  # a live process: leave it
    mine.write_bytes(b"busy")
    sweep(tmp_path)
    assert sorted(names(tmp_path)) == sorted(["计划.docx", mine.name])
    assert (tmp_path / "计划.docx").read_bytes() == b"the user's file"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("COM¹", "_COM¹"),
        ("LPT³ ", "_LPT³"),
        ("计划\u202excod.exe", "计划xcod.exe"),  # a right-to-left override would disguise the extension
        ("a/b:c*d", "a_b_c_d"),
        (" . ", "工作计划"),
        ("零宽\u200b空格", "零宽空格"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_safe_filename_is_valid_everywhere(name: str) -> None:
    result = safe_filename(name)
    assert result and result == result.strip(" .")
    assert len(result.encode("utf-8")) <= 200
    assert not any(c in result for c in '<>:"/\\|?*') and all(ord(c) >= 32 for c in result)
    assert result.split(".")[0].rstrip(" ").upper() not in {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        "COM1",
        "LPT1",
        "COM¹",
    }
