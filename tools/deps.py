"""Move the locked dependencies on purpose, and find drift before a user does.

    python tools/deps.py lock              refresh uv.lock and constraints.txt to the newest releases
                                           within pyproject.toml's ranges; kept only if the suite passes
    python tools/deps.py newest            the suite against the newest releases within our ranges
    python tools/deps.py newest --beyond   … and past our upper bounds (is a bound still needed?)
    python tools/deps.py lowest            the suite against the lowest versions our ranges allow
    python tools/deps.py versions pyyaml 6.0.1 6.0.2 -- tests/test_safeyaml.py
                                           the locked set with one package at each given version

Each run builds a fresh virtual environment in a temporary folder with uv (which must be on PATH),
installs plangen from this checkout as a wheel, prints the versions it resolved, runs pytest, and
says what passed. Nothing here is imported by plangen or its tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOCK, CONSTRAINTS = REPO / "uv.lock", REPO / "constraints.txt"
EXPORT = ["uv", "export", "--locked", "--no-emit-project", "--no-header", "--quiet"]


def run(*command: str | Path, **options: object) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(map(str, command)), flush=True)
    return subprocess.run([str(c) for c in command], cwd=REPO, text=True, **options)  # type: ignore[call-overload]


def python_in(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def direct_requirements() -> list[str]:
    """The names of plangen's own requirements, runtime and test."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + [
        r for extra in project["optional-dependencies"].values() for r in extra
    ]
    names = []
    for requirement in listed:
        name = requirement.split(";")[0]
        for stop in "<>=!~[ ":
            name = name.split(stop)[0]
        names.append(name.strip())
    return names


def suite(venv: Path, tests: list[str]) -> int:
    print("== resolved versions:", flush=True)
    run("uv", "pip", "freeze", "--python", python_in(venv), check=True)
    return run(python_in(venv), "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests).returncode


def fresh_env(folder: Path) -> Path:
    venv = folder / "venv"
    run("uv", "venv", "--quiet", "--python", sys.executable, venv, check=True)
    return venv


def export_constraints() -> None:
    """constraints.txt: the locked versions of what plangen needs at run time, for installs that do
    not read uv.lock (`uv tool install … -c constraints.txt`, `pipx install … --pip-args "-c …"`)."""
    locked = run(*EXPORT, "--no-hashes", capture_output=True, check=True).stdout
    header = (
        "# The versions of uv.lock that plangen needs at run time, for an install that does not read\n"
        "# uv.lock (see README: 安装). Written by `python tools/deps.py lock`; do not edit.\n"
    )
    CONSTRAINTS.write_text(header + locked, encoding="utf-8", newline="\n")


def cmd_lock(args: argparse.Namespace) -> int:
    saved = {path: path.read_bytes() for path in (LOCK, CONSTRAINTS) if path.exists()}
    run("uv", "lock", "--upgrade", check=True)
    export_constraints()
    with tempfile.TemporaryDirectory() as folder:
        venv = Path(folder) / "venv"
        environ = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv)}
        run("uv", "sync", "--locked", "--extra", "test", "--no-editable", "--quiet", env=environ, check=True)
        status = suite(venv, args.tests)
    if status != 0:
        for path, data in saved.items():
            path.write_bytes(data)
        print("The suite failed on the new versions: uv.lock and constraints.txt are left as they were.")
        return status
    print("uv.lock and constraints.txt now hold the versions above; the suite passed with them.")
    run("git", "diff", "--stat", "--", LOCK.name, CONSTRAINTS.name)
    return 0


def cmd_newest(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as folder:
        venv = fresh_env(Path(folder))
        install = ["uv", "pip", "install", "--quiet", "--python", python_in(venv), "--refresh"]
        mode = ["--resolution", "lowest-direct"] if args.lowest else ["--resolution", "highest"]
        if getattr(args, "beyond", False):
            overrides = Path(folder) / "overrides.txt"
            overrides.write_text("\n".join(direct_requirements()) + "\n", encoding="utf-8")
            mode += ["--overrides", str(overrides)]
        run(*install, *mode, ".[test]", check=True)
        return report(suite(venv, args.tests), "lowest" if args.lowest else "newest")


def cmd_versions(args: argparse.Namespace) -> int:
    results = {}
    for version in args.versions:
        with tempfile.TemporaryDirectory() as folder:
            venv = fresh_env(Path(folder))
            pinned = Path(folder) / "locked.txt"
            pinned.write_text(
                run(*EXPORT, "--all-extras", capture_output=True, check=True).stdout, encoding="utf-8"
            )
            override = Path(folder) / "override.txt"
            override.write_text(f"{args.package}=={version}\n", encoding="utf-8")
            install = ["uv", "pip", "install", "--quiet", "--python", python_in(venv)]
            run(*install, "--no-deps", "-r", pinned, check=True)
            run(*install, "--no-deps", f"{args.package}=={version}", check=True)
            run(*install, "--no-deps", ".", check=True)
            results[version] = suite(venv, args.tests)
    for version, status in results.items():
        print(f"{args.package} {version}: {'passed' if status == 0 else 'FAILED'}")
    return max(results.values(), default=0)


def report(status: int, what: str) -> int:
    print(f"The suite {'passed' if status == 0 else 'FAILED'} on the {what} releases.")
    return status


def main() -> int:
    if shutil.which("uv") is None:
        print("uv is needed: pip install uv (or see https://docs.astral.sh/uv/)", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    lock = commands.add_parser(
        "lock", help="refresh uv.lock and constraints.txt; kept only if the suite passes"
    )
    lock.set_defaults(run=cmd_lock)
    newest = commands.add_parser("newest", help="the suite against the newest releases")
    newest.add_argument("--beyond", action="store_true", help="ignore our upper bounds too")
    newest.set_defaults(run=cmd_newest, lowest=False)
    lowest = commands.add_parser("lowest", help="the suite against the lowest versions our ranges allow")
    lowest.set_defaults(run=cmd_newest, lowest=True)
    versions = commands.add_parser("versions", help="the locked set with one package at several versions")
    versions.add_argument("package")
    versions.add_argument("versions", nargs="+")
    versions.set_defaults(run=cmd_versions)
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:cut])
    args.tests = argv[cut + 1 :]  # pytest's arguments, after --
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
