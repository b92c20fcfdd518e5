"""The files' own rules beyond their JSON Schema, one definition each: pydantic's validators
(:mod:`.models`) and the fast check (:mod:`.fast`) both ask them, so the two agree. Each takes an
object with the fields of its type (a pydantic model or a frozen type) and returns the problem in
Chinese, or None."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .types import RESERVED_NAMES
from .values import param_value

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .types import Block, Org, Param, PlanSpec, ScheduleRule, SectionAdd, TableSpec


def param_problem(param: Param) -> str | None:
    if param.type == "choice" and not param.choices:
        return "choice 类型的参数必须给出 choices"
    if param.pattern is not None:
        from ..patterns import PatternError, compile_pattern

        try:
            compile_pattern(param.pattern)
        except PatternError as exc:
            return f"pattern {exc}"
    if param.default is not None:
        try:
            param_value(param, param.default)
        except ValueError as exc:
            from ..errors import own_message, shorten

            return f"默认值“{shorten(param.default)}”无效：{own_message(exc, '不符合参数的要求')}"
    return None


def table_problem(table: TableSpec) -> str | None:
    width = len(table.header)
    if any(len(row) > width for row in table.rows):
        return f"表格某行超过 {width} 列（表头的列数）"
    if table.widths is not None and len(table.widths) != width:
        return "widths 的个数应与表头列数相同"
    return None


def rule_problem(rule: ScheduleRule) -> str | None:
    return "every: dates 时必须给出 dates" if rule.every == "dates" and not rule.dates else None


def block_problem(block: Block) -> str | None:
    return reserved_problem(block.params)


def reserved_problem(params: Iterable[str]) -> str | None:
    """A param named as a built-in variable (year, org …) would hide it in the block's text."""
    clash = sorted(set(params) & RESERVED_NAMES)
    return f"参数名 {'、'.join(clash)} 与内置变量重名，请换一个名字" if clash else None


def org_problem(org: Org) -> str | None:
    if org.members is not None and org.probationary is not None and org.probationary > org.members:
        return f"预备党员人数（{org.probationary}）不能多于党员人数（{org.members}）"
    return None


def add_problem(add: SectionAdd) -> str | None:
    if sum(x is not None for x in (add.after, add.before, add.into)) > 1:
        return "after、before、into 只能写一个"
    return None


def spec_problem(spec: PlanSpec) -> str | None:
    return date_problem(spec.year, spec.date)


def date_problem(year: int, value: dt.date | None) -> str | None:
    if value is not None and not year - 1 <= value.year <= year:
        return f"成文日期 {value.isoformat()} 与计划年度 {year} 不符（应在 {year - 1} 年或 {year} 年内）"
    return None
