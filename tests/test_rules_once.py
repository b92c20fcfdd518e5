"""Each domain rule is written once (issue 22): the planning year, the default year and the
``--year`` shift live in :mod:`plangen.years`; elsewhere the package only calls them.

The package's code is tokenised, so example years in Chinese hints and comments stay as they are.
"""

from __future__ import annotations

import io
import itertools
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "plangen"
HOME = PACKAGE / "years.py"


def _tokens(path: Path) -> list[tokenize.TokenInfo]:
    text = path.read_text(encoding="utf-8")
    return [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
            if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)]  # fmt: skip


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path != HOME)


def test_the_default_year_is_a_literal_only_in_years() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{token.start[0]}"
        for path in _modules()
        for token in _tokens(path)
        if token.type == tokenize.NUMBER and token.string == "2027"
    ]
    assert found == []
    assert "2027" in HOME.read_text(encoding="utf-8")


def test_the_planning_month_is_compared_only_in_years() -> None:
    """``x.month >= 7`` or ``month >= 10``: the planning year's rule written again (lint's
    tolerance for a date signed in the autumn before, ``month >= 9``, is a different rule)."""
    found = []
    for path in _modules():
        tokens = _tokens(path)
        for month, compare, number in zip(tokens, tokens[1:], tokens[2:], strict=False):
            if month.string == "month" and compare.string == ">=" and number.string in ("7", "10"):
                found.append(f"{path.relative_to(PACKAGE)}:{month.start[0]}")
    assert found == []


def test_year_rules_are_defined_only_in_years() -> None:
    names = {"planning_year", "planned_year", "shift_year", "move_to_year", "wizard_year"}
    found = []
    for path in _modules():
        tokens = _tokens(path)
        for before, after in itertools.pairwise(tokens):
            if before.string == "def" and after.string in names:
                found.append(f"{path.relative_to(PACKAGE)}:{after.string}")
            if before.string in ("DEFAULT_CONGRESS_YEAR", "PLANNING_MONTH") and after.string == "=":
                found.append(f"{path.relative_to(PACKAGE)}:{before.string}")
    assert found == []


def test_the_year_shift_is_applied_through_one_function() -> None:
    """``--year`` moves a spec in build and in batch alike, an imported plan older than plangen's
    years is moved to the plan year the same way, and so is the plan file ``new --from`` starts
    from: all call ``move_to_year``."""
    callers = {
        path.relative_to(PACKAGE).as_posix()
        for path in _modules()
        if "move_to_year(" in path.read_text(encoding="utf-8")
    }
    assert callers == {"schema/load.py", "batch/run.py", "importer.py", "wizard/flow.py"}
    assert not any("shift_year(" in path.read_text(encoding="utf-8") for path in _modules())
