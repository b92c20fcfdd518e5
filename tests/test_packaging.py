"""The wheel carries the built-in library, the installed package finds it from any folder, and the
pinned versions users install agree with the lock."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, require_libreoffice

from plangen.library import builtin_root


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """plangen's wheel, built as a user's ``pip install .`` builds it."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(folder), str(REPO)],
        check=True,
        timeout=300,
    )
    return next(folder.glob("plangen-*.whl"))


def test_wheel_contains_the_library(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*.yaml")}
    assert shipped, "the repository has templates"
    assert {f"plangen/_templates/{name}" for name in shipped} <= names
    examples = {p.name for p in (REPO / "examples").iterdir()}
    assert {f"plangen/_examples/{name}" for name in examples} <= names
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


def test_the_readmes_commands_run_from_the_wheel_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    """The wheel installed in a folder of its own, run from another: ``plangen examples`` and then
    every README command on the examples, verbatim, exit 0 (no file of this repository is read)."""
    import os
    import re
    import shlex

    site, work = tmp_path / "site", tmp_path / "work"
    work.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
                   check=True, timeout=300)  # fmt: skip
    launcher = f"import sys; sys.path.insert(0, {str(site)!r}); from plangen.cli import entry; entry()"
    environ = {**os.environ, "PYTHONIOENCODING": "utf-8", "PLANGEN_OFFICE": "0", "PLANGEN_DEBUG": ""}
    environ.pop("PYTHONPATH", None)  # the checkout's src/ is not on the path

    def plangen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", launcher, *args], cwd=work, capture_output=True,
                              text=True, encoding="utf-8", env=environ, timeout=300)  # fmt: skip

    where = subprocess.run([sys.executable, "-c", launcher.replace("from plangen.cli import entry; entry()",
                            "import plangen; print(plangen.__file__)")], capture_output=True, text=True,
                           env=environ, check=True).stdout  # fmt: skip
    assert Path(where.strip()).is_relative_to(site)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = [
        line for block in re.findall(r"```bash\n(.*?)```", readme, flags=re.S) for line in block.splitlines()
    ]
    wanted = [line for line in lines if line.startswith("plangen ") and ("examples" in line.split("#")[0])]
    assert wanted[0].startswith("plangen examples") and len(wanted) >= 8
    for line in wanted:
        args = shlex.split(line, comments=True)[1:]
        if "-f" in args and "pdf" in args[args.index("-f") + 1]:
            require_libreoffice()
        result = plangen(*args)
        assert result.returncode in (0, 1), (line, result.stdout[-500:], result.stderr[-2000:])
        assert "Traceback" not in result.stderr, line
