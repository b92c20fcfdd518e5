"""``plangen import``: last year's plan (Word, text, Markdown) in, editable blocks and a plan spec out.

The reader gives lines; here they become plans (a collection is split at 【篇一】 or at each title),
each plan a tree of sections recovered from its ordinals (一、 （一） 1. （1） ①), Word's heading
styles and run-in headings. Every level-1 section becomes a block of its own, written in the
branch's own words; a plan template and a plan spec rebuild the plan through plangen. Every guess
is reported with its place, and what was dropped (ordinals, contents, page furniture, site
boilerplate) is kept in :attr:`Imported.dropped`, so nothing of the text is lost unnoticed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import accounting as placing
from .accounting import Accounting, Piece
from .numbering import parse_written_number
from .readers import Line, Source
from .readers.lines import FULL_STOP, Numbered
from .readers.normalize import reading
from .readers.outline import SIGNED_DATE, outline
from .years import FIRST_YEAR, move_to_year, planned_year, planning_year

if TYPE_CHECKING:
    from .lint import Finding, Written

MAX_DEPTH = 4  # GB/T 9704's four levels; deeper lists are kept as paragraphs
MAX_PLANS = 100  # a collection from a template site has a handful; thousands means the wrong file
MAX_FILES = 2000
_YEAR = re.compile(r"(20\d\d)\s*年")
_ORG_WORDS = re.compile(
    r"(?:党支部|党总支|党委|党组|支部|委员会|医院|卫生院|学校|大学|学院|中学|小学|公司|集团|社区|街道|村|局|中心|机关)$"
)
_ORG_IN_TITLE = re.compile(r"^(.{2,40}?)(?:20\d\d\s*年度?)")
_ORG_AFTER_YEAR = re.compile(
    r"^20\d\d\s*年度?(.{2,40}?)(?:20\d\d\s*年度?)?(?:党建|党务)?(?:工作)?(?:计划|要点|规划|安排)"
)
_SENTENCE_MARK = re.compile("[。！？；，]")
_GAP = re.compile(r"(?:\u3000|\s){2,}")
_JINJA_OPEN = re.compile(r"\{[{%#]")
SECTORS = {
    "hospital": ("医院", "卫生院", "卫生服务中心", "卫健", "疾控", "妇幼"),
    "university": ("大学", "学院"),
    "school": ("学校", "中学", "小学", "幼儿园"),
    "soe": ("集团", "国企", "国有"),
    "enterprise": ("公司", "企业", "工厂"),
    "community": ("社区", "街道", "村"),
    "government": ("机关", "局", "政府", "委员会办公室"),
}


@dataclass(slots=True)
class Node:
    """A heading or numbered item and what is under it."""

    title: str
    line: int
    text: str = ""  # a run-in heading's text (the rest of its paragraph)
    children: list[Node | Para | TableNode] = field(default_factory=list)
    items: int = 0  # how many of the children are headings or items
    form: int = 0  # its ordinal's form: 1 一、 2 （一） 3 1. 4 （1） 5 ①; 0 a Word heading style
    column: int = 0  # where its title starts on its line (a page pasted as one line holds many)


@dataclass(slots=True)
class Para:
    text: str
    line: int


@dataclass(slots=True)
class TableNode:
    header: list[str]
    rows: list[list[str]]
    line: int
    caption: str = ""


@dataclass
class Plan:
    title: str
    line: int
    year: int | None = None
    org: str = ""
    full_name: str = ""  # the signature's organisation
    signed_at: int = 0  # its line
    # the template's placeholder names found (xx医院党支部 in the title, 示例党支部 in the signature):
    # neither becomes the plan's name; the title's place takes the name the user fills in
    stand_ins: tuple[str, ...] = ()
    date: dt.date | None = None
    date_text: str = ""  # the signature's date as written
    own_title: bool = True  # the title is a line of this plan (not made from a collection's title)
    sector: str = "all"
    kind: str = "branch"
    first: int = 0  # the first and last line of the source the plan was read from
    last: int = 0
    intro: list[str] = field(default_factory=list)
    sections: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Guess:
    line: int | None
    text: str


@dataclass
class Imported:
    source: Source
    plans: list[Plan]
    guesses: list[Guess] = field(default_factory=list)
    # texts left out on purpose (ordinals, contents, boilerplate), each with where it was
    dropped: list[Piece] = field(default_factory=list)
    furniture: set[int] = field(default_factory=set)  # lines dropped whole as a page's furniture
    run_together: set[int] = field(default_factory=set)  # lines holding a page pasted as one line
    # the plan's lines (furniture dropped, before a PDF's lines are joined) as lint reads them, and
    # the way back to the text as the import writes it: what the import's lint checks
    reading: tuple[list[Line], Written] | None = None

    def drop(self, text: str, line: Line | int | None = None, column: int | None = None) -> None:
        """*text* left out on purpose, found at *line* (a Line: its number and column)."""
        if isinstance(line, Line):
            self.dropped.append(Piece(text, line.number, line.offset if column is None else column))
        else:
            self.dropped.append(Piece(text, line or 0, column or 0))

    def summary(self) -> dict[str, object]:
        return {
            "plans": [
                {
                    "title": plan.title,
                    "year": plan.year,
                    "org": plan.org,
                    "sections": [{"title": title, "level": level} for title, level in outline_of(plan)],
                }
                for plan in self.plans
            ]
        }


def outline_of(plan: Plan) -> list[tuple[str, int]]:
    """(title, level) of every heading and item, in order."""
    out: list[tuple[str, int]] = []

    def walk(nodes: Sequence[Node | Para | TableNode], level: int) -> None:
        for node in nodes:
            if isinstance(node, Node):
                out.append((node.title, level))
                walk(node.children, level + 1)

    walk(plan.sections, 1)
    return out


# --- reading ---------------------------------------------------------------------------------------


def import_source(source: Source, max_plans: int | None = None) -> Imported:
    """The plans in *source*, as trees, with every guess made on the way; a file that is not a plan
    (empty, unreadable, no headings: :func:`plangen.lint.structure.not_a_plan`) is refused, and so
    is one of more than *max_plans* plans (when given), before their trees are built."""
    from .errors import PlanError
    from .lint.structure import not_a_plan

    source = _full_width(source)
    result = Imported(source, [])
    if source.notes and source.notes[-1].startswith(_WIDENED):
        result.guesses.append(Guess(None, source.notes[-1]))
    lines = _split_runs(source.lines, result)
    reason = not_a_plan(lines, source.controls.total)
    if reason is not None:
        raise PlanError(
            f"没有找到可以导入的计划内容：{reason}",
            source.path,
            hint="请确认选对了文件；计划应有标题和“一、”“（一）”等序号。",
        )
    lines = _drop_furniture(lines, result)
    lines = _rejoin(lines, result)
    shape = outline(lines)
    if max_plans is not None:
        _check_plans(sum(1 for part in shape.parts if part.lines and not part.appendix), max_plans, source)
    cover = {id(line) for line in shape.cover}
    for line in [*shape.front, *shape.contents]:  # title, cover, contents (plangen makes them)
        if line is not shape.title:
            result.drop(line.text, line)
            what = "封面" if id(line) in cover else "目录"
            result.guesses.append(Guess(line.number, f"删去{what}：“{line.text[:30]}”"))
    collection_title = shape.title
    for number, part in enumerate(shape.parts, start=1):
        if part.appendix:
            if part.title is not None:
                result.drop(part.title.text, part.title)
            for line in part.lines:
                result.drop(line.text, line)
            result.guesses.append(Guess(part.title.number if part.title else None,
                                        "附件未导入：月度安排表由内容块的日程规则生成（schedule），请按需添加"))  # fmt: skip
            continue
        if not part.lines and not part.appendix:  # a contents entry taken for a marker: nothing in it
            for line in (part.marker, part.title):
                if line is not None:
                    result.drop(line.text, line)
            result.guesses.append(Guess((part.marker or part.title).number if (part.marker or part.title) else None,
                                        "没有内容的篇目（多为目录中的条目）已略去"))  # fmt: skip
            continue
        if part.marker is not None:
            result.drop(
                part.marker.text if part.title is None else part.marker.text.replace(part.title.text, "", 1),
                part.marker,
            )
        title_line = part.title or (collection_title if len(shape.parts) == 1 else None)
        if title_line is None and collection_title is not None:
            title = _collection_plan_title(collection_title.text, number, len(shape.parts))
            title_line = Line(title, collection_title.number)
            result.guesses.append(
                Guess(collection_title.number, f"第 {number} 篇没有自己的标题，取合集标题：{title}")
            )
        plan = _plan(part.lines, title_line, number, result)
        numbers = [line.number for line in (part.marker, part.title, *part.lines) if line is not None]
        plan.first, plan.last = (min(numbers), max(numbers)) if numbers else (0, 0)
        plan.own_title = part.title is not None or (len(shape.parts) == 1 and title_line is not None)
        result.plans.append(plan)
    if collection_title is not None and len(shape.parts) > 1:
        result.drop(collection_title.text, collection_title)
    return result


_WIDENED = "半角标点按全角读入"


def _full_width(source: Source) -> Source:
    """The source with half-width punctuation touching Chinese read as full-width ((一)、 , . ;):
    its structure is found, and its text written, as plangen writes; the characters stay the user's
    (traditional ones too, unless --simplified)."""

    from .readers.normalize import full_width

    lines, changed = [], 0
    for line in source.lines:
        wide = full_width(line.text)
        if wide != line.text:
            changed += 1
            line = replace(line, text=wide)
        lines.append(line)
    if not changed:
        return source
    note = f"{_WIDENED}：{changed} {source.unit}中紧挨中文的半角标点（, . ; : ( ) 等）按全角写出"
    return replace(source, lines=lines, notes=[*source.notes, note])


def _collection_plan_title(title: str, number: int, count: int) -> str:
    """“2021年xx医院党支部工作计划（2篇附目录）” → the title without the collection's marks."""
    cleaned = re.sub(
        r"[（(][^（）()]{0,12}篇[^（）()]{0,6}[）)]|[（(]精选[^）)]*[）)]|"
        r"(?:参考|精选|通用|推荐|优选|汇编)?[\d一二三四五六七八九十]+篇(?:附目录)?$|范文(?=$|[（(])",
        "",
        title,
    ).strip()
    return cleaned or f"工作计划（第{number}篇）"


def _split_runs(lines: list[Line], result: Imported) -> list[Line]:
    """Lines of a page pasted as one line, split where its ordinals follow on in sequence
    (:func:`plangen.readers.runs.split_runs`), each split said in the report."""
    from .readers.runs import split_runs

    out, splits = split_runs(lines, result.source.path, result.source.unit)
    for number, pieces in splits:
        result.run_together.add(number)
        result.guesses.append(Guess(number, f"一行中有 {pieces} 段连在一起，按序号分开"))
    return out


def _drop_furniture(lines: list[Line], result: Imported) -> list[Line]:
    """What a web page, a download site or a PDF added (:mod:`plangen.readers.furniture`), each
    removal reported with its reason and the text it took."""
    from .lint import read_lines
    from .readers.furniture import remove

    # judged on the lines as lint reads them (traditional characters as simplified); a line that
    # reads as written is the same line (its ordinal read once)
    read, written = read_lines(lines, widened=True)
    kept, removed = remove(read, written=lines)  # the user's text kept
    whole = {line.number for line in lines} - {line.number for line in kept}
    result.furniture |= whole
    for removal in removed:
        result.drop(removal.text, removal.line)
        result.guesses.append(Guess(removal.line, f"删去{removal.reason}：“{_quote(removal.text)}”"))
    # the plan's lines as read, for the import's own lint: no line read twice
    reading = {id(line): seen for line, seen in zip(lines, read, strict=True)}
    cut = [line for line in kept if id(line) not in reading]  # a paywall hint taken out of it
    again, _ = read_lines(cut, written, widened=True)
    reading.update({id(line): seen for line, seen in zip(cut, again, strict=True)})
    result.reading = ([reading[id(line)] for line in kept], written)
    return kept


def _rejoin(lines: list[Line], result: Imported) -> list[Line]:
    """A PDF's hard line breaks taken out (:mod:`plangen.readers.wrapping`)."""
    from .readers.wrapping import rejoin, width

    out, joined = rejoin(lines)
    if joined:
        result.guesses.append(
            Guess(
                None, f"文字按每行约 {width(lines)} 字断行（多为从 PDF 复制），已把 {joined} 处断行接回段落"
            )
        )
    return out


def _quote(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plan(lines: list[Line], title: Line | None, number: int, result: Imported) -> Plan:
    plan = Plan(title.text if title else f"工作计划（第{number}篇）", title.number if title else 0)
    if title is None:
        result.guesses.append(Guess(lines[0].number if lines else None, f"第 {number} 篇没有找到标题"))
    elif title.style_level == 0:
        result.guesses.append(Guess(title.number, f"标题取 Word“标题”样式的段落：“{_quote(title.text)}”"))
    elif title.number > 1:  # what came before it was furniture, a cover or a collection's marker
        result.guesses.append(Guess(title.number, f"标题取第一处像标题的文字：“{_quote(title.text)}”"))
    body = list(lines)
    _signature(body, plan, result)
    first = next((i for i, line in enumerate(body) if _is_heading(line)), len(body))
    plan.intro = [line.text for line in body[:first] if not line.table]
    opening = [line for line in body[:first] if line.table]
    plan.sections = _tree([*body[first:]], result)
    if (
        opening
    ):  # the template's intro holds text only: a table before the first heading opens the first section
        table = _tree(opening, result)
        rows = [child for node in table for child in node.children] if table else []
        if plan.sections:
            plan.sections[0].children[:0] = rows
        result.guesses.append(Guess(opening[0].number, "第一个标题之前的表格放在第一部分的开头"))
    plan.year = _year(plan, body, result)
    plan.org = _org(plan, result)
    named = reading(f"{plan.title} {plan.full_name} {plan.org}")
    plan.sector, evidence = _sector(named, body)
    full_name = reading(plan.full_name)
    committee = re.search(r"党委|党组|党工委", named) or (
        full_name.endswith("委员会") and not full_name.endswith("支部委员会")
    )
    plan.kind = "committee" if committee else ("general-branch" if "总支" in named else "branch")
    result.guesses.append(
        Guess(plan.line or None, f"领域判断为 {plan.sector}（{evidence}），组织类型为 {plan.kind}")
    )
    return plan


# an organisation named in the body: 会计学院学生第二党支部, 江城交通投资集团有限公司党委
_ORG_NAME = re.compile(r"[\u4e00-\u9fff]{2,30}?(?:党支部|党总支|党委|党工委|支部委员会|委员会)")


def _sector(named: str, body: list[Line]) -> tuple[str, str]:
    """The sector and the evidence for it: a word of the title, signature or organisation's name;
    else the organisations the body names (a plan titled 2026年党支部工作计划 that speaks of its
    会计学院学生第二党支部)."""
    for sector, words in SECTORS.items():
        word = next((w for w in words if w in named), None)
        if word:
            return sector, f"标题、落款或组织名称中有“{word}”"
    votes: dict[str, list[str]] = {}
    # read once, not line by line; a plan names its organisation early: its first 20,000 characters
    text = reading("\n".join(line.text for line in body)[:20_000])
    for name in _ORG_NAME.findall(text):
        sector = next((sector for sector, words in SECTORS.items() if any(w in name for w in words)), None)
        if sector:
            votes.setdefault(sector, []).append(name)
    if not votes:
        return "all", "标题、落款和正文中没有看出领域的单位名称"
    sector, names = max(votes.items(), key=lambda item: len(item[1]))
    shown = names[0] if len(names[0]) <= 16 else "…" + names[0][-16:]  # the name, not the clause before it
    return sector, f"正文中提到“{shown}”等 {len(names)} 处"


def _is_heading(line: Line) -> bool:
    return not line.table and (line.ordinal is not None or (line.style_level or 0) >= 1)


def _signature(body: list[Line], plan: Plan, result: Imported) -> None:
    """The closing lines: the organisation and the date (taken out of the body)."""
    while body and not body[-1].text.strip():
        body.pop()
    if not body:
        return
    match = SIGNED_DATE.match(body[-1].text.replace(" ", ""))
    if match is None:
        return
    try:
        plan.date = dt.date(*(parse_written_number(group) or 0 for group in match.groups()))
        plan.date_text = body[-1].text
    except ValueError:
        result.guesses.append(Guess(body[-1].number, f"落款日期无效：{body[-1].text}"))
        return
    body.pop()
    if (
        body
        and len(body[-1].text) <= 40
        and not _is_heading(body[-1])
        and not any(m in body[-1].text for m in "。，；")
    ):
        plan.signed_at = body[-1].number
        plan.full_name = body.pop().text


def _year(plan: Plan, body: list[Line], result: Imported) -> int | None:
    from .lint import title_year

    year = title_year(plan.title)
    if year is not None:
        result.guesses.append(Guess(plan.line or None, f"年度 {year}：取自标题"))
        return year
    if plan.date is not None:
        year = planned_year(plan.date.year, plan.date.month)
        result.guesses.append(Guess(None, f"标题中没有年份，按落款日期 {plan.date.isoformat()} 取 {year} 年"))
        return year
    years = [int(y) for line in body for y in _YEAR.findall(line.text)]
    if years:
        year = max(set(years), key=years.count)
        result.guesses.append(Guess(None, f"标题中没有年份，按正文中最常见的年份取 {year} 年"))
        return year
    result.guesses.append(Guess(None, "没有找到计划年度：请在计划文件中填写 year"))
    return None


def _stand_in(name: str) -> bool:
    from .lint import placeholder

    return bool(placeholder(name))


def _org(plan: Plan, result: Imported) -> str:
    """The organisation's name, from the title, else the signature; a stand-in (xx医院党支部,
    示例党支部, 某某党支部 — what template sites and the wizard's preview show) is not a name: the
    plan file asks for one instead, and build refuses it until it is filled in."""
    found = ""
    read = reading(plan.title)  # 黨支部工作計劃 read as 党支部工作计划, column for column
    for pattern in (_ORG_IN_TITLE, _ORG_AFTER_YEAR):
        match = pattern.match(read)
        name = match.group(1) if match else ""
        trimmed = name.strip("：:（(） ").removeprefix("关于")
        if trimmed and _ORG_WORDS.search(trimmed) and "计划" not in trimmed:
            at = match.start(1) + name.find(trimmed)  # the user's own characters
            found = plan.title[at : at + len(trimmed)]
            break
    plan.stand_ins = tuple(
        dict.fromkeys(name for name in (found, plan.full_name) if name and _stand_in(name))
    )
    if plan.full_name in plan.stand_ins:  # signed with the template's stand-in: the user's name goes there
        result.drop(plan.full_name, plan.signed_at)
    if found and found not in plan.stand_ins:
        result.guesses.append(Guess(plan.line or None, f"组织名称取自标题：{found}"))
        return found
    if plan.full_name and plan.full_name not in plan.stand_ins:
        result.guesses.append(Guess(None, f"组织名称取自落款：{plan.full_name}"))
        return plan.full_name
    for name in plan.stand_ins:
        result.guesses.append(Guess(plan.line or None, f"“{name}”是模板中的占位名称，不是组织名称"))
    result.guesses.append(Guess(plan.line or None, "没有找到组织名称：请在计划文件中填写 org.name"))
    return "（请填写组织名称）"


# --- the tree --------------------------------------------------------------------------------------


def _tree(lines: list[Line], result: Imported) -> list[Node]:
    """Sections from ordinals (their form gives the rank) and Word heading styles."""
    styled = any(line.style_level and 1 <= line.style_level <= 4 for line in lines)
    root = Node("", 0)
    stack: list[tuple[float, Node, int, int]] = [(0, root, 0, 0)]  # (rank, node, its number, its form)
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.table:
            rows = [line.text.split("\t")]
            while index < len(lines) and lines[index].table:
                rows.append(lines[index].text.split("\t"))
                index += 1
            caption = ""
            parent = stack[-1][1]
            if (
                parent.children
                and isinstance(parent.children[-1], Para)
                and _is_caption(lines, index - len(rows) - 1)
            ):
                caption = parent.children.pop().text
            width = max(len(row) for row in rows)
            rows = [row + [""] * (width - len(row)) for row in rows]
            if width > 12 or len(rows) > 201 or any(len(cell) > 500 for row in rows for cell in row):
                result.guesses.append(
                    Guess(line.number, "表格过大（超过 12 列、200 行或单格 500 字），按段落导入")
                )
                parent.children += [Para("\t".join(row), line.number) for row in rows]
                continue
            parent.children.append(TableNode(rows[0], rows[1:], line.number, caption))
            continue
        item = line.ordinal
        style = line.style_level if line.style_level and 1 <= line.style_level <= 4 else None
        if item is None and style is None:
            stack[-1][1].children.append(Para(line.text, line.number))
            continue
        # a Word heading style decides; where a document has them, typed ordinals in body text are
        # items under its headings (“一、集中学习” under Heading 2 “主要工作”)
        rank: float = style if style is not None else item.level + (10 if styled else 0)  # type: ignore[union-attr]
        number = item.number if item is not None else 0
        form = item.level if item is not None and style is None else 0
        nested = None
        if form:  # the next item of a list nested earlier (“二、” after a nested “一、”)
            nested = next(
                (e[0] for e in reversed(stack[1:]) if e[3] == form and e[0] != rank and e[2] + 1 == number),
                None,
            )
        if nested is not None:
            rank = nested
            result.guesses.append(Guess(line.number, f"“{item.ordinal}”接续上面嵌套的列表"))  # type: ignore[union-attr]
        elif form and item is not None and item.number == 1 and _restarts_inside(stack, rank):
            rank = (
                stack[-1][0] + 0.25
            )  # a list starting again at 一、 inside an item: nested, not a new section
            result.guesses.append(Guess(line.number, f"“{item.ordinal}”在上一条目之内重新编号，作为其下一级"))
        while len(stack) > 1 and stack[-1][0] >= rank:
            stack.pop()
        parent = stack[-1][1]
        if item is not None and parent.items and item.number not in (parent.items + 1, 1):
            result.guesses.append(
                Guess(line.number, f"序号“{item.ordinal}”与前一条不连续，按同级第 {parent.items + 1} 条处理")
            )
        node = _node(line, item, result)
        node.form = item.level if item is not None else 0
        node.column = line.offset + max(0, line.text.find(node.title))
        if len(stack) > MAX_DEPTH or len(literal(node.title)) > 200:
            # plangen numbers four levels; a title is one line: kept as a paragraph, its ordinal with it
            parent.children.append(Para(line.text, line.number))
            why = "超过四级" if len(stack) > MAX_DEPTH else "标题超过 200 字"
            result.guesses.append(Guess(line.number, f"{why}的条目作为段落导入（保留原序号）"))
            continue
        parent.children.append(node)
        parent.items += 1
        if item is not None:
            result.drop(item.ordinal, line)
        stack.append((rank, node, number, form))
    _unglue(root, result)
    return [n for n in root.children if isinstance(n, Node)] if _only_nodes(root) else _wrap(root, result)


_MARKS = frozenset("，。；：、“”（）")
_GLUED = 24  # a heading longer than this, with no mark between it and its text, ran into its text
_HEAD_SPAN = range(4, 17)  # where such a heading can end: 4 to 16 characters


def _unglue(node: Node, result: Imported) -> None:
    """Headings run into their text with nothing between (“（一）加强政治建设坚持把……”,
    “一、指导思想坚持以……”) split by structure, never by a list of words: at a colon that ends a
    short heading; else where most sibling headings end (they are parallel: “建设”, “工作”,
    “机制”); else, for a section, at the length its siblings' headings share (“指导思想”, “主要
    任务”: four characters). A heading none of these splits is left whole, and the report says so."""
    siblings = [child for child in node.children if isinstance(child, Node)]
    for child in siblings:
        if child.children:
            _unglue(child, result)
    # a section's heading on its own is a title (no clause, no full stop): its length, when all agree
    lengths = {
        len(child.title) for child in siblings if child.form == 1 and not _SENTENCE.search(child.title)
    }
    length = next(iter(lengths)) if len(lengths) == 1 and 2 <= min(lengths) <= 12 else 0
    glued = [child for child in siblings if _glued(child, length, child.line in result.run_together)]
    for child in siblings:  # a sentence among short headings, on its own line: the author's, perhaps
        title = child.title.rstrip("。")
        suspect = length and child.form == 1 and child.title[-1:] == "。" and _CLAUSE.search(title)
        if suspect and child not in glued:
            result.guesses.append(
                Guess(
                    child.line, f"一级标题是一句话，可能与正文连在一起，未分开：“{_quote(child.title, 30)}”"
                )
            )
    if not glued:
        return
    end, count = _common_ending(siblings, glued)
    # where a heading stands on its own, it must end so too (two run-on sentences may share any word:
    # 开展); where none does, three agree
    plain = [child.title.rstrip("。：:") for child in siblings if child not in glued]
    attested = any(title.endswith(end) for title in plain) if plain else count >= 3
    agreed = count >= 2 and count * 5 >= len(siblings) * 3 and bool(end) and attested
    for child in glued:
        colon = _COLON.search(child.title, 0, _HEAD_SPAN.stop)
        if colon and colon.start() >= 2 and not _CLAUSE.search(child.title, 0, colon.start()):
            result.drop(colon.group(), child.line, child.column + colon.start())
            _split(child, colon.start(), colon.end(), "在冒号处分开", result)
            continue
        at = next(
            (k for k in _HEAD_SPAN if child.title[k - 2 : k] == end and k + 4 <= len(child.title)), None
        )
        if agreed and at is not None and _opens_text(child.title, at):
            _split(child, at, at, f"按同级标题都以“{end}”结尾分开", result)
            continue
        runs_on = bool(child.text) or child.line in result.run_together
        if child.form == 1 and length and runs_on and _opens_text(child.title, length):
            _split(child, length, length, f"按同级标题都是 {length} 个字分开", result)
            continue
        result.guesses.append(
            Guess(child.line, f"标题可能与正文连在一起，未能分开：“{_quote(child.title, 30)}”")
        )


_CLAUSE = re.compile("[，、；：:,;]")  # a heading holds none of these; a sentence does
_SENTENCE = re.compile("[，、；：:,;。！？]")  # nor these: a sentence ends in one
_COLON = re.compile("[：:]")


def _opens_text(title: str, at: int) -> bool:
    """Whether *title* cut at *at* is a heading and the start of its text: neither holds a mark
    where the cut is (“加强政治建设，提高政治站位。” is one sentence, not 加强政治建设 and its text)."""
    return not _SENTENCE.search(title, 0, at) and not _SENTENCE.match(title, at)


def _glued(child: Node, length: int, run_together: bool = False) -> bool:
    """A heading (一、 （一）) that ran into its text: a long first sentence with more after it; or,
    for a section, a sentence (“三、保障措施压实责任，确保落实。”) that has a colon where a heading
    would end, or — when more text follows it in its paragraph, or its line held a whole page
    (*run_together*) — is longer than its siblings' headings of *length* characters (with no such
    length: has clauses; the report then says it may be run on). A list item (1.)
    that is a sentence is an item, however long; a heading of two clauses (“强化理论武装，筑牢思想
    根基”) is not a sentence."""
    title = child.title.rstrip("。：:")
    if child.form in (1, 2) and len(title) > _GLUED and child.text:
        return True
    if child.form != 1 or FULL_STOP.match(child.title[-1:]) is None:
        return False
    colon = _COLON.search(title, 0, _HEAD_SPAN.stop)
    if colon and colon.start() >= 2:
        return True
    if not (child.text or run_together):  # a sentence on a line of its own is its author's heading
        return False
    return len(title) >= length + 2 if length else _CLAUSE.search(title) is not None


def _common_ending(siblings: list[Node], glued: list[Node]) -> tuple[str, int]:
    """The two characters most sibling headings end on (a glued one: anywhere it could end), and how
    many do; among as many, the one that ends the longest heading (the words open a heading: 加强政治
    建设 ends on 建设, not on 政治), then the text itself: the same every run."""
    votes: dict[str, int] = {}
    reach: dict[str, int] = {}  # the farthest place an ending is met at
    for child in siblings:
        title = child.title.rstrip("。：:")
        if child in glued:
            ends = {title[k - 2 : k] for k in _HEAD_SPAN if k + 4 <= len(title)}
        else:
            ends = {title[-2:]} if len(title) >= 4 else set()
        for end in ends:
            if end.isalpha() and not _MARKS.intersection(end):  # words: no marks, no digits
                votes[end] = votes.get(end, 0) + 1
                reach[end] = max(reach.get(end, 0), title.find(end))
    return max(votes.items(), key=lambda item: (item[1], reach.get(item[0], 0), item[0]), default=("", 0))


def _split(child: Node, at: int, rest: int, how: str, result: Imported) -> None:
    head, text = child.title[:at], child.title[rest:]
    child.title, child.text = head, text + child.text
    result.guesses.append(Guess(child.line, f"标题与正文连在一起，{how}：“{head}”"))


def _restarts_inside(stack: list[tuple[float, Node, int, int]], rank: float) -> bool:
    """A 1 at a rank already open higher up, while deeper items are open: a list inside an item."""
    for depth, (level, _, number, _) in enumerate(stack):
        if level == rank and number >= 1 and depth < len(stack) - 1:
            return True
    return False


def _only_nodes(root: Node) -> bool:
    return all(isinstance(child, Node) for child in root.children)


def _wrap(root: Node, result: Imported) -> list[Node]:
    """Paragraphs or tables before the first heading, inside the body, go under the heading before them."""
    nodes: list[Node] = []
    for child in root.children:
        if isinstance(child, Node):
            nodes.append(child)
        elif nodes:
            nodes[-1].children.append(child)
        else:
            node = Node("（无标题）", getattr(child, "line", 0), children=[child])
            nodes.append(node)
            result.guesses.append(Guess(node.line, "标题前的段落放入“（无标题）”部分"))
    return nodes


def _node(line: Line, item: Numbered | None, result: Imported) -> Node:
    """A heading (“一、指导思想”) or a run-in item (“1.加强学习。正文”) split into title and text."""
    if item is None:  # a Word heading without a typed ordinal
        return Node(line.text, line.number)
    rest = item.rest
    ordinal_length = len(line.text) - len(rest)
    if line.lead > ordinal_length:  # the file marks the run-in heading
        head, text = line.text[ordinal_length : line.lead], line.text[line.lead :]
        return Node(head.strip(), line.number, text.strip())
    if line.style_level is not None or item.title_only:
        return Node(rest, line.number)
    gap = _GAP.search(rest, 0, 40)  # “加强组织建设　　开展……”: a heading set off by a run of spaces
    if gap and gap.start() >= 2 and not _SENTENCE_MARK.search(rest[: gap.start()]):
        result.drop(gap.group(), line)
        return Node(rest[: gap.start()], line.number, rest[gap.end() :])
    stop = FULL_STOP.search(rest)
    if stop is None:
        return Node(rest, line.number)
    head, text = rest[: stop.end()], rest[stop.end() :].strip()
    return Node(head, line.number, text)


def _is_caption(lines: list[Line], index: int) -> bool:
    return 0 <= index < len(lines) and lines[index].caption


def kept_text(imported: Imported) -> list[str]:
    """Every piece of the source's text the import kept (for the accounting: kept + dropped = source)."""
    out: list[str] = []

    def walk(nodes: Sequence[Node | Para | TableNode]) -> None:
        for node in nodes:
            if isinstance(node, Node):
                out.extend([node.title, node.text])
                walk(node.children)
            elif isinstance(node, Para):
                out.append(node.text)
            else:
                out.extend([node.caption, *node.header, *(cell for row in node.rows for cell in row)])

    for plan in imported.plans:
        signed = "" if plan.full_name in plan.stand_ins else plan.full_name
        out.extend([plan.title if plan.own_title else "", *plan.intro, signed, plan.date_text])
        walk(plan.sections)
    return out


# --- writing ---------------------------------------------------------------------------------------


def literal(text: str) -> str:
    """*text* as a template that renders to itself (Jinja's delimiters written as expressions)."""
    if "{" not in text:  # nearly every paragraph: no pattern run for it
        return text
    return _JINJA_OPEN.sub(lambda m: "{{ '" + m.group() + "' }}", text)


def slug(path: Path) -> str:
    """An ASCII name for the blocks of one imported file: its name when that is ASCII, else a hash of it."""
    import hashlib

    ascii_name = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    if ascii_name and ascii_name[0].isalpha() and len(ascii_name) <= 40:
        return ascii_name
    return "p" + hashlib.sha1(path.name.encode("utf-8")).hexdigest()[:8]


def stem_of(imported: Imported) -> str:
    """The plan files' name: the imported file's (去年的计划.docx → 去年的计划.yaml), valid on Windows."""
    from .output import safe_filename

    return safe_filename(imported.source.path.stem) or "plan"


MAX_TEXT = 4000  # a block's paragraph holds 5,000 characters; longer ones are split at a sentence


def plan_files(imported: Imported) -> dict[str, dict[str, Any]]:
    """Relative path → YAML data: one block per level-1 section, a template and a spec per plan.

    Ids are ``imported.<file>.s3`` (one folder per imported file), so two imports share a library."""
    files: dict[str, dict[str, Any]] = {}
    several = len(imported.plans) > 1
    for number, plan in enumerate(imported.plans, start=1):
        name, key = _spec_name(imported, number), _key(imported, number)
        if len(literal(plan.title)) > 200:  # a title is one line: the whole of it stays in the intro
            plan.intro.insert(0, plan.title)
            plan.title = plan.title[:60]
            imported.guesses.append(Guess(plan.line or None, "标题超过 200 字：标题取前 60 字，全文放入导语"))
        if not plan.sections:  # no headings at all: the whole text is one section
            plan.sections = [
                Node("主要内容", plan.line, children=[Para(text, plan.line) for text in plan.intro])
            ]
            plan.intro = []
            imported.guesses.append(
                Guess(plan.line or None, "没有找到任何标题：全文作为一个部分“主要内容”导入")
            )
        while plan.intro and sum(len(literal(text)) + 2 for text in plan.intro) > MAX_TEXT:
            plan.sections[0].children.insert(0, Para(plan.intro.pop(), plan.line))
            imported.guesses.append(Guess(plan.line or None, "导语过长：末段移到第一部分的开头"))
        block_ids = []
        for index, section in enumerate(plan.sections, start=1):
            block_id = f"imported.{key}.s{index}"
            block_ids.append(block_id)
            body = _body(section)
            if section.text:  # “一、指导思想。以……”: the text run on after a section's heading opens it
                body[:0] = [{"p": literal(piece)} for piece in _pieces(section.text)]
            files[f"blocks/imported/{key}/s{index}.yaml"] = {
                "id": block_id,
                "title": literal(_one_line(section.title)),
                "category": "imported",
                "sectors": ["all"],
                "summary": f"导入自 {imported.source.path.name}（第 {section.line} {imported.source.unit}）"[
                    :200
                ],
                "body": body or [{"p": "（本部分原文没有正文）"}],
            }
        year = plan.year or planning_year()
        if year < FIRST_YEAR:  # a plan older than plangen's years: rebuilt as this year's plan
            year = planning_year()
            imported.guesses.append(Guess(plan.line or None, f"原计划为 {plan.year} 年度，计划文件按 {year} 年度生成：标题中的年份随之改变，正文中过时的内容见下面的检查结果"))  # fmt: skip
        title = literal(plan.title)
        if plan.year and str(plan.year) in plan.title:  # next year's plan gets next year's title
            title = literal(plan.title).replace(str(plan.year), "{{ year }}", 1)
        if plan.stand_ins:  # the title's place for the name the user fills in
            title = title.replace(literal(plan.stand_ins[0]), "{{ org.name }}", 1)
        template: dict[str, Any] = {
            "id": f"imported-{key}",
            "name": plan.title[:200],
            "title": title,
            "sector": plan.sector,
            "kind": plan.kind,
            "summary": f"由 {imported.source.path.name} 导入"[:200],
        }
        if plan.intro:
            template["intro"] = "\n\n".join(literal(text) for text in plan.intro)
        template["sections"] = block_ids
        template["signature"] = bool(plan.full_name or plan.date)
        files[f"plans/imported-{key}.yaml"] = template
        org: dict[str, Any] = {"name": plan.org[:60]}
        if plan.full_name and plan.full_name not in plan.stand_ins:
            org["full_name"] = plan.full_name[:80]
        spec: dict[str, Any] = {"template": f"imported-{key}", "year": plan.year or year, "org": org}
        if plan.date is not None:
            spec["date"] = plan.date
        if spec["year"] != year:  # an old plan, rolled to this year: its signed date with it
            move_to_year(spec, year)
        spec["output"] = {"formats": ["docx", "md"], "schedule": "none", "dir": "out"}
        if several:  # the plans of a collection often share a title: each gets a folder of its own
            spec["output"]["dir"] = f"out/{name}"
        files[f"{name}.yaml"] = spec
    return files


_LITERAL = re.compile(r"\{\{ '(\{[{%#])' \}\}")
_TEXT_KEYS = ("title", "intro", "item", "p", "caption", "header", "rows")


def written_text(
    imported: Imported, files: dict[str, dict[str, Any]]
) -> list[tuple[tuple[int, int], list[str]]]:
    """Every piece of the source's text in the files an import writes, as the user will read it
    (Jinja's delimiters unescaped; {{ year }} back to the year, {{ org.name }} to the name): for each
    plan, its first and last line and its pieces in the source's order (title and intro, the
    sections, the signature)."""
    out: list[tuple[tuple[int, int], list[str]]] = []
    for number, plan in enumerate(imported.plans, start=1):
        key = _key(imported, number)
        pieces: list[str] = []
        template = files.get(f"plans/imported-{key}.yaml", {})
        if plan.own_title:  # a collection's title, given to its plans, is dropped once
            title = str(template.get("title", ""))
            title = title.replace("{{ year }}", str(plan.year), 1)
            title = title.replace("{{ org.name }}", plan.stand_ins[0] if plan.stand_ins else "", 1)
            pieces.append(_LITERAL.sub(lambda m: m.group(1), title))
        _texts({"intro": template.get("intro", "")}, pieces)
        for index in range(1, len(plan.sections) + 1):
            block = files.get(f"blocks/imported/{key}/s{index}.yaml", {})
            _texts({"title": block.get("title", ""), "body": block.get("body", [])}, pieces)
        spec = files.get(f"{_spec_name(imported, number)}.yaml", {})
        org = spec.get("org", {})
        if org.get("full_name"):
            pieces.append(str(org["full_name"]))
        if "date" in spec:  # the signature's date as the plan prints it
            pieces.append(plan.date_text)
        # a label plangen wrote where the source has none (主要内容) is found nowhere: it takes nothing
        first = min(plan.first, plan.line) if plan.own_title and plan.line else plan.first
        out.append(((first, plan.last), pieces))
    return out


def _texts(value: Any, out: list[str], name: str = "") -> None:
    """The source's text in a block's or template's data (its text keys), Jinja's delimiters unescaped."""
    if isinstance(value, dict):
        for key, item in value.items():
            _texts(item, out, key)
    elif isinstance(value, list):
        for item in value:
            _texts(item, out, name)
    elif isinstance(value, str) and name in _TEXT_KEYS:
        out.append(_LITERAL.sub(lambda m: m.group(1), value))


def _key(imported: Imported, number: int) -> str:
    base = slug(imported.source.path)
    return f"{base}-{number}" if len(imported.plans) > 1 else base


def _spec_name(imported: Imported, number: int) -> str:
    return f"{stem_of(imported)}-{number}" if len(imported.plans) > 1 else stem_of(imported)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200] or "（无标题）"


def _body(node: Node) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for child in node.children:
        if isinstance(child, Para):
            out += [{"p": literal(piece)} for piece in _pieces(child.text)]
        elif isinstance(child, TableNode):
            table: dict[str, Any] = {"caption": literal(child.caption)} if child.caption else {}  # above it
            table["header"] = [literal(c) for c in child.header]
            table["rows"] = [[literal(c) for c in row] for row in child.rows] or [[""] * len(child.header)]
            out.append({"table": table})
        else:
            element: dict[str, Any] = {"item": literal(_one_line(child.title))}
            if child.text:
                element["p"] = literal(child.text)
            body = _body(child)
            if body:
                element["body"] = body
            out.append(element)
    return out


def _pieces(text: str) -> list[str]:
    """*text* in pieces a block paragraph holds, cut after a sentence where it can be."""
    pieces = []
    while len(literal(text)) > MAX_TEXT:
        cut = max(text.rfind(mark, 0, MAX_TEXT // 2) for mark in "。！？；")
        cut = cut + 1 if cut > 0 else MAX_TEXT // 2
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


def dump(data: dict[str, Any]) -> str:
    from .yamlout import dump as dump_yaml  # yaml.dump's text, without its node graph

    return dump_yaml(data)


def account(imported: Imported, files: dict[str, dict[str, Any]]) -> Accounting:
    """Where every character of the source went (:mod:`plangen.accounting`)."""
    return placing.account(
        imported.source.lines, written_text(imported, files), imported.dropped, imported.furniture
    )


def report(imported: Imported, findings: list[Finding], files: list[str],
           accounting: Accounting | None = None) -> str:  # fmt: skip
    """The import report (Markdown): what was made, every guess with its place, the count of every
    character of the source, the linter's findings."""
    unit = imported.source.unit
    out = [f"# 导入报告：{imported.source.path.name}", ""]
    for plan in imported.plans:
        out.append(
            f"- {plan.title}（{plan.year or '年度未知'}年，{plan.org}，{len(plan.sections)} 个一级部分）"
        )
    out += ["", "## 生成的文件", "", *(f"- {name}" for name in files), "", "## 导入时的判断", ""]
    for guess in imported.guesses:
        place = f"第 {guess.line} {unit}：" if guess.line else ""
        out.append(f"- {place}{guess.text}")
    if accounting is not None:
        out += ["", "## 字数核对", "",
                f"- 原文共 {accounting.total} 字（不计空白）：写入内容块、计划模板和计划文件 {accounting.written} 字，"
                f"删去 {accounting.dropped} 字（序号和目录由 plangen 重新生成；网页文字、页码等逐条见上）。"]  # fmt: skip
        if accounting.complete:
            out.append("- 原文的每个字都已在原处找到：写入文件，或列在上面的删除项中。")
        else:
            out.append(f"- 有 {accounting.missing} 字既未写入也未列出，请对照原文补上：")
            out += placing.quoted(accounting, unit)
    out += ["", "## 检查结果（plangen lint）", ""]
    if not findings:
        out.append("- 未发现问题")
    for finding in findings:
        place = f"第 {finding.line} {unit}" if finding.line else "全文"
        hint = f"（建议：{finding.suggestion}）" if finding.suggestion else ""
        severity = "错误" if finding.severity == "error" else "警告"
        quoted = f"：“{finding.context}”" if finding.context else ""
        out.append(f"- {place} {severity} [{finding.rule}] {finding.message}{quoted}{hint}")
    return "\n".join(out) + "\n"


def _check_plans(count: int, limit: int, source: Source) -> None:
    from .errors import PlanError

    if count > limit:
        raise PlanError(
            f"文件中识别出 {count} 篇计划，超过上限 {limit} 篇",
            source.path,
            hint="请确认选对了文件；合集可先拆成几个文件再分别导入。",
        )


def write(imported: Imported, folder: Path, findings: list[Finding], force: bool = False) -> list[Path]:
    """Write the blocks, templates, specs and the report; all or nothing, nothing replaced without --force."""
    from .errors import PlanError, os_reason
    from .output import check_targets, write_all

    _check_plans(len(imported.plans), MAX_PLANS, imported.source)
    data = plan_files(imported)
    if len(data) > MAX_FILES:
        raise PlanError(f"导入会写出 {len(data)} 个文件，超过上限 {MAX_FILES} 个", imported.source.path)
    files = {name: dump(item) for name, item in data.items()}
    names = sorted(files)
    files[f"{stem_of(imported)}-导入报告.md"] = report(imported, findings, names, account(imported, data))
    outputs = [(folder / name, text.encode("utf-8")) for name, text in files.items()]
    for place in (folder, *{path.parent for path, _ in outputs}):
        if place.exists() and not place.is_dir():
            raise PlanError("输出位置已有同名文件，不是文件夹", place, hint="用 -o 指定另一个文件夹。")
    check_targets([path for path, _ in outputs], force)  # before anything is written
    try:
        for path, _ in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlanError(f"无法创建输出文件夹：{os_reason(exc, writing=True)}", folder) from None
    write_all(outputs, force)
    return [path for path, _ in outputs]
