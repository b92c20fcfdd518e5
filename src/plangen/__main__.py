"""``python -m plangen``."""

from plangen.cli import entry

entry()
