"""``plangen --help`` stays light: the heavy libraries load only inside the commands that need them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = {"docx", "jinja2", "questionary", "pydantic", "yaml", "lxml"}
# typer ≥ 0.25 coerces a subcommand's parameters with pydantic itself, so ``plangen build --help``
# cannot avoid it; the rest must still stay out.
SUBCOMMAND_HEAVY = HEAVY - {"pydantic"}


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
    assert {"pydantic", "yaml", "jinja2"} <= imported_modules("templates", "show", "hospital-branch")


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
