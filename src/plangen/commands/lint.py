"""``plangen lint``: stale wording, template residue, wrong years and numbering in plans of any
kind; exit 1 on an error (or, with --strict, on any finding), 2 when a file cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from .report import Report

if TYPE_CHECKING:
    from ..document import Document
    from ..environment import Env
    from ..library import Library
    from ..lint.files import Compose
    from ..schema.types import PlanSpec


@dataclass
class Options:
    files: list[Path]
    year: int | None = None
    as_json: bool = False
    strict: bool = False
    no_office: bool = False
    library: list[Path] | None = None


def run(env: Env, options: Options) -> Report:
    from ..lint.files import lint_file
    from ..lint.report import as_json, print_plain, print_rich, summary
    from ..lint.rules import for_library

    report = Report(env)
    lib = env.library(options.library)
    rules = for_library([layer.root for layer in lib.layers[1:]])
    compose = _composer(lib)
    reports = []
    for path in _targets([env.path(p) for p in options.files]):
        try:
            reports.append(
                lint_file(path, rules, options.year, env.office(options.no_office), lib, compose=compose)
            )
        except PlanError as exc:
            report.problem(exc, env.path(path))
    if options.as_json:
        report.write(as_json(reports, env.cwd) + "\n")
    elif env.stdout.isatty():
        print_rich(env, reports)
    else:
        print_plain(env, reports)
    if not options.as_json:
        report.summary = summary(reports, report.failed)
    errors = sum(r.errors for r in reports)
    findings = sum(len(r.findings) for r in reports)
    report.summary_to_stderr = bool(report.failed)  # warnings alone are findings, not failures
    report.findings = errors + (findings if options.strict else 0)  # Report.exit_code: 2, 1 or 0
    return report


def _composer(library: Library) -> Compose:
    """How lint composes a plan spec: as ``plangen build`` would, for Markdown (no Word needed)."""
    from ..pipeline import Builder, BuildOptions

    def compose(path: Path, year: int | None) -> tuple[PlanSpec, Document]:
        spec, doc, _ = Builder(library, path.parent).document(path, BuildOptions(year=year), formats=["md"])
        return spec, doc

    return compose


def _targets(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the documents and plan files in it (Word's ``~$`` lock
    files and hidden folders left out)."""
    from ..library import files_under
    from ..lint.files import SUFFIXES
    from ..textio import is_folder

    targets: list[Path] = []
    for path in paths:
        if not is_folder(path):
            targets.append(path)
            continue
        found = [
            p for p in files_under(path, SUFFIXES)
            if not p.name.startswith("~$") and not any(part.startswith(".") for part in p.relative_to(path).parts)
        ]  # fmt: skip
        if not found:
            raise PlanError("文件夹中没有可检查的文件", path, hint=f"支持：{'、'.join(SUFFIXES)}")
        targets += found
    return targets
