"""``plangen batch``: one plan per roster row, each with its own plan.yaml, and a report of every
row that could not be built (black's Report: a summary line, exit 1 when anything failed).

This first version builds the rows one after another in this process; parallel workers, reruns
that skip finished plans, and the bound volume are the rest of issue 11.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PlanError, flatten

REPORT = "report.csv"


@dataclass
class BatchResult:
    built: list[Path] = field(default_factory=list)  # output files
    failed: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row, branch, column, message)
    unknown: list[str] = field(default_factory=list)


def run_batch(
    roster_path: Path,
    base_path: Path,
    out_dir: Path,
    library: Any,
    options: Any,
    mapping: dict[str, str] | None = None,
    assignments: list[str] = (),
) -> BatchResult:
    """Build every good row into *out_dir*; return what was built and what failed."""
    from ..build import Builder
    from ..output import safe_filename, write_all
    from ..safeyaml import load_file
    from ..spec import apply_overrides
    from ..wizard import spec_yaml
    from .roster import read_roster
    from .specs import plan_rows

    roster = read_roster(roster_path, mapping)
    base, source = load_file(base_path)
    if not isinstance(base, dict):
        raise source.error((), "基础计划文件应为“键: 值”形式的映射")
    apply_overrides(base, source, list(assignments))
    if options.year is not None:
        base["year"] = options.year
    result = BatchResult(unknown=list(roster.unknown))
    specs_dir = out_dir / "plans"
    builder = Builder(library, out_dir)
    for plan in plan_rows(roster, base, library):
        if plan.spec is None:
            result.failed += [
                (plan.row.number, plan.name, column, message) for column, message in plan.problems
            ]
            continue
        spec = {**plan.spec, "output": {**plan.spec.get("output", {}), "dir": ".."}}
        spec_path = specs_dir / f"{safe_filename(plan.name)}.yaml"
        try:
            text = spec_yaml(spec, by="plangen batch", name=spec_path.name)
            write_all([(spec_path, text.encode("utf-8"))], options.force)
            built = builder.build(spec_path, options)
        except PlanError as exc:
            for problem in flatten(exc):
                result.failed.append((plan.row.number, plan.name, "", problem.message))
            continue
        result.built += built.files
    if result.failed:
        write_all([(out_dir / REPORT, report_csv(result))], force=True)
    return result


def report_csv(result: BatchResult) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["行号", "支部名称", "列", "问题"])
    for row, name, column, message in result.failed:
        writer.writerow([row, name, column, message])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
