"""Answers given before the wizard asks: ``--data 键=值`` and ``--data-file answers.yaml``.

Every answer remembers where it was given, so a refusal names the option or the file and line; a
key the wizard would never ask is refused with the nearest valid one (a typo must not vanish).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PlanError

if TYPE_CHECKING:
    from ..library import Library
    from ..safeyaml import SourceMap

NESTED = ("org", "org.committee", "params")  # written nested in an answers file: org: {name: …}


@dataclass
class Answers:
    """Given answers (flat keys) and where each came from: ``None`` for --data, else (source, path)."""

    values: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, tuple[SourceMap, tuple] | None] = field(default_factory=dict)

    def error(self, key: str, message: str, hint: str | None = None) -> PlanError:
        """A refusal of the answer to *key*, located at the --data option or the file's line."""
        origin = self.origins.get(key)
        if origin is None:
            return PlanError(f"--data {key}：{message}", hint=hint)
        source, path = origin
        return source.error(path, f"{key}：{message}", hint=hint)


def parse_data(pairs: list[str], answers: Answers | None = None) -> Answers:
    """``--data org.name=内科党支部`` → {"org.name": "内科党支部"}; later options win."""
    answers = answers or Answers()
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise PlanError(f"--data 的参数“{pair}”应写作 键=值", hint="如 --data org.name=内科第一党支部")
        answers.values[key.strip()] = value
        answers.origins[key.strip()] = None
    return answers


def load_data_file(path: Path) -> Answers:
    """An answers file: the same keys as --data, flat (``org.name: …``) or nested (``org: {name: …}``)."""
    from ..safeyaml import load_file

    data, source = load_file(path)
    if not isinstance(data, dict):
        raise source.error((), "答案文件应为“键: 值”的映射", hint="如 org.name: 内科第一党支部")
    answers = Answers()
    _flatten(data, "", (), source, answers)
    return answers


def _flatten(
    data: dict[object, object], prefix: str, where: tuple, source: SourceMap, answers: Answers
) -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and name in NESTED:
            _flatten(value, name + ".", (*where, key), source, answers)
        else:
            answers.values[name] = value
            answers.origins[name] = (source, (*where, key))


def given_answers(data_file: Path | None, pairs: list[str]) -> Answers:
    """The answers file, then --data (which wins)."""
    return parse_data(pairs, load_data_file(data_file) if data_file is not None else None)


def check_keys(answers: Answers, valid: list[str], library: Library) -> None:
    """Refuse a key the wizard never asks (``org.nmae``), suggesting the nearest valid key; *valid*:
    every key but the params, which the library's blocks name."""
    from ..errors import PlanErrors

    params: list[str] | None = None  # listed only when a params key is given
    problems = []
    for key in answers.values:
        if key in valid:
            continue
        if key.startswith("params."):
            if params is None:
                params = [f"params.{b.id}.{name}" for _, b in library.all("block") for name in b.params]
            if key in params:
                continue
        close = difflib.get_close_matches(key, [*valid, *(params or [])], n=1, cutoff=0.6)
        hint = (
            f"您是不是要输入 {close[0]}？"
            if close
            else f"可用的键：{'、'.join(valid)}；内容块的参数写作 params.<内容块>.<参数>（用 plangen blocks show 查看）"
        )
        problems.append(answers.error(key, "向导没有这一项（未知的键）", hint=hint))
    PlanErrors.raise_if_any(problems)  # every unknown key at once
