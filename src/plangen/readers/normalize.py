"""The world's text as plangen reads it: traditional characters and half-width punctuation read as
their simplified and full-width forms.

Users bring plans from Taiwan- or Hong Kong-style pages, from PDFs and from English keyboards. The
importer and the linter look for structure and phrases in the *reading* of a text, never in what
they write back: the user's own characters stay in the output unless they ask otherwise. Every
function here maps character for character (the reading has the text's length), so a position in
the reading is the same position in the user's text — a finding's column stays true.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import Any

_CJK = re.compile(r"[\u4e00-\u9fff]")
# half-width punctuation that Chinese text writes full-width, when it touches Chinese text
_WIDE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF = re.compile(r"[,;:?!()\"]")
# a run of half-width marks (a full stop among them): it takes the width of the Chinese it touches
_RUN = re.compile(r"[,;:?!()\".]+")
_NUMERAL_ORDINAL = re.compile(r"\s*[一二三四五六七八九十百]{1,4}")
_CHINESE_SIDE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]")


@functools.cache
def _converter() -> Any:
    """OpenCC's traditional → simplified converter, loaded only for a text that needs it (50 ms)."""
    import opencc

    return opencc.OpenCC("t2s")


class _Outside(Exception):
    """A Chinese character GB 2312 does not have: the text is traditional."""


def _outside_gb2312(error: UnicodeError) -> tuple[str, int]:
    """GB 2312's encoder meets a run of characters it has not: Chinese ends the search, anything
    else (a bullet, an emoji) is passed over."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    if _CJK.search(error.object, error.start, error.end):
        raise _Outside
    return "", error.end


codecs.register_error("plangen.outside-gb2312", _outside_gb2312)


def has_traditional(text: str) -> bool:
    """Whether *text* has Chinese characters outside GB 2312, the simplified set every plan is
    written in: traditional characters are all outside it (a rare simplified one costs only the
    converter's check). Asked by GB 2312's own encoder: a whole document in milliseconds."""
    try:
        text.encode("gb2312", "plangen.outside-gb2312")
    except _Outside:
        return True
    return False


def simplified(text: str) -> str:
    """*text* with traditional characters read as simplified (黨支部 → 党支部), same length."""
    if not has_traditional(text):
        return text
    return _simplify(text, _converter())


def _simplify(text: str, converter: Any) -> str:
    out = converter.convert(text)
    if len(out) == len(text):
        return out
    # a phrase converted to one of another length: character by character keeps the columns
    return "".join(c if len(c := converter.convert(char)) == 1 else char for char in text)


def full_width(text: str) -> str:
    """Half-width punctuation touching Chinese text read as full-width: ``(一),`` → ``（一），``;
    ``"`` as “ and ” by turns; a full stop after Chinese as 。. A run of such marks goes with the
    Chinese it touches (``),``), and a bracket with its partner (``(1)加强`` → ``（1）加强``);
    1.5、09:30, 计划.docx and English text are left as they are. Reading the reading changes
    nothing more."""
    if not _HALF.search(text) and "." not in text:
        return text
    runs = [run.span() for run in _RUN.finditer(text)]
    touches = [
        bool(
            _CHINESE_SIDE.match(text[start - 1 : start] or " ")
            or _CHINESE_SIDE.match(text[end : end + 1] or " ")
        )
        for start, end in runs
    ]
    _pair_brackets(text, runs, touches)
    chars = list(text)
    quotes = 0
    for (start, end), touching in zip(runs, touches, strict=True):
        if not touching:
            continue  # 09:30, (a), English text
        for at in range(start, end):
            char = text[at]
            if char == ".":
                after = text[at + 1 : at + 2]
                if (
                    _CHINESE_SIDE.match(chars[at - 1] if at else " ")  # after Chinese (as read)
                    and not (after.isascii() and after.isalnum())  # not 计划.docx, 3.5
                    and not _NUMERAL_ORDINAL.fullmatch(text, 0, at)  # not the ordinal of “一.指导思想”
                ):
                    chars[at] = "。"
            elif char == '"':
                chars[at] = "“" if quotes % 2 == 0 else "”"
                quotes += 1
            else:
                chars[at] = _WIDE[char]
    return "".join(chars)


def _pair_brackets(text: str, runs: list[tuple[int, int]], touches: list[bool]) -> None:
    """A run touching Chinese takes the runs of its brackets' partners with it (a union of runs
    joined by bracket pairs): ``(1)加强`` is written ``（1）加强``, never ``(1）``."""
    if "(" not in text or ")" not in text:
        return
    owner = {
        at: index for index, (start, end) in enumerate(runs) for at in range(start, end) if text[at] in "()"
    }
    parent = list(range(len(runs)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    opened: list[int] = []
    for at in sorted(owner):
        if text[at] == "(":
            opened.append(owner[at])
        elif opened:
            a, b = root(opened.pop()), root(owner[at])
            parent[a] = b
    touching = {root(index) for index, touch in enumerate(touches) if touch}
    for index in range(len(runs)):
        touches[index] = touches[index] or root(index) in touching


def reading(text: str) -> str:
    """*text* as plangen reads it for structure and phrases: simplified, full-width; same length."""
    return full_width(simplified(text))


def simplified_lines(texts: list[str]) -> list[str]:
    """Each line of one document in simplified characters, traditional judged once for the whole
    (``plangen import --simplified``)."""
    if not has_traditional("\n".join(texts)):
        return texts
    converter = _converter()
    return [_simplify(text, converter) for text in texts]


def readings(texts: list[str], widened: bool = False) -> list[str]:
    """The reading of each line of one document (:func:`reading`), whether it is traditional judged
    once for the whole: in a traditional document a line of characters GB 2312 also has (“於3月前
    完成”: 於 is in it) is read as simplified too. OpenCC is loaded only for a document that has a
    traditional character. *widened*: the punctuation is full-width already (simplifying changes
    no mark, and no Chinese side of one)."""
    simple = simplified_lines(texts)
    return simple if widened else [full_width(text) for text in simple]
