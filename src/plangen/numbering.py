"""Chinese numerals and the four ordinal levels of GB/T 9704-2012 (一、 （一） 1. （1）)."""

from __future__ import annotations

import functools
import re

_DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]
MAX_LEVEL = 4


def cn_number(n: int) -> str:
    """0–99,999,999 in Chinese numerals as used in official text: 11 → 十一, 106 → 一百零六."""
    if n < 0:
        return "负" + cn_number(-n)
    if n >= 100_000_000:
        raise ValueError(f"number too large for cn_number: {n}")
    if n < 10_000:
        return _under_10k(n, leading=True)
    high, low = divmod(n, 10_000)
    text = _under_10k(high, leading=True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _under_10k(low, leading=False)
    return text


def _under_10k(n: int, leading: bool) -> str:
    if n == 0:
        return "零"
    if leading and 10 <= n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    parts: list[str] = []
    zero = False
    for power in (3, 2, 1, 0):
        digit = (n // 10**power) % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(_DIGITS[digit] + _UNITS[power])
    return "".join(parts)


def cn_digits(n: int) -> str:
    """Digit by digit, as in a year read aloud: 2027 → 二〇二七."""
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(n))


def ordinal(level: int, n: int) -> str:
    """The ordinal prefix of the *n*-th heading (1-based) at *level* (1–4)."""
    if n < 1:
        raise ValueError("ordinals start at 1")
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"GB/T 9704 defines four heading levels, not {level}")


_CN_VALUES = {c: i for i, c in enumerate(_DIGITS)} | {"〇": 0, "两": 2}
_CN = "零一二三四五六七八九十百〇两"


# 1. 1、 1．: not “1、2月份” or “1.5倍”, but “1.2026年度集中学习安排” is item 1 about a year
_ARABIC = r"(\d{1,3})\s*(?:[、．]|\.(?!\d)|\.(?=(?:19|20)\d\d年))(?!\s*\d{1,2}(?:月|季度|日|号))"


# the ordinal forms of recycled plans, by level: 一、 （一） 1. （1） ① — GB/T 9704's four and the circled
# numbers below them; the loose forms too (1、 1． (一) 1) 一.), which the importer and linter need.
# Without "^": matched at a position (``pattern.match(text, pos)``), as a page pasted as one line needs.
@functools.cache
def ordinal_forms() -> list[tuple[int, re.Pattern[str]]]:
    """Compiled on first use: building a plan never reads ordinals, only writes them."""
    return [
        (1, re.compile(rf"([{_CN}]{{1,4}})\s*[、，,．.](?![一二三四]季度)")),  # not “一、二季度”
        (2, re.compile(rf"[（(]\s*([{_CN}]{{1,4}})\s*[）)]、?")),  # “(一)、” too: the 、 is the ordinal's
        (3, re.compile(_ARABIC)),
        (4, re.compile(r"(?:[（(]\s*(\d{1,3})\s*[）)]|(\d{1,3})[）)])、?")),
        (5, re.compile(r"([\u2460-\u2473])")),  # ①–⑳
    ]


@functools.cache
def _forms_by_start() -> dict[str, list[tuple[int, re.Pattern[str]]]]:
    """The forms an ordinal starting with a given character may take: each line is tried against
    one or two patterns, not five (every line of a document is asked, several times)."""
    forms = dict(ordinal_forms())
    return {
        **{char: [(1, forms[1])] for char in _CN},
        **{char: [(2, forms[2]), (4, forms[4])] for char in "（("},
        "digit": [(3, forms[3]), (4, forms[4])],
        **{chr(code): [(5, forms[5])] for code in range(0x2460, 0x2474)},
    }


def match_ordinal(text: str, position: int = 0) -> tuple[int, int, int] | None:
    """(level, number, end) of the ordinal at *position* of *text*, or None."""
    first = text[position : position + 1]
    forms = _forms_by_start().get("digit" if first.isdecimal() else first)  # ``\d`` is isdecimal()
    if forms is None:
        return None
    for level, pattern in forms:
        match = pattern.match(text, position)
        if match is None:
            continue
        raw = match.group(match.lastindex)  # the one group that matched (level 4 has two)
        if level == 5:
            number = ord(raw) - 0x2460 + 1
        elif raw.isdigit():
            number = int(raw)
        else:
            try:
                number = parse_cn_number(raw)
            except ValueError:
                continue
        if number >= 1:
            return level, number, match.end()
    return None


@functools.lru_cache(maxsize=4096)  # ordinals repeat: every line of a document may start with one
def parse_cn_number(text: str) -> int:
    """Inverse of :func:`cn_number` for 0–9999 (also accepts 〇 and 两)."""
    if not text:
        raise ValueError("empty numeral")
    total, current = 0, 0
    for char in text:
        if char in _CN_VALUES:
            current = _CN_VALUES[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += current * 100
            current = 0
        elif char == "千":
            total += current * 1000
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def parse_ordinal(text: str) -> tuple[int, int, str] | None:
    """Recognise a leading ordinal of GB/T 9704's four levels: (level, number, rest of the text), or None."""
    found = match_ordinal(text)
    if found is None or found[0] > MAX_LEVEL:
        return None
    level, number, end = found
    return level, number, text[end:]


def parse_written_number(text: str) -> int | None:
    """A number as plans write it, or None: 106, １０６, 一百零六, 一〇六 (digit by digit, as years are:
    二〇二七), 十二."""
    if not text:
        return None
    if text.isdigit():
        return int(text)  # full-width digits too
    digits = "〇一二三四五六七八九"
    if not any(unit in text for unit in "十百千"):
        if all(c in digits or c == "零" for c in text):
            return int("".join(str(digits.index("〇" if c == "零" else c)) for c in text))
        return None
    try:
        return parse_cn_number(text.replace("〇", "零"))
    except ValueError:
        return None
