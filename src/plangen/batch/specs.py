"""Roster rows into plan specs: the committee's base spec with each branch's own values, every bad
cell reported by row and column (and the good rows kept), before anything is built.

Values are checked by the same rules as everywhere else: the spec model for organisation fields,
and each param's own question (its type, range, pattern, and the calendar grammar for rule params
such as 主题党日) — :func:`plangen.schedule.rules.param_check`, which the wizard asks too.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import PlanError, own_message
from ..schema.types import PlanSpec
from ..schema.values import parse_int
from .roster import Roster, Row

if TYPE_CHECKING:
    from ..library import Library
    from ..safeyaml import SourceMap

INTEGER_FIELDS = {"org.members", "org.probationary", "org.activists", "org.groups", "year"}
SECTIONS = ("org", "params", "sections", "output", "settings")  # the base spec's parts that are mappings


def check_base(base: dict[str, object], source: SourceMap) -> None:
    """Refuse a base spec whose sections are not mappings (``params:`` left empty is None) with the
    line and the words ``plangen build`` uses: every row is put on top of them."""
    from ..errors import PlanErrors

    wrong = [key for key in SECTIONS if key in base and not isinstance(base[key], dict)]
    if not wrong:
        return  # the usual case: pydantic (its words) is not imported, 0.14 s of every batch
    from ..schema.models import explain

    errors = [
        source.error((key,), *explain({"type": "dict_type", "loc": (key,), "input": base[key]}))
        for key in wrong
    ]
    PlanErrors.raise_if_any(sorted(errors, key=lambda error: error.line or 0))


@dataclass
class RowPlan:
    row: Row
    spec: dict[str, Any] | None  # None when the row has problems
    checked: PlanSpec | None = None  # the spec as its type when the fast check vouched for it
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)

    @property
    def name(self) -> str:
        return self.row.values.get("org.name", "")


def plan_rows(roster: Roster, base: dict[str, Any], library: Library) -> list[RowPlan]:
    """Every row of *roster* as a RowPlan."""
    return list(iter_rows(roster, base, library))


def iter_rows(roster: Roster, base: dict[str, Any], library: Library) -> Iterator[RowPlan]:
    """One RowPlan per row of *roster*, on top of *base* (the base spec's data), one at a time (a
    batch gives the first rows to its workers while it checks the rest)."""
    from ..schema.fast import check

    header_of = {target: header for header, target in roster.columns.items()}
    seen: dict[str, int] = {}
    for row in roster.rows:
        plan = RowPlan(row, None)
        spec = copy.deepcopy(base)
        # the base spec's organisation is one branch's own (name, 科室, 书记, counts): only the
        # parent is shared by every row
        parent = (base.get("org") or {}).get("parent") if isinstance(base.get("org"), dict) else None
        spec["org"] = {"parent": parent} if parent else {}
        for target, text in row.values.items():
            try:
                _apply(spec, target, text, library)
            except ValueError as exc:
                plan.problems.append((header_of.get(target, target), own_message(exc, "值无效")))
        name = row.values.get("org.name", "")
        if not name:
            plan.problems.append((header_of.get("org.name", "支部名称"), "支部名称为空"))
        elif name in seen:
            plan.problems.append((header_of["org.name"], f"与第 {seen[name]} 行的支部同名"))
        else:
            seen[name] = row.number
        checked = check("PlanSpec", spec) if not plan.problems else None
        plan.checked = checked if isinstance(checked, PlanSpec) else None
        if not plan.problems and plan.checked is None:  # pydantic decides, and says why
            from ..schema.models import errors, explain

            for error in errors("PlanSpec", spec):
                loc = ".".join(str(part) for part in error["loc"])
                column = header_of.get(loc)  # the row's own cell, else the base spec's field
                plan.problems.append((column or loc, explain(error, column)[0]))
        if not plan.problems:
            plan.spec = spec
        yield plan


def _apply(spec: dict[str, Any], target: str, text: str, library: Library) -> None:
    """Put one cell into *spec* (raises ValueError with the reason in Chinese)."""
    value: str | int = (
        parse_int(text) if target in INTEGER_FIELDS else text
    )  # “-3”: out of range, said by the model
    if target == "sector":
        template = f"{text}-branch" if "-" not in text else text
        try:
            library.template(template)
        except PlanError:
            raise ValueError(f"没有领域“{text}”的党支部模板") from None
        spec.setdefault("template", template)
        return
    if target.startswith("params."):
        from ..schedule.rules import param_check

        block_id, _, name = target[len("params.") :].rpartition(".")
        try:
            check = param_check(library.block(block_id), name)
        except (PlanError, KeyError):
            raise ValueError(f"没有参数 {block_id}.{name}") from None
        spec.setdefault("params", {})[f"{block_id}.{name}"] = check(text)
        return
    parts = target.split(".")
    node = spec
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
