"""``plangen lint`` and ``plangen import`` on hostile documents: long lines, zip bombs, files that are
not a plan, and a corpus of damaged and odd files.

Every case ends as designed — exit 0 or 1 for lint, 0 for an import, 2 with a located Chinese
error otherwise — never a traceback (exit 3). Times are generous bounds for "does not hang", never
benchmarks (``benchmarks/lint_long_line.py`` measures).
"""

from __future__ import annotations

import itertools
import re
import subprocess
import time
from pathlib import Path

import pytest
from conftest import run_process

from plangen.lint import builtin

# --- linear time -----------------------------------------------------------------------------------

_UNIT_EXTRA = ["x", "1", " ", "xx年", "一、", "第", "*", "\u3000", "20"]


def _units(pattern: str) -> list[str]:
    """Repeatable pieces that drive a pattern's worst case: its own characters, alone and in pairs."""
    chars = sorted({c for c in pattern if not c.isascii() or c.isalnum() or c in "*.-|#:()[] \t"})
    pairs = [a + b for a, b in itertools.pairwise(chars)]
    return [*chars, *pairs, *_UNIT_EXTRA]


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every regular expression plangen applies to a document's text: the shipped rules and the
    readers', outline's, linter's and importer's own."""
    import plangen.importer
    import plangen.lint
    import plangen.lint.checks
    import plangen.readers
    import plangen.readers.outline
    import plangen.readers.text
    import plangen.readers.word
    from plangen.numbering import ordinal_forms

    found = []
    for rule in builtin().rules:
        if rule.pattern is not None:
            found.append((rule.id, rule.regex))
        if rule.unless is not None:
            found.append((f"{rule.id}.unless", rule.unless_regex))
    modules = (plangen.lint, plangen.lint.checks, plangen.readers, plangen.readers.outline,
               plangen.readers.text, plangen.readers.word, plangen.importer)  # fmt: skip
    for module in modules:
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__}.{name}", value))
    found += [(f"ordinal level {level}", pattern) for level, pattern in ordinal_forms()]
    return found


# only ever applied to short lines (≤ 80 characters, checked before): quadratic there is a constant
SHORT_LINES_ONLY = {"plangen.readers.outline._PAGE_REF"}


@pytest.mark.parametrize(("name", "pattern"), _patterns(), ids=[name for name, _ in _patterns()])
def test_every_pattern_is_linear_on_long_runs(name: str, pattern: re.Pattern[str]) -> None:
    """A 50,000-character run of any of a pattern's own characters is scanned in well under a
    second (a backtracking pattern takes seconds to minutes: quadratic in the run)."""
    if name in SHORT_LINES_ONLY:
        pytest.skip("applied to lines of at most 80 characters")
    size = 50_000
    for unit in _units(pattern.pattern):
        text = (unit * (size // len(unit) + 1))[:size] + "a"
        started = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        pattern.match(text)
        elapsed = time.perf_counter() - started
        assert elapsed < 1.5, f"{name} takes {elapsed:.1f} s on a run of {unit!r}: not linear"


def _plan_with_line(line: str) -> str:
    return f"2027年内科第一党支部工作计划\n一、指导思想\n{line}\n二、主要任务\n加强政治理论学习。\n"


@pytest.mark.parametrize("unit", ["x", "20", "xx年某某篇一：中*委", "一、指导思想"])
def test_one_megabyte_line_lint_and_import(tmp_path: Path, unit: str) -> None:
    """A pasted 1 MB line: lint and import both finish (bound: 20 s, measured well under 2 s in
    benchmarks/lint_long_line.py) and say what they find."""
    line = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    source = tmp_path / "long.txt"
    source.write_text(_plan_with_line(line), encoding="utf-8")
    for args in (["lint", str(source)], ["import", str(source), "-o", str(tmp_path / "out")]):
        started = time.perf_counter()
        result = _plangen(*args, cwd=tmp_path)
        assert time.perf_counter() - started < 20, args
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr
    if unit in ("x", "xx年某某篇一：中*委"):
        lint = _plangen("lint", str(source), cwd=tmp_path)
        assert lint.returncode == 1 and "[R001]" in lint.stdout


def _plangen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_process(*args, cwd=cwd)


def test_long_line_findings_are_the_same_as_on_short_lines() -> None:
    """The restructured patterns find what they found: a placeholder in a long run of text is
    still found, once per occurrence, and a letter run is not a placeholder."""
    from plangen.lint import check

    filler = "深入贯彻党的二十大精神。" * 2000
    text = filler + "于xx月xx日前完成" + filler + "共分123篇附目录" + filler
    rules = [f.rule for f in check(text, 2027)]
    assert rules.count("R002") == 1 and "R008" in rules
    assert "R002" in {f.rule for f in check("定于" + "x" * 5000 + "月x日召开", 2027)}
