"""Users' data and files into the frozen types: the fast check first, pydantic only when it must
decide; a plan spec with ``--set key=value`` and ``--year`` applied before validation.

Overrides are applied to the raw data so that pydantic validates them like file values, and the
source map remembers them: an invalid ``--set`` is reported as the option, not as a file line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, overload

from ..errors import PlanError, PlanErrors, flatten
from ..safeyaml import SourceMap, load_file, load_text
from ..textio import control_characters
from ..years import move_to_year
from .fast import check
from .types import Block, Frozen, PlanSpec, PlanTemplate

Kind = Literal["Block", "PlanTemplate", "PlanSpec"]


@overload
def validated(kind: Literal["Block"], data: object, source: SourceMap) -> Block: ...
@overload
def validated(kind: Literal["PlanTemplate"], data: object, source: SourceMap) -> PlanTemplate: ...
@overload
def validated(kind: Literal["PlanSpec"], data: object, source: SourceMap) -> PlanSpec: ...


def validated(kind: Kind, data: object, source: SourceMap) -> Frozen:
    """*data* as the type *kind* (Block, PlanTemplate, PlanSpec): by the fast check, else by pydantic,
    which accepts it (with its coercions) or raises every problem located at its ``file:line``."""
    frozen = check(kind, data) if isinstance(data, dict) else None
    if frozen is None:
        from .models import parse

        frozen = parse(kind, data, source)
    return frozen


_TOP_LEVEL = {"template", "year", "date", "title", "detail", "review"}
_NESTED = {"org", "output", "settings", "meetings"}
_LISTS = {("output", "formats")}


def parse_assignment(text: str) -> tuple[tuple[str, ...], str]:
    """``org.name=内科党支部`` → (("org", "name"), "内科党支部"); ``params.a.b.c=4`` keeps "a.b.c" whole."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise PlanError(f"--set 的参数“{text}”应写作 键=值", hint="如 --set org.name=外科党支部")
    head, _, rest = key.partition(".")
    if head in _TOP_LEVEL and not rest:
        return (head,), value
    if head in _NESTED and rest and rest.count(".") <= 1:
        return (head, *rest.split(".")), value
    if head == "params" and rest:
        return (head, rest), value
    raise PlanError(
        f"--set 不能设置“{key}”",
        hint="可设置：template、year、date、title、detail、review、org.<字段>、output.<字段>、output.docx.<字段>、settings.<字段>、meetings.<字段>、params.<块id>.<参数>",
    )


def apply_overrides(data: dict[str, object], source: SourceMap, assignments: Sequence[str]) -> None:
    for text in assignments:
        path, value = parse_assignment(text)
        if control_characters(value):
            raise PlanError(f"--set {path[-1]}：值中含有控制字符", hint="删除不可见字符后重试。")
        target = data
        for part in path[:-1]:
            child = target.get(part)
            if child is None:
                child = target[part] = {}
            if not isinstance(child, dict):
                raise PlanError(f"--set {text}：计划文件中的“{part}”不是映射，无法设置其下的字段")
            target = child
        final: str | list[str] = value
        if path in _LISTS:
            final = [part.strip() for part in value.split(",") if part.strip()]
        target[path[-1]] = final
        source.overrides[path] = f"--set {text}"


def load_spec(
    path: Path,
    assignments: Sequence[str] = (),
    year: int | None = None,
    text: str | dict[str, object] | PlanSpec | None = None,
    template: Callable[[str], object] | None = None,
) -> tuple[PlanSpec, SourceMap]:
    """Load *path* as a PlanSpec. ``--year`` moves an explicit date by the same number of years.
    With *text*, that is the file's content (a batch builds before it writes the file), as text or
    as the data already checked (then problems name the file but no line). *template* looks a
    template up in the library: when the file has other problems, the template it names is
    checked all the same, so every problem is said in one run, by line."""
    if isinstance(text, PlanSpec) and not assignments and (year is None or year == text.year):
        return text, SourceMap(path)  # checked already (a batch's row)
    if isinstance(text, dict):
        data, source = dict(text), SourceMap(path)
    else:
        data, source = load_file(path) if text is None else load_text(text, path)
    if not isinstance(data, dict):
        raise source.error(
            (), "计划文件内容应为“键: 值”形式的映射", hint="参照 examples/hospital-branch.yaml。"
        )
    apply_overrides(data, source, list(assignments))
    if year is not None:
        move_to_year(data, year)
        source.overrides[("year",)] = f"--year {year}"
    try:
        spec = validated("PlanSpec", data, source)
    except PlanError as exc:
        named = data.get("template")
        if template is None or not isinstance(named, str) or not named:
            raise
        problems = flatten(exc)
        try:
            template(named)
        except PlanError as missing:
            problems += [error.located(path, source.line(("template",))) for error in flatten(missing)]
        raise PlanErrors(sorted(problems, key=lambda problem: problem.line or 0)) from None
    return spec, source
