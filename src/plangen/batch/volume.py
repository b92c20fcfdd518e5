"""The bound volume (汇编) of a batch: every plan in the roster's order behind a cover and one table
of contents, each plan on a new odd page, page numbers running through — the book a committee's
office makes today by hand from a "N篇附目录" download.

The contents' page numbers come from the layout model, as a plan's own contents do.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError, os_reason
from .state import digest, read_record, record_bytes, record_path

if TYPE_CHECKING:
    from ..document import Volume
    from ..library import Library
    from ..pipeline import BuildOptions
    from ..writers.ooxml import DocxOptions
    from .run import BatchResult


def check_target(target: Path) -> str:
    """The volume's format (its suffix); checked before a batch builds anything."""
    suffix = target.suffix.lower()
    if suffix not in (".docx", ".md"):
        raise PlanError("汇编文件的扩展名应为 .docx 或 .md", target)
    return suffix


def write_volume(
    result: BatchResult, out_dir: Path, library: Library, options: BuildOptions, target: Path, force: bool
) -> list[str]:
    """Compose every built or unchanged plan again and bind them into *target* (.docx or .md).
    Returns notes for the user."""
    from ..document import Volume
    from ..pipeline import Builder, docx_options

    suffix = check_target(target)
    builder = Builder(library, out_dir)
    plans, parents, kinds, settings = [], Counter(), set(), None
    for plan in result.plans:
        spec_path = out_dir / plan.files[-1]
        spec, doc, _ = builder.document(spec_path, options, formats=["docx"])
        plans.append(doc)
        parents[spec.org.parent or ""] += 1
        kinds.add(library.template(spec.template).kind)
        settings = settings or docx_options(spec, options)
    parent = parents.most_common(1)[0][0]
    year, day = plans[0].year, plans[0].date
    what = "党支部" if kinds == {"branch"} else "基层党组织"
    volume = Volume(f"{parent}{year}年{what}工作计划汇编", parent, f"{day.year}年{day.month}月", plans)

    notes: list[str] = []
    if suffix == ".md":
        from ..writers import markdown

        data = markdown.render_volume(volume).encode("utf-8")
    else:
        data = _docx(volume, settings, options, notes)
    _write(target, data, out_dir, force)
    return notes


def _docx(volume: Volume, settings: DocxOptions | None, options: BuildOptions, notes: list[str]) -> bytes:
    """The volume's DOCX, its contents' pages from the layout model (each plan on an odd page)."""
    from ..layout import estimate_length, first_pages
    from ..pipeline import build_time
    from ..writers import docx

    created = options.created or build_time()
    pages = first_pages([estimate_length(plan) for plan in volume.plans])
    return docx.render_volume(volume, settings, pages, created=created)


def _write(target: Path, data: bytes, out_dir: Path, force: bool) -> None:
    """Replace the volume only if this batch wrote the one there (or with --force)."""
    from ..output import write_all

    state = record_path(out_dir, "汇编-" + digest(str(target.resolve()).encode("utf-8"))[:12])
    record = read_record(state)
    name = str(target.resolve())
    replace = {state}
    if target.exists():
        try:
            current = digest(target.read_bytes())
        except OSError as exc:  # a folder of that name, a file we may not read
            raise PlanError(f"无法读取已有的汇编文件：{os_reason(exc)}", target) from None
        if not (force or current == digest(data) or record.owns(name, current)):
            raise PlanError(
                "汇编文件已存在且不是本批次生成的（可能已被修改）",
                target,
                hint="确认不再需要后加 --force 覆盖，或换一个文件名。",
            )
        replace.add(target)
    write_all([(state, record_bytes(record.promise("volume", {name: digest(data)})))], force=True)
    write_all([(target, data)], force=replace)
