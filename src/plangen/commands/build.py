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
    check: bool = False  # lay the plan out in LibreOffice too and report any page it disagrees on


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
        check=options.check,
    )
    builder = Builder(env.library(options.library), env.cwd)
    for spec in options.specs:
        try:
            built = builder.build(env.path(spec), build_options)
        except PlanError as exc:
            report.problem(exc, env.path(spec))
            continue
        for note in built.notes:
            report.note(f"注意：{note}")
        for disagreement in built.disagreements:
            report.note(f"核对：{disagreement}")
        if options.check and built.disagreements:
            report.findings += len(built.disagreements)  # exit 1 unless a plan failed outright
        elif options.check:
            report.note(f"核对：LibreOffice 的排版与目录页码、总页数一致（{built.spec.name}）。")
        for target in built.files:
            report.made(target)
    if report.failed and len(options.specs) > 1:
        total = len(options.specs)
        report.summary = f"共 {total} 份计划，生成 {total - report.failed} 份，失败 {report.failed} 份。"
    return report
