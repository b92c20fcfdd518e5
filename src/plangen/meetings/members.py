"""A branch's members — CSV or XLSX as Excel and WPS write them — for the papers of its meetings:
the names on each sign-in sheet, a 党小组's own members for its meetings, and the 应到 counts.

Read like a batch's roster (:func:`plangen.batch.roster.read_table`: encoding detected, header row
found below a title, notes under the table skipped), then checked row by row: every problem — a
member without a name, a 党小组 the plan does not have, a category that is neither 正式 nor 预备 —
is said with its row and column, all of them at once, before anything is written. Member data is
read here and written only into the papers; it never enters a message beyond the cell in question.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PlanError, PlanErrors, shorten
from ..numbering import parse_cn_number
from ..textio import control_characters

# header (as written, case-insensitive for English) → the member's field
HEADERS: dict[str, str] = {
    "姓名": "name", "党员姓名": "name", "name": "name",
    "党小组": "group", "所在党小组": "group", "group": "group",
    "职务": "role", "党内职务": "role", "role": "role",
    "类别": "category", "党员类别": "category", "正式/预备": "category", "政治面貌": "category",
    "category": "category",
    "联系方式": "contact", "联系电话": "contact", "手机": "contact", "手机号": "contact", "手机号码": "contact",
    "移动电话": "contact", "电话": "contact", "contact": "contact",
}  # fmt: skip
# a roster's running number: every exported table has one, and it is no member's field
SERIAL = ("序号", "编号", "no", "no.")
# 政治面貌 as a personnel table writes it: 中共党员, 中共预备党员
_FULL = ("正式", "正式党员", "党员", "中共党员")
_PROBATIONARY = ("预备", "预备党员", "中共预备党员")
MAX_MEMBERS = 2_000  # a branch has 3 to a few hundred; a committee's whole roll is another file
MAX_NAME = 20  # characters in a name (a minority name written in full is about 10)
# characters in the other cells: each is printed in a form's cell of fixed height, and a 党小组's
# name is in its meetings' titles and file names (a title of thousands of characters takes minutes
# to balance over its lines)
MAX_LENGTHS = {"name": MAX_NAME, "group": 30, "role": 30, "contact": 40}
MAX_GROUPS = 50  # 党小组 in one branch; each meets every month, so each is a dozen files more


@dataclass(frozen=True)
class Member:
    row: int  # as the spreadsheet shows it
    name: str
    group: str = ""  # its 党小组, as written
    role: str = ""  # 支部书记, 组织委员 …
    probationary: bool = False
    contact: str = ""


@dataclass
class Members:
    path: Path
    members: list[Member] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # rows skipped, columns not used: said to the user

    @property
    def groups(self) -> list[str]:
        """The 党小组 named, in the order they first appear."""
        return list(dict.fromkeys(member.group for member in self.members if member.group))

    def of_group(self, group: str) -> list[Member]:
        return [member for member in self.members if member.group == group]


def read_members(path: Path, groups: Sequence[str] | None = None) -> Members:
    """The members in *path*; *groups*, when given, are the 党小组 the plan has: a member of
    another is refused (a typo such as 第4党小组 in a branch of three)."""
    from ..batch.roster import header_index, note_of, read_table

    known = {key.lower(): value for key, value in HEADERS.items()}
    _, table, sheet = read_table(path, known, "党员名单", "姓名")
    out = Members(path, notes=[sheet] if sheet else [])
    if not any(any(cell.strip() for cell in cells) for _, cells in table):
        raise PlanError(
            "党员名单是空的", path, hint="第一行写列名（姓名、党小组、职务、类别），以下每行一名党员。"
        )
    at = header_index(table, known)
    header_row, header_cells = table[at]
    headers = [cell.strip().lstrip("\ufeff") for cell in header_cells]
    columns = {
        index: known[header.lower()] for index, header in enumerate(headers) if header.lower() in known
    }
    if "name" not in columns.values():
        raise PlanError("党员名单没有“姓名”一列", path, header_row, hint="表头中写“姓名”（或 name）。")
    unused = [header for header in headers if header and header.lower() not in (*known, *SERIAL)]
    out.notes += [f"党员名单中的“{header}”列未使用" for header in unused]
    problems: list[PlanError] = []
    rows = 0  # members' rows, good or bad: bounds the problems said as well
    named: set[str] = set()  # the 党小组 so far
    for number, cells in table[at + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        if note_of(cells) is not None:
            out.notes.append(f"党员名单第 {number} 行是表格下方的说明，未作为党员")
            continue
        rows += 1
        if rows > MAX_MEMBERS:
            raise PlanError(f"党员名单超过 {MAX_MEMBERS} 人", path, number)
        values = {columns[i]: cell.strip() for i, cell in enumerate(cells) if i in columns and cell.strip()}
        member = _member(number, values, headers, columns, groups, path, problems)
        if member is not None:
            out.members.append(member)
            named.add(member.group)
            if len(named - {""}) > MAX_GROUPS:
                raise PlanError(f"党员名单中的党小组超过 {MAX_GROUPS} 个", path, number,
                                hint="检查“党小组”一列是否填的是党小组的名称。")  # fmt: skip
    PlanErrors.raise_if_any(problems)
    if not out.members:
        raise PlanError("党员名单中没有党员", path, hint="列名行以下每行写一名党员的姓名。")
    out.members = _one_spelling(out.members, out.notes)
    return out


def _member(
    number: int, values: dict[str, str], headers: list[str], columns: dict[int, str],
    groups: Sequence[str] | None, path: Path, problems: list[PlanError],
) -> Member | None:  # fmt: skip
    """Row *number* as a member, or None with its problems added to *problems*."""

    def column(name: str) -> str:
        index = next(i for i, target in columns.items() if target == name)
        return f"第 {index + 1} 列“{headers[index]}”"

    found = len(problems)
    for name, text in values.items():
        if control_characters(text) or "\n" in text or "\r" in text:
            problems.append(PlanError(f"第 {number} 行{column(name)}含有换行或控制字符", path, number))
    name = values.get("name", "")
    if not name:
        problems.append(PlanError(f"第 {number} 行{column('name')}没有填姓名", path, number,
                                  hint="每行一名党员；不是党员的说明行请写在表格下方，以“注：”开头。"))  # fmt: skip
    for field_name, text in values.items():
        if len(text) > MAX_LENGTHS.get(field_name, len(text)):
            limit = MAX_LENGTHS[field_name]
            problems.append(
                PlanError(f"第 {number} 行{column(field_name)}过长（上限 {limit} 字）", path, number)
            )
    group = values.get("group", "")
    if group and len(group) <= MAX_LENGTHS["group"] and groups is not None and group not in groups:
        listed = _listed(groups) if groups else "（计划中没有党小组）"
        problems.append(PlanError(f"第 {number} 行{column('group')}“{shorten(group, 20)}”不是本支部的党小组",
                                  path, number, hint=f"本支部的党小组：{listed}"))  # fmt: skip
    category = values.get("category", "")
    if category and category not in _FULL + _PROBATIONARY:
        problems.append(PlanError(f"第 {number} 行{column('category')}应为“正式”或“预备”", path, number,
                                  hint="也可写“正式党员”“预备党员”或“中共党员”“中共预备党员”。"))  # fmt: skip
    if len(problems) > found:
        return None
    return Member(
        number, name, group, values.get("role", ""), category in _PROBATIONARY, values.get("contact", "")
    )


def _listed(groups: Sequence[str]) -> str:
    """The plan's 党小组 for a hint: all of a few, else the first and last of each way of writing them
    (a branch of 200 groups would otherwise repeat 400 names on every bad row)."""
    if len(groups) <= 12:
        return "、".join(groups)
    half = len(groups) // 2
    return f"{groups[0]}至{groups[half - 1]}（或{groups[half]}至{groups[-1]}）"


_ORDINAL = re.compile(r"第([0-9]{1,4}|[零〇一二三四五六七八九十百千]{1,8})党小组")


def _one_spelling(members: list[Member], notes: list[str]) -> list[Member]:
    """第1党小组 and 第一党小组 in one list are one 党小组: its members under the spelling the list
    uses first (else it would meet twice a month, each sitting with part of its members)."""
    first: dict[int, str] = {}
    said: set[str] = set()
    out = []
    for member in members:
        found = _ORDINAL.fullmatch(member.group)
        number = _number(found[1]) if found else None
        spelling = first.setdefault(number, member.group) if number is not None else member.group
        if spelling != member.group:
            if member.group not in said:
                said.add(member.group)
                notes.append(f"党员名单中的“{member.group}”与“{spelling}”是同一个党小组，按“{spelling}”列出")
            member = dataclasses.replace(member, group=spelling)
        out.append(member)
    return out


def group_order(name: str) -> tuple[int, str]:
    """A key that puts 党小组 in their order — 第二 before 第三, 第10 after 第9 — the named ones after."""
    found = _ORDINAL.search(name)
    return (_number(found[1]), "") if found else (1_000_000, name)


def _number(text: str) -> int:
    """The number of an _ORDINAL: 12, 十二, 一百零五."""
    return int(text) if text.isascii() else parse_cn_number(text)
