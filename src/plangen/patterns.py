"""Param ``pattern``s, matched in time linear in the text.

A pattern comes from a content library we did not write and the text from a plan file; Python's
``re`` backtracks, so ``(a+)+$`` against a long value never returns, and ``a{99999999999}`` raises
OverflowError. RE2 (google-re2) compiles to an automaton: no backtracking, bounded memory, bounded
repetition — the limit lives in the engine, not in a timeout. Its syntax is Python's without
backreferences and look-around; ``\\d`` and ``\\w`` are ASCII, ``\\p{Han}`` is a Chinese character.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MAX_PATTERN = 200
MAX_MEMORY = 1 << 20  # bytes RE2 may use for one compiled pattern


class PatternError(ValueError):
    """A pattern RE2 cannot compile, said in Chinese."""


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Any:
    """The compiled pattern, or :class:`PatternError`."""
    import re2

    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"正则表达式过长（上限 {MAX_PATTERN} 字符）")
    options = re2.Options()
    options.log_errors = False  # RE2 would print to stderr
    options.max_mem = MAX_MEMORY
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else ""
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise PatternError(f"不是有效的正则表达式（RE2 语法，不支持反向引用和环视）：{detail}") from None


def full_match(pattern: str, text: str) -> bool:
    return compile_pattern(pattern).fullmatch(text) is not None
