"""Text a user gives (a wizard answer, a roster cell, ``--set``, a YAML string) as a param's value:
the one definition of how plangen reads an integer, a yes/no, a date or a list, with the reason in
Chinese when it cannot."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .types import Param, ParamValue, RawValue

MAX_PARAM_TEXT = 2000  # characters of one text value (a param, or an item of a list param)
MAX_LIST_ITEMS = 100
MAX_DIGITS = 18
TRUE_WORDS = frozenset({"true", "yes", "1", "是", "y"})
FALSE_WORDS = frozenset({"false", "no", "0", "否", "n"})
_LIST_SEPARATORS = re.compile(r"[，,、;；\n]")


def parse_int(text: str, *, signed: bool = True) -> int:
    """*text* as an integer: an optional sign and decimal digits, full-width ones too (“２３”, typed
    by a Chinese input method or Excel), or written in Chinese numerals (“二十三”, “一百零六”); not
    “²”, “1_000” or “1e3”. A sign is read (“-3” is an integer, refused by the field's range with its
    own message), unless *signed* is false."""
    stripped = text.strip()
    digits = stripped[1:] if signed and stripped[:1] in ("+", "-") else stripped
    if _CHINESE_NUMBER.fullmatch(stripped):  # as written out: 二十三, 一百零六 (not 三五, 十十, 百)
        from ..numbering import cn_number, parse_written_number

        number = parse_written_number(stripped)
        if number is not None and cn_number(number) in (stripped, stripped.replace("一十", "十", 1)):
            return number
    if not digits.isdecimal() or len(digits) > MAX_DIGITS:
        raise ValueError(f"“{stripped}”不是整数")
    return int(stripped)


_CHINESE_NUMBER = re.compile("[〇零一二三四五六七八九十百千]{1,12}")


def parse_bool(text: str) -> bool:
    """*text* as yes or no: 是/否, y/n, yes/no, true/false, 1/0."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("应为“是”或“否”（true/false）")


def parse_date(text: str) -> dt.date:
    """*text* as an ISO date (2027-01-05)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"“{text}”不是日期（格式 2027-01-05）") from None


def parse_list(text: str) -> list[str]:
    """*text* as a list: items separated by commas (either width), 、, semicolons or lines."""
    return [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]


def param_value(param: Param, value: RawValue) -> ParamValue:
    """*value* checked against *param* and in its proper type (raises ValueError in Chinese): what a
    block's params accept, wherever the value comes from."""
    kind = param.type
    if kind == "int":
        if isinstance(value, str):
            value = parse_int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("应为整数")
        if param.min is not None and value < param.min:
            raise ValueError(f"不能小于 {param.min}")
        if param.max is not None and value > param.max:
            raise ValueError(f"不能大于 {param.max}")
        return value
    if kind == "bool":
        return value if isinstance(value, bool) else parse_bool(str(value))
    if kind == "date":
        return value if isinstance(value, dt.date) else parse_date(str(value))
    if kind == "list":
        if isinstance(value, str):
            value = parse_list(value)
        if not isinstance(value, list) or not all(
            isinstance(v, (str, int)) and not isinstance(v, bool) for v in value
        ):
            raise ValueError("应为文本列表")
        items = [str(v) for v in value]
        if len(items) > MAX_LIST_ITEMS or any(len(v) > MAX_PARAM_TEXT for v in items):
            raise ValueError(f"列表最多 {MAX_LIST_ITEMS} 项，每项不超过 {MAX_PARAM_TEXT} 字")
        _check_length(param, len(items), "项")
        return items
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("应为文本")
    text = str(value)
    if kind == "choice":
        if text not in (param.choices or ()):
            raise ValueError(f"应为以下之一：{'、'.join(param.choices or ())}")
        return text
    if kind == "str" and "\n" in text.strip():
        raise ValueError("应为单行文本")
    if len(text) > MAX_PARAM_TEXT:
        raise ValueError(f"文本过长（上限 {MAX_PARAM_TEXT} 字）")
    _check_length(param, len(text), "字")
    if param.pattern is not None:
        from ..patterns import full_match

        if not full_match(param.pattern, text):
            raise ValueError(f"“{text[:60]}”格式不符合要求")
    return text


def _check_length(param: Param, length: int, unit: str) -> None:
    if param.min is not None and length < param.min:
        raise ValueError(f"至少 {param.min} {unit}")
    if param.max is not None and length > param.max:
        raise ValueError(f"最多 {param.max} {unit}")
