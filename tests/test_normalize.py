"""The reading of the world's text: traditional and half-width forms read as plangen's own, column
for column."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plangen.readers.normalize import full_width, has_traditional, reading, readings, simplified

TEXT = st.text(
    alphabet=st.sampled_from(
        list('党支部黨組織學習貫徹發展員會議，。、（）(),;:?!"“”1234 .abcXY一二三十年月')
    ),
    max_size=80,
)


@given(TEXT)
def test_the_reading_keeps_every_column(text: str) -> None:
    """A position in the reading is the same position in the user's text, and reading twice
    changes nothing more."""
    read = reading(text)
    assert len(read) == len(text)
    assert reading(read) == read


def test_traditional_characters_read_as_simplified() -> None:
    assert (
        simplified("深入學習貫徹黨的二十大精神，開好組織生活會")
        == "深入学习贯彻党的二十大精神，开好组织生活会"
    )
    assert has_traditional("黨支部") and not has_traditional("党支部工作计划")
    assert simplified("党支部工作计划") == "党支部工作计划"


def test_half_width_punctuation_next_to_chinese_reads_full_width() -> None:
    assert full_width("(一)加强学习,每月1次;时间:09:30") == "（一）加强学习，每月1次；时间：09:30"
    assert full_width('开展"三会一课"活动') == "开展“三会一课”活动"
    assert full_width("see (a), b: c") == "see (a), b: c"  # English stays English
    assert full_width("增长1.5%") == "增长1.5%"


def test_traditional_is_found_past_what_gb2312_lacks_besides_chinese() -> None:
    """Bullets, emoji and other marks outside GB 2312 are not Chinese: only a Chinese character
    outside it makes a text traditional, wherever it is."""
    assert not has_traditional("• 党支部工作计划 😀 ✔ 2027")
    assert has_traditional("• 😀 ✔" * 1000 + "黨")
    assert not has_traditional("")


def test_a_documents_lines_are_read_as_one_text() -> None:
    """於 and 後 are in GB 2312 too: a line of them alone is read as simplified when its document
    is traditional, and left as written in a simplified one."""
    assert readings(["黨支部工作計劃", "於3月前完成,之後總結"]) == ["党支部工作计划", "于3月前完成，之后总结"]
    assert readings(["党支部工作计划", "於3月前完成"]) == ["党支部工作计划", "於3月前完成"]
    assert readings([]) == []
