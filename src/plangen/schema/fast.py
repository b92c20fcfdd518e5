"""A fast check of well-formed files that builds the frozen types (:mod:`.types`) without
importing pydantic.

pydantic (:mod:`.models`) stays the single source of the rules and of ``plangen schema``; it costs
~190 ms to import and build, more than a whole pandoc run, so a plan build must not need it when
its files are well formed. ``data/shapes.json`` holds the models' JSON Schemas, generated from
:mod:`.models` (a test keeps it current), with the defaults pydantic fills from factories. Data
that passes :func:`check` here — a strict subset of what pydantic accepts: no coercion, no
guessing — becomes the frozen types at once; anything else goes to pydantic, which either accepts
it (with its coercions) or reports every problem at its line. Either way the rest of plangen gets
the same types.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .rules import (
    add_problem,
    block_problem,
    org_problem,
    param_problem,
    rule_problem,
    spec_problem,
    table_problem,
)
from .types import TYPES, Block, Frozen, Org, Param, PlanSpec, ScheduleRule, SectionAdd, TableSpec

Schema = dict[str, Any]  # a JSON Schema, as json.loads gives it

# --- the fast check ------------------------------------------------------------------------------


class Unsure(Exception):
    """The fast check cannot vouch for the data: pydantic decides."""


@lru_cache(maxsize=1)
def _schemas() -> Schema:
    from importlib import resources

    return json.loads(resources.files("plangen").joinpath("data/shapes.json").read_text("utf-8"))


def _defs() -> Schema:
    return _schemas()["$defs"]


def check(kind: str, data: object) -> Frozen | None:
    """*data* as the type named *kind* (``Block``, ``PlanTemplate``, ``PlanSpec``) when it is plainly
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


def _resolve(schema: Schema, defs: Schema) -> Schema:
    ref = schema.get("$ref")
    return defs[ref.rsplit("/", 1)[1]] if ref else schema


_KNOWN = {
    "$ref", "anyOf", "oneOf", "type", "properties", "required", "additionalProperties", "items",
    "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems",
    "maxProperties", "propertyNames", "patternProperties", "format", "default", "description", "title",
}  # fmt: skip


def _valid(schema: Schema, value: object, defs: Schema) -> None:
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


def _range(schema: Schema, value: float) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        raise Unsure("minimum")
    if "maximum" in schema and value > schema["maximum"]:
        raise Unsure("maximum")


def _object(schema: Schema, value: object, defs: Schema) -> None:
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


def _member(schema: Schema, name: str) -> Schema:
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


def _build(schema: Schema, value: object, defs: Schema) -> object:
    """*value* (valid for *schema*) as the frozen types, lists as tuples, missing fields at their
    defaults; values the schema says nothing of (a param's, as the user wrote it) copied as they are."""
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
        return tuple(_build(schema.get("items", {}), item, defs) for item in value)
    if kind == "object" and "properties" in schema and named:
        fields = {}
        for name, sub in schema["properties"].items():
            if name in value:
                fields[name] = _build(sub, value[name], defs)
            else:
                # no copy needed: _build makes every container anew (the shared default stays as it is)
                fields[name] = _build(sub, sub["default"], defs) if "default" in sub else None
        return TYPES[named](**fields)
    if kind == "object":
        return {name: _build(_member(schema, name), item, defs) for name, item in value.items()}
    if isinstance(value, (dict, list)):  # a container under a schema that says nothing of it (Any)
        return copy.deepcopy(value)
    return value


def _rules(value: object) -> None:
    """The models' own checks beyond the schema (raise ValueError: pydantic then reports them)."""
    if isinstance(value, (list, tuple)):
        for item in value:
            _rules(item)
        return
    if isinstance(value, dict):
        for item in value.values():
            _rules(item)
        return
    if not hasattr(value, "__dataclass_fields__"):
        return
    problem = RULES.get(type(value))
    message = problem(value) if problem is not None else None
    if message:
        raise ValueError(message)
    for name in value.__dataclass_fields__:
        _rules(getattr(value, name))


RULES: dict[type, Callable[[Any], str | None]] = {
    Param: param_problem,
    TableSpec: table_problem,
    ScheduleRule: rule_problem,
    Block: block_problem,
    Org: org_problem,
    SectionAdd: add_problem,
    PlanSpec: spec_problem,
}


def description(kind: str, name: str) -> str:
    """The description of field *name* of *kind* (its ``Field(description=…)``), for questions
    that ask for it — without importing pydantic."""
    return str(_defs()[kind]["properties"][name].get("description") or name)
