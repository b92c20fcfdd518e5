"""The import's character count (:mod:`plangen.accounting`): every character of the source is found
at its own place, written or dropped; what is neither is quoted with its line, even where the
same characters were written somewhere else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.accounting import Piece, account
from plangen.importer import account as account_import
from plangen.importer import import_source, plan_files
from plangen.readers import Line, source_from_text

PLAN = """2027年第一党支部工作计划
为做好全年工作，制定本计划。
一、加强学习
每月开展一次集中学习。
二、抓好落实
落实三会一课制度。
每季度讲一次党课。
中共江城市人民医院第一支部委员会
2027年1月5日"""


def _blocks(files: dict) -> list[dict]:
    return [data for name, data in files.items() if name.startswith("blocks/")]


def test_an_imported_plan_is_found_character_for_character() -> None:
    imported = import_source(source_from_text(PLAN))
    accounting = account_import(imported, plan_files(imported))
    assert accounting.unplaced == ()
    assert accounting.total == sum(len(line.replace(" ", "")) for line in PLAN.splitlines())
    assert accounting.written + accounting.dropped == accounting.total
    assert accounting.dropped == len("一、二、")  # the ordinals, which plangen numbers again


def test_characters_written_elsewhere_do_not_stand_in_for_a_lost_paragraph() -> None:
    """The files lose “落实三会一课制度。” and hold its characters shuffled in another paragraph: a
    count of characters balances; the accounting quotes the lost paragraph with its line."""
    imported = import_source(source_from_text(PLAN))
    files = plan_files(imported)
    second = _blocks(files)[1]["body"]
    assert second[0] == {"p": "落实三会一课制度。"}
    second[0] = {"p": "课制度一三会落实。"}
    accounting = account_import(imported, files)
    assert accounting.unplaced == ((6, "落实三会一课制度。"),)
    assert accounting.missing == len("落实三会一课制度。")


def test_a_paragraph_written_twice_does_not_cover_a_lost_one() -> None:
    """The same sentence twice in the source, written once and then again in place of the second:
    fine. A different sentence lost while another is written twice: quoted."""
    imported = import_source(source_from_text(PLAN))
    files = plan_files(imported)
    second = _blocks(files)[1]["body"]
    second[1] = {"p": "落实三会一课制度。"}  # 每季度讲一次党课。 lost, the one before written twice
    accounting = account_import(imported, files)
    assert accounting.unplaced == ((7, "每季度讲一次党课。"),)


def test_the_report_quotes_each_place() -> None:
    from plangen.importer import report

    imported = import_source(source_from_text(PLAN))
    files = plan_files(imported)
    _blocks(files)[0]["body"] = [{"p": "（删去）"}]
    text = report(imported, [], sorted(files), account_import(imported, files))
    assert "有 11 字既未写入也未列出" in text
    assert "第 4 行：“每月开展一次集中学习。”" in text


def test_a_page_pasted_as_one_line_is_placed_piece_by_piece() -> None:
    """Ordinals dropped from one long line are each found at their own column."""
    one_line = PLAN.replace("\n", "")
    imported = import_source(source_from_text(one_line))
    assert len(imported.plans[0].sections) == 2
    accounting = account_import(imported, plan_files(imported))
    assert accounting.unplaced == ()


_TEXT = st.text(alphabet="党建学习组织一二三、。1", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_TEXT, min_size=1, max_size=8), data=st.data())
def test_what_is_taken_is_counted_once_and_the_rest_quoted(lines: list[str], data: st.DataObject) -> None:
    """Any split of any text into written pieces and dropped ones: written + dropped + quoted is the
    text; a piece written twice counts once."""
    source = [Line(text, number) for number, text in enumerate(lines, start=1)]
    pieces = []
    for number, text in enumerate(lines, start=1):
        cut = data.draw(st.integers(0, len(text)))
        keep = data.draw(st.booleans())
        pieces.append((number, text[:cut], text[cut:], keep))
    written = [text for _, text, _, keep in pieces if keep and text]
    written += written[:1]  # one written twice
    dropped = [Piece(rest, number, len(head)) for number, head, rest, _ in pieces if rest]
    accounting = account(source, [((1, len(lines)), written)], dropped)
    quoted = sum(len(text) for _, text in accounting.unplaced)
    assert accounting.written + accounting.dropped + quoted == accounting.total == sum(map(len, lines))
    lost = sum(len(head) for _, head, _, keep in pieces if not keep)
    assert quoted <= lost


def test_a_paywall_hint_inside_a_paragraph_and_a_heading_named_like_a_label() -> None:
    """The paragraph is written whole around the hint that was dropped from its middle; a section
    the user called 主要内容 (as plangen names a plan without headings) is the user's own text."""
    text = (
        "2027年第一党支部工作计划\n一、加强学习\n本支部将认真加强理论学习……此处已隐藏1234字，请下载查看全文……"
        "严格落实各项制度要求。\n二、主要内容\n抓好落实。"
    )
    imported = import_source(source_from_text(text))
    accounting = account_import(imported, plan_files(imported))
    assert accounting.unplaced == () and accounting.written + accounting.dropped == accounting.total


def test_tables_with_captions_in_a_long_plan_are_all_found() -> None:
    """Forty sections each with a captioned table: every caption found where it is (a search that
    gave up after a budget would quote them as lost)."""
    lines = ["# 2027年第一党支部工作计划"]
    for i in range(1, 41):
        lines += [f"## {i}、第{i}项工作", f"第{i}项工作要抓好落实。", f"**第{i}季度安排表**", "",
                  "| 月份 | 内容 |", "|---|---|", f"| {i}月 | 主题党日{i} |", ""]  # fmt: skip
    imported = import_source(source_from_text("\n".join(lines), markdown=True))
    assert account_import(imported, plan_files(imported)).unplaced == ()
