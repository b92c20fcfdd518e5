"""The compiled and cached way plangen renders a text gives exactly what Jinja gives for it.

plangen compiles each text once, stores the code in the per-user cache and renders later runs from
that code. Whatever a text holds — non-finite or huge numbers, long strings, escapes, unusual
Unicode — that path must end in Jinja's own result for the same expression in the same environment
(``env.from_string``, no cache), or in a located :class:`PlanError`: never another exception.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plangen.errors import PlanError
from plangen.render import Renderer, Where

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

WHERE = Where(Path("b.yaml"), 7)
CONTEXT = {"n": 4, "year": 2027, "name": "内科党支部", "items": ["义诊", "科普"], "org": {"unit": ""}}


def plain(source: str) -> str | Exception:
    """Jinja's own rendering, in plangen's environment but without its checks and cache."""
    try:
        return Renderer().env.from_string(source).render(CONTEXT)
    except Exception as exc:
        return exc


def ours(source: str) -> str | PlanError:
    """Render twice, each time in a fresh Renderer: compiled and stored, then loaded from the cache."""
    results = []
    for _ in range(2):
        try:
            results.append(Renderer().render(source, CONTEXT, WHERE))
        except PlanError as exc:
            assert exc.path == WHERE.path and exc.line is not None, exc  # located
            results.append(exc)
    first, second = results
    assert type(first) is type(second)
    if isinstance(first, str):
        assert first == second, "the cached code renders otherwise than the freshly compiled"
    return first


# -- expressions ----------------------------------------------------------------------------------
def _float_literal(value: float) -> str:
    return repr(value) if "e" in repr(value) or "." in repr(value) else repr(value) + ".0"


small_numbers = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(_float_literal),
)
any_numbers = st.one_of(
    small_numbers,
    st.integers(-(10**40), 10**40).map(str),
    st.sampled_from(["1e999", "1e308", "1.7976931348623157e308", "2e-400", "0.0", "1_000", "0x1F", "0b101"]),
    st.integers(5, 6000).map(lambda n: "9" * n),  # past Python's 4,300 digits for int(str)
    st.integers(300, 400).map(lambda n: f"1e{n}"),
    st.floats(allow_nan=False, allow_infinity=False).map(_float_literal),
)
printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Zl", "Zp", "Cf"), blacklist_characters="'\\"),
    max_size=20,
)
any_text = st.one_of(
    printable,
    st.text(max_size=10).map(lambda s: s.replace("\\", "").replace("'", "")),  # controls, format marks
    st.sampled_from(["\\x01", "\\ud800", "\\u202e", "\\n", "\\t", "\\u4e2d文", "\\U0001F600", "e\\u0301"]),
    st.integers(1000, 30_000).map(lambda n: "长" * n),
)


ARITHMETIC = ("+", "-", "*", "/", "//", "%")


def strings(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return text.map(lambda s: f"'{s}'")


def expressions(
    numbers: st.SearchStrategy[str], text: st.SearchStrategy[str], operators: tuple[str, ...]
) -> st.SearchStrategy[str]:
    leaves = st.one_of(numbers, strings(text), st.sampled_from(["n", "year", "name", "items", "org.unit"]))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(operators), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(inner, st.sampled_from(["<", "==", "!=", ">="]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(
                inner, st.sampled_from(["int", "abs", "length", "string", "trim", "upper", "first"])
            ).map(lambda t: f"({t[0]}|{t[1]})"),
            st.tuples(inner, st.sampled_from(["cn", "cn_digits", "join"])).map(lambda t: f"({t[0]}|{t[1]})"),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
            st.tuples(inner, st.sampled_from(["number", "string", "defined", "odd"])).map(
                lambda t: f"({t[0]} is {t[1]})"
            ),
            st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
            inner.map(lambda e: f"-{e}"),
        ),
        max_leaves=6,
    )


def templates(
    numbers: st.SearchStrategy[str],
    text: st.SearchStrategy[str],
    operators: tuple[str, ...] = (*ARITHMETIC, "~"),
) -> st.SearchStrategy[str]:
    expression = expressions(numbers, text, operators)
    return st.one_of(
        expression.map(lambda e: "{{ " + e + " }}"),
        st.tuples(expression, expression).map(lambda t: "前{{ " + t[0] + " }}中{{ " + t[1] + " }}后"),
        st.tuples(expression, expression).map(
            lambda t: "{% if " + t[0] + " %}甲{% else %}{{ " + t[1] + " }}{% endif %}"
        ),
    )


# -- properties -----------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates(any_numbers, any_text))
@example("{{ (0 if (''|first) else 0) }}")  # Jinja folds the condition as it compiles
def test_any_constant_renders_as_jinja_does_or_is_a_located_error(source: str) -> None:
    mine, jinja = ours(source), plain(source)
    if isinstance(mine, str):
        assert mine == jinja


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates(small_numbers, printable, ARITHMETIC))
def test_ordinary_constants_render_exactly_as_jinja_does(source: str) -> None:
    """Finite numbers of ordinary size and printable text: plangen renders what Jinja renders, and
    refuses only what Jinja itself cannot render. (``~`` is left out: plangen's writes only text and
    numbers — ``[] ~ 1`` is refused, where Jinja would write the list's repr.)"""
    mine, jinja = ours(source), plain(source)
    if isinstance(jinja, str):
        assert mine == jinja
    else:
        assert isinstance(mine, PlanError)


@pytest.mark.parametrize(
    "expression",
    ["1e999|int", "-1e999", "1e999 - 1e999", "10**400", "1e999", "[1e999]|first", "'x' if 1e999 else 'y'"],
)
def test_non_finite_and_huge_constants(expression: str) -> None:
    """Jinja's compiler writes inf and nan into Python code as bare names (NameError at render
    time): plangen refuses such constants where they are written."""
    mine = ours("{{ " + expression + " }}")
    assert isinstance(mine, PlanError)
    assert "超出范围" in mine.message or "乘方" in mine.message


@pytest.mark.parametrize(
    "expression", ["1e999|int", "-1e999", "1e999 - 1e999", "10**400", "'\\x01'", "'\\ud800'", "9" * 5000]
)
def test_set_title_never_ends_in_an_internal_error(tmp_path: Path, expression: str) -> None:
    spec = tmp_path / "plan.yaml"
    spec.write_text(
        (REPO / "examples" / "hospital-branch.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plangen",
            "build",
            str(spec),
            "-o",
            str(tmp_path / "out"),
            "--no-office",
            "--set",
            "title={{ " + expression + " }}",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"错误：--set title={{{{ {expression} }}}}：")  # the option, no line
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
