"""``plangen lint``: stale, residual and inconsistent content in any plan.

Sources: plangen's own plan specs, blocks and templates (YAML), and any document a user brings
(.docx, .doc/.wps through LibreOffice, .txt, .md), read by :mod:`plangen.readers`. Rules are data
(:mod:`plangen.lint.rules`); the checks are in :mod:`plangen.lint.checks`. ``plangen build`` runs
:func:`lint_document` on what it is about to write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..readers import Line
from ..years import DEFAULT_CONGRESS_YEAR, planned_year
from .checks import Finding, context_of, lines_hits
from .rules import RuleSet, builtin, for_library

if TYPE_CHECKING:
    from ..document import Document
    from ..readers import Source
    from ..readers.outline import Outline

__all__ = [
    "Finding",
    "Report",
    "RuleSet",
    "Written",
    "builtin",
    "check",
    "for_library",
    "lint_document",
    "lint_source",
    "placeholder",
]

_TITLE_YEAR = re.compile(r"([2２][0０]\d\d|二〇[〇一二三四五六七八九]{2})\s*年")
_PLAN_YEAR = re.compile(
    r"([2２][0０]\d\d|二〇[〇一二三四五六七八九]{2})\s*年度?[^0-9０-９年。]{0,24}?(?:计划|要点|规划|安排|方案)"
)
_FULL_DATE = re.compile(r"(?<!\d)(20\d\d)年(\d{1,2})月(?:\d{1,2}日)?")
# findings listed for one file: a collection of 100 plans copied from the web has a few thousand;
# past this the listing stops, and the text is not scanned further (a page of 100,000 “xx” need not be)
MAX_FINDINGS = 50_000
_PIECE = 64 * 1024  # characters of text scanned together


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


class Written:
    """The lines as the user wrote them behind the lines as read (traditional characters as
    simplified, half-width punctuation as full-width: :mod:`plangen.readers.normalize`). Every
    check looks at the reading; a finding quotes what is written, at the same column (a reading
    has its text's length)."""

    def __init__(self) -> None:
        self.lines: dict[int, Line] = {}  # id of a line as read → the line as written, where they differ
        self.numbers: dict[int, list[tuple[Line, Line]]] = {}  # the same pairs by line number

    def __call__(self, line: Line) -> Line:
        """The line *line* reads, as written (a line a check made of part of one, too)."""
        found = self.lines.get(id(line))
        if found is not None:
            return found
        for read, written in self.numbers.get(line.number, ()):
            at = read.text.find(line.text) if line.text else -1
            if at >= 0:  # a collection marker's title (“【篇一】2027年……计划”): a piece of the line
                return replace(line, text=written.text[at : at + len(line.text)])
        return line


def read_lines(
    lines: list[Line], written: Written | None = None, widened: bool = False
) -> tuple[list[Line], Written]:
    """*lines* as read (:func:`plangen.readers.normalize.readings`: the document judged once, each
    line read once), and how to get back to what is written; a line that reads as written is kept.
    *widened*: their punctuation is read as full-width already (the importer's)."""
    from ..readers.normalize import readings

    written = written if written is not None else Written()
    texts = [line.text for line in lines]
    read = readings(texts, widened)
    out: list[Line] = []
    for line, text, reading in zip(lines, texts, read, strict=True):
        if reading == text:
            out.append(line)
            continue
        new = replace(line, text=reading)
        written.lines[id(new)] = line
        written.numbers.setdefault(line.number, []).append((new, line))
        out.append(new)
    return out, written


@dataclass
class _Budget:
    """How many more pattern findings one file may list, and the last line checked once they ran out."""

    left: int = MAX_FINDINGS
    stopped_at: int | None = None


def lint_lines(lines: list[Line], rules: RuleSet, year: int, congress_year: int, path: str,
               where: str = "", budget: _Budget | None = None,
               written: Written | None = None) -> list[Finding]:  # fmt: skip
    """Pattern and arithmetic findings, line by line, a bounded piece of the text at a time (what a
    piece holds is all that is kept of it); with a *budget*, none after the piece that spends it.
    *lines* are read (:func:`read_lines`); *written* gives the text each finding quotes."""
    out: list[Finding] = []
    for chunk in _pieces(lines):
        before = len(out)
        for line, hits in zip(
            chunk, lines_hits(rules, [line.text for line in chunk], year, congress_year), strict=True
        ):
            shown = written(line) if written is not None and hits else line
            for rule_id, start, end, message, suggestion, severity in hits:
                out.append(
                    _finding(rule_id, rules, shown, start, end, message, suggestion, path, where, severity)
                )
        if budget is not None:
            budget.left -= len(out) - before
            if budget.left <= 0:
                budget.stopped_at = chunk[-1].number
                break
    return out


def _pieces(lines: list[Line]) -> Iterator[list[Line]]:
    """*lines* in runs of about :data:`_PIECE` characters (each run ends with the line that fills it)."""
    start = size = 0
    for index, line in enumerate(lines):
        size += len(line.text) + 1
        if size >= _PIECE:
            yield lines[start : index + 1]
            start, size = index + 1, 0
    if start < len(lines):
        yield lines[start:]


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
            votes.setdefault(planned_year(year, month) if signed else year, []).append(line)
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
    from ..numbering import parse_written_number

    return parse_written_number(text) or 0


def lint_source(source: Source, rules: RuleSet, year: int | None = None, year_source: str = "",
                congress_year: int = DEFAULT_CONGRESS_YEAR, whole: bool = True,
                read: tuple[list[Line], Written] | None = None) -> Report:  # fmt: skip
    """Every check on a document read by :mod:`plangen.readers`; *whole* is False for a piece of
    text (:func:`check`), which need not be a plan of its own. The checks look at the document's
    reading (traditional characters as simplified, half-width punctuation as full-width); the
    findings quote it as written. *read*: its lines read and split already, and the way back to
    what they say as written (the importer's, its page furniture dropped)."""
    from ..readers.outline import outline
    from ..readers.runs import split_runs
    from .checks import dates_off_year
    from .structure import not_a_plan, numbering, ordinals, sections

    if read is not None:
        lines, written = read
    else:
        lines, written = read_lines(source.lines)
        # a page pasted as one line is checked as its pieces (each at its column on the line)
        lines = split_runs(lines, source.path, source.unit)[0] if whole else lines
    furniture, _ = read_lines(source.furniture, written)
    source = replace(source, lines=lines, furniture=furniture)
    shape = outline(source.lines)
    found = None if year is not None else plan_year(source, shape)
    judged = year is not None or found is not None
    if year is None:
        if found is not None:
            year, year_source = found
        else:
            from ..years import planning_year

            year = planning_year()
            year_source = "未能从标题或日期判断，按正在编制计划的年度"
    path = str(source.path)
    report = Report(
        source.path, source.kind, year, year_source or "--year", notes=list(source.notes), unit=source.unit
    )
    findings = report.findings
    budget = _Budget()
    findings += lint_lines(shape.front, rules, year, congress_year, path, budget=budget, written=written)
    if budget.stopped_at is None:
        findings += lint_lines(
            source.furniture, rules, year, congress_year, path, "页眉或页脚", budget, written
        )
    several = len(shape.parts) > 1
    for number, part in enumerate(shape.parts, start=1):
        if budget.stopped_at is not None:
            break
        where = f"第 {number} 篇" if several else ""
        part_year = year
        if found is not None and part.title is not None:  # a collection's plans may differ in year
            part_year = title_year(part.title.text) or year
        head = [line for line in (part.marker, part.title) if line is not None and line not in shape.front]
        findings += lint_lines(
            head + part.lines, rules, part_year, congress_year, path, where, budget, written
        )
        stop = budget.stopped_at  # past it nothing is listed: nothing more is looked for
        checked = part.lines if stop is None else [line for line in part.lines if line.number <= stop]
        title_rule = rules.get("title-year")
        if title_rule is not None and judged:
            for line, start, end, message in dates_off_year(checked, part_year):
                findings.append(
                    _finding(
                        title_rule.id, rules, written(line), start, end, message, title_rule.suggestion,
                        path, where,
                    )
                )  # fmt: skip
        sector_text = " ".join(x.text for x in (shape.title, part.title) if x is not None)
        items = ordinals(part)
        for rule_id, line, message, suggestion in [
            *numbering(rules, part, items, written),
            *sections(rules, part, items, sector_text, source.unit),
        ]:
            if stop is None or line.number <= stop:
                findings.append(
                    _finding(rule_id, rules, written(line), 0, 0, message, suggestion, path, where)
                )
    site = rules.get("site-text")
    if site is not None:
        findings += _site_text(site.id, rules, source.lines, written, path)
    control = rules.get("control-character")
    if control is not None:
        for number, column, char in source.controls:
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
    plan_rule = rules.get("not-a-plan") if whole else None
    reason = not_a_plan(source.lines, source.controls.total) if plan_rule is not None else None
    if plan_rule is not None and reason is not None:
        findings.append(_finding(plan_rule.id, rules, None, 0, 0, f"{plan_rule.message}：{reason}",
                                 plan_rule.suggestion, path))  # fmt: skip
    if budget.stopped_at is not None:  # what was checked: the lines up to where the budget ran out
        findings[:] = [f for f in findings if (f.line or 0) <= budget.stopped_at]
    findings.sort(key=lambda f: (f.line or 0, f.column or 0, f.rule))
    if budget.stopped_at is not None:
        del findings[MAX_FINDINGS:]
        report.notes.append(
            f"问题过多，只列出前 {MAX_FINDINGS} 处：检查到第 {budget.stopped_at} {source.unit}为止，其后未检查"
        )
    elif len(findings) > MAX_FINDINGS:
        report.notes.append(f"问题过多，共 {len(findings)} 处，只列出前 {MAX_FINDINGS} 处")
        del findings[MAX_FINDINGS:]
    return report


def _site_text(rule_id: str, rules: RuleSet, lines: list[Line], written: Written, path: str) -> list[Finding]:
    """A web page's or a PDF's own text left in the plan: what the importer drops, by the same
    judgement (:mod:`plangen.readers.furniture`), each with the reason it is not the plan's."""
    from ..readers.furniture import remove

    rule = rules.by_id[rule_id]
    by_number = {line.number: line for line in lines}
    out = []
    for removal in remove(lines)[1]:
        line = by_number.get(removal.line)
        if line is None:
            continue
        shown = written(line)
        start = max(line.text.find(removal.text.strip()), 0)
        end = start + len(removal.text.strip()) if removal.text.strip() else len(line.text)
        out.append(_finding(rule_id, rules, shown, start, end, f"{rule.message}（{removal.reason}）",
                            rule.suggestion, path))  # fmt: skip
    return out


def check(
    text: str, year: int, congress_year: int = DEFAULT_CONGRESS_YEAR, rules: RuleSet | None = None
) -> list[Finding]:
    """Every finding in plain *text* (one paragraph per line) for a plan of *year*."""
    from ..readers import source_from_text

    source = source_from_text(text)
    return lint_source(source, rules or builtin(), year, "--year", congress_year, whole=False).findings


def placeholder(text: str) -> str:
    """Why the name *text* is a stand-in (“[R011] 示例名称未替换…”), or "" when it is a real one: one
    judgement, the residue rules', for the wizard's answers and the names the importer finds."""
    import datetime as dt

    for finding in check(text, dt.date.today().year):
        if finding.family == "residue" and finding.severity == "error":
            return f"[{finding.rule}] {finding.message}"
    return ""


# --- plangen's own files -------------------------------------------------------------------------


def lint_document(doc: Document, rules: RuleSet, congress_year: int = DEFAULT_CONGRESS_YEAR,
                  path: str = "", errors_only: bool = False) -> list[Finding]:  # fmt: skip
    """The pattern and arithmetic findings in a composed plan, each naming the block it came from
    (*errors_only*: a build's check, which stops only at errors, skips what can only warn)."""
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
    from ..readers.normalize import readings

    written = [text for text, _ in texts]  # what the findings quote: a user's block may be traditional
    strings = readings(written)  # what the checks read
    hit_lists = lines_hits(rules, strings, doc.year, congress_year)
    dates = rules.get("title-year")
    if dates is not None:
        from .checks import dates_off_year

        candidates = [i for i, text in enumerate(strings) if "月" in text and "年" in text]
        lines = [Line(strings[i], i) for i in candidates]  # number: the index, to find its block
        for line, start, end, message in dates_off_year(lines, doc.year):
            shown = Line(written[line.number], line.number)
            findings.append(_finding(dates.id, rules, shown, start, end, message, dates.suggestion, path))
    for index, hits in enumerate(hit_lists):
        if hits:
            line = Line(written[index], index)
            for rule_id, start, end, message, suggestion, severity in hits:
                findings.append(
                    _finding(rule_id, rules, line, start, end, message, suggestion, path, "", severity)
                )
    deadlines = _deadline_findings(doc, rules, path, errors_only)
    if not findings:
        return deadlines
    row_set = set(rows)
    events = {event.name: event.source for event in doc.events}

    def where(index: int) -> str:
        if index in row_set:  # a row of the monthly table names the activity, and so its block
            return next((src for name, src in events.items() if name and name in written[index]), "")
        return texts[index][1]

    return [replace(f, line=None, column=None, where=where(f.line or 0)) for f in findings] + deadlines


def _deadline_findings(doc: Document, rules: RuleSet, path: str, errors_only: bool = False) -> list[Finding]:
    """An activity the calendar dates past a deadline the plan's own text states (“每月10日前完成
    收缴”): the calendar moves it when it can, so what is left had no working day before it."""
    rule = rules.get("stated-deadline")
    if rule is None or not doc.events or (errors_only and rule.severity != "error"):
        return []
    from ..schedule.deadlines import unmet
    from ..schedule.rules import month_day

    late: dict[Any, list[Any]] = {}
    for deadline, event in unmet(doc):
        late.setdefault(deadline, []).append(event)
    out = []
    for deadline, events in late.items():  # one finding a deadline, every day it is missed
        line = Line(deadline.sentence, 0)
        start = deadline.sentence.find(deadline.phrase)
        names = "、".join(dict.fromkeys(event.name for event in events))
        days = "、".join(month_day(event.date) for event in events)
        message = f"{rule.message}：日程把“{names}”排在{days}，期限前没有工作日"
        found = _finding(
            rule.id, rules, line, start, start + len(deadline.phrase), message, rule.suggestion, path
        )
        out.append(replace(found, line=None, column=None, where=deadline.source))
    return out
