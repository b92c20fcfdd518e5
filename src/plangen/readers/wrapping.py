"""Text copied from a PDF breaks every line at the page's width, mid-sentence and mid-word
("实现新提" / "升"). Such a document is told by its shape — most of its lines run to one width and
stop short of a sentence's end — and its lines are joined back into paragraphs wherever a full line
runs on into one that does not start a heading, an item or a signature.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from .lines import Line

_ENDS = "。！？；：…”’）)"  # a line ending so ends its paragraph (or its heading)
_MIN_LINES = 6  # fewer lines of one width than this is a coincidence, not a page
_FULL = 0.85  # justified Chinese squeezes punctuation and digits: a full line is 85 % of the width or more
_NARROWEST = 26  # an A4 page's line holds some 28–40 characters (GB/T 9704: 28); a list's lines are shorter


def width(lines: Sequence[Line]) -> int | None:
    """The width the text was wrapped at, or None when it was not wrapped: of its lines of 26
    characters or more, six or more and three in five share one length (±1), hardly any is longer,
    and two in three of those end mid-sentence."""
    lengths = [len(line.text) for line in lines if not line.table and len(line.text) >= _NARROWEST]
    if len(lengths) < _MIN_LINES:
        return None
    common, _ = Counter(lengths).most_common(1)[0]
    near = [line for line in lines if not line.table and abs(len(line.text) - common) <= 1]
    open_ended = [line for line in near if line.text[-1:] not in _ENDS]
    longer = sum(1 for length in lengths if length > common + 1)  # a paragraph longer than the page
    if (
        len(near) < _MIN_LINES
        or len(near) * 5 < len(lengths) * 3
        or longer * 10 > len(lengths)
        or len(open_ended) * 3 < len(near) * 2
    ):
        return None
    return common


def rejoin(lines: Sequence[Line]) -> tuple[list[Line], int]:
    """*lines* with a wrapped paragraph's lines joined (the first line's number kept); how many
    line breaks were taken out. Unwrapped text is returned as it is."""
    wrapped = width(lines)
    if wrapped is None:
        return list(lines), 0
    out: list[Line] = []
    parts: list[str] = []  # the paragraph being joined, its pieces (joined once: linear in the text)
    last = ""  # the last physical line of it: a short one ends the paragraph
    joined = 0

    def close() -> None:
        if parts and len(parts) > 1:
            out[-1] = dataclasses.replace(out[-1], text="".join(parts))
        parts.clear()

    for line in lines:
        if (
            parts
            and not out[-1].table
            and not line.table
            and len(last) >= wrapped * _FULL  # a line about as full as the page: the text runs on
            and last[-1:] not in _ENDS
            and line.ordinal is None
            and not _starts_anew(line.text)
        ):
            parts.append(line.text.lstrip())
            last = line.text
            joined += 1
            continue
        close()
        out.append(line)
        parts.append(line.text)
        last = line.text
    close()
    return out, joined


def _starts_anew(text: str) -> bool:
    """A line that begins something of its own: an appendix, a signature date, a marker."""
    from .outline import SIGNED_DATE, appendix, marker

    stripped = text.strip()
    return appendix(stripped) or bool(SIGNED_DATE.match(stripped)) or marker(stripped) is not None
