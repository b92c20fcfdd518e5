"""``plangen batch``: one plan per roster row, built in parallel; black's Report — “生成 N 份，失败 M
份”, exit 1 when any row failed (the rows are in report.csv)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EXIT_INTERRUPTED, EXIT_TERMINATED
from .report import Report

if TYPE_CHECKING:
    from ..batch.roster import Roster
    from ..environment import Env


@dataclass
class Options:
    roster: Path
    base: Path  # --spec
    out_dir: Path
    formats: str | None = None
    jobs: int = 0
    year: int | None = None
    assignments: list[str] = field(default_factory=list)
    mapping: list[str] = field(default_factory=list)  # --map 列名=字段
    combine: Path | None = None
    force: bool = False
    no_office: bool = False
    lint: bool = True
    library: list[Path] | None = None
    terminated: type[BaseException] | None = None  # the face's SIGTERM exception: said as 已终止


def run(env: Env, options: Options) -> Report:
    from ..batch.roster import parse_map
    from ..batch.run import REPORT, BatchOptions, BatchResult, Stopped, run_batch
    from ..pipeline import BuildOptions, build_time, parse_formats

    report = Report(env)
    build_options = BuildOptions(
        formats=parse_formats(options.formats),
        office=env.office(options.no_office),
        created=build_time(env.environ),
        year=options.year,
        lint=options.lint,
    )
    folder = env.path(options.out_dir)
    library = env.library(options.library)
    combine = env.path(options.combine) if options.combine is not None else None
    if combine is not None:
        from ..batch.volume import check_target

        check_target(combine)  # before anything is built
    volume_notes: list[str] = []

    def combined(result: BatchResult) -> None:  # inside the folder's lock: the plans it reads stay as built
        if result.plans:
            from ..batch.volume import write_volume

            volume_notes.extend(write_volume(result, folder, library, build_options, combine, options.force))

    try:
        with progress_bar(env, "生成计划") as progress:
            result = run_batch(env.path(options.roster), env.path(options.base), folder, library,
                               BatchOptions(build_options, options.jobs, options.force), parse_map(options.mapping),
                               options.assignments, progress, combined if combine is not None else None,
                               lambda roster: _warn_roster(report, roster))  # fmt: skip
    except Stopped as stopped:
        done = stopped.result
        terminated = options.terminated is not None and isinstance(stopped.cause, options.terminated)
        summary = f"{'已终止' if terminated else '已中断'}：生成 {len(done.built)} 份"
        if done.skipped:
            summary += f"，{len(done.skipped)} 份未变化（跳过）"
        report.summary = f"{summary}，失败 {done.failed_rows} 份，未完成 {stopped.left} 份；再次运行即补齐。"
        report.summary_to_stderr = True
        report.code = EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
        return report
    for row, name, disagreement in sorted(result.disagreements):  # as build says them
        report.note(f"核对：第 {row} 行 {name}：{disagreement}")
    if combine is not None and result.plans:
        for note in volume_notes:
            report.note(f"注意：{note}")
        report.say(f"已汇编：{report.shown(combine)}（{len(result.plans)} 份计划）")
    report.findings = result.failed_rows
    summary = f"生成 {len(result.built)} 份"
    if result.skipped:
        summary += f"，{len(result.skipped)} 份未变化（跳过）"
    summary += f"，失败 {result.failed_rows} 份"
    if result.failed:
        report.findings = max(report.findings, 1)
        report.summary = f"{summary}，详见 {report.shown(folder / REPORT)}"
    else:
        report.summary = summary + "。"
    return report


def _warn_roster(report: Report, roster: Roster) -> None:
    """What the roster's reading noticed, said before any plan is built (a column no field takes)."""
    for header in roster.unknown:
        report.note(f"注意：名册中的“{header}”列没有对应的字段，未使用（可用 --map {header}=字段 指定）。")
    for note in roster.notes:
        report.note(f"注意：{note}。")


@contextlib.contextmanager
def progress_bar(env: Env, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on a terminal's stderr; elsewhere (a pipe, a log, a test) nothing."""
    try:
        terminal = env.stderr.isatty()
    except (ValueError, OSError):
        terminal = False
    if not terminal:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(file=env.stderr), transient=True)  # fmt: skip
    task = bar.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        if not bar.live.is_started:  # shown once there is work: what is said of the roster comes first
            bar.start()

    try:
        yield update
    finally:
        bar.stop()
