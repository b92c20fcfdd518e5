"""Every command's help, as a terminal of 60, 80 or 120 columns shows it: wrapped to the width (a
line of Chinese has no spaces to break at: rich cut such lines with “…”), every word Chinese but
what the user types, examples in each command's own help; and Tab completion, did-you-mean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from conftest import run_cli

from plangen.cli import app
from plangen.usage import display_width, wrap

WIDTHS = (60, 80, 120)
# names of things, not English sentences: formats, programs, shells, standards
NAMES = {
    "plangen", "GB", "DOCX", "PDF", "Markdown", "Word", "WPS", "LibreOffice", "YAML", "JSON", "Schema",
    "CSV", "XLSX", "UTF", "CI", "Excel", "Tab", "PowerShell", "bash", "zsh", "fish", "id", "docx", "md",
    "pdf", "ics", "csv", "txt", "doc", "wps", "yaml", "block", "template", "spec",
    "year", "holidays", "workdays",  # keys of a holidays file
}  # fmt: skip


def _paths() -> list[tuple[str, ...]]:
    """Every command path: the root, each command, each command of a group."""
    root = typer.main.get_command(app)
    ctx = root.context_class(root)  # click's own Context, whichever click typer uses
    out: list[tuple[str, ...]] = [()]
    for name in root.list_commands(ctx):
        command = root.get_command(ctx, name)
        out.append((name,))
        if hasattr(command, "list_commands"):
            out += [(name, sub) for sub in command.list_commands(ctx)]
    return out


PATHS = _paths()
COMMANDS = {name for path in PATHS for name in path} | {"examples"}  # typed as they are


def _choices() -> set[str]:
    root = typer.main.get_command(app)
    found: set[str] = set()

    def walk(command: object) -> None:
        for param in command.params:
            for choice in getattr(param.type, "choices", None) or ():
                found.add(str(getattr(choice, "value", choice)))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(root)
    return found


def _english(text: str, allowed: set[str]) -> list[str]:
    """The English words of *text* outside what is typed: options, file names, keys, values."""
    words = []
    for token in re.findall(r"[!-~]+", text):
        if token.startswith("-") or re.search(r"[./=|_,]|\w-\w", token):
            continue  # --year, plan.yaml, org.name=…, appendix|full|none, yaml-language-server
        for word in re.findall(r"[A-Za-z]{2,}", token):
            if word not in allowed:
                words.append(word)
    return words


@pytest.mark.parametrize("width", WIDTHS)
def test_every_help_fits_the_terminal_and_is_chinese(width: int, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    allowed = NAMES | COMMANDS | _choices()
    for path in PATHS:
        result = run_cli([*path, "--help"], tmp_path)
        shown = capsys.readouterr().out + result.out
        assert result.code == 0, path
        assert shown.startswith("用法：plangen"), path
        lines = shown.splitlines()
        assert max(display_width(line) for line in lines) <= width, (path, width)
        assert "…" not in shown, path
        assert _english(shown, allowed) == [], (path, width)
        if path != ("blocks",) and path != ("templates",):
            examples = shown.split("示例：", 1)
            assert len(examples) == 2 and "  plangen " in examples[1], path


def test_the_check_would_notice_english() -> None:
    """What rich and click print when left alone is caught."""
    allowed = NAMES | _choices()
    for english in ("Usage: plangen [OPTIONS] {specs}...", "--out  -o  <path>", "Show this message and exit.",
                    "[default: docx]", "done (11 selections)"):  # fmt: skip
        assert _english(english, allowed), english


@pytest.mark.parametrize("width", [10, 24, 40, 61])
def test_wrapping_keeps_words_whole_and_marks_off_the_line_start(width: int) -> None:
    text = (
        "覆盖计划文件中的值：键=值，如 org.name=外科党支部（可多次使用），默认取计划文件的 output.schedule。"
    )
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[:1] in "，。）：" for line in lines)
    if width >= 20:
        assert any("org.name=外" in line for line in lines) or any(
            line.endswith("org.name=") for line in lines
        )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["biuld", "plan.yaml"], "您是不是要输入 build？"),
        (["blocks", "shwo", "x"], "您是不是要输入 show？"),
        (["build", "--yaer", "2027", "plan.yaml"], "您是不是要输入 --year？"),
        (["zzz"], "可用的命令：build、new"),
    ],
)
def test_a_mistyped_command_or_option_gets_a_suggestion(args: list[str], said: str, tmp_path: Path) -> None:
    result = run_cli(args, tmp_path)
    assert result.code == 2 and said in result.err


def test_tab_completion_answers_the_shell(tmp_path: Path) -> None:
    """What bash's completion script asks (``_PLANGEN_COMPLETE=complete_bash``) is answered: commands,
    options, an option's choices."""
    import os
    import subprocess
    import sys

    def complete(words: str) -> list[str]:
        environ = {**os.environ, "_PLANGEN_COMPLETE": "complete_bash", "COMP_WORDS": words,
                   "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}  # fmt: skip
        result = subprocess.run([sys.executable, "-c", "from plangen.cli import entry; entry()"],
                                capture_output=True, text=True, encoding="utf-8", env=environ, timeout=60)  # fmt: skip
        return result.stdout.split()

    assert complete("plangen bu") == ["build"]
    assert complete("plangen build --sch") == ["--schedule"]
    assert complete("plangen build --schedule ") == ["appendix", "full", "none"]


def test_installing_completion_is_said_in_chinese(tmp_path: Path, monkeypatch, capsys) -> None:
    """typer's installer writes the script; where it went, or why it could not, is said in Chinese."""
    from typer import _completion_shared

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(_completion_shared, "_get_shell_name", lambda: "bash")
    result = run_cli(["--install-completion"], tmp_path)
    said = capsys.readouterr().out + result.out
    assert result.code == 0 and "已为 bash 安装 Tab 补全" in said and "installed" not in said
    assert "plangen" in (tmp_path / ".bash_completions" / "plangen.sh").read_text(encoding="utf-8")
    monkeypatch.setattr(_completion_shared, "_get_shell_name", lambda: "tcsh")
    result = run_cli(["--install-completion"], tmp_path)
    assert result.code == 2 and "不支持的命令行“tcsh”" in result.err


@pytest.mark.parametrize("width", [1, 12, 30, 44])
def test_a_very_narrow_terminal_still_gets_its_help(width: int, tmp_path: Path, monkeypatch, capsys) -> None:
    """Narrower than any label: lines wrap (a word longer than the line is cut), nothing is lost or
    crashes."""
    monkeypatch.setenv("COLUMNS", str(width))
    for path in [("build",), ("blocks", "show"), ("batch",)]:
        result = run_cli([*path, "--help"], tmp_path)
        shown = capsys.readouterr().out + result.out
        assert result.code == 0 and "显示帮助并退出" in shown.replace("\n", "").replace(" ", "")
