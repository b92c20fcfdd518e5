"""Shared fixtures: the repository, a CLI runner with an injected environment, a scratch library."""

from __future__ import annotations

import atexit
import io
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

# The per-user cache (plangen.cache) of this test session lives in a folder of its own: tests never
# read or fill the developer's cache, and every session starts cold.
if "PLANGEN_CACHE_DIR" not in os.environ:
    os.environ["PLANGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="plangen-test-cache-")
    atexit.register(shutil.rmtree, os.environ["PLANGEN_CACHE_DIR"], True)

from plangen.cli import Env, main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "hospital-branch.yaml"


def require_libreoffice(pdftotext: bool = False) -> None:
    """Skip on a developer's machine without LibreOffice; fail under CI, which must have it."""
    from plangen import office

    missing = office.soffice() is None or (pdftotext and office.pdftotext() is None)
    if missing:
        message = (
            "LibreOffice (soffice)" + (" and poppler-utils (pdftotext)" if pdftotext else "") + " needed"
        )
        if os.environ.get("CI"):
            pytest.fail(message + " — CI must install them (.ci/run)")
        pytest.skip(message)


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(args: list[str], cwd: Path, environ: dict[str, str] | None = None) -> Result:
    """Run plangen in-process with captured streams (the console is injected, not patched).

    LibreOffice's TOC check is off unless *environ* says otherwise: it costs seconds per build and
    is tested where it is the point (test_docx_render, test_cli's PDF test).
    """
    out, err = io.StringIO(), io.StringIO()
    env = Env(
        stdout=out, stderr=err, cwd=cwd, environ={"PLANGEN_OFFICE": "0"} if environ is None else environ
    )
    code = main(args, env)
    return Result(code, out.getvalue(), err.getvalue())


def run_process(
    *args: str, cwd: Path, prefix: tuple[str, ...] = (), environ: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """plangen in a process of its own (after *prefix*, such as setpriv): what the user sees,
    warnings and tracebacks included. LibreOffice is off unless *environ* turns it on."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "plangen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={
            **os.environ,
            "PYTHONIOENCODING": "utf-8",
            "PLANGEN_DEBUG": "",
            "PLANGEN_OFFICE": "0",
            **(environ or {}),
        },
    )


@pytest.fixture
def cli(tmp_path: Path):
    def run(*args: str, cwd: Path | None = None, environ: dict[str, str] | None = None) -> Result:
        return run_cli(list(args), cwd or tmp_path, environ)

    return run


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding)
    return path


@pytest.fixture
def write_file():
    return write


def minimal_spec(tmp_path: Path, extra: str = "", template: str = "hospital-branch") -> Path:
    """A small valid spec; *extra* is YAML appended at the top level."""
    text = f"template: {template}\nyear: 2027\norg:\n  name: 测试党支部\n"
    path = tmp_path / "plan.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + textwrap.dedent(extra).lstrip("\n"), encoding="utf-8")
    return path
