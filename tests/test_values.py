"""User text as a param's value: one definition (plangen.schema.values) that the wizard, a batch's
roster, ``--set`` and a plan file all go through — checked by property, and by looking for the
parsing it replaced."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plangen.schema.types import Param
from plangen.schema.values import (
    FALSE_WORDS,
    MAX_LIST_ITEMS,
    TRUE_WORDS,
    param_value,
    parse_bool,
    parse_date,
    parse_int,
    parse_list,
)
from plangen.wizard.questions import Question

SRC = Path(__file__).resolve().parents[1] / "src" / "plangen"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1), st.sampled_from(["", " ", "\t"]))
def test_every_integer_reads_back(number: int, pad: str) -> None:
    assert parse_int(f"{pad}{number}{pad}") == number
    assert parse_int(str(number).translate(FULL_WIDTH)) == number  # typed by a Chinese input method


@given(st.text())
def test_text_is_an_integer_only_when_it_is_written_as_one(text: str) -> None:
    stripped = text.strip()
    digits = stripped.lstrip("+-")
    try:
        value = parse_int(text)
    except ValueError as exc:
        assert str(exc) == f"“{stripped}”不是整数"
        return
    assert digits.isdecimal() and len(stripped) - len(digits) <= 1 and value == int(stripped)


@pytest.mark.parametrize("text", ["+3", "-1", " 23"])
def test_a_count_cell_is_unsigned(text: str) -> None:
    if text.strip().isdecimal():
        assert parse_int(text, signed=False) == 23
    else:
        with pytest.raises(ValueError, match=f"“{re.escape(text)}”不是整数"):
            parse_int(text, signed=False)


@pytest.mark.parametrize(
    "text", ["²", "1_000", "1e3", "0x1F", "", "+", "--1", "1.0", "二十三人", "十二月", "1" * 19]
)
def test_what_is_not_an_integer(text: str) -> None:
    with pytest.raises(ValueError, match="不是整数"):
        parse_int(text)


@given(st.sampled_from(sorted(TRUE_WORDS | FALSE_WORDS)), st.booleans(), st.sampled_from(["", " "]))
def test_yes_and_no_in_any_case(word: str, upper: bool, pad: str) -> None:
    assert parse_bool(pad + (word.upper() if upper else word) + pad) is (word in TRUE_WORDS)


@given(st.text().filter(lambda t: t.strip().lower() not in TRUE_WORDS | FALSE_WORDS))
def test_anything_else_is_neither(text: str) -> None:
    with pytest.raises(ValueError, match="应为“是”或“否”"):
        parse_bool(text)


@given(st.dates())
def test_dates_read_back(day: dt.date) -> None:
    assert parse_date(f" {day.isoformat()} ") == day


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="，,、;；\n"), min_size=1), max_size=20))
def test_lists_split_on_any_separator(items: list[str]) -> None:
    kept = [item.strip() for item in items if item.strip()]
    for separator in ("，", ",", "、", "；", "\n"):
        assert parse_list(separator.join(items)) == kept


@given(st.integers(min_value=-50, max_value=50))
def test_an_int_param_takes_text_and_numbers_alike_within_its_range(number: int) -> None:
    param = Param(type="int", label="次数", min=1, max=12)
    if 1 <= number <= 12:
        assert param_value(param, number) == param_value(param, str(number)) == number
    else:
        with pytest.raises(ValueError, match=r"不能(小|大)于"):
            param_value(param, str(number))


@given(st.lists(st.text(max_size=30), max_size=MAX_LIST_ITEMS))
def test_a_list_param_takes_a_list_or_its_text(items: list[str]) -> None:
    param = Param(type="list", label="清单")
    assert param_value(param, items) == items
    assert param_value(param, "、".join(items)) == parse_list("、".join(items))


def test_a_question_reads_as_a_param_does() -> None:
    """The wizard's int and yes/no answers are the same reading, with the same words."""
    assert Question("k", "int", "数").accept("２３") == 23
    assert Question("k", "bool", "是否").accept(" 是 ") is True
    for kind, text in (("int", "多"), ("bool", "也许")):
        with pytest.raises(ValueError) as wizard:
            Question("k", kind, "x").accept(text)
        with pytest.raises(ValueError) as param:
            param_value(Param(type=kind, label="x"), text)
        assert str(wizard.value) == str(param.value)


PARSING = [
    (r"\.isdecimal\(\)", "an integer read by hand"),
    (r"\bint\((text|cell|digits|str\()", "an integer read by hand"),
    (r"\"(no|false)\"", "yes/no words of its own"),
    (r"fromisoformat", "a date read by hand"),
]


@pytest.mark.parametrize("folder", ["wizard", "batch"])
def test_the_wizard_and_batch_do_not_parse_values_themselves(folder: str) -> None:
    found = [
        f"{path.relative_to(SRC)}:{number}: {why}"
        for path in sorted((SRC / folder).glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for pattern, why in PARSING
        if re.search(pattern, line)
    ]
    assert found == [], "use plangen.schema.values"


@pytest.mark.parametrize(
    ("text", "number"),
    [("二十三", 23), ("二", 2), ("一百零六", 106), ("十", 10), ("一十", 10), ("零", 0), ("１８", 18)],
)
def test_a_count_as_a_person_writes_it(text: str, number: int) -> None:
    """Chinese numerals and full-width digits, as typed in the wizard or a roster cell."""
    assert parse_int(text) == number
