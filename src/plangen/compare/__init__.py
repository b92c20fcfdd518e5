"""``plangen diff``'s steps: each plan, however it comes, read into one outline
(:mod:`.outlines`), two outlines matched section by section and sentence by sentence (:mod:`.match`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from .match import compare
from .outlines import DOCUMENT_SUFFIXES, SPEC_SUFFIXES, from_file, from_spec

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..changes import Outline
    from ..pipeline import Builder, BuildOptions

__all__ = ["compare", "read_plan"]


def read_plan(
    path: Path, shown: str, year: int | None, builder: Callable[[], Builder], options: BuildOptions,
    office: bool = True,
) -> Outline:  # fmt: skip
    """One side of a comparison: a plan spec built for *year*, or a document read as it is."""
    suffix = path.suffix.lower()
    if suffix in SPEC_SUFFIXES:
        from dataclasses import replace

        name = f"{shown}（{year}年）" if year is not None else shown
        return from_spec(builder(), path, replace(options, year=year), name)
    if year is not None:
        raise PlanError(
            "只有计划文件（.yaml）才能指定年度",
            path,
            hint="Word、Markdown 和文本计划按原文对照；要对照同一计划文件的两个年度，写 --years 2027,2028。",
        )
    if suffix in DOCUMENT_SUFFIXES:
        return from_file(path, shown, office)
    raise PlanError(
        f"不认识的文件类型“{path.suffix or '（无扩展名）'}”",
        path,
        hint="可以对照计划文件（.yaml）、生成的或以往的计划（.docx、.doc、.wps、.md、.txt）。",
    )
