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

# RE2 raises one class for every syntax error and says which in English (“missing ): (abc”): its
# error codes' texts, by prefix, for a more precise Chinese reason; any other wording gets the
# general one (RE2 may reword them)
_RE2_MESSAGES = {
    "missing )": "缺少右括号“)”",
    "unexpected )": "多了一个右括号“)”",
    "missing ]": "缺少右方括号“]”",
    "trailing \\": "末尾多了一个反斜杠“\\”",
    "invalid escape sequence": "无效的转义（RE2 不支持反向引用 \\1 等写法）",
    "invalid character class range": "无效的字符范围或字符类",
    "invalid character class": "无效的字符类",
    "no argument for repetition operator": "重复符号（* + ? {n}）前面缺少内容",
    "bad repetition operator": "重复符号用法不对（如 ** 或 +*）",
    "invalid repetition size": "重复次数无效（上限 1000）",
    "invalid perl operator": "不支持的“(?”写法（RE2 不支持环视和反向引用）",
    "invalid named capture group": "命名分组的写法不对",
    "invalid UTF-8": "含有无效的字符",
    "pattern too large": "正则表达式过于复杂",
}
_RE2_GENERAL = "语法不正确"


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
        reason = _reason(exc)
        raise PatternError(f"不是有效的正则表达式（RE2 语法，不支持反向引用和环视）：{reason}") from None


def _reason(exc: Exception) -> str:
    """Why RE2 refused a pattern, in Chinese, with the part of the pattern it names (“(abc”)."""
    from .errors import shorten, translate

    detail = exc.args[0] if exc.args else ""
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    detail = str(detail)
    reason = translate(detail, _RE2_MESSAGES, _RE2_GENERAL)
    code, _, fragment = detail.partition(": ")  # RE2 writes “<what>: <the pattern's part>”
    return f"{reason}（“{shorten(fragment, 30)}”处）" if code in _RE2_MESSAGES and fragment else reason


def full_match(pattern: str, text: str) -> bool:
    return compile_pattern(pattern).fullmatch(text) is not None
