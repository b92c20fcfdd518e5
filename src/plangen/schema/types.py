"""The one set of types for what users write — blocks, plan templates, plan specs — frozen.

Both ways of reading a file produce these: the fast check (:mod:`plangen.schema.fast`, no pydantic)
and pydantic's validation (:mod:`plangen.schema.models`, which also writes ``plangen schema``).
Everything downstream receives only these classes. They are frozen (change one with
:func:`dataclasses.replace`), lists are tuples; mappings stay dicts typed as read-only ``Mapping``
(a batch pickles specs to its workers). Param values a user writes stay as written (lists as
lists): a param checks them when a plan is composed (:func:`plangen.schema.values.param_value`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Literal, TypeAlias

from ..years import DEFAULT_CONGRESS_YEAR

# --- names shared by the models and everything downstream ----------------------------------------

SECTOR_NAMES: dict[str, str] = {
    "all": "通用",
    "hospital": "医院",
    "school": "中小学",
    "university": "高校",
    "enterprise": "企业",
    "soe": "国有企业",
    "private": "非公企业",
    "community": "社区",
    "government": "机关",
}
CATEGORY_NAMES: dict[str, str] = {
    "guiding-ideology": "指导思想",
    "goals": "工作目标",
    "political": "政治建设",
    "theory-study": "思想建设",
    "organization": "组织建设",
    "integrity": "党风廉政建设",
    "conduct": "作风建设",
    "integration": "党建与业务融合",
    "civilization": "精神文明建设",
    "publicity": "宣传与文化",
    "united-front": "群团与统战",
    "volunteer": "志愿服务",
    "safeguards": "保障措施",
}
DETAIL_LEVELS = ("concise", "standard", "full")
DETAIL_NAMES = {"concise": "精简", "standard": "标准", "full": "详尽"}

# Names every template can use; block params must not shadow them.
RESERVED_NAMES = frozenset(
    {
        "year", "detail", "sector", "membership", "who", "prev_year", "next_year", "org", "date",
        "date_cn", "anniv", "fyp", "congress", "settings", "party", "block", "params", "loop", "self",
        "true", "false", "none",
    }
)  # fmt: skip

ParamType = Literal["int", "str", "text", "bool", "choice", "date", "list"]
Detail = Literal["concise", "standard", "full"]
DetailMark: TypeAlias = "str | tuple[str, ...] | None"
ParamValue: TypeAlias = "int | bool | str | dt.date | list[str]"
"""A param's value once its param has checked it (:func:`plangen.schema.values.param_value`)."""
RawValue: TypeAlias = object
"""A param value as a user wrote it (YAML, ``--set``, a roster cell): unchecked until composed."""


def shown_at(mark: str | tuple[str, ...] | list[str] | None, detail: str) -> bool:
    """Whether an element marked *mark* appears in a plan written at *detail*."""
    if mark is None:
        return True
    if isinstance(mark, str):
        return DETAIL_LEVELS.index(detail) >= DETAIL_LEVELS.index(mark)
    return detail in mark


# --- behaviour shared by the pydantic models and the frozen types --------------------------------


class TemplateRules:
    """A template's defaults (fields kind, detail and sections; not annotated, as above)."""

    __slots__ = ()

    def default_detail(self) -> str:
        return self.detail or ("concise" if self.kind == "branch" else "standard")  # type: ignore[attr-defined]

    def section_refs(self) -> list[SectionRef]:
        """Every section as a :class:`SectionRef` (a bare block id made into one)."""
        sections: tuple[str | SectionRef, ...] = self.sections  # type: ignore[attr-defined]
        return [SectionRef(block=s) if isinstance(s, str) else s for s in sections]


# --- the types -------------------------------------------------------------------------------------

_frozen = dataclass(frozen=True, slots=True, kw_only=True)


@_frozen
class Param:
    """A value a user may set for a block; the wizard asks exactly these."""

    type: ParamType = "str"
    label: str
    default: RawValue = None
    help: str | None = None
    min: int | None = None
    max: int | None = None
    pattern: str | None = None
    choices: tuple[str, ...] | None = None
    when: str | None = None


@_frozen
class Para:
    """A body paragraph."""

    p: str
    when: str | None = None
    detail: DetailMark = None


@_frozen
class Item:
    """A numbered sub-item: a run-in heading followed by its text and deeper elements."""

    item: str
    p: str | None = None
    body: tuple[BodyElement, ...] = ()
    when: str | None = None
    detail: DetailMark = None


@_frozen
class Include:
    """Another block, nested one level deeper."""

    include: str
    params: Mapping[str, RawValue] = field(default_factory=dict)
    when: str | None = None
    detail: DetailMark = None
    inline: tuple[str, ...] = ()


@_frozen
class TableSpec:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None
    caption: str = ""


@_frozen
class TableElement:
    """A table in the text."""

    table: TableSpec
    when: str | None = None
    detail: DetailMark = None


BodyElement: TypeAlias = "Para | Item | Include | TableElement"


@_frozen
class ScheduleRule:
    """A recurring activity, turned into dated events for the annual calendar."""

    name: str
    kind: str | None = None
    owner: str | None = None
    every: Literal["month", "quarter", "half-year", "year", "dates"]
    on: str | None = None
    day: int | None = None
    months: tuple[int, ...] | None = None
    dates: tuple[str, ...] | None = None
    workday: bool = True
    shift: Literal["after", "before"] = "after"
    missing: Literal["skip", "last"] | None = None
    when: str | None = None


@_frozen
class Block:
    """One composable plan section, ``templates/blocks/<category>/<name>.yaml``."""

    id: str
    title: str
    category: str
    sectors: tuple[str, ...] = ("all",)
    summary: str = ""
    keywords: tuple[str, ...] = ()
    params: Mapping[str, Param] = field(default_factory=dict)
    body: tuple[BodyElement, ...]
    schedule: tuple[ScheduleRule, ...] = ()


@_frozen
class SectionRef:
    """A section of a plan template: a block, with optional parameters and extra sub-blocks."""

    block: str
    params: Mapping[str, RawValue] = field(default_factory=dict)
    include: tuple[str | Include, ...] = ()
    title: str | None = None
    detail: DetailMark = None


@_frozen
class PlanTemplate(TemplateRules):
    """A plan: ordered sections for one kind of organisation, ``templates/plans/<id>.yaml``."""

    id: str
    name: str
    title: str = "{{ org.name }}{{ year }}年度工作计划"
    sector: str
    kind: Literal["branch", "general-branch", "committee"]
    summary: str = ""
    intro: str | None = None
    sections: tuple[str | SectionRef, ...]
    params: Mapping[str, RawValue] = field(default_factory=dict)
    signature: bool = True
    detail: Detail | None = None
    membership: Literal["staff", "students", "residents"] = "staff"


@_frozen
class Org:
    name: str
    full_name: str | None = None
    parent: str | None = None
    secretary: str | None = None
    committee: Mapping[str, str] = field(default_factory=dict)
    members: int | None = None
    probationary: int | None = None
    activists: int | None = None
    groups: int | None = None
    branches: int | None = None
    unit: str | None = None


@_frozen
class SectionAdd:
    block: str
    after: str | None = None
    before: str | None = None
    into: str | None = None
    params: Mapping[str, RawValue] = field(default_factory=dict)


@_frozen
class SectionEdits:
    remove: tuple[str, ...] = ()
    add: tuple[SectionAdd, ...] = ()
    order: tuple[str, ...] = ()


@_frozen
class DocxSettings:
    """Choices about the DOCX; everything else follows GB/T 9704-2012."""

    toc: bool = True
    toc_levels: int = 2
    bold_level3: bool = False
    latin_font: str = "Times New Roman"
    fonts: Literal["standard", "windows"] = "standard"


@_frozen
class Output:
    formats: tuple[str, ...] = ("docx", "md")
    schedule: Literal["appendix", "none"] = "appendix"
    docx: DocxSettings = DocxSettings()
    dir: str | None = None
    name: str | None = None


@_frozen
class Settings:
    congress_year: int = DEFAULT_CONGRESS_YEAR
    holidays: str | None = None


@_frozen
class PlanSpec:
    """What the wizard writes and a script re-runs next year: ``plan.yaml``."""

    template: str
    year: int
    date: dt.date | None = None
    title: str | None = None
    org: Org
    detail: Detail | None = None
    review: str | None = None
    params: Mapping[str, RawValue] = field(default_factory=dict)
    sections: SectionEdits = SectionEdits()
    output: Output = Output()
    settings: Settings = Settings()


Frozen: TypeAlias = (
    "Block | Param | Para | Item | Include | TableSpec | TableElement | ScheduleRule | SectionRef"
    " | PlanTemplate | Org | SectionAdd | SectionEdits | DocxSettings | Output | Settings | PlanSpec"
)
TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (Block, Param, Para, Item, Include, TableSpec, TableElement, ScheduleRule, SectionRef,
                PlanTemplate, Org, SectionAdd, SectionEdits, DocxSettings, Output, Settings, PlanSpec)
}  # fmt: skip
"""The types by the names their JSON Schemas have in ``data/shapes.json`` (the fast check builds
from those schemas)."""


def to_data(value: object) -> object:
    """The fields as plain data, tuples as lists (what pydantic's ``model_dump`` gives): for the
    Jinja context and for files written from a spec."""
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    if isinstance(value, list):
        return [to_data(v) for v in value]
    if isinstance(value, Mapping):
        return {k: to_data(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}  # type: ignore[arg-type]
    return value


def as_dict(value: Frozen) -> dict[str, object]:
    """One object's fields as plain data (``spec.org`` for the Jinja context, a spec's answers)."""
    return {f.name: to_data(getattr(value, f.name)) for f in fields(value)}  # type: ignore[arg-type]
