"""The parts of a Word package the reader needs, found as python-docx finds them, without loading
the rest.

python-docx reads every part of a package into memory (pictures too) and parses the whole of the
document's XML before anything can be asked of it: a collection of plans becomes hundreds of
megabytes of elements. Here zipfile and lxml read only the content types, the relationships, the
styles, numbering, page headers and footers; the document itself is streamed by
:mod:`plangen.readers.word`. What python-docx refuses is refused here too, by the same kind of
exception, so :func:`plangen.readers.package.unreadable` says the same: a relationship to a part
that is not in the file, a part without a content type, a main part that is not a Word document,
two styles parts, a styles or numbering part of another type, XML that is not well formed in a
part python-docx parses.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
MAIN = _WML + "document.main+xml"
# a .docm's main part (WordprocessingML with macros, which are never run: only the text is read) and a
# template's (.dotx, .dotm saved under another name)
MAINS = frozenset({
    MAIN, "application/vnd.ms-word.document.macroEnabled.main+xml", _WML + "template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
})  # fmt: skip
STYLES = _WML + "styles+xml"
NUMBERING = _WML + "numbering+xml"
# the parts python-docx parses as XML when it loads a package (its registered part classes)
XML_PARTS = frozenset({
    *MAINS, STYLES, NUMBERING, _WML + "header+xml", _WML + "footer+xml", _WML + "settings+xml",
    _WML + "comments+xml", "application/vnd.openxmlformats-package.core-properties+xml",
})  # fmt: skip
XML_OPTIONS: dict[str, Any] = {"remove_blank_text": True, "resolve_entities": False}  # python-docx's parser


@dataclass(frozen=True)
class Rel:
    type: str
    target: str  # a part's name (“/word/styles.xml”) when internal
    external: bool


class Package:
    """A Word package opened for reading: its main part, and what python-docx would check of the
    others (that every part reached by a relationship is there and has a content type)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        types = parse(self.open("/[Content_Types].xml"))
        if types.tag != f"{_TYPES}Types":
            raise ValueError("[Content_Types].xml is not a list of content types")
        self.overrides = {
            o.get("PartName").lower(): o.get("ContentType") for o in types.iterfind(f"{_TYPES}Override")
        }
        self.defaults = {
            d.get("Extension").lower(): d.get("ContentType") for d in types.iterfind(f"{_TYPES}Default")
        }
        self.rels_of: dict[str, list[Rel]] = {}
        self.parts = list(self._walk("/", set()))  # every part reached, as python-docx loads them
        self.main = self.related("/", RT + "officeDocument")
        if self.content_type(self.main) not in MAINS:
            raise ValueError("the main part is not a Word document")

    def open(self, name: str) -> IO[bytes]:
        """The part *name* (“/word/document.xml”), streamed; KeyError when the file has no such part."""
        return self.archive.open(name[1:])

    def content_type(self, name: str) -> str:
        found = self.overrides.get(name.lower())
        if found is None:
            found = self.defaults.get(posixpath.splitext(name)[1][1:].lower())
        if found is None:
            raise KeyError(f"no content type for {name}")
        return found

    def rels(self, name: str) -> list[Rel]:
        """The relationships of part *name* ("/" for the package's own), none when it has no list."""
        if name not in self.rels_of:
            base, filename = posixpath.split(name)
            listing = posixpath.join(base, "_rels", f"{filename}.rels")
            try:
                stream = self.open(listing)
            except KeyError:
                self.rels_of[name] = []
                return []
            root = parse(stream)
            if root.tag != f"{_RELS}Relationships":
                raise ValueError(f"{listing} is not a list of relationships")
            found = []
            for rel in root.iterfind(f"{_RELS}Relationship"):
                external = rel.get("TargetMode", "Internal") == "External"
                target = rel.get("Target")
                if rel.get("Type") is None or target is None:
                    raise ValueError(f"a relationship in {listing} has no type or target")
                found.append(
                    Rel(
                        rel.get("Type"),
                        target if external else posixpath.abspath(posixpath.join(base, target)),
                        external,
                    )
                )
            self.rels_of[name] = found
        return self.rels_of[name]

    def related(self, name: str, kind: str, optional: bool = False) -> str | None:
        """The one part *name* relates to as *kind*: KeyError when there is none (None when
        *optional*), ValueError when there are several or it is outside the file."""
        matching = [rel for rel in self.rels(name) if rel.type == kind]
        if not matching:
            if optional:
                return None
            raise KeyError(f"no relationship of type {kind}")
        if len(matching) > 1 or matching[0].external:
            raise ValueError(f"the relationship of type {kind} is not one part in the file")
        return matching[0].target

    def _walk(self, name: str, seen: set[str]) -> Iterator[str]:
        """The parts reached from *name*'s relationships, depth first, each once."""
        stack = [iter(self.rels(name))]
        while stack:
            rel = next(stack[-1], None)
            if rel is None:
                stack.pop()
                continue
            if rel.external or rel.target in seen:
                continue
            seen.add(rel.target)
            self.archive.getinfo(rel.target[1:])  # KeyError: a relationship to a part not in the file
            self.content_type(rel.target)
            yield rel.target
            stack.append(iter(self.rels(rel.target)))


def parse(stream: IO[bytes]) -> Any:
    """A small part, whole (as python-docx parses it)."""
    from lxml import etree

    with stream:
        return etree.parse(stream, etree.XMLParser(**XML_OPTIONS)).getroot()


def check_xml(stream: IO[bytes]) -> None:
    """A part python-docx would parse, parsed only to see that it is well formed (nothing kept)."""
    from lxml import etree

    with stream:
        for _, element in etree.iterparse(stream, events=("end",), **XML_OPTIONS):
            element.clear()


@cache
def default_styles() -> bytes:
    """The styles python-docx gives a document without a styles part (its own template), read
    without importing python-docx; none when it is not installed."""
    from importlib.util import find_spec

    try:
        spec = find_spec("docx")
        folder = Path(next(iter(spec.submodule_search_locations or [])))  # type: ignore[union-attr]
        return (folder / "templates" / "default-styles.xml").read_bytes()
    except (ImportError, AttributeError, StopIteration, OSError):
        return b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
