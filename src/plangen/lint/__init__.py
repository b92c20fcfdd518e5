"""``plangen lint``: stale, residual and inconsistent content in any plan.

Sources: plangen's own plan specs, blocks and templates (YAML), and any document a user brings
(.docx, .doc/.wps through LibreOffice, .txt, .md), read by :mod:`plangen.readers`. Rules are data
(:mod:`plangen.lint.rules`); the checks are in :mod:`plangen.lint.checks`. ``plangen build`` runs
:func:`lint_document` on what it is about to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..readers import Line
from .checks import Finding, context_of, lines_hits
from .rules import RuleSet, builtin, for_library

if TYPE_CHECKING:
    from ..document import Document
    from ..library import Library
    from ..readers import Source
    from ..readers.outline import Outline

__all__ = ["Finding", "Report", "RuleSet", "builtin", "check", "for_library", "lint_document", "lint_file"]

DEFAULT_CONGRESS_YEAR = 2027
YAML_SUFFIXES = {".yaml", ".yml"}
SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".odt", ".txt", ".md", ".markdown", ".yaml", ".yml")
_TITLE_YEAR = re.compile(r"([2２][0０]\d\d|二〇[〇一二三四五六七八九]{2})\s*年")
_PLAN_YEAR = re.compile(
    r"([2２][0０]\d\d|二〇[〇一二三四五六七八九]{2})\s*年度?[^0-9０-９年。]{0,24}?(?:计划|要点|规划|安排|方案)"
)
_FULL_DATE = re.compile(r"(?<!\d)(20\d\d)年(\d{1,2})月(?:\d{1,2}日)?")
RULE_FILE_KEYS = {"residue", "currency", "arithmetic", "structure", "disable"}


@dataclass
class Report:
    """The findings in one file, and the year they were judged against."""

    path: Path
    kind: str  # 计划文件 | 内容块 | 计划模板 | YAML | text | markdown | word
    year: int
    year_source: str  # where the year came from, said to the user
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit: str = "行"

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


def _finding(rule_id: str, rules: RuleSet, line: Line | None, start: int, end: int, message: str,
             suggestion: str, path: str, where: str = "", severity: str = "") -> Finding:  # fmt: skip
    rule = rules.by_id[rule_id]
    body = line.text if line is not None else ""
    return Finding(
        rule=rule_id,
        family=rule.family,
        severity=severity or rule.severity,
        message=message,
        text=body[start:end] if end > start else body[:30],
        context=context_of(body, start, end) if end > start else body[:40],
        line=line.number if line is not None else None,
        column=start + 1 + (line.offset if line is not None else 0) if end > start else None,
        suggestion=suggestion,
        path=path,
        where=where,
    )


def lint_lines(lines: list[Line], rules: RuleSet, year: int, congress_year: int, path: str,
               where: str = "") -> list[Finding]:  # fmt: skip
    """Pattern and arithmetic findings, line by line."""
    out = []
    for line, hits in zip(
        lines, lines_hits(rules, [line.text for line in lines], year, congress_year), strict=True
    ):
        for rule_id, start, end, message, suggestion, severity in hits:
            out.append(_finding(rule_id, rules, line, start, end, message, suggestion, path, where, severity))
    return out


def plan_year(source: Source, shape: Outline) -> tuple[int, str] | None:
    """The year a document plans for, from its title, else from its dates; with where it came from."""
    unit = source.unit
    from ..readers.outline import title_like

    candidates = [shape.title, *(part.title for part in shape.parts)]
    candidates += [line for line in source.lines[:3] if not line.toc and title_like(line.text)]
    for line in candidates:
        if line is None:
            continue
        year = title_year(line.text, line is shape.title)
        if year is not None:
            return year, f"标题（第 {line.number} {unit}）"
    votes: dict[int, list[Line]] = {}
    for line in source.lines:
        for match in _FULL_DATE.finditer(line.text):
            year, month = int(match.group(1)), int(match.group(2))
            signed = match.group() == line.text.strip()  # a date on its own line: when the plan was signed
            votes.setdefault(year + 1 if signed and month >= 10 else year, []).append(line)
    if votes:
        year = max(votes, key=lambda y: (len(votes[y]), y))
        return year, f"文中日期（第 {votes[year][0].number} {unit}）"
    return None


def title_year(text: str, is_title: bool = True) -> int | None:
    """The year a title plans for: the year before 计划 (“2026年工作总结暨2027年工作计划” is 2027),
    else, in a line known to be the title, its last year."""
    planned = _PLAN_YEAR.findall(text)
    if planned:
        return _year_of(planned[-1])
    years = _TITLE_YEAR.findall(text) if is_title else []
    return _year_of(years[-1]) if years else None


def _year_of(text: str) -> int:
    if text.isdigit():
        return int(text)
    return int("".join(str("〇一二三四五六七八九".index(c)) for c in text))


def lint_source(source: Source, rules: RuleSet, year: int | None = None, year_source: str = "",
                congress_year: int = DEFAULT_CONGRESS_YEAR) -> Report:  # fmt: skip
    """Every check on a document read by :mod:`plangen.readers`."""
    from ..readers.outline import outline
    from .checks import dates_off_year
    from .structure import numbering, sections

    shape = outline(source.lines)
    found = None if year is not None else plan_year(source, shape)
    judged = year is not None or found is not None
    if year is None:
        if found is not None:
            year, year_source = found
        else:
            from ..preview import planning_year

            year = planning_year()
            year_source = "未能从标题或日期判断，按正在编制计划的年度"
    path = str(source.path)
    report = Report(
        source.path, source.kind, year, year_source or "--year", notes=list(source.notes), unit=source.unit
    )
    findings = report.findings
    findings += lint_lines(shape.front, rules, year, congress_year, path)
    findings += lint_lines(source.furniture, rules, year, congress_year, path, "页眉或页脚")
    several = len(shape.parts) > 1
    for number, part in enumerate(shape.parts, start=1):
        where = f"第 {number} 篇" if several else ""
        part_year = year
        if found is not None and part.title is not None:  # a collection's plans may differ in year
            part_year = title_year(part.title.text) or year
        head = [line for line in (part.marker, part.title) if line is not None and line not in shape.front]
        findings += lint_lines(head + part.lines, rules, part_year, congress_year, path, where)
        title_rule = rules.get("title-year")
        if title_rule is not None and judged:
            for line, start, end, message in dates_off_year(part.lines, part_year):
                findings.append(
                    _finding(
                        title_rule.id, rules, line, start, end, message, title_rule.suggestion, path, where
                    )
                )
        sector_text = " ".join(x.text for x in (shape.title, part.title) if x is not None)
        for rule_id, line, message, suggestion in [
            *numbering(rules, part),
            *sections(rules, part, sector_text, source.unit),
        ]:
            findings.append(_finding(rule_id, rules, line, 0, 0, message, suggestion, path, where))
    control = rules.get("control-character")
    if control is not None:
        for number, column, char in source.controls[:50]:
            findings.append(
                Finding(
                    control.id,
                    control.family,
                    control.severity,
                    f"{control.message}（U+{ord(char):04X}）",
                    f"U+{ord(char):04X}",
                    "",
                    number,
                    column,
                    control.suggestion,
                    path,
                )
            )
    findings.sort(key=lambda f: (f.line or 0, f.column or 0, f.rule))
    return report


def check(
    text: str, year: int, congress_year: int = DEFAULT_CONGRESS_YEAR, rules: RuleSet | None = None
) -> list[Finding]:
    """Every finding in plain *text* (one paragraph per line) for a plan of *year*."""
    from ..readers import source_from_text

    return lint_source(source_from_text(text), rules or builtin(), year, "--year", congress_year).findings


# --- plangen's own files -------------------------------------------------------------------------


def lint_document(doc: Document, rules: RuleSet, congress_year: int = DEFAULT_CONGRESS_YEAR,
                  path: str = "") -> list[Finding]:  # fmt: skip
    """The pattern and arithmetic findings in a composed plan, each naming the block it came from."""
    from ..document import Heading, Paragraph, RunIn, Table

    texts: list[tuple[str, str]] = [(doc.title, ""), *((p.text, "") for p in doc.intro)]
    for node in doc.body:
        if isinstance(node, Heading):
            texts.append((node.label, node.source))
        elif isinstance(node, RunIn):
            texts.append((node.label + node.body, node.source))
        elif isinstance(node, Paragraph):
            texts.append((node.text, node.source))
        elif isinstance(node, Table):
            texts += [("\t".join(row), "") for row in [node.header, *node.rows]]
    if doc.signature:
        texts += [(doc.signature.org, ""), (doc.signature.date, "")]
    rows: list[int] = []  # indexes of the monthly table's rows: their block is found only when needed
    for appendix in doc.appendices:
        texts.append((appendix.title, ""))
        for item in appendix.body:
            if isinstance(item, Table):
                for row in [item.header, *item.rows]:
                    rows.append(len(texts))
                    texts.append(("\t".join(row), ""))
            else:
                texts.append((item.text, ""))
    findings: list[Finding] = []
    strings = [text for text, _ in texts]
    hit_lists = lines_hits(rules, strings, doc.year, congress_year)
    dates = rules.get("title-year")
    if dates is not None:
        from .checks import dates_off_year

        candidates = [i for i, text in enumerate(strings) if "月" in text and "年" in text]
        lines = [Line(strings[i], i) for i in candidates]  # number: the index, to find its block
        for line, start, end, message in dates_off_year(lines, doc.year):
            findings.append(_finding(dates.id, rules, line, start, end, message, dates.suggestion, path))
    for index, hits in enumerate(hit_lists):
        if hits:
            line = Line(strings[index], index)
            for rule_id, start, end, message, suggestion, severity in hits:
                findings.append(
                    _finding(rule_id, rules, line, start, end, message, suggestion, path, "", severity)
                )
    if not findings:
        return []
    row_set = set(rows)
    events = {event.name: event.source for event in doc.events}

    def where(index: int) -> str:
        if index in row_set:  # a row of the monthly table names the activity, and so its block
            return next((src for name, src in events.items() if name and name in strings[index]), "")
        return texts[index][1]

    return [replace(f, line=None, column=None, where=where(f.line or 0)) for f in findings]


def lint_file(path: Path, rules: RuleSet, year: int | None = None, office: bool = True,
              library: Library | None = None, congress_year: int = DEFAULT_CONGRESS_YEAR) -> Report:  # fmt: skip
    """Lint one file of any kind we read; a file we cannot read raises :class:`PlanError`."""
    if path.suffix.lower() in YAML_SUFFIXES:
        return _lint_yaml(path, rules, year, library, congress_year)
    from ..readers import read

    return lint_source(read(path, office), rules, year, "--year", congress_year)


def _lint_yaml(
    path: Path, rules: RuleSet, year: int | None, library: Library | None, congress_year: int
) -> Report:
    from ..safeyaml import load_file

    data, source = load_file(path)
    kind = "YAML"
    if isinstance(data, dict) and data and set(data) <= RULE_FILE_KEYS:  # a lint.yaml: checked, not linted
        from .rules import check_rule_file

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
    if kind == "计划文件":
        return _lint_spec(path, data, source, rules, year, library)
    if year is None:
        from ..preview import planning_year

        year, how = planning_year(), "未指定 --year，按正在编制计划的年度"
    else:
        how = "--year"
    report = Report(path, kind, year, how)
    report.findings += _scalar_findings(data, source, rules, year, congress_year, str(path))
    return report


_JINJA_ENDS = {"{{": "}}", "{%": "%}", "{#": "#}"}


def without_jinja(text: str) -> str:
    """*text* without its Jinja tags (``{{ … }}``, ``{% … %}``, ``{# … #}``), in one pass."""
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
        position = end + 2
    out.append(text[position:])
    return "".join(out)


def _scalar_findings(
    data: Any, source: Any, rules: RuleSet, year: int, congress_year: int, path: str
) -> list[Finding]:
    """Findings in every text value of a YAML file, on the line it is written on (Jinja removed)."""
    lines: list[Line] = []
    stack: list[tuple[tuple, Any]] = [((), data)]
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
    findings = [replace(f, column=None) for f in lint_lines(lines, rules, year, congress_year, path)]
    findings.sort(key=lambda f: (f.line or 0, f.column or 0, f.rule))
    return findings


def entry_is_users(library: Library, block_id: str) -> bool:
    """Whether a block comes from a user's library (its file is theirs to edit)."""
    try:
        return library.entry("block", block_id).layer is not library.layers[0]
    except Exception:
        return False


def block_location(library: Library, block_id: str, text: str) -> tuple[Path | None, int | None]:
    """The block's file and the line holding *text* (found as written; Jinja may hide it)."""
    try:
        entry = library.entry("block", block_id)
    except Exception:
        return None, None
    try:
        lines = entry.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return entry.path, None
    line = next((number for number, body in enumerate(lines, start=1) if text and text in body), None)
    return entry.path, line


def _lint_spec(
    path: Path, data: dict, source: Any, rules: RuleSet, year: int | None, library: Library | None
) -> Report:
    """A plan spec: its own values on their lines, then the plan it builds, block by block."""
    from ..build import Builder, BuildOptions
    from ..library import Library as _Library

    library = library or _Library.default()
    builder = Builder(library, path.parent)
    spec, doc, _ = builder.document(path, BuildOptions(year=year), formats=["md"])
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
            block_path, line = block_location(library, finding.where, finding.text)
            where = f"块 {finding.where}"
            if block_path is not None and entry_is_users(library, finding.where):
                path_ = str(block_path)
            else:
                line = None
        report.findings.append(replace(finding, path=path_, line=line, where=where))
    return report
