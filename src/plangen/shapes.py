"""Blocks, templates and specs as plain objects, and a fast check of well-formed files — without
importing pydantic.

pydantic (``model.py``) stays the single source of the rules and of ``plangen schema``; it costs
~190 ms to import and build, more than a whole pandoc run, so a plan build must not need it when
its files are well formed. ``data/shapes.json`` holds the models' JSON Schemas, generated from
``model.py`` (a test keeps it current), with the defaults pydantic fills from factories. A file
that passes :func:`check` here — a strict subset of what pydantic accepts: no coercion, no
guessing — becomes plain objects at once; anything else goes to pydantic, which either accepts it
(with its coercions) or reports every problem at its line. Either way the rest of plangen gets
the objects defined here.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from functools import lru_cache
from typing import Any

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

MAX_PARAM_TEXT = 2000  # characters of one text value (a param, or an item of a list param)
MAX_LIST_ITEMS = 100


def shown_at(mark: str | list[str] | None, detail: str) -> bool:
    """Whether an element marked *mark* appears in a plan written at *detail*."""
    if mark is None:
        return True
    if isinstance(mark, str):
        return DETAIL_LEVELS.index(detail) >= DETAIL_LEVELS.index(mark)
    return detail in mark


# --- behaviour shared by the pydantic models and the plain objects -------------------------------


class ParamRules:
    """A param's own check of a value: the wizard, the roster and compose all ask it. (Uses the
    fields type, min, max, pattern and choices; not annotated here, or pydantic would take the
    annotations for fields of its own.)"""

    def coerce(self, value: Any) -> Any:
        """Check *value* against this param and return it in its proper type (raises ValueError)."""
        kind = self.type
        if kind == "int":
            if isinstance(value, bool):
                raise ValueError("应为整数")
            if isinstance(value, str):
                value = value.strip()
                if not re.fullmatch(r"[-+]?[0-9]{1,9}", value):
                    raise ValueError(f"“{value}”不是整数")
                value = int(value)
            if not isinstance(value, int):
                raise ValueError("应为整数")
            if self.min is not None and value < self.min:
                raise ValueError(f"不能小于 {self.min}")
            if self.max is not None and value > self.max:
                raise ValueError(f"不能大于 {self.max}")
            return value
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"true", "yes", "1", "是", "y"}:
                return True
            if text in {"false", "no", "0", "否", "n"}:
                return False
            raise ValueError("应为“是”或“否”（true/false）")
        if kind == "date":
            if isinstance(value, dt.date):
                return value
            try:
                return dt.date.fromisoformat(str(value).strip())
            except ValueError:
                raise ValueError(f"“{value}”不是日期（格式 2027-01-05）") from None
        if kind == "list":
            if isinstance(value, str):
                value = [part.strip() for part in re.split(r"[，,、;；\n]", value) if part.strip()]
            if not isinstance(value, list) or not all(
                isinstance(v, (str, int)) and not isinstance(v, bool) for v in value
            ):
                raise ValueError("应为文本列表")
            value = [str(v) for v in value]
            if len(value) > MAX_LIST_ITEMS or any(len(v) > MAX_PARAM_TEXT for v in value):
                raise ValueError(f"列表最多 {MAX_LIST_ITEMS} 项，每项不超过 {MAX_PARAM_TEXT} 字")
            self._check_length(len(value), "项")
            return value
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError("应为文本")
        text = str(value)
        if kind == "choice":
            if text not in (self.choices or []):
                raise ValueError(f"应为以下之一：{'、'.join(self.choices or [])}")
            return text
        if kind == "str" and "\n" in text.strip():
            raise ValueError("应为单行文本")
        if len(text) > MAX_PARAM_TEXT:
            raise ValueError(f"文本过长（上限 {MAX_PARAM_TEXT} 字）")
        self._check_length(len(text), "字")
        if self.pattern is not None:
            from .patterns import full_match

            if not full_match(self.pattern, text):
                raise ValueError(f"“{text[:60]}”格式不符合要求")
        return text

    def _check_length(self, length: int, unit: str) -> None:
        if self.min is not None and length < self.min:
            raise ValueError(f"至少 {self.min} {unit}")
        if self.max is not None and length > self.max:
            raise ValueError(f"最多 {self.max} {unit}")


class TemplateRules:
    """A template's defaults (fields kind, detail and sections; not annotated, as above)."""

    def default_detail(self) -> str:
        return self.detail or ("concise" if self.kind == "branch" else "standard")

    def section_refs(self) -> list[Any]:
        return [s if not isinstance(s, str) else self._section_ref(s) for s in self.sections]

    def _section_ref(self, block_id: str) -> Any:
        return make("SectionRef", {"block": block_id})


# --- the plain objects ---------------------------------------------------------------------------


class Plain:
    """A validated object: its fields as attributes, nothing else. Named after its model."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({inner})"

    def model_dump(self) -> dict[str, Any]:
        """The fields as plain data (what pydantic's ``model_dump`` gives for the same object)."""
        return {name: dump(value) for name, value in self.__dict__.items()}


class Block(Plain): ...


class Param(Plain, ParamRules): ...


class Para(Plain): ...


class Item(Plain): ...


class Include(Plain): ...


class TableSpec(Plain): ...


class TableElement(Plain): ...


class ScheduleRule(Plain): ...


class SectionRef(Plain): ...


class PlanTemplate(Plain, TemplateRules): ...


class Org(Plain): ...


class SectionAdd(Plain): ...


class SectionEdits(Plain): ...


class DocxSettings(Plain): ...


class Output(Plain): ...


class Settings(Plain): ...


class PlanSpec(Plain): ...


CLASSES: dict[str, type[Plain]] = {cls.__name__: cls for cls in Plain.__subclasses__()}


def dump(value: Any) -> Any:
    if isinstance(value, Plain) or hasattr(value, "model_dump"):
        return value.model_dump()
    if isinstance(value, list):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return value


def make(kind: str, data: dict[str, Any]) -> Plain:
    """A plain *kind* from already valid *data*, its missing fields at their defaults."""
    return _build({"$ref": f"#/$defs/{kind}"}, data, _defs())


# --- the fast check ------------------------------------------------------------------------------


class Unsure(Exception):
    """The fast check cannot vouch for the data: pydantic decides."""


@lru_cache(maxsize=1)
def _schemas() -> dict[str, Any]:
    from importlib import resources

    return json.loads(resources.files("plangen").joinpath("data/shapes.json").read_text("utf-8"))


def _defs() -> dict[str, Any]:
    return _schemas()["$defs"]


def check(kind: str, data: Any) -> Plain | None:
    """*data* as a plain *kind* (``Block``, ``PlanTemplate``, ``PlanSpec``) when it is plainly
    valid; None when pydantic must decide (invalid, or valid only after a coercion)."""
    try:
        schema = {"$ref": f"#/$defs/{kind}"}
        defs = _defs()
        _valid(schema, data, defs)
        built = _build(schema, data, defs)
        _rules(built)
    except (Unsure, KeyError, OSError, ValueError):
        return None
    return built


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return defs[ref.rsplit("/", 1)[1]] if ref else schema


_KNOWN = {
    "$ref", "anyOf", "oneOf", "type", "properties", "required", "additionalProperties", "items",
    "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems",
    "maxProperties", "propertyNames", "patternProperties", "format", "default", "description", "title",
}  # fmt: skip


def _valid(schema: dict[str, Any], value: Any, defs: dict[str, Any]) -> None:
    """Raise :class:`Unsure` unless *value* is valid for *schema* exactly as given."""
    schema = _resolve(schema, defs)
    if not _KNOWN.issuperset(schema):
        raise Unsure(sorted(set(schema) - _KNOWN))
    for key in ("anyOf", "oneOf"):
        if key in schema:
            matches = 0
            for option in schema[key]:
                try:
                    _valid(option, value, defs)
                except Unsure:
                    continue
                matches += 1
            if matches != 1:
                raise Unsure(key)
            return
    kind = schema.get("type")
    if "enum" in schema and value not in schema["enum"]:
        raise Unsure("enum")
    if kind == "null":
        if value is not None:
            raise Unsure("null")
    elif kind == "string":
        fmt = schema.get("format")
        if fmt == "date":
            if type(value) is not dt.date:
                raise Unsure("date")
            return
        if fmt is not None or type(value) is not str:
            raise Unsure("string")
        if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)):
            raise Unsure("length")
        if "pattern" in schema and ("\n" in value or not _pattern(schema["pattern"]).search(value)):
            raise Unsure("pattern")  # a line break: Python's $ and pydantic's differ before one
    elif kind == "integer":
        if type(value) is not int:
            raise Unsure("integer")
        _range(schema, value)
    elif kind == "number":
        if type(value) not in (int, float) or value != value or value in (float("inf"), float("-inf")):
            raise Unsure("number")
        _range(schema, value)
    elif kind == "boolean":
        if type(value) is not bool:
            raise Unsure("boolean")
    elif kind == "array":
        if type(value) is not list:
            raise Unsure("array")
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            raise Unsure("items")
        for item in value:
            _valid(schema.get("items", {}), item, defs)
    elif kind == "object":
        _object(schema, value, defs)
    elif kind is not None:
        raise Unsure(kind)


def _range(schema: dict[str, Any], value: float) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        raise Unsure("minimum")
    if "maximum" in schema and value > schema["maximum"]:
        raise Unsure("maximum")


def _object(schema: dict[str, Any], value: Any, defs: dict[str, Any]) -> None:
    if type(value) is not dict or any(type(key) is not str for key in value):
        raise Unsure("object")
    if len(value) > schema.get("maxProperties", len(value)):
        raise Unsure("maxProperties")
    if any(name not in value for name in schema.get("required", [])):
        raise Unsure("required")
    names = schema.get("propertyNames")
    for name, item in value.items():
        if names is not None:
            _valid(names, name, defs)
        _valid(_member(schema, name), item, defs)


def _member(schema: dict[str, Any], name: str) -> dict[str, Any]:
    """The schema of member *name* of an object (Unsure when the object may not have it)."""
    if name in schema.get("properties", {}):
        return schema["properties"][name]
    for pattern, sub in schema.get("patternProperties", {}).items():
        if "\n" not in name and _pattern(pattern).search(name):
            return sub
    if "patternProperties" in schema:
        raise Unsure("patternProperties")
    extra = schema.get("additionalProperties", True)
    if extra is False:
        raise Unsure("additional")
    return extra if isinstance(extra, dict) else {}


@lru_cache(maxsize=64)
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _build(schema: dict[str, Any], value: Any, defs: dict[str, Any]) -> Any:
    """*value* (valid for *schema*) with objects made plain and missing fields at their defaults."""
    named = schema.get("$ref", "").rsplit("/", 1)[-1]
    schema = _resolve(schema, defs)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            for option in schema[key]:
                try:
                    _valid(option, value, defs)
                except Unsure:
                    continue
                return _build(option, value, defs)
    kind = schema.get("type")
    if kind == "number" and type(value) is int:
        return float(value)  # pydantic makes a float field's 1 into 1.0
    if kind == "array":
        return [_build(schema.get("items", {}), item, defs) for item in value]
    if kind == "object" and "properties" in schema and named:
        fields = {}
        for name, sub in schema["properties"].items():
            if name in value:
                fields[name] = _build(sub, value[name], defs)
            else:
                # no copy needed: _build makes every container anew (the shared default stays as it is)
                fields[name] = _build(sub, sub["default"], defs) if "default" in sub else None
        return CLASSES[named](fields)
    if kind == "object":
        return {name: _build(_member(schema, name), item, defs) for name, item in value.items()}
    if isinstance(value, (dict, list)):  # a container under a schema that says nothing of it (Any)
        return copy.deepcopy(value)
    return value


def _rules(value: Any) -> None:
    """The models' own checks beyond the schema (raise ValueError: pydantic then reports them)."""
    if isinstance(value, list):
        for item in value:
            _rules(item)
        return
    if isinstance(value, dict):
        for item in value.values():
            _rules(item)
        return
    if not isinstance(value, Plain):
        return
    problem = RULES.get(type(value).__name__)
    if problem is not None and problem(value):
        raise ValueError(problem(value))
    for item in value.__dict__.values():
        _rules(item)


def param_problem(param: Any) -> str | None:
    if param.type == "choice" and not param.choices:
        return "choice 类型的参数必须给出 choices"
    if param.pattern is not None:
        from .patterns import PatternError, compile_pattern

        try:
            compile_pattern(param.pattern)
        except PatternError as exc:
            return f"pattern {exc}"
    if param.default is not None:
        try:
            param.coerce(param.default)
        except ValueError as exc:
            from .errors import own_message, shorten

            return f"默认值“{shorten(param.default)}”无效：{own_message(exc, '不符合参数的要求')}"
    return None


def table_problem(table: Any) -> str | None:
    width = len(table.header)
    if any(len(row) > width for row in table.rows):
        return f"表格某行超过 {width} 列（表头的列数）"
    if table.widths is not None and len(table.widths) != width:
        return "widths 的个数应与表头列数相同"
    return None


def rule_problem(rule: Any) -> str | None:
    return "every: dates 时必须给出 dates" if rule.every == "dates" and not rule.dates else None


def block_problem(block: Any) -> str | None:
    clash = sorted(set(block.params) & RESERVED_NAMES)
    return f"参数名 {'、'.join(clash)} 与内置变量重名，请换一个名字" if clash else None


def org_problem(org: Any) -> str | None:
    if org.members is not None and org.probationary is not None and org.probationary > org.members:
        return f"预备党员人数（{org.probationary}）不能多于党员人数（{org.members}）"
    return None


def add_problem(add: Any) -> str | None:
    if sum(x is not None for x in (add.after, add.before, add.into)) > 1:
        return "after、before、into 只能写一个"
    return None


def spec_problem(spec: Any) -> str | None:
    return date_problem(spec.year, spec.date)


def date_problem(year: int, value: dt.date | None) -> str | None:
    if value is not None and not year - 1 <= value.year <= year:
        return f"成文日期 {value.isoformat()} 与计划年度 {year} 不符（应在 {year - 1} 年或 {year} 年内）"
    return None


RULES = {
    "Param": param_problem,
    "TableSpec": table_problem,
    "ScheduleRule": rule_problem,
    "Block": block_problem,
    "Org": org_problem,
    "SectionAdd": add_problem,
    "PlanSpec": spec_problem,
}
