"""The world's text as plangen reads it: traditional characters and half-width punctuation read as
their simplified and full-width forms.

Users bring plans from Taiwan- or Hong Kong-style pages, from PDFs and from English keyboards. The
importer and the linter look for structure and phrases in the *reading* of a text, never in what
they write back: the user's own characters stay in the output unless they ask otherwise. Every
function here maps character for character (the reading has the text's length), so a position in
the reading is the same position in the user's text — a finding's column stays true.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# half-width punctuation that Chinese text writes full-width, when it touches Chinese text
_WIDE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF = re.compile(r"[,;:?!()\"]")
_CHINESE_SIDE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]")


@functools.cache
def _converter() -> Any:
    """OpenCC's traditional → simplified converter, loaded only for a text that needs it (50 ms)."""
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=4096)
def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def has_traditional(text: str) -> bool:
    """Whether *text* has Chinese characters outside GB 2312, the simplified set every plan is
    written in: traditional characters are all outside it (a rare simplified one costs only the
    converter's check)."""
    return any("\u4e00" <= char <= "\u9fff" and not _in_gb2312(char) for char in set(text))


def simplified(text: str) -> str:
    """*text* with traditional characters read as simplified (黨支部 → 党支部), same length."""
    if not has_traditional(text):
        return text
    converter = _converter()
    out = converter.convert(text)
    if len(out) == len(text):
        return out
    # a phrase converted to one of another length: character by character keeps the columns
    return "".join(c if len(c := converter.convert(char)) == 1 else char for char in text)


def full_width(text: str) -> str:
    """Half-width punctuation touching Chinese text read as full-width: ``(一),`` → ``（一），``;
    ``"`` as “ and ” by turns. A run of such marks goes with the Chinese it touches (``),``);
    1.5、09:30 and English text are left as they are."""
    if not _HALF.search(text):
        return text
    marks = [found.start() for found in _HALF.finditer(text)]
    wide = set()

    def chinese(at: int) -> bool:
        return 0 <= at < len(text) and (at in wide or bool(_CHINESE_SIDE.match(text[at])))

    for order in (marks, reversed(marks)):  # a run takes the width of the Chinese on either side
        for at in order:
            if text[at] == ":" and text[at - 1 : at].isdigit() and text[at + 1 : at + 2].isdigit():
                continue  # a time of day
            if chinese(at - 1) or chinese(at + 1):
                wide.add(at)
    chars = list(text)
    quotes = 0
    for at in sorted(wide):
        if text[at] == '"':
            chars[at] = "“" if quotes % 2 == 0 else "”"
            quotes += 1
        else:
            chars[at] = _WIDE[text[at]]
    return "".join(chars)


def reading(text: str) -> str:
    """*text* as plangen reads it for structure and phrases: simplified, full-width; same length."""
    return full_width(simplified(text))
