"""``plangen schedule``: the year's dated meetings and activities, listed, or saved as .ics / CSV."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..environment import visible
from .report import Report

if TYPE_CHECKING:
    from ..document import Document
    from ..environment import Env


@dataclass
class Options:
    spec: Path
    year: int | None = None
    ics: Path | None = None
    csv: Path | None = None
    assignments: list[str] = field(default_factory=list)
    force: bool = False
    holidays: Path | None = None
    library: list[Path] | None = None
    check: bool = False  # --check: every adjustment with its reason, and the constraints not met


def run(env: Env, options: Options) -> Report:
    from ..output import check_targets, write_all
    from ..pipeline import Builder, BuildOptions, build_time, render_formats

    report = Report(env)
    build_options = BuildOptions(
        year=options.year,
        assignments=options.assignments,
        holidays=env.path(options.holidays) if options.holidays is not None else None,
    )
    builder = Builder(env.library(options.library), env.cwd)
    _, doc, _ = builder.document(env.path(options.spec), build_options, formats=["ics"])
    targets = [
        (env.path(target), fmt)
        for target, fmt in ((options.ics, "ics"), (options.csv, "csv"))
        if target is not None
    ]
    check_targets([target for target, _ in targets], options.force)
    if options.check:
        _check(report, doc)
    else:
        _print_events(report, doc)
    if targets:
        data = render_formats(doc, [fmt for _, fmt in targets], None, False, build_time(env.environ)).data
        write_all([(target, data[fmt]) for target, fmt in targets], options.force)
        for target, _ in targets:
            report.made(target)
    return report


def _print_events(report: Report, doc: Document) -> None:
    from rich.table import Table

    from ..schedule.rules import month_day

    table = Table(title=f"{doc.org}{doc.year}年工作安排（{len(doc.events)} 项）", box=None, pad_edge=False)
    for header in ("月份", "日期", "工作内容", "责任人"):
        table.add_column(header)
    month = 0
    for event in doc.events:
        label = f"{event.date.month}月" if event.date.month != month else ""
        if label and month:
            table.add_section()
        month = event.date.month
        day = month_day(event.date, weekday=True)
        table.add_row(label, day, visible(event.name), visible(event.owner))
    report.env.out.print(table)
    _notes(report, doc)


def _notes(report: Report, doc: Document) -> None:
    """What the user should know (an estimated calendar and how to replace it), on stderr."""
    for note in doc.notes:
        report.note(f"注意：{note}")


def _check(report: Report, doc: Document) -> None:
    """What the calendar's constraints did to the rules' days — a day off, a crowded day, a
    vacation — each with the rule it came from, then what could not be met: a day the rules fix
    with more than :data:`~plangen.schedule.rules.MAX_PER_DAY` activities, a deadline passed.
    A conflict makes the exit code 1."""
    from collections import Counter

    from ..schedule.rules import MAX_PER_DAY, month_day

    adjusted = [event for event in doc.events if event.why]
    report.say(f"{doc.org}{doc.year}年日程核对：{len(adjusted)} 项按规则调整")
    for event in adjusted:  # one line each: a reason is read whole, and can be searched for
        report.say(
            f"  {month_day(event.date, weekday=True)} {visible(event.name)}：{event.why}（{_rule(event)}）"
        )
    conflicts = [f"{month_day(event.date, weekday=True)} {event.name}：{event.why}（{_rule(event)}）" for event in doc.events
                 if event.conflict]  # fmt: skip
    conflicts += _deadlines(report, doc)
    for day, count in sorted(Counter(event.date for event in doc.events).items()):
        if count > MAX_PER_DAY:
            names = "、".join(event.name for event in doc.events if event.date == day)
            conflicts.append(
                f"{month_day(day, weekday=True)} 有 {count} 项活动（上限 {MAX_PER_DAY} 项），规则定死了日子，无法移开：{names}"
            )
    for conflict in conflicts:
        report.note(f"冲突：{visible(conflict)}")
    report.findings += len(conflicts)
    _notes(report, doc)
    report.summary = f"核对：{len(adjusted)} 项按规则调整，" + (
        f"{len(conflicts)} 处冲突。" if conflicts else "没有冲突。"
    )


def _deadlines(report: Report, doc: Document) -> list[str]:
    """The deadlines the plan's text states and the activities they bind, each said with whether
    the calendar keeps it; an activity still past one (and not already a conflict) is returned."""
    from ..schedule import ONLINE
    from ..schedule.deadlines import stated
    from ..schedule.rules import month_day, rule_of

    deadlines = stated(doc)
    if deadlines:
        report.say(f"正文规定的期限：{len(deadlines)} 条")
    late_ones = []
    for deadline in deadlines:
        bound = [event for event in doc.events if rule_of(event) in deadline.rules]
        late = [event for event in bound if event.date > deadline.limit(event)]
        names = "、".join(dict.fromkeys(visible(event.name.removesuffix(ONLINE)) for event in bound))
        kept = "均在期限内" if not late else f"{len(late)} 项超过期限"
        report.say(
            f"  “{deadline.phrase}”（{deadline.source}）：{names or '（本年没有该活动）'}，共 {len(bound)} 项，{kept}"
        )
        late_ones += [
            f"{month_day(event.date, weekday=True)} {event.name}：超过正文“{deadline.phrase}”的期限（{deadline.source}）"
            for event in late
            if not event.conflict
        ]
    return late_ones


def _rule(event) -> str:
    """The block and the place of the rule in its schedule, as a block's author finds it."""
    from ..schedule.rules import rule_of

    source, index = rule_of(event)
    return f"{source} 第{index + 1}条日程规则"
