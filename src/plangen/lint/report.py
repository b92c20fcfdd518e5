"""How findings are shown: grouped by file with colour on a terminal, one grep-able line each
otherwise, or JSON for scripts and CI."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..environment import shown
from .checks import Finding
from .rules import SEVERITIES

if TYPE_CHECKING:
    from ..environment import Env
    from . import Report


def place(finding: Finding, unit: str) -> str:
    if finding.line is None:
        return ""
    return f"第 {finding.line} {unit}"


def _names(cwd: Path) -> Callable[[Path | str], str]:
    """:func:`shown` remembered per path: it resolves the path on disk, and a file may have
    tens of thousands of findings, nearly all naming the same file."""
    return functools.cache(lambda path: shown(path, cwd))


def as_json(reports: list[Report], cwd: Path) -> str:
    findings = []
    files = []
    named = _names(cwd)
    for report in reports:
        name = named(report.path)
        files.append({
            "file": name, "kind": report.kind, "year": report.year, "year_source": report.year_source,
            "errors": report.errors, "warnings": len(report.findings) - report.errors, "notes": report.notes,
        })  # fmt: skip
        for f in report.findings:
            findings.append({
                "file": named(f.path) if f.path else name, "line": f.line, "column": f.column, "unit": report.unit, "rule": f.rule,
                "family": f.family, "severity": f.severity, "message": f.message, "text": f.text,
                "context": f.context, "suggestion": f.suggestion, "where": f.where,
            })  # fmt: skip
    return json.dumps({"findings": findings, "files": files}, ensure_ascii=False, indent=2)


def summary(reports: list[Report], failed: int) -> str:
    errors = sum(r.errors for r in reports)
    warnings = sum(len(r.findings) for r in reports) - errors
    text = f"检查了 {len(reports)} 个文件：错误 {errors} 处，警告 {warnings} 处。"
    if failed:
        text += f"另有 {failed} 个文件无法读取。"
    return text


def print_plain(env: Env, reports: list[Report]) -> None:
    """``path:line:column: 错误 [R001] message：“context”（建议：…）`` — one line per finding."""
    named = _names(env.cwd)
    for report in reports:
        name = named(report.path)
        env.say(f"{name}：按 {report.year} 年度检查（年份：{report.year_source}）")
        for note in report.notes:
            env.say(f"{name}：注意：{note}")
        for f in report.findings:
            file = named(f.path) if f.path else name
            where = file + (f":{f.line}" if f.line else "") + (f":{f.column}" if f.column else "")
            extra = f"（{f.where}）" if f.where else ""
            hint = f"（建议：{f.suggestion}）" if f.suggestion else ""
            quoted = f"：“{f.context}”" if f.context else ""  # a finding on the whole file quotes nothing
            env.say(f"{where}: {SEVERITIES[f.severity]} [{f.rule}] {f.message}{extra}{quoted}{hint}")


def print_rich(env: Env, reports: list[Report]) -> None:
    """Grouped by file, errors in red and warnings in yellow, the matched words highlighted."""
    from rich.text import Text

    from ..environment import visible

    out = env.out
    named = _names(env.cwd)
    for report in reports:
        name = named(report.path)
        out.print(
            Text(visible(name), style="bold"),
            Text(f"  按 {report.year} 年度检查（年份：{report.year_source}）", style="dim"),
        )
        for note in report.notes:
            out.print(Text(f"  注意：{visible(note)}", style="dim"))
        if not report.findings:
            out.print(Text("  未发现问题", style="green"))
        for f in report.findings:
            color = "red" if f.severity == "error" else "yellow"
            head = Text("  ")
            head.append(f"{SEVERITIES[f.severity]} ", style=f"bold {color}")
            spot = place(f, report.unit)
            if f.path and Path(f.path) != Path(report.path):
                spot = f"{visible(named(f.path))} {spot}".strip()
            head.append(f"{spot or f.where or '全文'} ", style="cyan")
            head.append(f"[{f.rule}] ", style="dim")
            head.append(visible(f.message))
            if f.where and f.line is not None:
                head.append(f"（{visible(f.where)}）", style="dim")
            out.print(head)
            if not f.context:  # a finding on the whole file: nothing to quote
                if f.suggestion:
                    out.print(Text(f"      建议：{visible(f.suggestion)}", style="green"))
                continue
            context = Text("      “")
            body = visible(f.context)
            index = body.find(visible(f.text)) if f.text else -1
            if index >= 0 and f.column:
                context.append(body[:index])
                context.append(visible(f.text), style=f"bold {color} underline")
                context.append(body[index + len(visible(f.text)) :])
            else:
                context.append(body)
            context.append("”")
            if f.suggestion:
                context.append(f"  建议：{visible(f.suggestion)}", style="green")
            out.print(context)
        out.print()
