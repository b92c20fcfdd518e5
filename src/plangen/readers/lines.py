"""What every reader gives: a document as :class:`Line` s with their places, in a :class:`Source`;
the limits every reader holds to; and the ordinal a line starts with (asked of every line by the
outline, the linter and the importer, so read once and kept on the line)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import PlanError
from ..numbering import match_ordinal

# a text file: a collection of 100 plans is about 2 MB; 8 MB of 30,000 lines full of ordinals,
# placeholders and dates take about 3 s to import on a 2-core machine, 16 MB more than the budget allows
MAX_TEXT_BYTES = 8 * 1024 * 1024
# lines with text in one file (in a Word file: paragraphs with text, and table rows): a plan has about
# 170, a collection of 100 plans about 17,000. The linter and importer work line by line, so this, not
# the size in bytes, bounds their time (50,000 lines of ordinals, placeholders and dates take 3 to 5 s to
# import on a 2-core machine)
MAX_LINES = 30_000
# a Word file's paragraphs, empty ones and those in table cells included: a plan has about 430
MAX_PARAGRAPHS = 100_000
# XML elements in the parts of a Word file that are parsed: bounds memory and time whatever the XML
# (one paragraph may hold them all); a plan has about 4,000, a collection of 100 plans about 400,000
MAX_ELEMENTS = 1_000_000
# the characters of a Word file's text: about what a text file at its limit holds in Chinese (8 MB,
# 3 bytes a character); a plan has about 5,000
MAX_WORD_CHARACTERS = 2_500_000
MAX_CONTROLS = 50  # control characters listed by lint (all are counted)
MAX_WORD_BYTES = 64 * 1024 * 1024  # a Word file with pictures; the text inside is checked again
# one part of a Word file as unpacked: lxml holds a paragraph whole, so this bounds the memory one
# paragraph can take (the 100-plan volume's document.xml is 15 MB; a picture this large makes the
# file itself too large)
MAX_WORD_PART = 64 * 1024 * 1024
WORD_SUFFIXES = {".docx", ".docm"}
OLD_WORD_SUFFIXES = {".doc", ".wps", ".rtf", ".odt"}  # converted by LibreOffice when installed
MARKDOWN_SUFFIXES = {".md", ".markdown"}

# what no visible text holds; in a lint or import source it is reported and read as a space
CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


class _Unread:
    """A line's ordinal not yet looked for: one object, kept as itself by copy, deepcopy and pickle
    (a plain ``object()`` would come back as another one, taken for an ordinal)."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "_UNREAD"


_UNREAD = _Unread()


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
    _ordinal: Any = field(default=_UNREAD, init=False, repr=False, compare=False)

    @property
    def ordinal(self) -> Numbered | None:
        """The ordinal the line starts with (:func:`plangen.readers.outline.numbered`), read once:
        the outline, the linter's checks and the importer's tree all ask it of every line."""
        found = self._ordinal
        if found is _UNREAD:
            found = numbered(self.text)
            object.__setattr__(self, "_ordinal", found)  # a cache, not a change: frozen all the same
        return found


class Controls(list):
    """The control characters a reader replaced, as (line, column, char): the first
    :data:`MAX_CONTROLS` kept to be reported, all of them counted in :attr:`total` (a damaged file
    may hold millions)."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def add(self, number: int, column: int, char: str) -> None:
        self.total += 1
        if len(self) < MAX_CONTROLS:
            self.append((number, column, char))


@dataclass
class Source:
    """A document as the linter and importer see it."""

    path: Path
    kind: str  # "text" | "markdown" | "word"
    lines: list[Line]
    unit: str = "行"  # how Line.number is counted: 行 (line) or 段 (paragraph)
    notes: list[str] = field(default_factory=list)  # what the reader had to do (conversion, encoding)
    controls: Controls = field(default_factory=Controls)  # (line, column, char) replaced
    furniture: list[Line] = field(default_factory=list)  # page headers and footers of a Word file

    def in_simplified(self) -> Source:
        """The document in simplified characters, line for line (import --simplified; diff reads a
        traditional plan so, or every sentence of it would differ from this year's simplified one)."""
        from dataclasses import replace

        from .normalize import simplified_lines

        texts = simplified_lines([line.text for line in self.lines])
        return replace(
            self, lines=[replace(line, text=text) for line, text in zip(self.lines, texts, strict=True)]
        )


def too_long(path: Path, unit: str) -> PlanError:
    """The refusal of a file of more than :data:`MAX_LINES` lines (*unit* 行) or paragraphs (段)."""
    return PlanError(
        f"文件过长：有文字的{unit}数超过上限 {MAX_LINES} {unit}",
        path,
        hint="一份计划约 170 行，100 篇计划的合集约 2 万行；请确认选对了文件，或把合集拆成几个文件。",
    )


def clean(text: str, number: int, controls: Controls) -> str:
    """*text* with invisible control characters recorded and read as spaces."""
    if not CONTROLS.search(text):
        return text
    for match in CONTROLS.finditer(text):
        controls.add(number, match.start() + 1, match.group())
    return CONTROLS.sub(" ", text)


# one definition of where Chinese text ends a sentence, for the readers, lint and import alike
FULL_STOP = re.compile("[。！？]")  # ends a sentence: a paragraph of the plan has one, furniture seldom
SENTENCE_END = re.compile("[。！？；]")  # ends a sentence or a clause of one: a heading holds none


class Numbered(NamedTuple):
    """A line that starts with an ordinal (a tuple: made for nearly every line, several times)."""

    level: int  # by the ordinal's form: 1 一、 2 （一） 3 1. 4 （1） 5 ①
    number: int
    ordinal: str  # as written: “（一）”, “1、”
    rest: str  # the text after it

    @property
    def title_only(self) -> bool:
        """A heading on a line of its own (no sentence follows it)."""
        rest = self.rest.rstrip("：:")
        return bool(rest) and len(rest) <= 40 and SENTENCE_END.search(rest) is None

    @property
    def head(self) -> str:
        """The heading part: the whole line, or up to the first sentence end (run-in headings)."""
        text = self.rest
        end = SENTENCE_END.search(text)  # the first sentence end
        head = text[: end.start()] if end else text
        return head.strip().rstrip("：:，,")


def numbered(text: str, position: int = 0) -> Numbered | None:
    """The ordinal a line starts with (or that starts at *position*), or None."""
    found = match_ordinal(text, position)
    if found is None:
        return None
    level, number, end = found
    return Numbered(level, number, text[position:end].strip(), text[end:].strip())
