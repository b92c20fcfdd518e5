"""The wheel carries the built-in library, the installed package finds it from any folder, and the
pinned versions users install agree with the lock."""

from __future__ import annotations

import subprocess
import sys
import tomllib
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
    assert "plangen = plangen.__main__:entry" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_builtin_library_is_found_from_another_folder(tmp_path: Path) -> None:
    code = "from plangen.library import builtin_root; print(builtin_root())"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    root = Path(result.stdout.strip())
    assert (root / "blocks").is_dir() and (root / "plans" / "hospital-branch.yaml").is_file()
    assert root == builtin_root()


def _locked() -> dict[str, dict]:
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    return {package["name"]: package for package in lock["package"]}


def _project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_every_dependency_range_is_bounded_above() -> None:
    """A user's `pip install` can never pull a release we have not tested (the next major, say)."""
    project = _project()
    listed = project["dependencies"] + [
        r for extra in project["optional-dependencies"].values() for r in extra
    ]
    unbounded = [r for r in listed if "<" not in r.split(";")[0] and "==" not in r]
    assert not unbounded


def test_constraints_hold_the_locked_run_time_versions() -> None:
    """constraints.txt (for `uv tool install -c` and pipx) is uv.lock's run-time closure of plangen."""
    locked = _locked()
    closure, todo = set(), [d["name"] for d in locked["plangen"]["dependencies"]]
    while todo:
        name = todo.pop()
        if name not in closure:
            closure.add(name)
            todo += [d["name"] for d in locked[name].get("dependencies", [])]
    pinned = {}
    for row in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if row.strip() and not row.lstrip().startswith("#"):
            name, version = row.split(";")[0].strip().split("==")
            pinned[name] = version
    assert set(pinned) == closure
    assert all(locked[name]["version"] == version for name, version in pinned.items())
