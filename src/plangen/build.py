"""Building plans: spec file → Document → output files, all or nothing per spec."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .compose import Composer
from .document import Document
from .errors import PlanError
from .library import Library
from .output import check_targets, safe_filename, write_atomic
from .spec import load_spec
from .writers import FORMATS


@dataclass
class BuildOptions:
    out_dir: Path | None = None
    formats: list[str] | None = None
    year: int | None = None
    assignments: list[str] = field(default_factory=list)
    force: bool = False


@dataclass
class Built:
    spec: Path
    document: Document
    files: list[Path]


def parse_formats(text: str | None) -> list[str] | None:
    """``"docx,md"`` → ["docx", "md"], checked against the writers we have."""
    if text is None:
        return None
    formats = [part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise PlanError(
            f"不支持的输出格式：{'、'.join(unknown) or '（空）'}",
            hint=f"当前支持：{'、'.join(FORMATS)}；多个格式用逗号分隔，如 --format md",
        )
    return list(dict.fromkeys(formats))


def render_format(doc: Document, fmt: str) -> bytes:
    if fmt == "md":
        from .writers import markdown

        return markdown.render(doc).encode("utf-8")
    raise PlanError(f"不支持的输出格式：{fmt}")  # guarded by parse_formats / the spec model


class Builder:
    """Builds plans with one library and one composer, so blocks and templates load once."""

    def __init__(self, library: Library, cwd: Path) -> None:
        self.library = library
        self.composer = Composer(library)
        self.cwd = cwd
        self.claimed: set[Path] = set()

    def prepare(self, spec_path: Path, options: BuildOptions) -> tuple[Document, list[tuple[Path, bytes]]]:
        """Compose and render everything in memory; nothing is written yet."""
        spec, source = load_spec(spec_path, options.assignments, options.year)
        doc = self.composer.compose(spec, source)
        formats = options.formats or list(spec.output.formats)
        folder = self._folder(spec, spec_path, options)
        stem = safe_filename(spec.output.name or doc.title)
        outputs: list[tuple[Path, bytes]] = []
        for fmt in formats:
            target = folder / (stem + FORMATS[fmt])
            key = target.resolve()
            if key in self.claimed:
                raise PlanError(
                    f"输出文件与本次生成的另一份计划重名：{target}",
                    spec_path,
                    hint="在计划文件的 output.name 中给出不同的文件名。",
                )
            outputs.append((target, render_format(doc, fmt)))
        return doc, outputs

    def build(self, spec_path: Path, options: BuildOptions) -> Built:
        doc, outputs = self.prepare(spec_path, options)
        check_targets([target for target, _ in outputs], options.force)
        for target, data in outputs:
            write_atomic(target, data)
            self.claimed.add(target.resolve())
        return Built(spec_path, doc, [target for target, _ in outputs])

    def _folder(self, spec: Any, spec_path: Path, options: BuildOptions) -> Path:
        if options.out_dir is not None:
            return options.out_dir if options.out_dir.is_absolute() else self.cwd / options.out_dir
        if spec.output.dir:
            folder = Path(spec.output.dir)
            return folder if folder.is_absolute() else spec_path.parent / folder
        return self.cwd
