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
    """In 字 of 15.75 pt (16 pt glyphs, −0.25 pt apart), as LibreOffice sets them: digits half an em,
    1/5 em between an ideograph and a digit, 1/4 pt more where the script or font changes."""
    from plangen.layout import AUTOSPACE, CHANGE

    assert width("党支部") == 3
    assert width("2027年") == pytest.approx(4 * 7.75 / 15.75 + 1 + AUTOSPACE + CHANGE)
    assert round(AUTOSPACE * 15.75, 9) == 3.2 and round(CHANGE * 15.75, 9) == 0.25
    assert width("“三会一课”") == pytest.approx(6 + 2 * CHANGE)  # the marks are runs of their own
    assert width("，12") == pytest.approx(1 + 2 * 7.75 / 15.75 + CHANGE)  # no space after punctuation


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


# --- tables, Latin metrics, what the model cannot know ----------------------------------------------

_CELL = st.text(
    st.sampled_from(list("支部委员会会议党小组会学习交流（）、；2027年第12次PDCA ")), max_size=120
)


@settings(max_examples=200, deadline=None)
@given(
    header=st.lists(_CELL, min_size=1, max_size=5),
    rows=st.lists(st.lists(_CELL, max_size=6), max_size=8),
    widths=st.one_of(st.none(), st.lists(st.floats(0.2, 6), min_size=1, max_size=5)),
)
def test_every_table_row_takes_whole_lines_enough_for_its_tallest_cell(header, rows, widths) -> None:
    """A row is the fewest body lines that hold its tallest cell at the 19.3 pt pitch, its margins
    and its rule (the header 1/2 pt less): the writer's trHeight, and the model's."""
    from plangen.document import Table
    from plangen.layout import (
        CELL_BORDER,
        CELL_LINE,
        CELL_MARGIN_H,
        CELL_MARGIN_V,
        CELL_SAFETY,
        LINE,
        column_widths,
        table_rows,
    )

    table = Table(header, rows, widths)
    heights = table_rows(table)
    assert len(heights) == 1 + len(rows)
    measures = [(w - 2 * CELL_MARGIN_H) / 280 - CELL_SAFETY for w in column_widths(table)]
    for row, lines in zip([header, *rows], heights, strict=True):
        tallest = max(
            (len(wrap(c, max(m, 1), max(m, 1), cell=True)) for c, m in zip(row, measures, strict=False)),
            default=1,
        )
        need = tallest * CELL_LINE + 2 * CELL_MARGIN_V + 2 * CELL_BORDER
        assert lines >= 1 and (lines - 1) * LINE < need <= lines * LINE
    assert sum(column_widths(table)) == pytest.approx(8844, abs=len(header))


def test_latin_widths_are_times_new_romans() -> None:
    """From data/latin_metrics.json: a digit is 1/2 em, “m” 0.778 em, “i” 0.278 em (Times New Roman)."""
    from plangen.layout import _metrics

    assert _metrics("0", cell=True)[0] == 0.5
    assert _metrics("m", cell=True)[0] == pytest.approx(0.778, abs=0.001)
    assert _metrics("i", cell=True)[0] == pytest.approx(0.278, abs=0.001)
    assert width("mmmm") > width("iiii") * 2.5  # the old table gave every lower-case letter 0.45 em


def test_the_model_says_when_it_cannot_be_sure() -> None:
    """Digits in a font whose widths it lacks, or letters outside its tables: a note, not silence."""
    import datetime as dt

    from plangen.document import Document, Paragraph, Table
    from plangen.layout import uncertain

    doc = Document("测试党支部2027年工作计划", 2027, "测试党支部", dt.date(2027, 1, 4))
    doc.intro = [Paragraph("全年开展学习12次。")]
    assert uncertain(doc) == []
    assert "“Arial”" in uncertain(doc, "Arial")[0]
    assert "中文字体" in uncertain(doc, "")[0]
    doc.intro.append(Paragraph("与 Café 合作。"))
    assert "é" in uncertain(doc)[0]
    doc.intro.pop()
    doc.body = [Table(["序", "内容"], [["1", "学习" * 20]], [3, 30])]
    assert uncertain(doc) == []
    doc.body = [Table(["序", "内容"], [["学习" * 40, "学习"]], [3, 30])]  # 80 字 in a 2-字 column
    assert "超过一页" in uncertain(doc)[0]
    doc.body = [Table(["序", "内容"], [["1", "学习"]], [1, 30])]  # a column under 2 字
    assert "窄于两个字" in uncertain(doc)[0]


def test_a_number_wider_than_its_cell_is_broken_inside() -> None:
    """LibreOffice breaks inside what no line can hold; the model counts at least as many lines."""
    assert wrap("101名党员", 0.9, 0.9, cell=True) == ["1", "0", "1", "名", "党", "员"]
    # observed in LibreOffice 7.4 (a 3.3-字 cell): “，75.6%” moves down with “养”, too wide together
    # “养” stays alone, and the number is broken where its own line is full
    assert wrap("培养，75.6%组织党", 3.09, 3.09, cell=True) == ["培", "养", "，75.6", "%组织", "党"]


def test_every_shared_mark_passes_the_writers_quick_check() -> None:
    """The writer looks at a run one character at a time only where NOT_PLAIN finds something: no
    mark the model counts as a run of its own (is_shared) may slip through it."""
    from plangen.layout import NOT_PLAIN, is_shared

    slipped = [hex(c) for c in range(0x80, 0x10000) if is_shared(chr(c)) and not NOT_PLAIN.match(chr(c))]
    assert slipped == []
    assert NOT_PLAIN.search("党支部，（一）2027年工作计划。") is None  # the usual text: one run


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="党支部会议月、0123456789【】：", max_size=40), min_size=1, max_size=5),
                min_size=2, max_size=5))  # fmt: skip
def test_fitted_columns_fill_the_text_width_and_hold_what_fits(columns: list[list[str]]) -> None:
    """A table's columns as wide as their widest cell when they fit, the rest to the first; when
    they do not, the shrinking columns give way and the others keep their widths."""
    from plangen.layout import TEXT_W, cell_twips, fitted_widths

    widths = fitted_widths(columns, grow=0, shrink=(0,))
    needs = [max(cell_twips(cell) for cell in column) for column in columns]
    assert abs(sum(widths) - TEXT_W) <= len(widths)
    if sum(needs) <= TEXT_W:
        assert widths[1:] == needs[1:] and widths[0] >= needs[0]
    elif sum(needs[1:]) + cell_twips("四个汉字") <= TEXT_W:
        assert widths[1:] == needs[1:]
