"""Readers: any document a user brings (plain text, Markdown, Word) → numbered lines with locations.

The linter and the importer both start here, so a Word file, a web page pasted into Notepad and
plangen's own Markdown all reach them as the same thing: the visible text, one paragraph per
:class:`Line`, each knowing where it is in the file (line number, or paragraph number in Word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MAX_TEXT_BYTES = 16 * 1024 * 1024  # a 200-page plan collection as text is < 1 MB
MAX_WORD_BYTES = 64 * 1024 * 1024  # a Word file with pictures; the text inside is checked again
WORD_SUFFIXES = {".docx", ".docm"}
OLD_WORD_SUFFIXES = {".doc", ".wps", ".rtf", ".odt"}  # converted by LibreOffice when installed
MARKDOWN_SUFFIXES = {".md", ".markdown"}

# what no visible text holds; in a lint or import source it is reported and read as a space
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of visible text and where it is."""

    text: str
    number: int  # line in a text file, paragraph in a Word file (1-based, as counted in the file)
    style_level: int | None = None  # heading level given by a Word style or a Markdown "#"
    toc: bool = False  # an entry of a table of contents
    table: bool = False  # a row of a table (cells joined by tabs)
    offset: int = 0  # characters before the text on its line (indentation): columns count them
    lead: int = 0  # a run-in heading's length when the file marks it (bold in Markdown, its own run in Word)
    caption: bool = False  # a table's caption (Word's Caption style)


@dataclass
class Source:
    """A document as the linter and importer see it."""

    path: Path
    kind: str  # "text" | "markdown" | "word"
    lines: list[Line]
    unit: str = "行"  # how Line.number is counted: 行 (line) or 段 (paragraph)
    notes: list[str] = field(default_factory=list)  # what the reader had to do (conversion, encoding)
    controls: list[tuple[int, int, str]] = field(default_factory=list)  # (line, column, char) replaced
    furniture: list[Line] = field(default_factory=list)  # page headers and footers of a Word file


def clean(text: str, number: int, controls: list[tuple[int, int, str]]) -> str:
    """*text* with invisible control characters recorded and read as spaces."""
    if not _CONTROLS.search(text):
        return text
    for match in _CONTROLS.finditer(text):
        controls.append((number, match.start() + 1, match.group()))
    return _CONTROLS.sub(" ", text)


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

    controls: list[tuple[int, int, str]] = []
    lines = lines_of(text, markdown, controls)
    return Source(Path(path), "markdown" if markdown else "text", lines, controls=controls)
