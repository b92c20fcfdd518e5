"""``plangen templates list|show``: the library's plan templates and their numbered outline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from .report import Report
from .show import print_json, print_outline, print_table

if TYPE_CHECKING:
    from ..environment import Env


@dataclass
class ListOptions:
    as_json: bool = False
    library: list[Path] | None = None


@dataclass
class ShowOptions:
    template_id: str
    year: int | None = None
    detail: str | None = None
    library: list[Path] | None = None


def list_templates(env: Env, options: ListOptions) -> Report:
    from ..schema.types import SECTOR_NAMES

    report = Report(env)
    errors: list[PlanError] = []
    rows = [
        {
            "id": template.id,
            "title": template.name,
            "name": template.name,
            "sector": template.sector,
            "sector_name": SECTOR_NAMES.get(template.sector, template.sector),
            "kind": template.kind,
            "summary": template.summary,
            "sections": [ref.block for ref in template.section_refs()],
            "origin": entry.origin,
            "path": str(entry.path),
        }
        for entry, template in env.library(options.library).all("template", errors)
    ]
    if options.as_json:
        print_json(report, rows)
    else:
        print_table(
            report,
            ("名称", "领域", "来源"),
            [(r["id"], r["name"], r["sector_name"], r["origin"]) for r in rows],
        )
    for error in errors:
        report.problem(error)
    return report


def show(env: Env, options: ShowOptions) -> Report:
    """The template's structure: its headings as numbered (the template's own detail by default)."""
    from ..preview import preview_template

    report = Report(env)
    lib = env.library(options.library)
    entry = lib.entry("template", options.template_id)
    template = lib.template(options.template_id)
    doc = preview_template(lib, options.template_id, options.year, options.detail)
    report.say(f"{template.id}  {template.name}")
    report.say(f"来源：{entry.origin}    文件：{entry.path}")
    report.say(f"示例标题：{doc.title}")
    print_outline(report, doc, full=False)
    return report
