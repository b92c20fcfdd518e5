"""Readers: any document a user brings (plain text, Markdown, Word) → numbered lines with locations.

The linter and the importer both start here, so a Word file, a web page pasted into Notepad and
plangen's own Markdown all reach them as the same thing: the visible text, one paragraph per
:class:`Line`, each knowing where it is in the file (line number, or paragraph number in Word).
"""

from __future__ import annotations

from pathlib import Path

from .lines import (
    CONTROLS,
    MARKDOWN_SUFFIXES,
    MAX_CONTROLS,
    MAX_ELEMENTS,
    MAX_LINES,
    MAX_PARAGRAPHS,
    MAX_TEXT_BYTES,
    MAX_WORD_BYTES,
    MAX_WORD_CHARACTERS,
    MAX_WORD_PART,
    OLD_WORD_SUFFIXES,
    WORD_SUFFIXES,
    Controls,
    Line,
    Numbered,
    Source,
    clean,
    numbered,
    too_long,
)

__all__ = [
    "CONTROLS",
    "MARKDOWN_SUFFIXES",
    "MAX_CONTROLS",
    "MAX_ELEMENTS",
    "MAX_LINES",
    "MAX_PARAGRAPHS",
    "MAX_TEXT_BYTES",
    "MAX_WORD_BYTES",
    "MAX_WORD_CHARACTERS",
    "MAX_WORD_PART",
    "OLD_WORD_SUFFIXES",
    "WORD_SUFFIXES",
    "Controls",
    "Line",
    "Numbered",
    "Source",
    "clean",
    "numbered",
    "read",
    "source_from_text",
    "too_long",
]


def read(path: Path, office: bool = True) -> Source:
    """Read a document for the linter or the importer; every failure is a :class:`PlanError`."""
    suffix = path.suffix.lower()
    if suffix in WORD_SUFFIXES:
        from .word import read_word

        return read_word(path)
    if suffix in OLD_WORD_SUFFIXES:
        from .word import read_old_word

        return read_old_word(path, office)
    from .text import read_text

    return read_text(path, markdown=suffix in MARKDOWN_SUFFIXES)


def source_from_text(text: str, path: Path | str = "<text>", markdown: bool = False) -> Source:
    """A :class:`Source` from text already in memory (plangen's own output, tests)."""
    from .text import lines_of

    controls = Controls()
    lines = lines_of(text, markdown, controls, Path(path))
    return Source(Path(path), "markdown" if markdown else "text", lines, controls=controls)
