"""``plangen validate``: every problem in blocks, templates and plan specs, by file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from .report import Report

if TYPE_CHECKING:
    from ..environment import Env


@dataclass
class Options:
    paths: list[Path]
    library: list[Path] | None = None


def run(env: Env, options: Options) -> Report:
    from ..validate import KIND_NAMES, check_paths

    report = Report(env)
    results = check_paths([env.path(p) for p in options.paths], env.library(options.library))
    for result in results:
        if not result.ok:
            report.failed += 1  # a file with problems: exit 2, as a bad input
            for problem in result.problems:
                env.report(problem if problem.path is not None else problem.located(result.path))
            if not result.problems:
                report.note(f"错误：{report.shown(result.path)}：用到的文件有问题（见上）")
        else:
            kind = KIND_NAMES.get(result.kind or "", "文件")
            named = f" {result.id}" if result.id else ""
            report.say(f"✓ {report.shown(result.path)}（{kind}{named}）")
    if not results:
        raise PlanError("没有找到要检查的 YAML 文件")
    bad = report.failed
    total = sum(len(r.problems) for r in results)
    report.summary = f"检查了 {len(results)} 个文件" + (
        f"，{bad} 个文件有问题，共 {total} 处。" if bad else "，没有发现问题。"
    )
    return report
