"""``plangen build``: plan specs → plan files, each spec all or nothing; a failed spec is reported
and the others are still built."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from .report import Report

if TYPE_CHECKING:
    from ..environment import Env


@dataclass
class Options:
    specs: list[Path]
    out_dir: Path | None = None
    formats: str | None = None  # "docx,md"
    year: int | None = None
    assignments: list[str] = field(default_factory=list)
    force: bool = False
    toc: bool | None = None  # False: --no-toc
    no_office: bool = False
    holidays: Path | None = None
    lint: bool = True
    library: list[Path] | None = None


def run(env: Env, options: Options) -> Report:
    from ..pipeline import Builder, BuildOptions, build_time, parse_formats

    report = Report(env)
    build_options = BuildOptions(
        out_dir=options.out_dir,
        formats=parse_formats(options.formats),
        year=options.year,
        assignments=options.assignments,
        force=options.force,
        toc=options.toc,
        office=env.office(options.no_office),
        created=build_time(env.environ),
        holidays=env.path(options.holidays) if options.holidays is not None else None,
        lint=options.lint,
    )
    builder = Builder(env.library(options.library), env.cwd)
    for spec in options.specs:
        try:
            built = builder.build(env.path(spec), build_options)
        except PlanError as exc:
            report.problem(exc, env.path(spec))
            continue
        report.done += 1
        for note in built.notes:
            report.note(f"注意：{note}")
        for target in built.files:
            report.made(target)
    if report.failed and len(options.specs) > 1:
        total = len(options.specs)
        report.summary = f"共 {total} 份计划，生成 {total - report.failed} 份，失败 {report.failed} 份。"
    return report
