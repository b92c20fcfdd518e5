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
    _print_events(report, doc)
    if targets:
        data = render_formats(doc, [fmt for _, fmt in targets], None, False, build_time(env.environ)).data
        write_all([(target, data[fmt]) for target, fmt in targets], options.force)
        for target, _ in targets:
            report.made(target)
    return report


def _print_events(report: Report, doc: Document) -> None:
    from rich.table import Table

    from ..schedule.rules import weekday_name

    table = Table(title=f"{doc.org}{doc.year}年工作安排（{len(doc.events)} 项）", box=None, pad_edge=False)
    for header in ("月份", "日期", "工作内容", "责任人"):
        table.add_column(header)
    month = 0
    for event in doc.events:
        label = f"{event.date.month}月" if event.date.month != month else ""
        if label and month:
            table.add_section()
        month = event.date.month
        day = f"{event.date.month}月{event.date.day}日（{weekday_name(event.date)}）"
        table.add_row(label, day, visible(event.name), visible(event.owner))
    report.env.out.print(table)
    if doc.calendar_note:
        report.note(f"注意：{doc.calendar_note}")
