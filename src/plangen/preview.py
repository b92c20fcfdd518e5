"""Sample plans for previews (``blocks show``, ``templates show``) and for ``validate``."""

from __future__ import annotations

from .compose import Composer
from .document import Document
from .library import Library
from .safeyaml import SourceMap
from .schema.load import validated
from .schema.types import PlanSpec
from .years import planning_year

KIND_NAMES = {"branch": "示例党支部", "general-branch": "示例党总支", "committee": "示例党委"}


def sample_spec(
    template_id: str, kind: str, year: int | None = None, detail: str | None = None
) -> tuple[PlanSpec, SourceMap]:
    source = SourceMap("（示例计划）")
    data = {
        "template": template_id,
        "year": year or planning_year(),
        "detail": detail,
        "org": {"name": KIND_NAMES.get(kind, "示例党支部"), "parent": "示例上级党委"},
    }
    return validated("PlanSpec", data, source), source


def preview_template(
    library: Library, template_id: str, year: int | None = None, detail: str | None = None
) -> Document:
    template = library.template(template_id)
    spec, source = sample_spec(template_id, template.kind, year, detail)
    return Composer(library, fill_missing=True).compose(spec, source)


def preview_block(library: Library, block_id: str, year: int | None = None, detail: str = "full") -> Document:
    """The block as the first section of a one-section plan, params at their defaults; *detail*
    defaults to full, so a preview shows everything the block can say."""
    template_source = SourceMap("（预览）")
    data = {"id": "preview", "name": "预览", "sector": "all", "kind": "branch", "sections": [block_id],
            "signature": False}  # fmt: skip
    template = validated("PlanTemplate", data, template_source)
    spec, source = sample_spec("preview", "branch", year, detail)
    return Composer(library, fill_missing=True).compose(spec, source, template, template_source)
