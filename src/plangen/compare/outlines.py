"""Any plan → an :class:`~plangen.changes.Outline`: a plan spec through the pipeline (its Document,
its calendar), a built DOCX or Markdown plan and last year's Word or text plan through the readers and
the importer — the same tree ``plangen import`` makes blocks of, so a plan imported and rebuilt
compares equal to its source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..changes import Outline, Section
from ..document import Document, Heading, Paragraph, RunIn, Signature, Table
from ..errors import PlanError, shorten
from ..numbering import ordinal
from ..paper import meeting_kind
from ..readers.outline import appendix
from ..schedule import ONLINE

if TYPE_CHECKING:
    from ..importer import Node, Para, Plan, TableNode
    from ..pipeline import Builder, BuildOptions
    from ..readers import Line

SPEC_SUFFIXES = {".yaml", ".yml"}
DOCUMENT_SUFFIXES = {".docx", ".docm", ".doc", ".wps", ".rtf", ".odt", ".md", ".markdown", ".txt", ".text"}
# a sentence: up to and with its end marks and the closing quotes or brackets after them
_SENTENCE = re.compile(r"[^。！？]*(?:[。！？]+[”’」』）)]*|$)")
_TITLE_END = "。：:；;，,"
_DAY = re.compile(r"^\s*\d{1,2}日")
_ASIDE = re.compile(r"（[^（）]*）")


def sentences(text: str) -> list[str]:
    """*text* cut after each 。！？ (with the quotes that close it); empty pieces dropped."""
    return [piece for piece in (m.group().strip() for m in _SENTENCE.finditer(text)) if piece]


def title_of(text: str) -> str:
    """A heading as compared: a run-in heading's closing 。 and a trailing colon are not its words."""
    return text.strip().rstrip(_TITLE_END).strip()


# --- a plan spec ---------------------------------------------------------------------------------


def from_spec(builder: Builder, path: Path, options: BuildOptions, name: str) -> Outline:
    """The plan the spec builds for the options' year, with the meetings its calendar dates."""
    _, doc, _ = builder.document(path, options, formats=["docx", "ics"])
    outline = from_document(doc, name)
    outline.org, outline.year = doc.org, doc.year
    outline.meetings = dict(_kinds(event.kind for event in doc.events))
    outline.meetings_from = "计划文件的日程"
    return outline


def from_document(doc: Document, name: str) -> Outline:
    """The sections of a composed Document (its appendices are not part of the text compared)."""
    sections: list[Section] = []
    intro: list[str] = [s for p in doc.intro for s in sentences(p.text)]
    path: list[str] = []
    current: list[str] = intro
    heads: list[tuple[tuple[str, ...], str, list[str]]] = []
    for node in doc.body:
        if isinstance(node, (Heading, RunIn)):
            path = [*path[: node.level - 1], title_of(node.text)]
            current = sentences(node.body) if isinstance(node, RunIn) else []
            heads.append((tuple(path), node.ordinal, current))
        elif isinstance(node, Table):
            current += _rows(node.header, node.rows)
        elif isinstance(node, Paragraph):
            current += sentences(node.text)
    sections.append(Section((), "", tuple(intro)))
    sections += [Section(p, o, tuple(s)) for p, o, s in heads]
    body = Document(doc.title, doc.year, doc.org, doc.date, doc.intro, doc.body, signature=doc.signature)
    return _measured(Outline(name, doc.title, sections), body)


def _rows(header: list[str], rows: list[list[str]]) -> list[str]:
    """A table as sentences: one a row, cells set apart by “｜”."""
    return ["｜".join(cell.strip() for cell in row) for row in [header, *rows]]


def _kinds(kinds) -> Counter:
    """Counts of the meetings only (the calendar dates much else: 收缴党费, 志愿服务 …)."""
    return Counter(filter(None, map(meeting_kind, kinds)))


# --- a document: Word, Markdown, text ----------------------------------------------------------------


def from_file(path: Path, name: str, office: bool = True) -> Outline:
    """The one plan in a document; a collection of several, or no plan, is refused."""
    from ..importer import import_source
    from ..readers import read

    source = read(path, office)
    imported = import_source(source)
    plans = imported.plans
    if not plans:
        raise PlanError(
            "文件中没有找到计划", path, hint="对照的两边各是一份计划：计划文件、Word 文件或文本。"
        )
    if len(plans) > 1:
        titles = "；".join(f"{n}.{shorten(plan.title, 30)}" for n, plan in enumerate(plans[:5], 1))
        folder = f"{path.stem}-导入"
        raise PlanError(
            f"文件中有{len(plans)}份计划（{titles}{'……' if len(plans) > 5 else ''}），只能与一份计划对照",
            path,
            hint=f'先拆开：plangen import "{path.name}" -o "{folder}"，再对照其中一份，'
            f'如 plangen diff "{folder}/{path.stem}-1.yaml" 今年的计划 -L "{folder}"。',
        )
    outline = from_plan(plans[0], name)
    outline.org, outline.year = plans[0].org, plans[0].year
    outline.meetings, outline.meetings_from = _schedule_table(source.in_simplified().lines)
    return outline


def from_plan(plan: Plan, name: str) -> Outline:
    """The sections of an imported plan; ordinals numbered as plangen would print them."""
    from ..importer import Node, Para, TableNode

    sections = [Section((), "", tuple(s for text in plan.intro for s in sentences(text)))]
    body: list[Heading | RunIn | Paragraph | Table] = []

    def walk(nodes: list[Node | Para | TableNode], path: tuple[str, ...]) -> None:
        number = 0
        for node in nodes:
            if not isinstance(node, Node):
                continue
            number += 1
            level = len(path) + 1
            mark = ordinal(level, number) if level <= 4 else f"{number})"
            title = title_of(node.title)
            own: list[str] = sentences(node.text)
            body.append(
                RunIn(min(level, 4), mark, title, node.text)
                if node.text
                else Heading(min(level, 4), mark, title)
            )
            for child in node.children:
                if isinstance(child, Para) and appendix(child.text):
                    continue  # “附件：……” lists the appendices: plangen writes it with the signature
                if isinstance(child, Para):
                    own += sentences(child.text)
                    body.append(Paragraph(child.text))
                elif isinstance(child, TableNode):
                    own += _rows(child.header, child.rows)
                    body.append(Table(child.header, child.rows))
            sections.append(Section((*path, title), mark, tuple(own), node.line))
            walk(node.children, (*path, title))

    walk(plan.sections, ())
    doc = Document(plan.title, plan.year or 0, plan.org, plan.date or dt.date(2000, 1, 1),
                   [Paragraph(text) for text in plan.intro], body,
                   signature=Signature(plan.full_name, plan.date_text) if plan.full_name else None)  # fmt: skip
    return _measured(Outline(name, plan.title, sections), doc)


LAID_OUT = 60_000  # characters of a body up to which its pages are laid out line by line (about 100 pages)


def _measured(outline: Outline, doc: Document) -> Outline:
    """Characters and pages of the body, measured the same way for every kind of input: laid out on
    the GB/T 9704 grid up to :data:`LAID_OUT` characters, beyond that (a body of hundreds of pages,
    where the line breaking would take seconds) a full page of 22 lines × 28 characters each."""
    from ..layout import CHARS_PER_LINE, LINES_PER_PAGE, lay_out

    texts = [outline.title, *(s.label for s in outline.sections if s.path)]
    texts += [sentence for section in outline.sections for sentence in section.sentences]
    outline.characters = sum(len(text) - sum(1 for char in text if char.isspace()) for text in texts)
    if outline.characters <= LAID_OUT:
        outline.pages = lay_out(doc)[1]
    else:
        outline.pages = -(-outline.characters // (CHARS_PER_LINE * LINES_PER_PAGE))
    return outline


def _schedule_table(lines: list[Line]) -> tuple[dict[str, int] | None, str]:
    """The meetings the 月度工作安排表 lists, by kind: its “每月” row counts in every month that does
    not name that kind itself (a dated 主题党日 replaces the month's), each dated item once."""
    start = next((i for i, line in enumerate(lines) if not line.table and "工作安排表" in line.text), None)
    if start is None:
        return None, "文件中没有月度工作安排表，不统计"
    rows = [line.text.split("\t") for line in lines[start + 1 :] if line.table]
    if not rows:
        return None, "文件中没有月度工作安排表，不统计"
    header = [cell.strip() for cell in rows[0]]
    column = next((i for i, cell in enumerate(header) if cell in ("工作安排", "工作内容")), None)
    if column is None:
        return None, "月度工作安排表的列名不认识，不统计"
    routine: set[str] = set()
    months: dict[int, Counter] = {month: Counter() for month in range(1, 13)}
    month = 0
    for row in rows[1:]:
        label = row[0].strip() if row else ""
        if label == "每月":
            month = -1
        elif label.endswith("月") and label[:-1].isdigit():
            month = int(label[:-1])
        cell = row[column] if column < len(row) else ""
        kinds = [meeting_kind(name) for name in _names(cell)]
        if month == -1:
            routine |= {kind for kind in kinds if kind}
        elif month in months:
            months[month].update(kind for kind in kinds if kind)
    counts: Counter = Counter()
    for named in months.values():
        counts.update(named)
        counts.update(kind for kind in routine if kind not in named)
    return dict(counts), "文件所附的月度工作安排表（“每月”一行按12个月计）"


def _names(cell: str) -> list[str]:
    out = []
    for item in re.split("[；;]", cell):
        item = _ASIDE.sub("", _DAY.sub("", item.replace(ONLINE, ""))).strip()
        out += [name.strip() for name in item.split("、") if name.strip()]
    return out


def in_simplified(old: Outline, new: Outline) -> tuple[Outline, Outline]:
    """Both plans in simplified characters when either has traditional ones (last year's plan
    copied from a page in 繁体): else every sentence would differ by its script alone."""
    from ..readers.normalize import has_traditional, simplified

    def text(outline: Outline) -> str:
        return "\n".join([outline.title, *(t for s in outline.sections for t in (*s.path, *s.sentences))])

    written = [outline for outline in (old, new) if has_traditional(text(outline))]
    if not written:
        return old, new

    def simple(outline: Outline) -> Outline:
        sections = [
            replace(s, path=tuple(map(simplified, s.path)), sentences=tuple(map(simplified, s.sentences)))
            for s in outline.sections
        ]
        notes = (
            [f"{outline.name}用繁体字书写，按简体字对照（繁简之别不算变化）。"]
            if any(outline is w for w in written)
            else []
        )
        return replace(outline, title=simplified(outline.title), org=simplified(outline.org),
                       sections=sections, notes=[*outline.notes, *notes])  # fmt: skip

    return simple(old), simple(new)
