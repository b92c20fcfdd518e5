"""The README stays true: every ``plangen`` command in its command sections runs as shown."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import REPO, require_libreoffice, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    found = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            if line.startswith("plangen "):
                found.append(line)
    return found


def test_readme_has_commands() -> None:
    assert len(commands()) >= 12
    assert "plangen build examples/hospital-branch.yaml -o out" in commands()


@pytest.mark.parametrize("line", commands())
def test_readme_command_runs(tmp_path: Path, line: str) -> None:
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    example = (REPO / "examples" / "hospital-branch.yaml").read_text(encoding="utf-8")
    for name in ("plan", "a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(
            example.replace("内科第一党支部", f"{name}党支部"), encoding="utf-8"
        )
    own = tmp_path / "my-library" / "blocks" / "organization"
    own.mkdir(parents=True)
    shutil.copy(REPO / "templates" / "blocks" / "organization" / "theme-day.yaml", own)
    args = shlex.split(line, comments=True)[1:]
    if args[0] in (
        "lint",
        "import",
        "diff",
    ):  # last year's plan, as a user has it: a Word file, and a folder of plans
        assert (
            run_cli(["build", "examples/hospital-branch.yaml", "-o", "out", "-f", "docx,md"], tmp_path).code
            == 0
        )
        built = tmp_path / "out" / "内科第一党支部2027年工作计划.docx"
        shutil.copy(built, tmp_path / "去年的计划.docx")
        (tmp_path / "计划").mkdir()
        shutil.copy(built, tmp_path / "计划")
        shutil.copy(REPO / "tests" / "data" / "world" / "traditional.txt", tmp_path / "网上复制的计划.txt")
    if "-f" in args and "pdf" in args[args.index("-f") + 1]:
        require_libreoffice()
    environ = None  # LibreOffice off, as in every in-process run …
    if "--check" in args:  # … but for the check that is LibreOffice
        require_libreoffice(pdftotext=True)
        environ = {}
    redirect = None
    if ">" in args:
        redirect = tmp_path / args[args.index(">") + 1]
        args = args[: args.index(">")]
    if "--force" in args:
        assert run_cli([a for a in args if a != "--force"], tmp_path).code == 0
    result = run_cli(args, tmp_path, environ)
    if args[0] == "new" and not {"--defaults", "--data-file"} & set(args):
        # the interactive wizard, run here without a terminal: it stops at once and says what to use
        # (the questions themselves are driven in a pseudo-terminal in test_wizard)
        assert result.code == 2 and "--defaults" in result.err, f"{line}\n{result.err}"
        return
    assert result.code == 0, f"{line}\n{result.err}"
    if redirect is not None:
        redirect.write_text(result.out, encoding="utf-8")
        assert redirect.stat().st_size > 1000
