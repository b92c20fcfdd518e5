"""Writers turn a Document (the IR) into a file format; each sees only the IR.

Every writer has one signature, ``write(document, options) -> bytes``, and is registered here by
format name; its module is imported only when the format is written (python-docx, icalendar are
not needed for Markdown). PDF is not a writer of the IR: LibreOffice makes it from the DOCX.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..document import Document

FORMATS = {"md": ".md", "docx": ".docx", "pdf": ".pdf", "ics": ".ics", "csv": ".csv"}


@dataclass(frozen=True)
class WriteOptions:
    """What a writer may be told besides the document; each takes what it needs."""

    created: dt.datetime  # the build time (document properties, calendar stamps)
    layout: Any = None  # DocxOptions: the contents (on or off, levels), fonts … (docx; md's contents too)
    pages: dict[int, int] | None = None  # heading index → page, for the contents (docx)
    extra: dict[str, Any] = field(default_factory=dict)


Writer = Callable[["Document", WriteOptions], bytes]

WRITERS = {"md": "markdown", "docx": "docx", "ics": "ics", "csv": "csvfile"}  # format → module


def writer(fmt: str) -> Writer:
    """The writer registered for *fmt*, its module imported now."""
    module = import_module(f"{__name__}.{WRITERS[fmt]}")
    return module.write  # type: ignore[no-any-return]
