"""``plangen meetings``: the papers of the plan's meetings — notice, sign-in sheet, record, and the
outline, programme, agenda or form a kind has — as Word files, with the year's records bound.

A rerun writes only what changed; a file that changed (perhaps filled in by hand) is replaced only
with ``--force``, and then every file is put in place or none is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .report import Report

if TYPE_CHECKING:
    from ..environment import Env


@dataclass
class Options:
    spec: Path
    year: int | None = None
    first: str | None = None  # --from
    last: str | None = None  # --to
    kinds: list[str] = field(default_factory=list)
    members: Path | None = None
    out_dir: Path | None = None
    formats: str | None = None  # "docx,md"
    split: bool = False
    combine: Path | None = None
    assignments: list[str] = field(default_factory=list)
    force: bool = False
    holidays: Path | None = None
    library: list[Path] | None = None


def run(env: Env, options: Options) -> Report:
    from ..errors import PlanError, PlanErrors
    from ..meetings.make import Request, make, parse_day, same_content
    from ..output import check_folder, check_targets, safe_filename, write_all
    from ..pipeline import Builder, BuildOptions, build_time, docx_options
    from ..schedule.holidays import work_calendar

    report = Report(env)
    formats = tuple(
        dict.fromkeys(f.strip().lower() for f in (options.formats or "docx").split(",") if f.strip())
    )
    unknown = [f for f in formats if f not in ("docx", "md")]
    if unknown or not formats:
        raise PlanError(
            f"会议材料不支持的格式：{'、'.join(unknown) or '（空）'}", hint="可选：docx、md，如 -f docx,md。"
        )
    build_options = BuildOptions(
        year=options.year,
        assignments=options.assignments,
        holidays=env.path(options.holidays) if options.holidays is not None else None,
    )
    spec_path = env.path(options.spec)
    builder = Builder(env.library(options.library), env.cwd)
    spec, doc, _ = builder.document(spec_path, build_options, formats=["ics"])
    first = parse_day(options.first, doc.year) if options.first else None
    last = parse_day(options.last, doc.year, end=True) if options.last else None
    if first and last and first > last:
        raise PlanError(f"开始日期 {first} 晚于结束日期 {last}", hint="检查 --from 和 --to。")
    folder = env.path(options.out_dir) if options.out_dir else spec_path.parent / safe_filename(
        f"{doc.org}{doc.year}年会议材料", "会议材料")  # fmt: skip
    check_folder(folder)
    holidays = {doc.year: work_calendar(doc.year, build_options.holidays)}

    def is_workday(day) -> bool:
        if day.year not in holidays:
            holidays[day.year] = work_calendar(day.year)
        return holidays[day.year].is_workday(day)

    request = Request(options.kinds, first, last, env.path(options.members) if options.members else None,
                      formats, options.split, options.combine)  # fmt: skip
    made = make(spec, doc, request, folder, build_time(env.environ), is_workday,
                docx_options(spec, build_options))  # fmt: skip
    for note in made.notes:
        report.note(f"注意：{note}")
    if not made.meetings:
        report.summary = "所选范围内没有会议，未生成文件。"
        return report
    unchanged = [target for target, data in made.files if same_content(target, data)]
    changed = [(target, data) for target, data in made.files if target not in set(unchanged)]
    if not options.force:
        problems = []
        for target, _ in changed:
            if target.exists():
                problems.append(PlanError("文件已存在且内容不同（可能已手工填写）", target,
                                          hint="加 --force 覆盖，或用 -o 指定其他输出文件夹。"))  # fmt: skip
        PlanErrors.raise_if_any(problems)
    check_targets([target for target, _ in changed], True)
    write_all(changed, options.force)
    for target, _ in changed:
        report.made(target)
    kept = f"，{len(unchanged)} 个文件未变" if unchanged else ""
    report.summary = (f"{doc.org}{doc.year}年会议材料：{made.meetings} 次会议，写入 {len(changed)} 个文件{kept}"
                      f"（{report.shown(folder)}）。")  # fmt: skip
    return report
