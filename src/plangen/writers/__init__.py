"""Writers turn a Document (the IR) into a file format; each sees only the IR."""

from __future__ import annotations

FORMATS = {"md": ".md", "docx": ".docx", "pdf": ".pdf", "ics": ".ics", "csv": ".csv"}
