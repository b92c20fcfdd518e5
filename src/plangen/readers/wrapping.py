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
_NARROWEST = 20  # an A4 page's line holds some 28–40 characters; a column of a two-column page 20


def width(lines: Sequence[Line]) -> int | None:
    """The width the text was wrapped at, or None when it was not wrapped: of its lines of 20
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
    joined = 0
    for line in lines:
        previous = out[-1] if out else None
        if (
            previous is not None
            and not previous.table
            and not line.table
            and len(previous.text) >= wrapped - 1
            and previous.text[-1:] not in _ENDS
            and line.ordinal is None
            and not _starts_anew(line.text)
        ):
            out[-1] = dataclasses.replace(previous, text=previous.text + line.text.lstrip())
            joined += 1
            continue
        out.append(line)
    return out, joined


def _starts_anew(text: str) -> bool:
    """A line that begins something of its own: an appendix, a signature date, a marker."""
    from .outline import SIGNED_DATE, appendix, marker

    stripped = text.strip()
    return appendix(stripped) or bool(SIGNED_DATE.match(stripped)) or marker(stripped) is not None
