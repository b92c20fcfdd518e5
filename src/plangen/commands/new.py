"""``plangen new``: the wizard's questions, then plan.yaml and the plan it builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .report import Report

if TYPE_CHECKING:
    from ..environment import Env


@dataclass
class Options:
    out_dir: Path | None = None
    defaults: bool = False
    data: list[str] = field(default_factory=list)  # --data key=value
    data_file: Path | None = None
    previous: Path | None = None  # --from
    force: bool = False
    library: list[Path] | None = None


def run(env: Env, options: Options) -> Report:
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
    try:
        spec_path, files = run_new(env, env.library(options.library), new_options)
    except Abandoned:  # the user's choice, not a failure of the input: exit 1, as a declined prompt
        report.summary, report.code, report.summary_to_stderr = "已放弃，未写入文件。", EXIT_FAILED, True
        return report
    for target in [spec_path, *files]:
        report.made(target)
    report.summary = f"以后修改 plan.yaml 后重新生成：plangen build {report.shown(spec_path)}"
    return report
