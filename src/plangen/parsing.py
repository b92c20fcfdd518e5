"""A user's file into plain objects: the fast check first, pydantic only when it must decide.

Above both :mod:`plangen.shapes` (no pydantic) and :mod:`plangen.model` (pydantic, imported only
here and only for a file the fast check cannot vouch for).
"""

from __future__ import annotations

from typing import Any

from .shapes import Plain, check


def validated(kind: str, data: Any, source: Any) -> Plain:
    """*data* as a plain *kind* (Block, PlanTemplate, PlanSpec): by the fast check, else by pydantic,
    which accepts it (with its coercions) or raises every problem located at its ``file:line``."""
    plain = check(kind, data) if isinstance(data, dict) else None
    if plain is None:
        from . import model

        plain = model.parse(getattr(model, kind), data, source)
    return plain
