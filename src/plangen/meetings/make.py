"""A plan's meeting papers as files: which meetings (kinds, a range of dates), who is called (the
members list, checked against the plan's 党小组), their papers rendered — one DOCX per meeting, or
one per paper, Markdown too — and the year's records bound as a book. Nothing is written here: the
command puts the files in place, all or none.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError, shorten
from ..numbering import cn_number
from ..output import safe_filename
from ..paper import ALIASES, MEETING_KINDS, Book, Papers
from .calendar import RECORD, meetings
from .members import Members, read_members
from .papers import Branch, meeting_name, papers, sittings

if TYPE_CHECKING:
    from ..document import Document
    from ..schema.types import PlanSpec
    from ..writers.ooxml import DocxOptions


@dataclass
class Request:
    kinds: list[str] = field(default_factory=list)  # as the user wrote them; none: every kind
    first: dt.date | None = None
    last: dt.date | None = None
    members: Path | None = None
    formats: tuple[str, ...] = ("docx",)
    split: bool = False
    book: Path | None = None  # --combine, in the output folder unless a path says otherwise


@dataclass
class Made:
    files: list[tuple[Path, bytes]] = field(default_factory=list)
    meetings: int = 0  # sittings with papers (a 党小组会 of three groups: three)
    notes: list[str] = field(default_factory=list)


def kinds_of(words: Sequence[str]) -> list[str] | None:
    """The calendar's kinds for the user's words (None: all); an unknown one is refused."""
    if not words:
        return None
    out = []
    for word in words:
        for part in word.replace("，", ",").replace("、", ",").split(","):
            part = part.strip()
            if not part:
                continue
            kind = ALIASES.get(part, part)
            if kind not in MEETING_KINDS:
                raise PlanError(
                    f"没有这类会议：{shorten(part)}（--kind）",
                    hint="可选：" + "、".join(MEETING_KINDS) + "。",
                )
            out.append(kind)
    if not out:  # --kind "" or --kind ,: a script's empty variable, never "every kind"
        raise PlanError(
            "--kind 没有写会议类别", hint="可选：" + "、".join(MEETING_KINDS) + "；不写 --kind 则生成全部。"
        )
    return out


def parse_day(text: str, year: int, end: bool = False) -> dt.date:
    """2027-03-09; a month — 2027-03, 3月 — is its first day, or with *end* its last."""
    import calendar
    import re

    raw = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", raw):
            y, m, d = map(int, raw.split("-"))
            return dt.date(y, m, d)
        found = re.fullmatch(r"(?:(\d{4})-(\d{1,2}))|(?:(\d{1,2})月)", raw)
        if found:
            y, m = (int(found[1]), int(found[2])) if found[1] else (year, int(found[3]))
            first = dt.date(y, m, 1)
            return first.replace(day=calendar.monthrange(y, m)[1]) if end else first  # 9999-12 too
    except ValueError:
        pass
    raise PlanError(
        f"无法识别的日期：{shorten(raw) or '（空）'}",
        hint="--from、--to 写作 2027-03-09，或月份 2027-03、3月。",
    )


def group_names(spec: PlanSpec) -> list[str] | None:
    """The 党小组 a plan file has, by the names a members list may use: 第1党小组 or 第一党小组
    for each of ``org.groups``; None when the file does not say (any name is taken)."""
    count = spec.org.groups
    if not count:
        return None
    names = [f"第{n}党小组" for n in range(1, count + 1)]
    names += [f"第{cn_number(n)}党小组" for n in range(1, count + 1)]
    return names


def branch(
    spec: PlanSpec, doc: Document, members: Members | None, is_workday: Callable[[dt.date], bool]
) -> Branch:
    settings = spec.meetings

    def time(kind: str) -> str | None:
        own = settings.kinds.get(kind)
        return (own.time if own and own.time else None) or settings.time

    def place(kind: str) -> str | None:
        own = settings.kinds.get(kind)
        return (own.place if own and own.place else None) or settings.place

    issuer = doc.signature.org if doc.signature else doc.org
    return Branch(
        org=doc.org, issuer=issuer, count=spec.org.members,
        committee=tuple(dict.fromkeys(spec.org.committee.values())), groups=spec.org.groups,
        members=members, time=time, place=place, notice_days=settings.notice_days, is_workday=is_workday,
    )  # fmt: skip


def make(
    spec: PlanSpec, doc: Document, request: Request, folder: Path, created: dt.datetime,
    is_workday: Callable[[dt.date], bool],
    options: DocxOptions | None = None,
) -> Made:  # fmt: skip
    """Every file of the meetings in *request*, under *folder* (DOCX in the plan's fonts: *options*)."""
    from ..writers.paperdocx import render_book, render_papers
    from ..writers.papermd import render_papers as markdown

    members = read_members(request.members, group_names(spec)) if request.members else None
    made = Made(notes=list(members.notes) if members else [])
    if members and spec.org.members and len(members.members) != spec.org.members:
        made.notes.append(f"党员名单有 {len(members.members)} 人，计划文件中的党员人数（org.members）是 "
                          f"{spec.org.members}：应到人数按名单计算")  # fmt: skip
    if members and members.groups:
        loose = [member.row for member in members.members if not member.group]
        if loose:
            rows = "、".join(str(row) for row in loose[:10]) + ("等" if len(loose) > 10 else "")
            made.notes.append(f"党员名单第 {rows} 行没有填党小组，{len(loose)} 人未列入党小组会的签到表")
    chosen = meetings(doc.events, kinds_of(request.kinds), request.first, request.last)
    where = branch(spec, doc, members, is_workday)
    records: list[Papers] = []
    stems: set[str] = set()
    for meeting in chosen:
        for sitting in sittings(meeting, where):
            sheets = papers(meeting, sitting, where)
            made.meetings += 1
            stem = _stem(file_name(meeting.date, meeting_name(meeting, sitting)), stems)
            if "docx" in request.formats:
                if request.split:
                    for paper in sheets.papers:
                        one = Papers(sheets.title, sheets.org, sheets.month, (paper,))
                        made.files.append(
                            (
                                folder / f"{stem} {paper.kind}.docx",  # FILE_NAME reads it back
                                render_papers(one, options, created=created),
                            )
                        )
                else:
                    made.files.append(
                        (folder / f"{stem}.docx", render_papers(sheets, options, created=created))
                    )
            if "md" in request.formats:
                made.files.append((folder / f"{stem}.md", markdown(sheets).encode("utf-8")))
            record = tuple(paper for paper in sheets.papers if paper.kind == RECORD)
            records.append(Papers(sheets.title, sheets.org, sheets.month, record))
    if request.book is not None and records:
        book = Book(f"{doc.org}{doc.year}年三会一课记录本", doc.org, f"{doc.year}年", tuple(records))
        target = (request.book if request.book.is_absolute() else folder / request.book).with_suffix(".docx")
        # Windows and macOS fold case: 记录本.DOCX and 记录本.docx are one file there
        if any(str(path).casefold() == str(target).casefold() for path, _ in made.files):
            raise PlanError(
                f"--combine 的文件名与一次会议的材料重名：{target.name}",
                hint="给记录本另取一个名字，如 记录本.docx。",
            )
        made.files.append((target, render_book(book, options, created=created)))
    return made


def file_name(day: dt.date, name: str) -> str:
    """A meeting's file name (no suffix): ``03月09日 支部党员大会`` — :data:`FILE_NAME` reads it back."""
    return f"{day.month:02d}月{day.day:02d}日 {name}"


# a meeting's file name as :func:`file_name` and :func:`_stem` write it, with --split's paper kind:
# (month, day, the meeting's name)
FILE_NAME = re.compile(r"(\d{2})月(\d{2})日 (.+?)(?:（\d+）)?(?: " + RECORD + ")?")


def _stem(name: str, taken: set[str]) -> str:
    stem = safe_filename(name, "会议材料")
    number = 2
    base = stem
    while stem in taken:
        stem = f"{base}（{number}）"
        number += 1
    taken.add(stem)
    return stem


def same_content(path: Path, data: bytes) -> bool:
    """Whether the file at *path* already holds *data*, the build time in a DOCX's properties aside:
    a rerun leaves it alone."""
    try:
        old = path.read_bytes()
    except OSError:
        return False
    if old == data:
        return True
    if not (old.startswith(b"PK") and data.startswith(b"PK")):
        return False
    try:
        with zipfile.ZipFile(BytesIO(old)) as a, zipfile.ZipFile(BytesIO(data)) as b:
            names = [name for name in b.namelist() if name != "docProps/core.xml"]
            if sorted(a.namelist()) != sorted(b.namelist()):
                return False
            return all(a.read(name) == b.read(name) for name in names)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
