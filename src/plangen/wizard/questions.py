"""Questions as data: what the wizard asks, generated from what the files already describe.

A block's params (type, label, default, help, choices, min/max, pattern, `when`) and the plan
spec's fields (their descriptions in :mod:`plangen.schema.models`) become :class:`Question` objects; no
question is written by hand that a param or a field already describes. An :class:`Asker` puts
them to a person (questionary), to a script (tests) or answers from defaults (``--defaults``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..schema.types import Block, Param
from ..schema.values import parse_bool, parse_int

BACK = object()  # an answer meaning “take me to the previous question”


@dataclass(frozen=True)
class Choice:
    value: Any
    title: str


@dataclass
class Question:
    key: str  # where the answer goes: "sector", "org.name", "params.<block>.<param>", "sections" …
    kind: str  # text | int | bool | select | checkbox
    label: str
    default: Any = None
    help: str = ""
    choices: list[Choice] = field(default_factory=list)
    check: Callable[[Any], Any] | None = None  # value → the value to keep; raises ValueError(中文)
    optional: bool = False  # an empty answer is allowed: it becomes *empty*
    empty: Any = None  # what an empty optional answer means (None: not given; "" for a text param)
    decides: bool = False  # its default is only a suggestion: ``--defaults`` does not take it unsaid
    back: bool = True  # “← 上一题” among a choice's options (not once the plan is written: no way back)

    def accept(self, value: Any) -> Any:
        """The answer as the spec stores it, or ValueError with the reason in Chinese."""
        if self.kind == "select":
            if value in [choice.value for choice in self.choices]:
                return value
            found = {choice.value for choice in self.choices if str(value).strip() in _names(choice)}
            if len(found) == 1:  # sector=医院 as well as sector=hospital
                return found.pop()
            listed = "、".join(
                str(c.value) if _names(c) == {str(c.value)} else f"{c.value}（{_label(c)}）"
                for c in self.choices
            )
            raise ValueError(f"应为以下之一：{listed}")
        if self.kind == "checkbox":
            if isinstance(value, str):
                value = [part.strip() for part in value.replace("，", ",").split(",") if part.strip()]
            if not isinstance(value, list):  # a number or a mapping in an answers file
                raise ValueError("应为选项的列表，或用逗号分隔的选项")
            values = [choice.value for choice in self.choices]
            unknown = [v for v in value if v not in values]
            if unknown:
                raise ValueError(f"没有这些选项：{'、'.join(map(str, unknown))}")
            return [v for v in values if v in value]  # in the offered order
        if (value is None or (isinstance(value, str) and not value.strip())) and self.optional:
            return self.empty
        if self.kind == "int":
            value = parse_int(str(value))
        if self.kind == "bool" and isinstance(value, str):
            value = parse_bool(value)
        if self.check is not None:
            return self.check(value)
        return value


def _label(choice: Choice) -> str:
    """A choice's name as a person says it: its title up to any explanation in brackets."""
    return choice.title.split("（")[0].split("：")[0].strip() or str(choice.value)


def _names(choice: Choice) -> set[str]:
    """What a typed answer may say for *choice*: its code, its title, its short name."""
    return {str(choice.value), choice.title, _label(choice)}


class Asker(Protocol):
    """Puts one question to someone and returns the answer (or BACK)."""

    def ask(self, question: Question, step: int, total: int) -> Any: ...

    def show(self, text: str) -> None: ...


def param_question(block: Block, name: str, param: Param, default: object = None) -> Question:
    """A block param as a question: its label, help, default and its own validation (the check
    every other way in uses too)."""
    from ..schedule.rules import param_check

    key = f"params.{block.id}.{name}"
    check = param_check(block, name)
    value = param.default if default is None else default
    help_text = param.help or ""
    if param.type == "int" and param.min is not None and param.max is not None:
        help_text = f"{help_text}（{param.min}—{param.max}）" if help_text else f"{param.min}—{param.max}"
    kinds = {"int": "int", "bool": "bool", "choice": "select"}
    question = Question(key, kinds.get(param.type, "text"), param.label, value, help_text, check=check)
    if param.default == "" and param.type in ("str", "text"):  # “可留空”: an empty answer is the default
        question.optional, question.empty = True, ""
    if param.type == "choice":
        question.choices = [Choice(c, c) for c in param.choices or []]
    if param.type == "list" and isinstance(value, list):
        question.default = "、".join(value)
    return question
