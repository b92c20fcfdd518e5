"""The wheel carries the built-in library, and the installed package finds it from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO

from plangen.library import builtin_root


def test_wheel_contains_the_library(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(REPO)],
        check=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("plangen-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*.yaml")}
    assert shipped, "the repository has templates"
    assert {f"plangen/_templates/{name}" for name in shipped} <= names
    assert "plangen/cli.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "plangen = plangen.cli:entry" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_builtin_library_is_found_from_another_folder(tmp_path: Path) -> None:
    code = "from plangen.library import builtin_root; print(builtin_root())"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    root = Path(result.stdout.strip())
    assert (root / "blocks").is_dir() and (root / "plans" / "hospital-branch.yaml").is_file()
    assert root == builtin_root()
