"""Chinese numerals and the four GB/T 9704 ordinal levels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plangen.numbering import cn_digits, cn_number, ordinal, parse_cn_number, parse_ordinal


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (106, "一百零六"),
        (110, "一百一十"),
        (1000, "一千"),
        (1010, "一千零一十"),
        (10000, "一万"),
        (10001, "一万零一"),
        (120000, "十二万"),
    ],
)
def test_cn_number(n: int, text: str) -> None:
    assert cn_number(n) == text


@pytest.mark.parametrize(
    ("level", "n", "text"),
    [
        (1, 1, "一、"),
        (1, 11, "十一、"),
        (2, 12, "（十二）"),
        (3, 21, "21."),
        (4, 35, "（35）"),
        (1, 99, "九十九、"),
    ],
)
def test_ordinal_examples(level: int, n: int, text: str) -> None:
    assert ordinal(level, n) == text


def test_fifth_level_and_zero_are_refused() -> None:
    with pytest.raises(ValueError):
        ordinal(5, 1)
    with pytest.raises(ValueError):
        ordinal(1, 0)


def test_year_digits() -> None:
    assert cn_digits(2027) == "二〇二七"


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=4))
def test_every_ordinal_parses_back(n: int, level: int) -> None:
    text = ordinal(level, n) + "加强理论学习"
    assert parse_ordinal(text) == (level, n, "加强理论学习")


@given(st.integers(min_value=0, max_value=9999))
def test_cn_number_round_trip(n: int) -> None:
    assert parse_cn_number(cn_number(n)) == n


@given(st.integers(min_value=1, max_value=98), st.integers(min_value=1, max_value=4))
def test_ordinals_are_distinct_and_ordered(n: int, level: int) -> None:
    assert ordinal(level, n) != ordinal(level, n + 1)
    assert parse_ordinal(ordinal(level, n + 1))[1] == parse_ordinal(ordinal(level, n))[1] + 1


@pytest.mark.parametrize("text", ["1、加强", "(一)加强", "一.加强", "（1)加强"])
def test_loose_ordinals_from_recycled_plans(text: str) -> None:
    assert parse_ordinal(text) is not None


@pytest.mark.parametrize("text", ["2027年工作计划", "党支部", "1.5倍", ""])
def test_text_without_ordinal(text: str) -> None:
    assert parse_ordinal(text) is None


@given(st.integers(min_value=1, max_value=9999))
def test_written_numbers_read_back(n: int) -> None:
    from plangen.numbering import parse_written_number

    assert parse_written_number(cn_number(n)) == n
    assert parse_written_number(cn_digits(n)) == n  # 二〇二七, as years are written
    assert parse_written_number(str(n)) == n
    assert parse_written_number(str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == n
    assert parse_written_number("第" + str(n)) is None


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1.2026年度集中学习安排", (3, 1, "2026年度集中学习安排")),  # item 1 about a year, not 1.2026
        ("(一)、规范支部设置", (2, 1, "规范支部设置")),  # the 、 after the brackets is the ordinal's
        ("（二）、严格组织生活", (2, 2, "严格组织生活")),
        ("(3)、按月落实", (4, 3, "按月落实")),
        ("1.5倍于去年", None),
    ],
)
def test_ordinals_as_the_world_writes_them(text: str, parsed: tuple | None) -> None:
    assert parse_ordinal(text) == parsed
