"""``plangen new``: the wizard's questions, then plan.yaml and the plan it builds — and, when the
offer that follows is taken, the year's meeting papers, as ``plangen meetings`` makes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .report import Report

if TYPE_CHECKING:
    from ..environment import Env
    from ..library import Library
    from ..wizard.questions import Asker


@dataclass
class Options:
    out_dir: Path | None = None
    defaults: bool = False
    data: list[str] = field(default_factory=list)  # --data key=value
    data_file: Path | None = None
    previous: Path | None = None  # --from
    force: bool = False
    library: list[Path] | None = None


def run(env: Env, options: Options, asker: Asker | None = None) -> Report:
    """*asker*: who answers (tests script one); by default a person at the terminal or the defaults."""
    from ..errors import EXIT_FAILED
    from ..wizard import Abandoned, NewOptions, given_answers, run_new

    report = Report(env)
    new_options = NewOptions(
        out_dir=env.path(options.out_dir) if options.out_dir is not None else env.cwd,
        defaults=options.defaults,
        given=given_answers(
            env.path(options.data_file) if options.data_file is not None else None, options.data
        ),
        previous=env.path(options.previous) if options.previous is not None else None,
        force=options.force,
        interactive=env.interactive,
    )
    library = env.library(options.library)
    try:
        plan = run_new(env, library, new_options, asker=asker)
    except Abandoned:  # the user's choice, not a failure of the input: exit 1, as a declined prompt
        report.summary, report.code, report.summary_to_stderr = "已放弃，未写入文件。", EXIT_FAILED, True
        return report
    for target in [plan.spec, *plan.files]:
        report.made(target)
    shown = report.shown(plan.spec)
    report.summary = f"以后修改 plan.yaml 后重新生成：plangen build {shown}"
    if plan.offer():  # asked now that the plan is written and said
        _papers(env, report, library, plan.spec, shown)
    return report


def _papers(env: Env, report: Report, library: Library, spec: Path, shown: str) -> None:
    """The year's meeting papers of the new plan, exactly as ``plangen meetings <plan.yaml>`` makes
    them: in the folder next to it, no members list, a changed (hand-filled) file never replaced."""
    from ..meetings.make import Request
    from ..meetings.write import write_papers

    written = write_papers(env, library, spec, Request(),
                           force_hint=f"原文件保留不动；确需覆盖时运行 plangen meetings {shown} --force。")  # fmt: skip
    for note in written.notes:
        report.note(f"注意：{note}")
    if not written.meetings:
        report.say("计划的日程中没有需要会议材料的会议（支部党员大会、党课、主题党日等），未生成会议材料。")
        return
    for target in written.written:
        report.made(target)
    report.say(written.summary(report.shown(written.folder)))
    report.summary += f"；会议材料：plangen meetings {shown}（加 --members 党员名单.csv，签到表列出各人姓名）"
