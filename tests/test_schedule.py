"""The annual calendar: rules in secretaries' words, dated around weekends, holidays and 调休, merged
by kind, and written as the 月度工作安排表, .ics (checked with icalendar and a real client, calcurse)
and CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE, REPO, write
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen.compose import Composer
from plangen.document import Recurrence, Table
from plangen.library import Library
from plangen.schedule import schedule
from plangen.schedule.holidays import work_calendar
from plangen.schedule.lunar import festival
from plangen.schedule.rules import date_events, parse_day, recurrence
from plangen.schema.load import load_spec
from plangen.schema.models import ScheduleRule as RuleModel
from plangen.schema.models import freeze
from plangen.schema.types import ScheduleRule

LIBRARY = Library.default(environ={})


def rule(**fields: object) -> ScheduleRule:
    frozen = freeze(RuleModel.model_validate({"name": "会", "every": "month", **fields}))
    assert isinstance(frozen, ScheduleRule)
    return frozen


def rec(**fields: object) -> Recurrence:
    data = dict(fields)
    on = data.pop("on", None)
    return recurrence(rule(**data), name=str(data.get("name", "会")), on=on, owner="书记")


# --- the words secretaries write ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "number", "weekday", "span", "month"),
    [
        ("第一个星期五", "nth", 1, 4, "", None),
        ("每月第三个星期二", "nth", 3, 1, "", None),
        ("第2个周四", "nth", 2, 3, "", None),
        ("最后一个星期日", "last", 0, 6, "", None),
        ("15日", "day", 15, 0, "", None),
        ("每月10号", "day", 10, 0, "", None),
        ("下旬", "span", 0, 0, "下旬", None),
        ("月末", "span", 0, 0, "月末", None),
        ("6月下旬", "span", 0, 0, "下旬", 6),
        ("十二月上旬", "span", 0, 0, "上旬", 12),
        ("1月末", "span", 0, 0, "月末", 1),
        ("3月第二个星期三", "nth", 2, 2, "", 3),
        ("7月1日", "day", 1, 0, "", 7),
    ],
)
def test_rules_in_secretaries_words(
    text: str, kind: str, number: int, weekday: int, span: str, month
) -> None:
    day = parse_day(text)
    assert (day.kind, day.number, day.weekday, day.span, day.month) == (kind, number, weekday, span, month)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("每月第九个星期八", "没有“第九个”"),
        ("第一个星期八", "没有“星期八”"),
        ("32日", "1 到 31"),
        ("每月开会时", "无法识别"),
        ("第六个星期一", "没有“第六个”"),
    ],
)
def test_impossible_rules_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_day(text)


def test_a_day_some_months_lack_must_say_what_happens() -> None:
    with pytest.raises(ValueError, match="missing: skip"):
        rec(on="第五个星期一")
    with pytest.raises(ValueError, match="missing: skip"):
        rec(on="31日")
    assert rec(on="31日", months=[1, 3]).day is not None  # every month it names has a 31st
    is_workday = work_calendar(2027).is_workday
    skipped = date_events([rec(on="第五个星期一", missing="skip", workday=False)], 2027, is_workday)
    last = date_events([rec(on="第五个星期一", missing="last", workday=False)], 2027, is_workday)
    assert len(last) == 12 and 0 < len(skipped) < 12
    assert all(event.date.weekday() == 0 for event in last)


def test_make_up_saturday_counts_as_a_working_day_in_2026() -> None:
    calendar = work_calendar(2026)
    assert calendar.source == "official" and calendar.note == ""
    assert dt.date(2026, 2, 14).weekday() == 5 and calendar.is_workday(dt.date(2026, 2, 14))  # 调休
    [kept] = date_events([rec(every="year", on="2月14日")], 2026, calendar.is_workday)
    assert kept.date == dt.date(2026, 2, 14) and not kept.moved
    [moved] = date_events([rec(every="year", on="2月16日")], 2026, calendar.is_workday)  # 春节
    assert moved.moved and moved.date > dt.date(2026, 2, 16) and calendar.is_workday(moved.date)
    before = date_events([rec(every="year", on="10月1日", shift="before")], 2026, calendar.is_workday)
    assert before[0].date.month == 10 and before[0].date > dt.date(2026, 10, 1)  # never leaves October
    assert calendar.is_workday(before[0].date)


def test_years_without_an_official_arrangement_are_estimated_and_say_so() -> None:
    calendar = work_calendar(2027)
    assert calendar.source == "estimated"
    assert "2027年节假日安排尚未公布" in calendar.note and "--holidays" in calendar.note
    assert not calendar.is_workday(dt.date(2027, 10, 1)) and not calendar.is_workday(dt.date(2027, 2, 6))


# --- properties ----------------------------------------------------------------------------------

WEEKDAY_CHARS = "一二三四五六日"
DAY_TEXTS = st.one_of(
    st.builds(lambda n, w: f"第{'一二三四'[n]}个星期{w}", st.integers(0, 3), st.sampled_from(WEEKDAY_CHARS)),
    st.builds(lambda w: f"最后一个星期{w}", st.sampled_from(WEEKDAY_CHARS)),
    st.builds(lambda d: f"{d}日", st.integers(1, 28)),
    st.sampled_from(["上旬", "中旬", "下旬", "月初", "月末"]),
)
RULES = st.fixed_dictionaries(
    {
        "every": st.sampled_from(["month", "quarter", "half-year"]),
        "on": DAY_TEXTS,
        "workday": st.booleans(),
        "shift": st.sampled_from(["after", "before"]),
        "months": st.one_of(st.none(), st.lists(st.integers(1, 12), min_size=1, max_size=12, unique=True)),
    }
)


@settings(max_examples=150, deadline=None)
@given(year=st.integers(2000, 2100), fields=RULES)
def test_any_valid_rule_in_any_year(year: int, fields: dict) -> None:
    recurrence_ = rec(**{k: v for k, v in fields.items() if v is not None})
    calendar = work_calendar(year)
    events = date_events([recurrence_], year, calendar.is_workday)
    again = date_events([recurrence_], year, calendar.is_workday)
    assert events == again  # deterministic
    assert [e.date for e in events] == sorted(e.date for e in events)  # in order
    months = (
        fields["months"]
        or {"month": range(1, 13), "quarter": (3, 6, 9, 12), "half-year": (6, 12)}[fields["every"]]
    )
    assert len(events) == len(set(months))  # one per month, none lost or doubled
    for event in events:
        assert event.date.year == year
        if fields["workday"] or fields["on"] in ("上旬", "中旬", "下旬", "月初", "月末"):
            assert calendar.is_workday(event.date), event


# --- the shipped plans ----------------------------------------------------------------------------


def dated(path: Path, *sets: str, year: int | None = None, holidays: Path | None = None):
    spec, source = load_spec(path, list(sets), year)
    doc = Composer(LIBRARY).compose(spec, source)
    doc = schedule(doc, holidays, appendix=True)
    return doc


@pytest.fixture(scope="module")
def hospital():
    return dated(EXAMPLE)


def names(doc) -> list[str]:
    return [event.name for event in doc.events]


def test_the_hospital_branch_year(hospital) -> None:
    events, calendar = hospital.events, work_calendar(2027)
    kinds = [e.kind for e in events]
    assert kinds.count("支部委员会会议") == 12
    assert kinds.count("支部党员大会") == 4
    assert kinds.count("党小组会") == 12
    assert kinds.count("党课") == 4  # organization.three-meetings.lectures_per_year: 4
    assert kinds.count("主题党日") == 12  # one per month: festivals replace the routine day
    assert kinds.count("组织生活会") == 1 and kinds.count("民主评议党员") == 1
    assert kinds.count("廉政党课") == 1
    assert all(calendar.is_workday(e.date) for e in events)  # every shipped rule asks for a working day
    theme = {e.date.month: e for e in events if e.kind == "主题党日"}
    assert theme[5].name == "国际护士节主题党日" and theme[7].name == "庆祝建党106周年主题党日"
    assert theme[8].name == "中国医师节暨建军100周年主题党日"
    for event in theme.values():  # the configured day: 每月第一个星期五, unless moved or a festival
        if event.name == "主题党日" and not event.moved:
            assert event.date.weekday() == 4 and event.date.day <= 7, event
    vocabulary = {
        "支部委员会会议",
        "支部党员大会",
        "党小组会",
        "主题党日",
        "党课",
        "组织生活会",
        "民主评议党员",
    }
    assert vocabulary <= set(names(hospital))
    assert "支部书记王丽" in {e.owner for e in events} and "组织委员" in {e.owner for e in events}


def test_every_rule_of_the_library_parses(tmp_path: Path) -> None:
    for template in [t.id for _, t in LIBRARY.all("template")]:
        for detail in ("concise", "full"):
            spec = write(
                tmp_path / f"{template}.yaml",
                f"template: {template}\nyear: 2027\norg: {{name: 测试党支部}}\n",
            )
            doc = dated(spec, f"detail={detail}")
            assert len(doc.events) >= 40, (template, detail)
            assert doc.appendices and doc.appendices[-1].title == "2027年月度工作安排表"


def test_params_and_removed_blocks_change_the_events(tmp_path: Path) -> None:
    thursday = dated(EXAMPLE, "params.organization.theme-day.theme_day=每月最后一个星期四")
    routine = [e for e in thursday.events if e.name == "主题党日" and not e.moved]
    assert routine and all(e.date.weekday() == 3 and e.date.day > 21 for e in routine)
    lectures = dated(EXAMPLE, "params.organization.three-meetings.lectures_per_year=12")
    assert [e.kind for e in lectures.events].count(
        "党课"
    ) == 4  # the rule is quarterly; the count is the text's
    spec = write(
        tmp_path / "plan.yaml",
        EXAMPLE.read_text(encoding="utf-8") + "sections: {remove: [organization.dues]}\n",
    )
    assert "收缴党费" in names(dated(EXAMPLE)) and "收缴党费" not in names(dated(spec))


def test_a_holidays_file_replaces_the_estimate(tmp_path: Path) -> None:
    holidays = write(
        tmp_path / "2027.yaml",
        """
        year: 2027
        holidays: [2027-01-01, 2027-02-05~2027-02-11, 2027-10-01~2027-10-07]
        workdays: [2027-02-13, 2027-10-09]
        """,
    )
    doc = dated(EXAMPLE, holidays=holidays)
    assert doc.calendar_note == "" and not any("尚未公布" in note for note in doc.notes)
    assert "尚未公布" not in "".join(p.text for p in doc.appendices[-1].body if hasattr(p, "text"))
    dates = {e.date for e in doc.events}
    assert not dates & {dt.date(2027, 10, d) for d in range(1, 8)}
    assert dt.date(2027, 2, 13) in {e.date for e in doc.events} or all(
        e.date != dt.date(2027, 2, 13) for e in doc.events
    )


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("year: 2026\nholidays: [2027-01-01]\n", "是 2026 年的", 1),
        ("year: 2027\nholidays: [2027-01-01, 2027-13-01]\n", "不是日期", 2),
        ("year: 2027\nholidays: [2027-02-11~2027-02-05]\n", "首尾颠倒", 2),
        ("year: 2027\nholidays: [2028-01-01]\n", "不在 2027 年内", 2),
        ("year: 2027\nvacations: []\n", "没有“vacations”", 2),
        ("year: 2027\nholidays: ['2027-99999999999999999999-01']\n", "不是日期", 2),  # found by the fuzzer
        ("year: 2027\nholidays: ['2027-01-01~2027-99999999999999999999-01']\n", "不是日期", 2),
    ],
)
def test_a_bad_holidays_file_is_located(cli, tmp_path: Path, text: str, message: str, line: int) -> None:
    holidays = write(tmp_path / "h.yaml", text)
    result = cli("build", str(EXAMPLE), "-o", "out", "--holidays", str(holidays))
    assert result.code == 2 and message in result.err and f"h.yaml:{line}" in result.err, result.err
    assert not (tmp_path / "out").exists()


def test_a_bad_rule_is_an_error_with_its_line(cli, tmp_path: Path) -> None:
    write(
        tmp_path / "lib" / "blocks" / "local" / "odd.yaml",
        """
        id: local.odd
        title: 特色活动
        category: local
        body:
          - p: 文字。
        schedule:
          - name: 特色活动
            every: month
            on: 每月第九个星期八
        """,
    )
    result = cli(
        "validate", str(tmp_path / "lib" / "blocks" / "local" / "odd.yaml"), "-L", str(tmp_path / "lib")
    )
    assert result.code == 2 and "odd.yaml:9" in result.err and "没有“第九个”" in result.err, result.err
    spec = write(
        tmp_path / "plan.yaml",
        EXAMPLE.read_text(encoding="utf-8") + "sections: {add: [{block: local.odd}]}\n",
    )
    built = cli("build", str(spec), "-o", "out", "-L", str(tmp_path / "lib"))
    assert built.code == 2 and "odd.yaml:9" in built.err and not (tmp_path / "out").exists()


# --- outputs --------------------------------------------------------------------------------------


def test_ics_parses_has_stable_uids_and_all_day_dates(cli, tmp_path: Path) -> None:
    from icalendar import Calendar

    first = cli("schedule", str(EXAMPLE), "--ics", "a.ics", "--csv", "a.csv")
    second = cli("schedule", str(EXAMPLE), "--ics", "b.ics")
    assert first.code == 0 and second.code == 0, first.err + second.err
    assert "主题党日" in first.out and "已生成：a.ics" in first.out
    a, b = (Calendar.from_ical((tmp_path / name).read_bytes()) for name in ("a.ics", "b.ics"))
    events_a, events_b = a.walk("VEVENT"), b.walk("VEVENT")
    assert len(events_a) == len(events_b) >= 100
    assert [e["UID"] for e in events_a] == [e["UID"] for e in events_b]
    assert len({e["UID"] for e in events_a}) == len(events_a)
    assert all(type(e.decoded("DTSTART")) is dt.date for e in events_a)  # all-day DATE values
    assert str(a["X-WR-CALNAME"]) == "内科第一党支部2027年工作安排"
    rows = list(csv.reader(io.StringIO((tmp_path / "a.csv").read_bytes().decode("utf-8-sig"))))
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM
    assert rows[0] == ["月份", "日期", "星期", "工作内容", "责任人", "类别"]
    assert len([r for r in rows[1:] if r[0] != "注"]) == len(events_a)
    refused = cli("schedule", str(EXAMPLE), "--ics", "a.ics")
    assert refused.code == 2 and "已存在" in refused.err


def test_a_moved_holiday_keeps_the_uid(tmp_path: Path) -> None:
    from plangen.writers import ics

    plain = dated(EXAMPLE)
    holidays = write(tmp_path / "h.yaml", "year: 2027\nholidays: [2027-03-02~2027-03-05]\n")
    moved = dated(EXAMPLE, holidays=holidays)
    meeting = next(e for e in plain.events if e.name == "支部委员会会议" and e.date.month == 3)
    again = next(e for e in moved.events if e.name == "支部委员会会议" and e.date.month == 3)
    assert meeting.date != again.date and ics.uid(plain, meeting.key) == ics.uid(moved, again.key)


def test_calcurse_imports_every_event(cli, tmp_path: Path) -> None:
    calcurse = shutil.which("calcurse")
    if calcurse is None:
        if os.environ.get("CI"):
            pytest.fail("calcurse needed — CI must install it (.ci/run)")
        pytest.skip("calcurse not installed")
    assert cli("build", str(EXAMPLE), "-f", "ics", "-o", "out").code == 0
    ics_file = next((tmp_path / "out").glob("*.ics"))
    home = tmp_path / "calcurse"
    home.mkdir()
    result = subprocess.run(
        [calcurse, "-D", str(home), "-i", str(ics_file)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in (result.stdout + result.stderr).lower(), result.stdout + result.stderr
    imported = (home / "apts").read_text(encoding="utf-8").splitlines()
    assert len(imported) == ics_file.read_text(encoding="utf-8").count("BEGIN:VEVENT")
    assert any("支部委员会会议" in line for line in imported)


def test_csv_cells_cannot_become_formulas() -> None:
    from plangen.document import Document, Event
    from plangen.writers import csvfile

    doc = Document("t", 2027, "x", dt.date(2027, 1, 4))
    doc.events = [Event(dt.date(2027, 3, 1), "=HYPERLINK(1)", "k", "@x", "b", "k")]
    text = csvfile.render(doc).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'@x" in text


def test_schedule_output_can_be_turned_off(cli, tmp_path: Path) -> None:
    result = cli("build", str(EXAMPLE), "-f", "md", "-o", "out", "--set", "output.schedule=none")
    assert result.code == 0, result.err
    text = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "月度工作安排表" not in text and "附件" not in text


def test_readme_mentions_the_schedule_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "plangen schedule" in readme and "--holidays" in readme


def test_events_of_a_kind_in_a_month_merge_by_rule() -> None:
    is_workday = work_calendar(2027).is_workday

    def make(source: str, index: int, **fields: object) -> Recurrence:
        data = dict(fields)
        on = data.pop("on", None)
        name = str(data.pop("name"))
        return recurrence(rule(name=name, **data), name=name, on=on, owner="书记", source=source, index=index)

    twice = [
        make("a", 0, name="党委会议", on="第一个星期一"),
        make("a", 1, name="党委会议", on="第三个星期一"),
    ]
    assert len(date_events(twice, 2027, is_workday)) == 24  # one block, twice a month: both kept
    shared = [make("b", 0, name="集中学习", kind="学习", on="第二个星期三"),
              make("c", 0, name="专题研讨", kind="学习", on="第四个星期三")]  # fmt: skip
    merged = date_events(shared, 2027, is_workday)
    assert len(merged) == 12 and all(e.name == "集中学习、专题研讨" for e in merged)
    festival = [make("d", 0, name="主题党日", on="第一个星期五"),
                make("e", 0, name="护士节主题党日", kind="主题党日", every="dates", dates=["05-12"])]  # fmt: skip
    days = date_events(festival, 2027, is_workday)
    assert len(days) == 12 and [e.name for e in days if e.date.month == 5] == ["护士节主题党日"]


@pytest.mark.parametrize("year", [2027, 2028, 2035, 2100])
def test_the_estimate_holds_every_statutory_day_and_the_long_breaks_around_them(year: int) -> None:
    import holidays

    off = work_calendar(year).days_off
    assert {d for d in holidays.country_holidays("CN", years=year) if d.year == year} <= off
    spring = festival("春节", year)
    assert {spring + dt.timedelta(days=n) for n in range(-2, 7)} <= off  # 腊月二十八/二十九 to 初七
    assert {dt.date(year, 5, d) for d in range(1, 6)} <= off
    assert {dt.date(year, 10, d) for d in range(1, 8)} <= off
    assert not any(
        day.weekday() < 5 and day not in off for day in holidays.country_holidays("CN", years=year)
    )


# Published conversions (the Hong Kong Observatory's and the Purple Mountain Observatory's tables):
# 除夕, 春节, 端午, 中秋, 重阳 of 2020–2035, written out by hand to check the package's tables.
LUNAR = {
    2020: ("01-24", "01-25", "06-25", "10-01", "10-25"), 2021: ("02-11", "02-12", "06-14", "09-21", "10-14"),
    2022: ("01-31", "02-01", "06-03", "09-10", "10-04"), 2023: ("01-21", "01-22", "06-22", "09-29", "10-23"),
    2024: ("02-09", "02-10", "06-10", "09-17", "10-11"), 2025: ("01-28", "01-29", "05-31", "10-06", "10-29"),
    2026: ("02-16", "02-17", "06-19", "09-25", "10-18"), 2027: ("02-05", "02-06", "06-09", "09-15", "10-08"),
    2028: ("01-25", "01-26", "05-28", "10-03", "10-26"), 2029: ("02-12", "02-13", "06-16", "09-22", "10-16"),
    2030: ("02-02", "02-03", "06-05", "09-12", "10-05"), 2031: ("01-22", "01-23", "06-24", "10-01", "10-24"),
    2032: ("02-10", "02-11", "06-12", "09-19", "10-12"), 2033: ("01-30", "01-31", "06-01", "09-08", "10-01"),
    2034: ("02-18", "02-19", "06-20", "09-27", "10-20"), 2035: ("02-07", "02-08", "06-10", "09-16", "10-09"),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(LUNAR))
def test_festivals_are_the_published_lunar_dates(year: int) -> None:
    names = ("除夕", "春节", "端午节", "中秋节", "重阳节")
    assert [festival(name, year).strftime("%m-%d") for name in names] == list(LUNAR[year])


@pytest.mark.parametrize(("year", "day"), [(2027, dt.date(2027, 10, 8)), (2028, dt.date(2028, 10, 26))])
def test_a_rule_on_a_festival_follows_the_lunar_calendar(year: int, day: dt.date) -> None:
    rec = recurrence(rule(name="重阳节敬老志愿服务", every="year", workday=False), name="重阳节敬老志愿服务",
                     on="重阳节", owner="宣传委员")  # fmt: skip
    assert [event.date for event in date_events([rec], year, work_calendar(year).is_workday)] == [day]
    before = recurrence(
        rule(name="春节前走访慰问", every="year"), name="春节前走访慰问", on="春节前", owner="书记"
    )
    (visit,) = date_events([before], year, work_calendar(year).is_workday)
    spring = festival("春节", year)
    assert (
        spring - dt.timedelta(days=9) <= visit.date < spring - dt.timedelta(days=2)
    )  # the week before the break
    with pytest.raises(ValueError, match="every: year"):
        recurrence(rule(name="x", every="month"), name="x", on="重阳节", owner="书记")
    with pytest.raises(ValueError, match="months"):
        recurrence(rule(name="x", every="year", months=[10]), name="x", on="重阳节", owner="书记")


@pytest.mark.parametrize("year", [2027, 2028])
@pytest.mark.parametrize("example", sorted((REPO / "examples").glob("*.yaml")), ids=lambda path: path.stem)
def test_no_example_meets_inside_a_long_break(example: Path, year: int) -> None:
    """The acceptance's windows: 春节 from two days before 初一 to 初七, 劳动节 5.1–5.5, 国庆 10.1–10.7."""
    library = Library.default()
    spec, source = load_spec(example, year=year)
    doc = schedule(Composer(library).compose(spec, source))
    spring = festival("春节", year)
    windows = [(spring - dt.timedelta(days=2), spring + dt.timedelta(days=6)),
               (dt.date(year, 5, 1), dt.date(year, 5, 5)), (dt.date(year, 10, 1), dt.date(year, 10, 7))]  # fmt: skip
    inside = [
        (event.date, event.name) for event in doc.events if any(a <= event.date <= b for a, b in windows)
    ]
    assert doc.events and not inside


def test_settings_holidays_is_relative_to_the_spec(cli, tmp_path: Path) -> None:
    write(
        tmp_path / "cal" / "2027.yaml",
        "year: 2027\nholidays: [2027-10-01~2027-10-07]\nworkdays: [2027-10-09]\n",
    )
    spec = write(
        tmp_path / "plans" / "plan.yaml",
        EXAMPLE.read_text(encoding="utf-8") + "settings: {holidays: ../cal/2027.yaml}\n",
    )
    result = cli("build", str(spec), "-f", "csv", "-o", "out")
    assert result.code == 0 and "尚未公布" not in result.err, result.err
    missing = write(
        tmp_path / "plans" / "bad.yaml",
        EXAMPLE.read_text(encoding="utf-8") + "settings: {holidays: nowhere.yaml}\n",
    )
    refused = cli("build", str(missing), "-f", "csv", "-o", "out2")
    assert refused.code == 2 and "找不到节假日文件" in refused.err and "bad.yaml:" in refused.err


def composed(example: Path, year: int, full: bool = False):
    spec, source = load_spec(example, year=year)
    return schedule(Composer(Library.default()).compose(spec, source), full=full)


EXAMPLE_FILES = sorted((REPO / "examples").glob("*.yaml"))


@pytest.mark.parametrize("year", [2027, 2028])
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_no_day_holds_more_than_four_activities_and_dues_keep_their_deadline(
    example: Path, year: int
) -> None:
    from collections import Counter

    doc = composed(example, year)
    busiest = Counter(event.date for event in doc.events).most_common(1)[0]
    assert busiest[1] <= 4, busiest
    if "每月10日前完成收缴" in doc.text():  # the plan's own words bind its calendar
        dues = [event.date for event in doc.events if event.kind == "收缴党费"]
        assert len(dues) == 12 and all(day.day <= 10 for day in dues), dues


def test_the_compact_table_says_the_monthly_work_once_and_every_month_has_a_row() -> None:
    doc = composed(EXAMPLE, 2027)
    (table,) = [item for item in doc.appendices[-1].body if isinstance(item, Table)]
    assert table.header == ["月份", "工作安排"]
    assert [row[0] for row in table.rows] == ["每月", *(f"{month}月" for month in range(1, 13))]
    assert "收缴党费（10日，组织委员）" in table.rows[0][1]
    monthly = {rec.name for rec in doc.recurrences if rec.every == "month"}
    assert not any(name in row[1] for row in table.rows[1:] for name in monthly if name != "主题党日")
    every_event = {event.name for event in doc.events}
    assert every_event <= {name for name in every_event if any(name in row[1] for row in table.rows)}
    note = doc.appendices[-1].body[-1].text
    assert note.startswith("注：") and "--holidays" not in note and "节假日按预计安排" in note


def test_the_full_table_lists_every_activity_with_its_day_and_owner() -> None:
    doc = composed(EXAMPLE, 2027, full=True)
    (table,) = [item for item in doc.appendices[-1].body if isinstance(item, Table)]
    assert table.header == ["月份", "时间", "工作内容", "责任人"]
    listed = sum(len(row[2].split("；")) for row in table.rows)
    assert listed == len(doc.events)


def test_spread_moves_only_what_the_rules_leave_free() -> None:
    """Six activities 中旬 and two on the 15th by rule: the fixed two stay, the free ones fill the
    nearest working days of 中旬 up to four a day."""
    from plangen.schedule.rules import MAX_PER_DAY

    free = [recurrence(rule(name=f"工作{i}", every="month", months=[3]), name=f"工作{i}", on=None, owner="书记",
                       source="b", index=i) for i in range(6)]  # fmt: skip
    fixed = [recurrence(rule(name=f"会议{i}", every="month", months=[3]), name=f"会议{i}", on="15日", owner="书记",
                        source="c", index=i) for i in range(2)]  # fmt: skip
    events = date_events([*free, *fixed], 2027, lambda day: day.weekday() < 5)
    days: dict[dt.date, list[str]] = {}
    for event in events:
        days.setdefault(event.date, []).append(event.name)
    assert {"会议0", "会议1"} <= set(days[dt.date(2027, 3, 15)])
    assert all(len(names) <= MAX_PER_DAY for names in days.values())
    assert all(dt.date(2027, 3, 11) <= day <= dt.date(2027, 3, 20) and day.weekday() < 5 for day in days)


@pytest.mark.parametrize("year", [2027, 2028])
@pytest.mark.parametrize("name", ["school-branch", "university-student-branch", "university-teacher-branch"])
def test_in_a_schools_vacation_the_theme_day_is_held_online(name: str, year: int) -> None:
    from plangen.schedule.vacations import inside

    doc = composed(REPO / "examples" / f"{name}.yaml", year)
    assert [period[0] for period in doc.vacations] == ["寒假", "暑假"]
    theme_days = [event for event in doc.events if event.kind == "主题党日"]
    assert any(inside(event.date, doc.vacations) for event in theme_days)  # there are some to mark
    assert all(event.name.endswith("（线上）") for event in theme_days if inside(event.date, doc.vacations))
    kept = [event for event in doc.events if event.name.startswith(("寒假返乡", "暑期社会实践"))]
    assert all(not event.name.endswith("（线上）") for event in kept)  # vacation: keep
    routine = doc.appendices[-1].body[0].rows[0][1]
    assert "寒假（" in routine and "中改为线上开展" in routine


def test_vacations_come_from_the_spec_or_nowhere(cli, tmp_path: Path) -> None:
    base = EXAMPLE.read_text(encoding="utf-8")  # a hospital: no vacations of its own
    assert composed(EXAMPLE, 2027).vacations == []
    given = write(tmp_path / "given.yaml", base + "settings: {vacations: [寒假 01-20~02-20]}\n")
    doc = composed(given, 2027)
    assert doc.vacations == [("寒假", dt.date(2027, 1, 20), dt.date(2027, 2, 20))]
    assert any(event.name.endswith("（线上）") for event in doc.events)
    bad = write(tmp_path / "bad.yaml", base + "settings:\n  vacations: [寒假 02-30~03-10]\n")
    result = cli("build", str(bad), "-o", "out", "-f", "md")
    line = base.count("\n") + 2  # the vacations line itself
    assert result.code == 2 and f"bad.yaml:{line}：寒暑假：" in result.err and "不存在的日期" in result.err
    backwards = write(tmp_path / "back.yaml", base + "settings: {vacations: [暑假 08-31~07-10]}\n")
    result = cli("build", str(backwards), "-o", "out", "-f", "md")
    assert result.code == 2 and "首尾颠倒" in result.err


def test_the_schedule_option_chooses_the_table(cli, tmp_path: Path) -> None:
    full = cli("build", str(EXAMPLE), "-o", str(tmp_path / "full"), "-f", "md", "--schedule", "full")
    assert full.code == 0, full.err
    text = next((tmp_path / "full").glob("*.md")).read_text(encoding="utf-8")
    assert "| 月份 | 时间 | 工作内容 | 责任人 |" in text and "**附件**" in text
    none = cli("build", str(EXAMPLE), "-o", str(tmp_path / "none"), "-f", "md", "--schedule", "none")
    assert none.code == 0 and "月度工作安排表" not in next((tmp_path / "none").glob("*.md")).read_text(
        encoding="utf-8"
    )
    wrong = cli("build", str(EXAMPLE), "-o", str(tmp_path / "x"), "--schedule", "weekly")
    assert wrong.code == 2 and "appendix、full、none" in wrong.err


def test_schedule_check_names_every_adjustment_and_the_conflicts_left(cli, tmp_path: Path) -> None:
    result = cli("schedule", str(EXAMPLE), "--check")
    assert result.code == 0, result.err
    assert (
        "不是工作日，提前" in result.out and "organization.dues 第1条日程规则" in result.out
    )  # 党费 before the 10th
    assert "已排满4项活动，移到此日" in result.out
    assert result.out.strip().endswith("没有冲突。") and "--holidays" in result.err  # the estimate, said here
    rules = "".join(
        f"\n          - {{name: 专项会议{i}, every: month, months: [3], on: 15日}}" for i in range(5)
    )
    write(
        tmp_path / "lib" / "blocks" / "local" / "busy.yaml",
        f"""
        id: local.busy
        title: 专项工作
        category: local
        body:
          - p: 文字。
        schedule:{rules}
        """,
    )
    spec = write(
        tmp_path / "plan.yaml",
        EXAMPLE.read_text(encoding="utf-8") + "sections: {add: [{block: local.busy}]}\n",
    )
    busy = cli("schedule", str(spec), "--check", "-L", str(tmp_path / "lib"))
    assert busy.code == 1, busy.err  # 2027-03-15 is a Monday: five meetings the rules fix there
    assert "冲突：3月15日（周一） 有 5 项活动（上限 4 项）" in busy.err and "1 处冲突" in busy.err


THEME_DAYS = [
    "每月第一个星期五",
    "每月第二个星期三",
    "每月最后一个星期四",
    "每月15日",
    "每月第一个星期一",
    "每月20日",
]


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(2020, 2035),
    example=st.sampled_from(EXAMPLE_FILES),
    theme_day=st.sampled_from(THEME_DAYS),
    collect_day=st.integers(1, 28),
)
def test_any_year_and_spec_meets_what_it_states_or_says_which_it_cannot(
    year: int, example: Path, theme_day: str, collect_day: int
) -> None:
    """Every constraint the calendar states holds, or the event says it could not (a conflict):
    no more than four activities on a day the rules leave free; 党费 by its day; no activity in a
    long break of an estimated year unless its rule keeps the day; 寒暑假 activities marked; one
    body never meets twice on a day (two rules of a kind on one day are one meeting, both named)."""
    from collections import Counter

    from plangen.schedule.vacations import inside

    assignments = [f"params.organization.theme-day.theme_day={theme_day}",
                   f"params.organization.dues.collect_day={collect_day}"]  # fmt: skip
    spec, source = load_spec(example, assignments, year=year)
    doc = schedule(Composer(Library.default()).compose(spec, source))
    rules = {(rec.source, rec.index): rec for rec in doc.recurrences}

    def rule(event):
        source, index = event.key.split("#")[:2]
        return rules[(source, int(index))]

    for day, count in Counter(event.date for event in doc.events).items():
        if count > 4:  # only where every activity's day is fixed by its rule: --check reports it
            assert all(rule(e).day is not None and rule(e).day.kind != "span" and not e.moved
                       for e in doc.events if e.date == day), day  # fmt: skip
    meetings = Counter((event.date, event.kind) for event in doc.events)
    assert max(meetings.values(), default=1) == 1, [key for key, count in meetings.items() if count > 1]
    for event in doc.events:
        if event.kind == "收缴党费" and event.date.day > collect_day:
            assert event.conflict and "已过截止日" in event.why
        if inside(event.date, doc.vacations) and rule(event).vacation == "online":
            assert event.name.endswith("（线上）")
    if work_calendar(year).source == "estimated":
        spring = festival("春节", year)
        windows = [(spring - dt.timedelta(days=2), spring + dt.timedelta(days=6)),
                   (dt.date(year, 5, 1), dt.date(year, 5, 5)), (dt.date(year, 10, 1), dt.date(year, 10, 7))]  # fmt: skip
        for event in doc.events:
            if any(a <= event.date <= b for a, b in windows):
                assert not rule(event).workday, event
