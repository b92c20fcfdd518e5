"""``plangen import``: a past plan (Word, text, Markdown) into blocks, a template, a plan spec and
an import report, which ``plangen build`` turns back into the plan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from .report import Report

if TYPE_CHECKING:
    from ..environment import Env
    from ..importer import Imported
    from ..lint import Finding


@dataclass
class Options:
    source: Path
    out_dir: Path | None = None
    as_json: bool = False  # only the plans and headings found, as JSON (no files unless out_dir)
    force: bool = False
    no_office: bool = False
    simplified: bool = False  # traditional characters written as simplified (the user's own by default)


def run(env: Env, options: Options) -> Report:
    import json

    from ..importer import MAX_PLANS, import_source, write
    from ..lint import builtin, lint_source
    from ..readers import read
    from ..years import FIRST_YEAR, planning_year

    report = Report(env)
    path = env.path(options.source)
    document = read(path, env.office(options.no_office))
    if options.simplified:
        document = document.in_simplified()
    imported = import_source(
        document, None if options.as_json else MAX_PLANS
    )  # what is not written is refused early
    if not imported.plans:
        raise PlanError("没有找到可以导入的计划内容", path, hint="文件中应有标题和“一、”“（一）”等序号。")
    if options.as_json:
        report.write(json.dumps(imported.summary(), ensure_ascii=False, indent=2, default=str) + "\n")
        if options.out_dir is None:
            return report
    # a plan older than plangen's years is rebuilt as this year's: its text is checked for that year
    rolled = [plan for plan in imported.plans if plan.year is not None and plan.year < FIRST_YEAR]
    rules = builtin().without("site-text")  # dropped by the import already, each removal in its report
    # the lines the import read, its page furniture dropped (it says what it dropped, and why)
    read = imported.reading
    if rolled and len(rolled) == len(imported.plans):
        judged = lint_source(document, rules, planning_year(), "导入后按正在编制计划的年度生成", read=read)
    else:
        judged = lint_source(document, rules, read=read)
    findings = judged.findings
    # a collection's marks (rule R008) are dropped by the import too, and said so: not the plan's
    findings = [f for f in findings if f.rule != COLLECTION_MARKS]
    folder = env.path(options.out_dir) if options.out_dir is not None else env.cwd / f"{path.stem}-导入"
    written = write(imported, folder, findings, options.force)
    if options.as_json:
        return report
    several = len(imported.plans) > 1
    for number, plan in enumerate(imported.plans, start=1):
        heads = sum(1 for _ in plan.sections)
        report.say(
            f"计划{number if several else ''}：{plan.title}（{plan.year or '年度未知'}年，{heads} 个一级部分）"
        )
    import_report = next(p for p in written if p.suffix == ".md")
    report.say(
        f"已写出 {len(written)} 个文件到 {report.shown(folder)}（导入报告：{import_report.name}，其中 {len(imported.guesses)} 处判断、{len(findings)} 处检查问题）"
    )
    specs = [p for p in written if p.parent == folder and p.suffix == ".yaml"]
    for spec, stale in zip(specs, _errors_by_plan(imported, findings), strict=True):
        flag = " --no-lint" if stale else ""
        report.say(f"重新生成：plangen build {report.shown(spec)} -L {report.shown(folder)}{flag}")
        if stale:
            report.say(
                f"  原文中有 {stale} 处过时或残留的内容（见导入报告的检查结果）；改好后去掉 --no-lint 再生成。"
            )
    return report


COLLECTION_MARKS = "R008"  # 【篇一】, （通用5篇）: the import splits the collection and drops them


def _errors_by_plan(imported: Imported, findings: list[Finding]) -> list[int]:
    """The error-level findings in each plan's lines (a finding of the whole file counts for all):
    stale or residual text that would stop ``plangen build``. The text is the user's to fix, so the
    printed command builds it anyway and the report lists them."""
    counts = [0] * len(imported.plans)
    for finding in findings:
        if finding.severity != "error":
            continue
        for index, plan in enumerate(imported.plans):
            if not finding.line or plan.first <= finding.line <= plan.last:
                counts[index] += 1
    return counts
