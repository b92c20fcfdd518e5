"""``plangen diff``: what changed between two plans — last year's and this year's — for the 支委会,
on the terminal, or as a 对照表 in DOCX or Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from .report import Report

if TYPE_CHECKING:
    from ..changes import Comparison
    from ..environment import Env

OUTPUT_SUFFIXES = (".docx", ".md")


@dataclass
class Options:
    old: Path
    new: Path | None = None  # None: the same spec, with --years
    years: str | None = None  # "2027,2028": the old side's year and the new side's
    out: Path | None = None
    force: bool = False
    assignments: list[str] = field(default_factory=list)
    holidays: Path | None = None
    library: list[Path] | None = None
    office: bool = True  # read .doc/.wps through LibreOffice


def run(env: Env, options: Options) -> Report:
    from ..compare import compare, read_plan
    from ..output import check_targets, write_all
    from ..pipeline import Builder, BuildOptions, build_time

    report = Report(env)
    old_year, new_year = _years(options.years)
    new = options.new if options.new is not None else options.old
    if options.new is None and options.years is None:
        raise PlanError(
            "只给了一份计划",
            hint="写两份计划：plangen diff 去年.docx plan.yaml；或同一计划文件的两个年度：--years 2027,2028。",
        )
    target = env.path(options.out) if options.out is not None else None
    if target is not None and target.suffix.lower() not in OUTPUT_SUFFIXES:
        raise PlanError(f"对照表只能写成 .docx 或 .md，不能是“{target.suffix or target.name}”", target,
                        hint="例如 -o 对照表.docx 或 -o 对照表.md。")  # fmt: skip
    if target is not None:
        check_targets([target], options.force)
    build_options = BuildOptions(
        assignments=options.assignments,
        holidays=env.path(options.holidays) if options.holidays is not None else None,
    )
    builders: list[Builder] = []

    def builder() -> Builder:
        if not builders:
            builders.append(Builder(env.library(options.library), env.cwd))
        return builders[0]

    outlines = [
        read_plan(env.path(path), env.path(path).name, year, builder, build_options, options.office)
        for path, year in ((options.old, old_year), (new, new_year))
    ]
    comparison = compare(*outlines)
    _say(report, comparison)
    if target is not None:
        if target.suffix.lower() == ".md":
            from ..writers.diffmd import render as markdown

            data = markdown(comparison).encode("utf-8")
        else:
            from ..writers.diffdocx import render as docx

            data = docx(comparison, created=build_time(env.environ))
        write_all([(target, data)], options.force)
        report.made(target)
    return report


def _years(text: str | None) -> tuple[int | None, int | None]:
    if text is None:
        return None, None
    from ..years import FIRST_YEAR

    parts = [part.strip() for part in text.replace("，", ",").split(",")]
    if len(parts) != 2 or not all(part.isdigit() and FIRST_YEAR <= int(part) <= 2100 for part in parts):
        raise PlanError(
            f"--years 的写法不对：“{text}”",
            hint=f"写两个年度，用逗号隔开，如 --years 2027,2028（{FIRST_YEAR}—2100）。",
        )
    return int(parts[0]), int(parts[1])


def _say(report: Report, comparison: Comparison) -> None:
    from ..changes import SAME, headline, order_note, sides, title
    from ..environment import visible

    first, second = sides(comparison)
    report.say(title(comparison))
    report.say(f"{first}：{visible(comparison.old.name)}　{second}：{visible(comparison.new.name)}")
    for change in comparison.sections:
        if change.status == SAME:
            continue
        marked = change.marked()
        detail = f"（{len(marked)}句有变化）" if change.status == "调整" and marked else ""
        report.say(f"  {change.status}：{visible(change.label)}{detail}")
    for note in comparison.notes:
        report.say(note)
    if order_note(comparison):
        report.note(order_note(comparison))
    report.summary = headline(comparison)
    report.summary_to_stderr = False
