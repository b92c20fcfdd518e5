"""Linting files of every kind: documents through the readers, and plangen's own YAML — a plan spec
is built (its findings point at the blocks they came from), a block or template is checked value by
value on its lines, a rule file is checked as a rule file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..readers import Line
from ..years import DEFAULT_CONGRESS_YEAR
from . import Finding, Report, RuleSet, lint_document, lint_lines, lint_source, read_lines

if TYPE_CHECKING:
    from ..document import Document
    from ..library import Library
    from ..safeyaml import SourceMap
    from ..schema.types import PlanSpec

YAML_SUFFIXES = {".yaml", ".yml"}
SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".odt", ".txt", ".md", ".markdown", ".yaml", ".yml")


# A plan spec is linted as the plan it builds: the caller (the lint command) passes how to compose
# one — (spec path, --year) → (spec, Document) — so that lint never imports the build steps, which
# use lint themselves to refuse a stale plan.
Compose = Callable[[Path, "int | None"], tuple["PlanSpec", "Document"]]


def lint_file(path: Path, rules: RuleSet, year: int | None = None, office: bool = True,
              library: Library | None = None, congress_year: int = DEFAULT_CONGRESS_YEAR,
              compose: Compose | None = None) -> Report:  # fmt: skip
    """Lint one file of any kind we read; a file we cannot read raises :class:`PlanError`."""
    if path.suffix.lower() in YAML_SUFFIXES:
        return _lint_yaml(path, rules, year, library, congress_year, compose)
    from ..readers import read

    return lint_source(read(path, office), rules, year, "--year", congress_year)


def _lint_yaml(
    path: Path, rules: RuleSet, year: int | None, library: Library | None, congress_year: int,
    compose: Compose | None,
) -> Report:  # fmt: skip
    from ..safeyaml import load_file

    data, source = load_file(path)
    kind = "YAML"
    from .rules import check_rule_file, is_rule_file

    if is_rule_file(data):  # a lint.yaml: checked, not linted
        check_rule_file(data, source)
        year = year or DEFAULT_CONGRESS_YEAR
        return Report(
            path, "检查规则", year, "--year", notes=["这是检查规则文件：只检查格式，不检查其中的例句"]
        )
    if isinstance(data, dict):
        if "template" in data:
            kind = "计划文件"
        elif "body" in data and "id" in data:
            kind = "内容块"
        elif "sections" in data:
            kind = "计划模板"
    if kind == "计划文件" and compose is not None and library is not None:
        return _lint_spec(path, data, source, rules, year, library, compose)
    if year is None:
        from ..years import planning_year

        year, how = planning_year(), "未指定 --year，按正在编制计划的年度"
    else:
        how = "--year"
    report = Report(path, kind, year, how)
    report.findings += _scalar_findings(data, source, rules, year, congress_year, str(path))
    return report


_JINJA_ENDS = {"{{": "}}", "{%": "%}", "{#": "#}"}


def without_jinja(text: str) -> str:
    """*text* without its Jinja tags (``{% … %}``, ``{# … #}``), in one pass; a value (``{{ … }}``)
    stands as “…”: the rendered text has something there (“任务（{{ tasks }}）” is not an empty “（）”)."""
    if "{" not in text:
        return text
    out: list[str] = []
    position = 0
    following = {opener: text.find(opener) for opener in _JINJA_ENDS}  # each looked up again only once passed
    while True:
        for opener, index in following.items():
            if 0 <= index < position:
                following[opener] = text.find(opener, position)
        starts = [(index, opener) for opener, index in following.items() if index >= 0]
        if not starts:
            break
        index, opener = min(starts)
        end = text.find(_JINJA_ENDS[opener], index + 2)
        if end < 0:
            break
        out.append(text[position:index])
        if opener == "{{":
            out.append("…")
        position = end + 2
    out.append(text[position:])
    return "".join(out)


def _scalar_findings(
    data: object, source: SourceMap, rules: RuleSet, year: int, congress_year: int, path: str
) -> list[Finding]:
    """Findings in every text value of a YAML file, on the line it is written on (Jinja removed)."""
    lines: list[Line] = []
    stack: list[tuple[tuple, object]] = [((), data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack += [((*key, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [((*key, i), v) for i, v in enumerate(value)]
        elif isinstance(value, str) and value.strip():
            first = source.text_line(key) or 0
            literal = key in source.block_scalars
            for offset, text in enumerate(without_jinja(value).split("\n")):
                lines.append(Line(text, first + (offset if literal else 0)))
    # a column would count inside the value, not the file: the line is what an editor shows
    read, written = read_lines(lines)
    found = lint_lines(read, rules, year, congress_year, path, written=written)
    findings = [replace(f, column=None) for f in found]
    findings.sort(key=lambda f: (f.line or 0, f.column or 0, f.rule))
    return findings


def _lint_spec(
    path: Path, data: dict, source: SourceMap, rules: RuleSet, year: int | None, library: Library,
    compose: Compose,
) -> Report:  # fmt: skip
    """A plan spec: its own values on their lines, then the plan it builds, block by block."""
    spec, doc = compose(path, year)
    congress_year = spec.settings.congress_year
    report = Report(path, "计划文件", doc.year, "--year" if year is not None else "计划文件的 year")
    own = _scalar_findings(data, source, rules, doc.year, congress_year, str(path))
    seen = {(f.rule, f.text) for f in own}
    report.findings += own
    for finding in lint_document(doc, rules, congress_year, str(path)):
        if (finding.rule, finding.text) in seen:
            continue
        seen.add((finding.rule, finding.text))
        path_, line = str(path), None
        where = "生成的计划"
        if finding.where:
            block_path, line = library.locate_text("block", finding.where, finding.text)
            where = f"块 {finding.where}"
            if block_path is not None and library.is_users("block", finding.where):
                path_ = str(block_path)
            else:
                line = None
        report.findings.append(replace(finding, path=path_, line=line, where=where))
    from ..layout import uncertain

    report.notes += uncertain(doc, spec.output.docx.latin_font)  # pages the model cannot be sure of
    return report
