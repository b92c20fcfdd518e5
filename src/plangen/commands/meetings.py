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
    from ..errors import PlanError, shorten
    from ..meetings.make import Request
    from ..meetings.write import write_papers
    from ..pipeline import BuildOptions

    report = Report(env)
    formats = tuple(
        dict.fromkeys(f.strip().lower() for f in (options.formats or "docx").split(",") if f.strip())
    )
    unknown = [f for f in formats if f not in ("docx", "md")]
    if unknown or not formats:
        raise PlanError(
            f"会议材料不支持的格式：{'、'.join(shorten(f) for f in unknown) or '（空）'}（-f）",
            hint="可选：docx、md，如 -f docx,md。",
        )
    _check_options(options)
    build = BuildOptions(
        year=options.year,
        assignments=options.assignments,
        holidays=env.path(options.holidays) if options.holidays is not None else None,
    )
    request = Request(options.kinds, members=env.path(options.members) if options.members else None,
                      formats=formats, split=options.split, book=options.combine)  # fmt: skip
    written = write_papers(env, env.library(options.library), env.path(options.spec), request,
                           first=options.first, last=options.last, force=options.force, build=build,
                           out_dir=env.path(options.out_dir) if options.out_dir else None)  # fmt: skip
    for note in written.notes:
        report.note(f"注意：{note}")
    for target in written.written:
        report.made(target)
    report.summary = written.summary(report.shown(written.folder))
    return report


def _check_options(options: Options) -> None:
    """Refuse before any work what no run could use: an empty --from or --to (a script's empty
    variable, not "no limit"), a --combine that names no file (``""``, ``.``, ``/``, ``..``)."""
    from ..errors import PlanError

    for option, value in (("--from", options.first), ("--to", options.last)):
        if value is not None and not value.strip():
            raise PlanError(
                f"{option} 没有写日期", hint="写作 2027-03-09，或月份 2027-03、3月；不限则不写该选项。"
            )
    if options.combine is not None and not options.combine.name.strip(" ."):
        raise PlanError(
            f"--combine 应为文件名：“{options.combine}”",
            hint="如 --combine 记录本.docx（放在输出文件夹中）。",
        )
