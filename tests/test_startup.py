"""``plangen --help`` stays light: the heavy libraries load only inside the commands that need them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = {"docx", "jinja2", "questionary", "pydantic", "yaml", "lxml"}
# typer 0.29 coerced every parameter with pydantic; plangen keeps typer below it, so a
# subcommand's help stays as light as the main help.
SUBCOMMAND_HEAVY = HEAVY


def imported_modules(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "plangen", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "plangen" in names  # the measurement itself works
    return names


@pytest.mark.parametrize("args", [("--help",), ("-h",), ("--version",)])
def test_no_heavy_imports(args: tuple[str, ...]) -> None:
    assert imported_modules(*args) & HEAVY == set()


@pytest.mark.parametrize("args", [("build", "--help"), ("validate", "--help"), ("blocks", "--help")])
def test_subcommand_help_stays_light(args: tuple[str, ...]) -> None:
    assert imported_modules(*args) & SUBCOMMAND_HEAVY == set()


def test_the_check_would_notice_a_heavy_import() -> None:
    assert "pydantic" in imported_modules("schema", "spec")
    example = os.path.join(os.path.dirname(__file__), os.pardir, "examples", "hospital-branch.yaml")
    assert "yaml" in imported_modules("validate", example)
    assert "jinja2" in imported_modules("templates", "show", "hospital-branch")


@pytest.mark.parametrize("args", [("--help",), ("build", "--help"), ("blocks", "list", "--help")])
def test_help_is_in_chinese(args: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "plangen", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={**os.environ, "COLUMNS": "120", "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0
    assert (
        "用法：plangen" in result.stdout and "选项" in result.stdout and "显示帮助并退出。" in result.stdout
    )
    assert "Usage:" not in result.stdout and "Options" not in result.stdout


def test_the_xml_parser_loads_only_to_read_word_files(tmp_path) -> None:
    """lxml reads Word files for lint and import; nothing else pays for it, and python-docx (which
    would load the whole file) is not asked at all."""
    example = os.path.join(os.path.dirname(__file__), os.pardir, "examples", "hospital-branch.yaml")
    out = str(tmp_path / "out")
    assert "lxml" not in imported_modules("build", example, "-o", out, "-f", "docx,md", "--no-office")
    built = sorted((tmp_path / "out").iterdir())
    assert "lxml" not in imported_modules("lint", str(next(p for p in built if p.suffix == ".md")))
    word = imported_modules("lint", str(next(p for p in built if p.suffix == ".docx")))
    assert "lxml" in word and "docx" not in word


def test_builds_and_batches_do_not_import_pydantic(tmp_path) -> None:
    """pydantic (0.15 s to import) is for files the fast check refuses: a build, and a batch's own
    process, go without it (a batch's base spec was checked through it every time)."""
    example = os.path.join(os.path.dirname(__file__), os.pardir, "examples", "hospital-branch.yaml")
    assert "pydantic" not in imported_modules("build", example, "-o", str(tmp_path / "one"), "-f", "docx,md")
    roster = tmp_path / "名册.csv"
    roster.write_text("支部名称,书记\n第一党支部,王丽\n", encoding="utf-8")
    batch = imported_modules("batch", str(roster), "--spec", example, "-o", str(tmp_path / "out"), "-j", "1")
    assert "pydantic" not in batch and (tmp_path / "out" / "plans").is_dir()


def test_batch_workers_started_from_the_console_script_do_not_load_the_command_line(tmp_path) -> None:
    """``spawn`` runs the main script again in every worker: the console script's own import must be
    light, or each worker of ``plangen batch`` loads typer (~70 ms) for nothing."""
    import shutil

    script = shutil.which("plangen", path=os.path.dirname(sys.executable))
    assert script, "the plangen console script is installed beside this Python"
    roster = tmp_path / "roster.csv"
    roster.write_text("支部名称\n" + "".join(f"第{i}党支部\n" for i in range(4)), encoding="utf-8")
    example = os.path.join(os.path.dirname(__file__), os.pardir, "examples", "hospital-branch.yaml")
    result = subprocess.run(
        [script, "batch", str(roster), "--spec", example, "-o", str(tmp_path / "out"), "-f", "md", "-j", "2"],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    modules = [
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert (
        modules.count("plangen.batch.worker") == 2
    )  # this process and its worker: the measurement sees both
    assert modules.count("plangen.cli") == 1  # this process only
