"""Layout arithmetic: widths, 避头尾 line breaking, title wrapping, page estimates."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.layout import (
    MID_WORD,
    NO_LINE_START,
    TITLE_CHARS,
    _break_allowed,
    _break_cost,
    width,
    wrap,
    wrap_title,
)

CJK = "党支部工作计划加强组织建设学习贯彻年度医院社区委员会关于印发要点的通知"
text_alphabet = st.sampled_from(list(CJK + "，。、；：“”《》（）0123456789ab "))


def test_widths() -> None:
    assert width("党支部") == 3
    assert width("2027年") == pytest.approx(
        2 * 0.4921 * 2 + 1 + 0.2, abs=0.01
    )  # digits are half width, plus the gap
    assert width("“三会一课”") == 6


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=text_alphabet, min_size=1, max_size=200))
def test_wrap_keeps_every_character_and_respects_the_measure(text: str) -> None:
    lines = wrap(text, 26, 28)
    assert "".join(lines) == text
    assert all(lines)
    for index, line in enumerate(lines):
        capacity = 26 if index == 0 else 28
        # a line overflows only by what 避头尾 carried over (≤ 4 characters) or by one unbreakable number
        assert width(line) <= capacity + 4 or not re.search(r"[^A-Za-z0-9.,%'’:/-]", line.strip())
        if index > 0 and line[0] in NO_LINE_START:  # only where the previous line had nothing to give
            previous = lines[index - 1]
            assert (
                len(previous) <= 1 or previous[-1] in NO_LINE_START or not re.search(r"[\u4e00-\u9fff]", line)
            )


def test_wrap_matches_libreoffice_on_real_lines() -> None:
    # observed in LibreOffice 7.4: the forbidden "、" pulls "党" down with it
    text = "1次，听取和讨论支部工作情况，按规定程序讨论接收预备党员、预备党员转正和表彰推荐等事项"
    assert wrap(text, 28, 28)[0] == "1次，听取和讨论支部工作情况，按规定程序讨论接收预备党"


titles = st.builds(
    lambda org, unit, year, tail: f"{org}{unit}{year}年{tail}",
    st.text(alphabet=st.sampled_from(list("江城市第一人民医院机关行政后勤")), min_size=2, max_size=14),
    st.sampled_from(["党支部", "党委", "党总支", "第二党支部"]),
    st.integers(min_value=2026, max_value=2035),
    st.sampled_from(
        ["工作计划", "党建工作计划", "度党建工作和党风廉政建设工作计划", "关于印发《党建工作要点》的通知"]
    ),
)


@settings(max_examples=300, deadline=None)
@given(titles)
def test_title_wrapping(title: str) -> None:
    lines = wrap_title(title)
    assert "".join(lines) == title
    assert all(width(line) <= TITLE_CHARS for line in lines)
    assert len(lines) == 1 or width(title) > TITLE_CHARS
    edges = [len("".join(lines[: i + 1])) for i in range(len(lines) - 1)]
    for edge in edges:
        before, after = title[edge - 1], title[edge]
        assert not (before.isdigit() and after.isdigit()), "a number was split"
        assert not (before.isdigit() and after in "年月日"), "a number was split from its unit"
        assert title.count("《", 0, edge) == title.count("》", 0, edge), "《…》 was split"
    if len(lines) == 2 and width(lines[0]) > width(lines[1]):
        # long over short only where no break at a recognised joint gives short over long
        for i in range(1, len(title)):
            head, tail = width(title[:i]), width(title[i:])
            if _break_allowed(title, i) and _break_cost(title, i) < MID_WORD:
                assert not (head <= tail <= TITLE_CHARS), (lines, title[:i])


def test_title_prefers_natural_joints() -> None:
    assert wrap_title("江城市第一人民医院内科第一党支部2027年度党建工作计划") == [
        "江城市第一人民医院",
        "内科第一党支部2027年度党建工作计划",
    ]
    # short over long (正梯形); the name is too long for the top line, so it is broken before the
    # form of the organisation, never inside a word
    assert wrap_title("中共江城市第一人民医院委员会2028年党建工作计划") == [
        "中共江城市第一人民医院",
        "委员会2028年党建工作计划",
    ]
    assert wrap_title("江城智能装备股份有限公司党支部2027年工作计划") == [
        "江城智能装备",
        "股份有限公司党支部2027年工作计划",
    ]
    assert wrap_title("中共江城市第一人民医院委员会关于印发《2027年党建工作要点》的通知") == [
        "中共江城市第一人民医院委员会关于",
        "印发《2027年党建工作要点》的通知",
    ]


@pytest.mark.parametrize("title", ["中" * 200, "." * 200, "a b" * 66, "《" + "中" * 150 + "》"])
def test_very_long_titles_wrap(title: str) -> None:
    # it used to try every combination of 9 breaks among 200 places, and never returned
    lines = wrap_title(title)
    assert "".join(lines) == title
    assert all(width(line) <= TITLE_CHARS for line in lines)


_CJK = st.text(
    st.sampled_from("中共江城市高新技术产业开发区智能装备股份有限公司第一人民医院委员会党支部社区街道"),
    min_size=2,
    max_size=48,
)


@settings(max_examples=200, deadline=None)
@given(org=_CJK, date=st.sampled_from(["2027年1月4日", "2027年12月30日", "二〇二七年一月四日"]))
def test_a_signature_always_fits_and_keeps_its_date_whole(org: str, date: str) -> None:
    """Any name: its lines fit the line less 2 字 and join to the name; a name that fits stays one
    line; the date fits the line from where it starts (2 字 right of the name, or 2 字 from the right)."""
    from plangen.layout import CHARS_PER_LINE, SIGNATURE_RIGHT, signature_layout, width

    lines, name_right, date_right = signature_layout(org, date)
    assert "".join(lines) == org
    assert (len(lines) == 1) == (width(org) <= CHARS_PER_LINE - SIGNATURE_RIGHT)
    assert all(width(line) + name_right <= CHARS_PER_LINE + 1e-9 for line in lines)
    assert date_right >= SIGNATURE_RIGHT - 1e-9 and date_right + width(date) <= CHARS_PER_LINE + 1e-9
    longest = max(width(line) for line in lines)
    if date_right > SIGNATURE_RIGHT:  # the date starts 2 字 right of the name's first character
        assert (
            abs((CHARS_PER_LINE - name_right - longest + 2) - (CHARS_PER_LINE - date_right - width(date)))
            < 1e-9
        )
