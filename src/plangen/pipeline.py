"""The shared build steps below the commands: spec file → Document → output bytes → files, all or
nothing per spec (build, batch, new, schedule and lint all compose through here)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .compose import Composer
from .document import Document
from .errors import PlanError, PlanErrors
from .library import Library
from .output import check_folder, check_targets, safe_filename, write_all
from .schema.load import load_spec
from .writers import FORMATS, WRITERS, WriteOptions, writer

if TYPE_CHECKING:
    from .lint.rules import RuleSet
    from .safeyaml import SourceMap
    from .schema.types import PlanSpec
    from .writers.ooxml import DocxOptions


@dataclass
class BuildOptions:
    out_dir: Path | None = None
    formats: list[str] | None = None
    year: int | None = None
    assignments: list[str] = field(default_factory=list)
    force: bool = False
    toc: bool | None = None  # --no-toc
    office: bool = True  # use LibreOffice, when installed, to put the real pages into the TOC
    created: dt.datetime | None = None  # the build time in the document properties (default: now)
    holidays: Path | None = None  # --holidays: the year's official days off and make-up working days
    lint: bool = True  # refuse a plan with stale or residual text (a user's block may carry it): --no-lint


@dataclass
class Built:
    spec: Path
    document: Document
    files: list[Path]
    notes: list[str]  # the document's (compose, calendar) and the rendering's, in that order


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


def build_time(environ: dict[str, str] | None = None) -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` (reproducible builds: the same inputs give the same bytes)."""
    epoch = (environ if environ is not None else os.environ).get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit() and len(epoch) <= 11:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


@dataclass
class Rendered:
    """Every requested format's bytes, and what the user should know about them (the contents'
    pages estimated, LibreOffice not reached): returned, not written into the document."""

    data: dict[str, bytes]
    notes: list[str] = field(default_factory=list)


def render_formats(
    doc: Document,
    formats: list[str],
    docx_options: DocxOptions | None,
    use_office: bool,
    created: dt.datetime | None = None,
) -> Rendered:
    """Every requested format as bytes, in memory, each through its registered writer. DOCX and PDF
    share one LibreOffice run."""
    out: dict[str, bytes] = {}
    notes: list[str] = []
    options = WriteOptions(created or build_time(), docx_options)
    if "docx" in formats or "pdf" in formats:
        from .layout import estimate_pages

        toc = bool(docx_options.toc and doc.toc)
        estimated = estimate_pages(doc) if toc else {}
        data = writer("docx")(doc, replace(options, pages=estimated))
        need_pdf = "pdf" in formats
        check = toc and use_office and _office_ready()
        if need_pdf or check:
            try:
                data, pdf, measured = _through_office(doc, data, options, estimated, check, need_pdf)
            except PlanError as exc:
                if need_pdf:
                    raise
                notes.append(f"用 LibreOffice 核对目录页码未成功（{exc.message}），目录页码为估算值。")
                pdf, measured = None, True
            if not measured:
                notes.append(
                    "有的标题没能在 LibreOffice 的渲染中找到，它们的目录页码为估算值；Word 打开时会提示更新域。"
                )
            if pdf is not None:
                out["pdf"] = pdf
        if toc and not check:
            notes.append("目录页码为按版式估算的值；Word 打开文件时会提示更新域，选“是”即可刷新。")
        if "docx" in formats:
            out["docx"] = data
    for fmt in formats:
        if fmt in WRITERS and fmt not in out:
            out[fmt] = writer(fmt)(doc, options)
    return Rendered({fmt: out[fmt] for fmt in formats}, notes)


def _office_ready() -> bool:
    from . import office

    return office.soffice() is not None and office.pdftotext() is not None


def _through_office(
    doc: Document, data: bytes, options: WriteOptions, estimated: dict[int, int], check: bool, need_pdf: bool
) -> tuple[bytes, bytes | None, bool]:
    """Render with LibreOffice (given a copy adapted to read as Word does); when checking, write the
    pages where the headings really landed into the TOC, and render again if they moved. Returns
    the DOCX, the PDF when needed, and whether every contents page was measured."""
    from . import office
    from .output import scratch_dir

    levels = options.layout.toc_levels
    measured = True
    with scratch_dir("build") as folder:
        source = folder / "plan.docx"
        source.write_bytes(office.for_libreoffice(data))
        pdf = office.convert([source], folder / "pdf")[0]
        if check:
            rendered = office.read_pdf(pdf)
            found = office.heading_pages(doc, rendered, levels)
            pages = estimated | found
            wanted = {entry.heading for entry in doc.toc if entry.level <= levels}
            measured = wanted <= found.keys()
            data = writer("docx")(
                doc, replace(options, pages=pages, measured=measured, page_count=len(rendered))
            )
            if need_pdf and pages != estimated:
                source.write_bytes(office.for_libreoffice(data))
                pdf = office.convert([source], folder / "pdf")[0]
        return data, (pdf.read_bytes() if need_pdf else None), measured


def holidays_file(spec: PlanSpec, source: SourceMap, spec_path: Path, options: BuildOptions) -> Path | None:
    """--holidays, else the spec's settings.holidays (relative to the spec file), else None."""
    if options.holidays is not None:
        return options.holidays
    if spec.settings.holidays:
        path = Path(spec.settings.holidays)
        path = path if path.is_absolute() else spec_path.parent / path
        if not path.is_file():
            raise source.error(("settings", "holidays"), f"找不到节假日文件：{spec.settings.holidays}")
        return path
    return None


def docx_options(spec: PlanSpec, options: BuildOptions) -> DocxOptions:
    from .writers.ooxml import DocxOptions

    settings = spec.output.docx
    toc = settings.toc if options.toc is None else options.toc
    return DocxOptions(toc, settings.toc_levels, settings.bold_level3, settings.latin_font, settings.fonts)


class Builder:
    """Builds plans with one library and one composer, so blocks and templates load once."""

    def __init__(self, library: Library, cwd: Path) -> None:
        self.library = library
        self.composer = Composer(library)
        self.cwd = cwd
        self.claimed: set[Path] = set()
        self._rules: RuleSet | None = None

    def document(
        self,
        spec_path: Path,
        options: BuildOptions,
        formats: list[str] | None = None,
        spec_text: str | dict[str, object] | PlanSpec | None = None,
    ) -> tuple[PlanSpec, Document, list[str]]:
        """(spec, Document, formats): composed, and dated when a format or the appendix needs it."""
        spec, source = load_spec(spec_path, options.assignments, options.year, spec_text)
        doc = self.composer.compose(spec, source)
        formats = formats or options.formats or list(spec.output.formats)
        appendix = spec.output.schedule == "appendix" and bool({"docx", "md", "pdf"} & set(formats))
        if appendix or {"ics", "csv"} & set(formats):
            from .schedule import schedule

            doc = schedule(doc, holidays_file(spec, source, spec_path, options), appendix)
        return spec, doc, formats

    def prepare(
        self,
        spec_path: Path,
        options: BuildOptions,
        spec_text: str | dict[str, object] | PlanSpec | None = None,
    ) -> tuple[Document, list[tuple[Path, bytes]], list[str]]:
        """Compose and render everything in memory; nothing is written yet. Returns the document,
        the files to write and the notes for the user (the document's, then the rendering's)."""
        spec, doc, formats = self.document(spec_path, options, spec_text=spec_text)
        if options.lint:
            self.refuse_stale(doc, spec, spec_path)
        folder = self._folder(spec, spec_path, options)
        check_folder(folder)
        stem = safe_filename(spec.output.name or doc.title)
        targets = {fmt: folder / (stem + FORMATS[fmt]) for fmt in formats}
        for target in targets.values():
            if target.resolve() in self.claimed:
                raise PlanError(
                    f"输出文件与本次生成的另一份计划重名：{target}",
                    spec_path,
                    hint="在计划文件的 output.name 中给出不同的文件名。",
                )
        check_targets(targets.values(), options.force)  # before any work: nothing is lost
        rendered = render_formats(doc, formats, docx_options(spec, options), options.office, options.created)
        return doc, [(targets[fmt], rendered.data[fmt]) for fmt in formats], [*doc.notes, *rendered.notes]

    def refuse_stale(self, doc: Document, spec: PlanSpec, spec_path: Path) -> None:
        """Error-level lint findings in the composed plan stop the build, each naming its block."""
        from .lint import lint_document
        from .lint.rules import for_library

        if self._rules is None:
            self._rules = for_library([layer.root for layer in self.library.layers[1:]])
        findings = [
            f for f in lint_document(doc, self._rules, spec.settings.congress_year) if f.severity == "error"
        ]
        if not findings:
            return
        errors = []
        for finding in findings[:20]:
            path, line = spec_path, None
            where = f"内容块 {finding.where}" if finding.where else "计划文件中的内容"
            if finding.where and self.library.is_users("block", finding.where):
                found, line = self.library.locate_text("block", finding.where, finding.text)
                path = found or spec_path
            hint = f"{finding.suggestion}。" if finding.suggestion else None
            message = f"[{finding.rule}] {finding.message}（{where}）：“{finding.context}”"
            errors.append(PlanError(message, path, line, hint))
        last = errors[-1]
        last.hint = (
            last.hint or ""
        ) + f"共 {len(findings)} 处，计划未生成；修改后重试，确需保留时加 --no-lint。"
        raise PlanErrors(errors)

    def build(self, spec_path: Path, options: BuildOptions) -> Built:
        doc, outputs, notes = self.prepare(spec_path, options)
        write_all(outputs, options.force)  # all formats or none
        self.claimed.update(target.resolve() for target, _ in outputs)
        return Built(spec_path, doc, [target for target, _ in outputs], notes)

    def _folder(self, spec: PlanSpec, spec_path: Path, options: BuildOptions) -> Path:
        if options.out_dir is not None:
            return options.out_dir if options.out_dir.is_absolute() else self.cwd / options.out_dir
        if spec.output.dir:
            folder = Path(spec.output.dir)
            return folder if folder.is_absolute() else spec_path.parent / folder
        return self.cwd
