"""The untrusted-YAML reader: values, lines, and refusal of hostile input."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.errors import PlanError
from plangen.safeyaml import MAX_DEPTH, load_file, load_text


def test_values_and_lines() -> None:
    data, source = load_text(
        "a: 1\non: 第一个星期五\nlist:\n  - x: yes\n    y: |\n      第一行\n      第二行\n  - 2027-01-05\n"
        'quoted: "007"\nflag: true\nnothing: ~\n',
        "t.yaml",
    )
    assert data == {
        "a": 1,
        "on": "第一个星期五",  # a key is always text (YAML 1.1 would make it True)
        "list": [{"x": "yes", "y": "第一行\n第二行\n"}, dt.date(2027, 1, 5)],  # yes stays text
        "quoted": "007",
        "flag": True,
        "nothing": None,
    }
    assert source.line(("a",)) == 1
    assert source.line(("list", 0, "y")) == 5
    assert source.text_line(("list", 0, "y")) == 6  # block scalar content starts below the "|"
    assert source.line(("list", 1)) == 8
    assert source.line(("list", 0, "missing")) == 4  # nearest known enclosing value


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            "a: 1\nb: !!python/object/apply:os.system ['echo pwned']\n",
            "不允许使用 YAML 标签 !!python/object/apply:os.system",
            2,
        ),
        ("x: !!python/name:os.system\n", "不允许使用 YAML 标签", 1),
        ("- !custom 1\n", "不允许使用 YAML 标签 !custom", 1),
        ("a: 1\na: 2\n", "重复的键“a”", 2),
        ("a: 1\n---\nb: 2\n", "只能包含一个 YAML 文档", 2),
        ("a: [1, 2\n", "YAML 语法错误", None),
        ("? [1, 2]\n: x\n", "映射的键必须是简单文本", 1),
        ("a: *nothing\n", "引用了未定义的锚点", 1),
    ],
)
def test_refused(text: str, message: str, line: int | None) -> None:
    with pytest.raises(PlanError) as caught:
        load_text(text, "bad.yaml")
    assert message in caught.value.message
    assert str(caught.value.path) == "bad.yaml"
    if line is not None:
        assert caught.value.line == line


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(PlanError) as caught:
        load_text(billion_laughs(), "bomb.yaml")
    assert "别名炸弹" in caught.value.message
    assert time.perf_counter() - started < 10  # a guard against hanging, not a benchmark


def test_small_aliases_still_work() -> None:
    data, _ = load_text("base: &b {x: 1}\nother: *b\n")
    assert data["other"] == {"x": 1}


DEEP = 5000
NESTED = {
    "flow-sequences": ("[" * DEEP + "]" * DEEP + "\n", 1),
    "flow-mappings": ("{a: " * DEEP + "}" * DEEP + "\n", 1),
    "block-mappings": "".join("  " * i + "a:\n" for i in range(DEEP)),
    "block-sequences": "".join("  " * i + "-\n" for i in range(DEEP)),
    "flow-in-block": ("title: 测试\nbody:\n  - p: " + "[{x: " * DEEP + "}]" * DEEP + "\n", 3),
    "block-then-flow": ("".join("  " * i + "k:\n" for i in range(30)) + "  " * 30 + "v: " + "[" * DEEP, 31),
    "flow-over-lines": ("x: " + "[\n" * DEEP + "]" * DEEP + "\n", MAX_DEPTH),
}


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_deep_nesting_is_our_error_whatever_the_parser(shape: str) -> None:
    """A 5,000-deep file is refused by plangen's own limit, at the line where that limit is passed,
    however far ahead the installed libyaml reads or whatever limit of its own it has (PyYAML 6.0.4
    refuses past 1,000 levels, in English)."""
    case = NESTED[shape]
    text, line = case if isinstance(case, tuple) else (case, MAX_DEPTH + 1)
    started = time.perf_counter()
    with pytest.raises(PlanError) as caught:
        load_text(text, "deep.yaml")
    assert caught.value.message == f"嵌套层数超过 {MAX_DEPTH} 层"
    assert (caught.value.path, caught.value.line) == ("deep.yaml", line)
    assert time.perf_counter() - started < 10  # a guard against hanging, not a benchmark


@pytest.mark.parametrize(
    "text",
    ["a: [1, 2\n", "a: 'b\n", "a:\n  - b\n c: d\n", "a: b: c\n", "{a: 1\n", "- a\nb: c\n", "a: @x\n"],
)
def test_syntax_errors_in_our_words(text: str) -> None:
    """Whatever PyYAML says (asked here directly), the user reads Chinese with the line."""
    with pytest.raises(yaml.YAMLError) as said:
        list(yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    with pytest.raises(PlanError) as caught:
        load_text(text, "bad.yaml")
    english = [str(getattr(said.value, part, "") or "") for part in ("problem", "context")]
    assert caught.value.message.startswith("YAML 语法错误：")
    assert not any(words and words in str(caught.value) for words in english)
    assert not re.search("[A-Za-z]{4,}", caught.value.message.replace("YAML", ""))
    assert caught.value.line is not None and caught.value.line >= 1


def test_yaml_1_1_surprises_do_not_happen() -> None:
    data, _ = load_text("a: no\nb: 1:30\nc: 0777\nd: off\n")
    assert data == {"a": "no", "b": "1:30", "c": "0777", "d": "off"}  # no octal, no sexagesimal


def test_load_file_reads_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "gb.yaml"
    path.write_bytes("name: 内科第一党支部\n".encode("gb18030"))
    data, source = load_file(path)
    assert data == {"name": "内科第一党支部"}
    assert source.path == path


# --- property: whatever safe_dump writes, we read back identically -----------------------------

scalars = st.one_of(
    st.text(
        alphabet=st.characters(
            codec="utf-8",
            exclude_categories=("Cc", "Cs", "Zl", "Zp"),
            # and the noncharacters U+FDD0–FDEF, which plangen refuses in any text (textio.FORBIDDEN)
            exclude_characters="\ufeff\ufffe\uffff" + "".join(map(chr, range(0xFDD0, 0xFDF0))),
        ),
        max_size=30,
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_党支部计划", min_size=1, max_size=8)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, documents, min_size=1, max_size=5))
def test_round_trip_with_safe_dump(value: dict) -> None:
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
    loaded, source = load_text(text)
    assert loaded == value
    for key in value:
        assert source.line((key,)) is not None
