"""Where every character of an imported file went: written to the files, or dropped with a reason,
each piece found at its own place in the source — so a text written twice cannot stand in for one
that was lost, and what is neither written nor dropped is quoted with its line.

Blanks do not count: the import joins wrapped lines and tidies spaces. A piece is placed at the
first occurrence not yet taken, searched from where it should be (the line it came from, or just
after the piece before it); the search is bounded, so a file at the limits is counted in linear time.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from .readers import Line

_TRIES = 32  # occurrences already taken that are passed over before a piece is given up
_SCAN = 50  # the text searched in all, in multiples of its length (then only near the hint)
_QUOTED = 20  # places quoted in the report
WRITTEN, DROPPED = 1, 2


class Piece(NamedTuple):
    """A piece of the source's text and where to look for it: its line (0: anywhere) and column."""

    text: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True, slots=True)
class Accounting:
    """Every character of the source (blanks aside): written to the files, or dropped with a
    reason in the report; what is neither is quoted, so nothing is lost unnoticed."""

    total: int
    written: int
    dropped: int
    unplaced: tuple[tuple[int, str], ...]  # (line, text) of what is neither, in the source's order

    @property
    def complete(self) -> bool:
        return not self.unplaced

    @property
    def missing(self) -> int:
        return self.total - self.written - self.dropped


class _Text:
    """A text pieces are placed in, and which of its characters are taken."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = bytearray(len(text))
        self.budget = _SCAN * len(text) + 100_000

    def place(self, bare: str, hint: int, low: int, high: int, mark: int) -> int | None:
        """Take *bare* at its first free occurrence from *hint* (then from *low*) up to *high*; the
        position after it, or None when it is not there (or every occurrence is taken)."""
        if not bare:
            return None
        if self.budget <= 0:  # searched enough: only near where it should be
            high = min(high, hint + len(bare) + 4096)
        found = self._find(bare, hint, high)
        if found is None and hint > low and self.budget > 0:
            found = self._find(bare, low, min(high, hint + len(bare) - 1))
        if found is None:
            return None
        end = found + len(bare)
        self.taken[found:end] = bytes((mark,)) * len(bare)
        return end

    def _find(self, bare: str, low: int, high: int) -> int | None:
        position = self.text.find(bare, low, high)
        for _ in range(_TRIES):
            if position < 0:
                self.budget -= high - low
                return None
            end = position + len(bare)
            if self.taken.count(0, position, end) == len(bare):  # every character of it free
                self.budget -= end - low
                return position
            position = self.text.find(bare, position + 1, high)
        self.budget -= high - low
        return None


class _Source:
    """The source's lines, their text without blanks, and where each line starts in it."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = list(lines)
        bare = [_bare(line.text) for line in lines]
        self.text = "".join(bare)
        self.starts = list(accumulate((len(text) for text in bare[:-1]), initial=0)) if bare else []
        self.at: dict[int, int] = {}  # line number → the index of its (first) line
        for index, line in enumerate(lines):
            self.at.setdefault(line.number, index)

    def start_of(self, number: int, column: int = 0) -> int:
        index = self.at.get(number)
        if index is None:
            return 0
        line = self.lines[index]  # a column counts the line's indentation, its text does not
        before = line.text[: column - line.offset] if column > line.offset else ""
        return self.starts[index] + len(_bare(before))

    def end_of(self, number: int) -> int:
        index = self.at.get(number)
        if index is None:
            return len(self.text)
        return self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)

    def left(self, taken: bytearray) -> tuple[tuple[int, str], ...]:
        """The runs of characters taken by nothing, each with its line."""
        out = []
        for run in re.finditer(rb"\x00+", bytes(taken)):
            index = bisect_right(self.starts, run.start()) - 1
            out.append((self.lines[index].number, self.text[run.start() : run.end()]))
        return tuple(out)


def _bare(text: str) -> str:
    return "".join(text.split())


class _Rest:
    """The source's text with what was dropped taken out: a paragraph the import wrote whole runs on
    across a paywall hint dropped from its middle, and across a page's header between its halves."""

    def __init__(self, source: _Source, taken: bytearray) -> None:
        self.runs = [(run.start(), run.end()) for run in re.finditer(rb"\x00+", bytes(taken))]
        self.firsts = [start for start, _ in self.runs]
        self.at = (
            list(accumulate((end - start for start, end in self.runs[:-1]), initial=0)) if self.runs else []
        )
        self.text = _Text("".join(source.text[start:end] for start, end in self.runs))

    def position(self, original: int) -> int:
        """Where a place of the source is in the rest (a dropped place: where the rest goes on)."""
        index = bisect_right(self.firsts, original) - 1
        if index < 0:
            return 0
        start, end = self.runs[index]
        return self.at[index] + min(original, end) - start

    def give_back(self, taken: bytearray) -> None:
        for (start, end), at in zip(self.runs, self.at, strict=True):
            taken[start:end] = self.text.taken[at : at + end - start]


def account(
    lines: Sequence[Line],
    written: Iterable[tuple[tuple[int, int], Sequence[str]]],
    dropped: Iterable[Piece],
    whole: frozenset[int] | set[int] = frozenset(),
) -> Accounting:
    """*lines*' characters placed: what was *dropped* first, each piece on its own line and column
    (else anywhere); then *written*, as (first line, last line) of a plan with the pieces the files
    hold of it, in the source's order (each searched from where the one before it ended), in the
    text with the dropped pieces taken out. The lines numbered in *whole* were dropped whole."""
    gone = sum(len(_bare(line.text)) for line in lines if line.number in whole)
    source = _Source([line for line in lines if line.number not in whole])
    original = _Text(source.text)
    for piece in dropped:
        if piece.line in whole:
            continue
        bare = _bare(piece.text)
        if piece.line and piece.line in source.at:
            line = source.start_of(piece.line)
            hint = source.start_of(piece.line, piece.column)
            if original.place(bare, hint, line, source.end_of(piece.line), DROPPED) is not None:
                continue
        original.place(bare, 0, 0, len(source.text), DROPPED)
    rest = _Rest(source, original.taken)
    for (first, last), pieces in written:
        low, high = rest.position(source.start_of(first)), rest.position(source.end_of(last))
        cursor = low
        for text in pieces:
            end = rest.text.place(_bare(text), cursor, low, high, WRITTEN)
            if end is not None:
                cursor = end
    taken = original.taken
    rest.give_back(taken)
    return Accounting(
        len(taken) + gone, taken.count(WRITTEN), taken.count(DROPPED) + gone, source.left(taken)
    )


def quoted(accounting: Accounting, unit: str) -> list[str]:
    """The report's lines for what is neither written nor dropped: each place with its text."""
    out = []
    for number, text in accounting.unplaced[:_QUOTED]:
        shown = text if len(text) <= 60 else text[:59] + "…"
        out.append(f"  - 第 {number} {unit}：“{shown}”")
    if len(accounting.unplaced) > _QUOTED:
        out.append(f"  - 另有 {len(accounting.unplaced) - _QUOTED} 处")
    return out
