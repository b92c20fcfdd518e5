"""The one set of types for what users write — blocks, plan templates, plan specs — frozen.

Both ways of reading a file produce these: the fast check (:mod:`plangen.schema.fast`, no pydantic)
and pydantic's validation (:mod:`plangen.schema.models`, which also writes ``plangen schema``).
Everything downstream receives only these classes. They are frozen (change one with
:func:`dataclasses.replace`: they answer :mod:`dataclasses` as frozen dataclasses do), lists are tuples; mappings stay dicts typed as read-only ``Mapping``
(a batch pickles specs to its workers). Param values a user writes stay as written (lists as
lists): a param checks them when a plan is composed (:func:`plangen.schema.values.param_value`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, FrozenInstanceError, field, fields
from operator import attrgetter
from typing import Any, ClassVar, Literal, TypeAlias, dataclass_transform

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
        return self.detail or "concise"  # type: ignore[attr-defined]  # a real plan's 3–8 pages, a 党委's too

    def section_refs(self) -> list[SectionRef]:
        """Every section as a :class:`SectionRef` (a bare block id made into one)."""
        sections: tuple[str | SectionRef, ...] = self.sections  # type: ignore[attr-defined]
        return [SectionRef(block=s) if isinstance(s, str) else s for s in sections]


# --- the types -------------------------------------------------------------------------------------

_FIELD = dataclasses._FIELD  # type: ignore[attr-defined]  # the mark dataclasses.fields() keeps


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class FrozenRecord:
    """What ``dataclass(frozen=True, kw_only=True)`` would give, made without generating code.

    A dataclass writes and compiles its methods for every class, which cost a build ~14 ms of
    import for these 17 types. Here the fields are read once from each class's annotations (strings,
    never evaluated) and the methods are shared: a keyword-only ``__init__``, frozen attributes,
    ``__eq__`` and ``__hash__`` by the field values, the dataclass ``__repr__``. ``__dataclass_fields__``
    holds :class:`dataclasses.Field` objects, so :func:`dataclasses.fields`, :func:`~dataclasses.replace`,
    :func:`~dataclasses.is_dataclass` and :func:`~dataclasses.asdict` work as on a dataclass; pickle
    and :mod:`copy` restore the instance ``__dict__`` without calling ``__setattr__``.
    """

    __slots__ = ()
    __match_args__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]
    _names: ClassVar[tuple[str, ...]]
    _required: ClassVar[frozenset[str]]
    _known: ClassVar[frozenset[str]]
    _defaults: ClassVar[dict[str, object]]
    _factories: ClassVar[tuple[tuple[str, Callable[[], object]], ...]]
    _values: ClassVar[Callable[[object], tuple[object, ...]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[str, Field[Any]] = {}
        for base in reversed(cls.__mro__[1:]):
            found.update(base.__dict__.get("__dataclass_fields__", {}))
        for name, annotation in cls.__annotations__.items():  # its own (3.10+), strings
            if "ClassVar" in str(annotation):
                continue
            value = cls.__dict__.get(name, MISSING)
            made = value if isinstance(value, Field) else field(default=value)
            made.name, made.type, made.kw_only = name, annotation, True  # type: ignore[assignment]
            made._field_type = _FIELD  # type: ignore[attr-defined]  # what fields() keeps
            if made.default is MISSING:
                if name in cls.__dict__:
                    delattr(cls, name)  # a factory's Field, not a default (as a dataclass does)
            else:
                setattr(cls, name, made.default)
            found[name] = made
        names = tuple(found)
        cls.__dataclass_fields__ = found
        cls._names = names
        cls._known = frozenset(names)
        cls._required = frozenset(
            n for n, f in found.items() if f.default is MISSING and f.default_factory is MISSING
        )
        cls._defaults = {n: f.default for n, f in found.items() if f.default is not MISSING}
        cls._factories = tuple(
            (n, f.default_factory) for n, f in found.items() if f.default_factory is not MISSING
        )
        # attrgetter is no descriptor: self._values(self) is the field values as a tuple
        cls._values = (  # type: ignore[assignment]
            attrgetter(*names)
            if len(names) > 1
            else staticmethod(lambda self: tuple(getattr(self, n) for n in names))
        )

    def __init__(self, /, *args: object, **values: object) -> None:
        cls = type(self)
        if args:
            raise TypeError(
                f"{cls.__qualname__}.__init__() takes 1 positional argument but {len(args) + 1} were given"
            )
        if not cls._required <= values.keys():
            missing = [n for n in cls._names if n in cls._required and n not in values]
            raise TypeError(
                f"{cls.__qualname__}.__init__() missing {len(missing)} required keyword-only "
                f"argument{'s' if len(missing) > 1 else ''}: {', '.join(map(repr, missing))}"
            )
        if not values.keys() <= cls._known:
            unknown = next(n for n in values if n not in cls._known)
            raise TypeError(f"{cls.__qualname__}.__init__() got an unexpected keyword argument {unknown!r}")
        state = self.__dict__
        state.update(cls._defaults)
        for name, factory in cls._factories:
            if name not in values:
                state[name] = factory()
        state.update(values)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) == other._values(other)  # type: ignore[attr-defined,no-any-return]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names)
        return f"{type(self).__qualname__}({shown})"

    def __replace__(self, **changes: object) -> FrozenRecord:
        """``copy.replace`` (Python 3.13) as :func:`dataclasses.replace`."""
        return type(self)(**{**{n: getattr(self, n) for n in self._names}, **changes})


class Param(FrozenRecord):
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


class Para(FrozenRecord):
    """A body paragraph."""

    p: str
    when: str | None = None
    detail: DetailMark = None


class Item(FrozenRecord):
    """A numbered sub-item: a run-in heading followed by its text and deeper elements."""

    item: str
    p: str | None = None
    body: tuple[BodyElement, ...] = ()
    when: str | None = None
    detail: DetailMark = None


class Include(FrozenRecord):
    """Another block, nested one level deeper."""

    include: str
    params: Mapping[str, RawValue] = field(default_factory=dict)
    when: str | None = None
    detail: DetailMark = None
    inline: tuple[str, ...] = ()


class TableSpec(FrozenRecord):
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None
    caption: str = ""


class TableElement(FrozenRecord):
    """A table in the text."""

    table: TableSpec
    when: str | None = None
    detail: DetailMark = None


BodyElement: TypeAlias = "Para | Item | Include | TableElement"


class ScheduleRule(FrozenRecord):
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
    vacation: Literal["online", "keep"] = "online"


class Block(FrozenRecord):
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


class SectionRef(FrozenRecord):
    """A section of a plan template: a block, with optional parameters and extra sub-blocks."""

    block: str
    params: Mapping[str, RawValue] = field(default_factory=dict)
    include: tuple[str | Include, ...] = ()
    title: str | None = None
    detail: DetailMark = None


class PlanTemplate(TemplateRules, FrozenRecord):
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


class Org(FrozenRecord):
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


class SectionAdd(FrozenRecord):
    block: str
    after: str | None = None
    before: str | None = None
    into: str | None = None
    params: Mapping[str, RawValue] = field(default_factory=dict)


class SectionEdits(FrozenRecord):
    remove: tuple[str, ...] = ()
    add: tuple[SectionAdd, ...] = ()
    order: tuple[str, ...] = ()


class DocxSettings(FrozenRecord):
    """Choices about the DOCX; everything else follows GB/T 9704-2012."""

    toc: bool = True
    toc_levels: int = 2
    bold_level3: bool = False
    latin_font: str = "Times New Roman"
    fonts: Literal["standard", "windows"] = "standard"


class Output(FrozenRecord):
    formats: tuple[str, ...] = ("docx", "md")
    schedule: Literal["appendix", "full", "none"] = "appendix"
    docx: DocxSettings = DocxSettings()
    dir: str | None = None
    name: str | None = None


class Settings(FrozenRecord):
    congress_year: int = DEFAULT_CONGRESS_YEAR
    holidays: str | None = None
    vacations: tuple[str, ...] | None = None  # None: the sector's usual ones (schools, universities)


class MeetingPlace(FrozenRecord):
    time: str | None = None
    place: str | None = None


class MeetingSettings(FrozenRecord):
    time: str | None = None  # 14:30 (a full-width colon as written)
    place: str | None = None
    notice_days: int = 3
    kinds: Mapping[str, MeetingPlace] = field(default_factory=dict)


class PlanSpec(FrozenRecord):
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
    meetings: MeetingSettings = MeetingSettings()


Frozen: TypeAlias = (
    "Block | Param | Para | Item | Include | TableSpec | TableElement | ScheduleRule | SectionRef"
    " | PlanTemplate | Org | SectionAdd | SectionEdits | DocxSettings | Output | Settings | MeetingPlace"
    " | MeetingSettings | PlanSpec"
)
TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (Block, Param, Para, Item, Include, TableSpec, TableElement, ScheduleRule, SectionRef,
                PlanTemplate, Org, SectionAdd, SectionEdits, DocxSettings, Output, Settings, MeetingPlace,
                MeetingSettings, PlanSpec)
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
