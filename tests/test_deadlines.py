"""Deadlines the plan's text states bind its calendar: read from the words a secretary writes,
bound to the rule they speak of, kept by moving the activity earlier, and said when they cannot be."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import write
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.document import Document, Paragraph, Recurrence, RunIn
from plangen.schedule import schedule
from plangen.schedule.deadlines import number, stated, unmet
from plangen.schedule.holidays import work_calendar
from plangen.schedule.rules import recurrence
from plangen.schema.models import ScheduleRule as RuleModel
from plangen.schema.models import freeze


def rec(
    source: str, name: str, on: str, every: str = "month", index: int = 0, **fields: object
) -> Recurrence:
    rule = freeze(RuleModel.model_validate({"name": name, "every": every, **fields}))
    return recurrence(rule, name=name, on=on, owner="组织委员", source=source, index=index)


def plan(year: int, texts: list[tuple[str, str]], recurrences: list[Recurrence]) -> Document:
    doc = Document("计划", year, "测试党支部", dt.date(year, 1, 4))
    doc.body = [Paragraph(text, source) for text, source in texts]
    doc.recurrences = recurrences
    return doc


DUES = [rec("o.dues", "收缴党费", "20日"), rec("o.dues", "公布党费收缴情况", "25日", index=1)]


@pytest.mark.parametrize(
    ("text", "phrase", "day", "by"),
    [
        ("支部每月10日前完成收缴。", "每月10日前", 10, None),
        ("支部每月１０日前完成收缴。", "每月10日前", 10, None),  # full-width digits, as pasted
        ("支部每月十日前完成收缴。", "每月十日前", 10, None),
        ("支部每个月的5号之前完成收缴。", "每个月的5号之前", 5, None),
        ("3月底前召开组织生活会。", "3月底前", 0, dt.date(2027, 3, 31)),
        ("二月末前召开组织生活会。", "二月末前", 0, dt.date(2027, 2, 28)),
        ("12月20日前召开组织生活会。", "12月20日前", 0, dt.date(2027, 12, 20)),
        ("第一季度内召开组织生活会。", "第一季度内", 0, dt.date(2027, 3, 31)),
        ("上半年内召开组织生活会。", "上半年内", 0, dt.date(2027, 6, 30)),
    ],
)
def test_deadlines_in_the_words_secretaries_write(
    text: str, phrase: str, day: int, by: dt.date | None
) -> None:
    recs = [rec("o.dues", "收缴党费", "20日"), rec("o.dues", "组织生活会", "4月下旬", every="year", index=1)]
    (deadline,) = stated(plan(2027, [(text, "o.dues")], recs))
    assert (deadline.phrase, deadline.day, deadline.by) == (phrase, day, by)


@pytest.mark.parametrize(
    "text",
    [
        "每月32日前完成收缴。",  # no such day
        "2月30日前召开组织生活会。",
        "把学习贯彻大会精神作为第四季度学习重点。",  # a season, not a deadline
        "支部委员会会议一般每月召开1次。",
        "2026年12月20日前完成上年度总结。",  # another year's date
    ],
)
def test_what_is_not_a_deadline(text: str) -> None:
    recs = [rec("o.dues", "收缴党费", "20日"), rec("o.dues", "组织生活会", "4月下旬", every="year", index=1)]
    assert stated(plan(2027, [(text, "o.dues")], recs)) == []


def test_the_sentence_is_said_as_written() -> None:
    """Only the digits are read half-width: the sentence a finding quotes keeps its own punctuation."""
    text = "党员按月交纳党费，支部每月１０日前完成收缴（含预备党员）。"
    (deadline,) = stated(plan(2027, [(text, "o.dues")], DUES))
    assert deadline.sentence == "党员按月交纳党费，支部每月10日前完成收缴（含预备党员）"


def test_chinese_numbers() -> None:
    assert [number(t) for t in ["十", "十五", "二十", "二十八", "三十一", "九", "10"]] == [
        10,
        15,
        20,
        28,
        31,
        9,
        10,
    ]


def test_the_deadline_binds_the_rule_its_clause_names() -> None:
    """“支部每月10日前完成收缴，收缴情况定期公布”: the deadline is the collection's, not the notice's,
    though the sentence names the notice more fully."""
    text = "党员按月交纳党费，支部每月10日前完成收缴，收缴情况定期在支部内公布。"
    (deadline,) = stated(plan(2027, [(text, "o.dues")], DUES))
    assert deadline.rules == (("o.dues", 0),)


def test_another_blocks_rule_only_when_the_sentence_names_it_whole() -> None:
    recs = [rec("p.report", "向上级党组织报告年度工作", "1月下旬", every="year")]
    named = "1月底前向上级党组织书面报告上年度工作情况。"
    vague = "1月底前完成各项总结。"
    assert stated(plan(2027, [(named, "other")], recs))[0].rules == (("p.report", 0),)
    assert stated(plan(2027, [(vague, "other")], recs)) == []


def test_an_activity_past_the_stated_day_moves_before_it() -> None:
    """The rule says 20日, the text 每月5日前: every collection falls on a working day by the 5th —
    but in May and October, whose 1st to 5th are 劳动节 and 国庆: there it stays, marked a conflict."""
    doc = schedule(plan(2027, [("支部每月5日前完成收缴。", "o.dues")], DUES), appendix=False)
    dues = [event for event in doc.events if event.name == "收缴党费"]
    calendar = work_calendar(2027)
    assert len(dues) == 12
    for event in dues:
        assert "正文“每月5日前”" in event.why
        if event.date.month in (5, 10):
            assert event.conflict and event.date.day == 20
        else:  # the last working day by the 5th: as late as the rule wanted, as the text allows
            last = max(d for d in range(1, 6) if calendar.is_workday(dt.date(2027, event.date.month, d)))
            assert event.date.day == last and not event.conflict, event
    assert [event.date.month for _, event in unmet(doc)] == [5, 10]


def test_a_deadline_no_working_day_can_meet_is_a_conflict() -> None:
    """每月1日前: in a month whose 1st is a day off (元旦, a weekend, 国庆) nothing comes before it."""
    doc = schedule(plan(2027, [("支部每月1日前完成收缴。", "o.dues")], DUES), appendix=False)
    calendar = work_calendar(2027)
    off = {month for month in range(1, 13) if not calendar.is_workday(dt.date(2027, month, 1))}
    assert {1, 10} <= off
    assert {event.date.month for _, event in unmet(doc)} == off
    assert all(e.conflict for e in doc.events if e.name == "收缴党费" and e.date.month in off)


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(2020, 2035),
    limit=st.integers(1, 28),
    on=st.integers(1, 28),
    month_end=st.integers(1, 12),
    written=st.sampled_from(["每月{d}日前完成收缴", "收缴党费每月{d}号之前完成"]),
)
def test_the_calendar_keeps_every_deadline_its_text_states_or_says_which_it_cannot(
    year: int, limit: int, on: int, month_end: int, written: str
) -> None:
    recs = [
        rec("o.dues", "收缴党费", f"{on}日"),
        rec("o.life", "组织生活会", f"{month_end % 12 + 1}月中旬", every="year"),
    ]
    texts = [(written.format(d=limit) + "。", "o.dues"), (f"{month_end}月底前召开组织生活会。", "o.life")]
    doc = schedule(plan(year, texts, recs), appendix=False)
    assert {d.source for d in stated(doc)} == {"o.dues", "o.life"}
    assert [e.name for e in doc.events].count("收缴党费") == 12 and len(doc.events) == 13
    calendar = work_calendar(year)
    for deadline, event in unmet(doc):  # late only where no working day comes before the deadline
        limit = deadline.limit(event)
        first = limit.replace(day=1) if deadline.kind == "monthly" else dt.date(year, 1, 1)
        days = (first + dt.timedelta(days=n) for n in range((limit - first).days + 1))
        assert not any(calendar.is_workday(day) for day in days), (deadline, event)
        assert event.conflict  # and marked, so schedule --check and lint say it


def test_lint_and_schedule_check_say_an_unmet_deadline(cli, tmp_path: Path) -> None:
    """A user's block whose text promises collection by the 1st: where no working day comes before
    it, ``lint`` warns (A006) and ``schedule --check`` names the conflict."""
    library = tmp_path / "lib"
    write(
        library / "blocks" / "extra" / "dues.yaml",
        """
        id: extra.dues
        title: 党费收缴
        category: extra
        body:
          - p: 支部每月1日前完成收缴。
        schedule:
          - name: 收缴党费
            owner: 组织委员
            every: month
            on: 3日
        """,
    )
    spec = write(
        tmp_path / "plan.yaml",
        """
        template: hospital-branch
        year: 2027
        org: {name: 测试党支部, members: 20}
        sections: {add: [{block: extra.dues}]}
        """,
    )
    linted = cli("lint", str(spec), "--library", str(library))
    said = linted.out + linted.err
    assert "A006" in said and "每月1日前" in said, said
    checked = cli("schedule", "--check", str(spec), "--library", str(library))
    assert checked.code == 1
    said = checked.out + checked.err
    assert "“每月1日前”（extra.dues）" in said and "冲突" in said, said


def test_a_numbered_items_text_states_deadlines_too() -> None:
    doc = plan(2027, [], DUES)
    doc.body = [RunIn(3, "1.", "按时交纳党费", "支部每月8日前完成收缴，收缴情况每季度公布", "o.dues")]
    (deadline,) = stated(doc)
    assert (deadline.phrase, deadline.rules) == ("每月8日前", (("o.dues", 0),))
