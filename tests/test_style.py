"""The code base stays ruff-clean (lint and format), checked with the ruff the test extras install."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

TARGETS = ["src", "tests", "benchmarks"]


def test_ruff_check() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *TARGETS], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *TARGETS],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
