"""A plan's meeting papers put in place: ``plangen meetings``, and ``plangen new`` when its offer of
the year's papers is taken, write them through this one function, so both write the same files the
same way.

A rerun writes only what changed: a file that already holds the same papers (its build time aside)
is left alone; one that differs — perhaps filled in by hand — is refused, every one of them said at
once, unless forced; then every file is put in place or none is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from .make import Request, make, parse_day, same_content

if TYPE_CHECKING:
    from ..environment import Env
    from ..library import Library
    from ..pipeline import BuildOptions

FORCE_HINT = "加 --force 覆盖，或用 -o 指定其他输出文件夹。"


@dataclass
class Written:
    """What one run put in place, for its report: the folder, the files written and left alone."""

    org: str
    year: int
    folder: Path
    meetings: int = 0
    notes: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    none: str = ""  # why there were no meetings, when the plan itself has none that get papers

    def summary(self, folder: str) -> str:
        """The closing line; *folder* as the user should read it (relative to their folder)."""
        if not self.meetings:
            return self.none or "所选范围内没有会议，未生成文件。"
        kept = f"，{len(self.unchanged)} 个文件未变" if self.unchanged else ""
        return (f"{self.org}{self.year}年会议材料：{self.meetings} 次会议，写入 {len(self.written)} 个文件{kept}"
                f"（{folder}）。")  # fmt: skip


def write_papers(
    env: Env, library: Library, spec_path: Path, request: Request, *, first: str | None = None,
    last: str | None = None, out_dir: Path | None = None, force: bool = False,
    build: BuildOptions | None = None, force_hint: str = FORCE_HINT,
) -> Written:  # fmt: skip
    """The papers of the plan file at *spec_path* put in place. *first*/*last*: --from/--to as typed
    (a month is the plan year's); *out_dir*: by default the folder next to the plan file;
    *force_hint*: how the refusal of a changed file says to replace it."""
    from ..errors import PlanErrors
    from ..output import check_folder, check_targets, safe_filename, write_all
    from ..pipeline import Builder, BuildOptions, build_time, docx_options
    from ..schedule.holidays import work_calendar

    build = build or BuildOptions()
    spec, doc, _ = Builder(library, env.cwd).document(spec_path, build, formats=["ics"])
    begin = parse_day(first, doc.year) if first else request.first
    end = parse_day(last, doc.year, end=True) if last else request.last
    if begin and end and begin > end:
        raise PlanError(f"开始日期 {begin} 晚于结束日期 {end}", hint="检查 --from 和 --to。")
    folder = out_dir or spec_path.parent / safe_filename(f"{doc.org}{doc.year}年会议材料", "会议材料")
    check_folder(folder)
    holidays = {doc.year: work_calendar(doc.year, build.holidays)}

    def is_workday(day: dt.date) -> bool:
        if day.year not in holidays:
            holidays[day.year] = work_calendar(day.year)
        return holidays[day.year].is_workday(day)

    request = Request(
        request.kinds, begin, end, request.members, request.formats, request.split, request.book
    )
    made = make(spec, doc, request, folder, build_time(env.environ), is_workday, docx_options(spec, build))
    out = Written(doc.org, doc.year, folder, made.meetings, list(made.notes))
    if not made.meetings:
        out.none = _why_none(doc.events)
        return out
    out.unchanged = [target for target, data in made.files if same_content(target, data)]
    kept = set(out.unchanged)
    changed = [(target, data) for target, data in made.files if target not in kept]
    if not force:
        PlanErrors.raise_if_any([
            PlanError("文件已存在且内容不同（可能已手工填写）", target, hint=force_hint)
            for target, _ in changed if target.exists()
        ])  # fmt: skip
    check_targets([target for target, _ in changed], True)
    write_all(changed, force)
    out.written = [target for target, _ in changed]
    return out


def _why_none(events) -> str:
    """Said when the plan's calendar has no meeting that gets papers at all (a 党委's plan: its
    党委会议 and 中心组学习 are a committee's business, their papers not made here)."""
    from ..paper import MEETING_KINDS, meeting_kind

    if any(event.kind in MEETING_KINDS for event in events):
        return ""
    others = list(dict.fromkeys(meeting_kind(event.kind) for event in events if meeting_kind(event.kind)))
    listed = f"（计划中的{'、'.join(others[:3])}{'等' if len(others) > 3 else ''}不在其内）" if others else ""
    return (f"未生成文件：会议材料是为党支部的会议（{'、'.join(MEETING_KINDS)}）准备的，"
            f"这份计划的日程中没有这些会议{listed}。")  # fmt: skip
