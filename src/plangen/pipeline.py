"""The shared build steps below the commands: spec file → Document → output bytes → files, all or
nothing per spec (build, batch, new, schedule and lint all compose through here)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import PlanError, PlanErrors
from .output import check_folder, check_targets, safe_filename, write_all
from .writers import FORMATS, WRITERS, WriteOptions, writer

if TYPE_CHECKING:
    from .document import Document
    from .library import Library
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
    office: bool = True  # --no-office: an old option, kept for scripts; refuses --check
    check: bool = False  # --check: lay the plan out in LibreOffice too and report where it disagrees
    created: dt.datetime | None = None  # the build time in the document properties (default: now)
    holidays: Path | None = None  # --holidays: the year's official days off and make-up working days
    lint: bool = True  # refuse a plan with stale or residual text (a user's block may carry it): --no-lint


@dataclass
class Prepared:
    """One plan composed and rendered in memory: nothing is written yet."""

    document: Document
    outputs: list[tuple[Path, bytes]]  # each target and its bytes
    notes: list[str]  # the document's (compose, calendar) and the rendering's, in that order
    disagreements: list[str] = field(default_factory=list)  # LibreOffice against the contents
    pdf_later: tuple[Path, bytes] | None = None  # the PDF's target and the DOCX to make it from
    toc_levels: int = 0  # the contents' depth (0: none), to check a PDF made later against them


@dataclass
class Built:
    spec: Path
    document: Document
    files: list[Path]
    notes: list[str]  # the document's (compose, calendar) and the rendering's, in that order
    disagreements: list[str] = field(default_factory=list)  # LibreOffice against the contents


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
    """Every requested format's bytes, and what the user should know about them (a layout the model
    could not be sure of, LibreOffice disagreeing with the contents): returned, not written into the
    document."""

    data: dict[str, bytes]
    notes: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)  # --check, or a PDF read back
    pdf_from: bytes | None = None  # with pdf_later: the DOCX whose PDF the caller makes


def render_formats(
    doc: Document,
    formats: list[str],
    docx_options: DocxOptions | None,
    use_office: bool = True,
    created: dt.datetime | None = None,
    check: bool = False,
    pdf_later: bool = False,
) -> Rendered:
    """Every requested format as bytes, in memory, each through its registered writer.

    The contents' pages come from the layout model in every build (``layout.py``): no word processor
    is needed and none is asked to update fields. LibreOffice makes the PDF and, with *check*, lays the
    DOCX out once more to report any page where it disagrees with the contents. With *pdf_later* the
    PDF is left to the caller, who converts many plans' DOCX in one LibreOffice run (a batch)."""
    out: dict[str, bytes] = {}
    rendered = Rendered(out)
    options = WriteOptions(created or build_time(), docx_options)
    if check and not use_office:
        raise PlanError(
            "--check 要调用 LibreOffice 核对页码，不能同时使用 --no-office",
            hint="去掉 --no-office（或环境变量 PLANGEN_OFFICE=0）。",
        )
    if check and not {"docx", "pdf"} & set(formats):
        raise PlanError(
            "--check 核对的是 DOCX 的页码，本次没有生成 DOCX 或 PDF",
            hint="加 -f docx（或 pdf），或去掉 --check。",
        )
    if "docx" in formats or "pdf" in formats:
        from .layout import uncertain
        from .writers.ooxml import DocxOptions

        docx_options = docx_options or DocxOptions()
        options = replace(options, layout=docx_options)
        data = writer("docx")(doc, options)
        rendered.notes += uncertain(doc, docx_options.latin_font)
        need_pdf = "pdf" in formats
        if need_pdf and pdf_later and not check:
            rendered.pdf_from = data
        elif need_pdf or check:
            pdf, rendered.disagreements = _through_office(doc, data, docx_options, check)
            if pdf is not None:
                out["pdf"] = pdf
        if "docx" in formats:
            out["docx"] = data
    for fmt in formats:
        if fmt in WRITERS and fmt not in out:
            out[fmt] = writer(fmt)(doc, options)
    rendered.data = {fmt: out[fmt] for fmt in formats if fmt in out}
    return rendered


def _through_office(
    doc: Document, data: bytes, docx_options: DocxOptions, check: bool
) -> tuple[bytes | None, list[str]]:
    """The PDF LibreOffice makes of the DOCX (given a copy adapted to read as Word does) and every
    contents entry or page count where it disagrees with the model. A PDF is read back when
    pdftotext is there; one whose pages disagree, and every --check, comes from a settled layout
    (:func:`office.settled`), which is what Word shows."""
    from . import office
    from .output import scratch_dir

    levels = docx_options.toc_levels if docx_options.toc else 0
    with scratch_dir("build") as folder:
        source = folder / "plan.docx"
        source.write_bytes(office.for_libreoffice(data))
        disagreements: list[str] = []
        pdf = None
        if not check:
            pdf = office.convert([source], folder / "pdf")[0]
            if office.pdftotext() is not None:
                disagreements = office.disagreements(doc, office.read_pdf(pdf), levels)
        if check or disagreements:
            result = office.settled([source], folder / "settled")[0]
            if isinstance(result, PlanError):
                raise result
            pdf = result
            disagreements = office.disagreements(doc, office.read_pdf(pdf), levels)
        return pdf.read_bytes(), disagreements


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
        from .compose import Composer  # here, not at the top: a batch starts its workers before this

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
        from .schema.load import load_spec

        spec, source = load_spec(
            spec_path, options.assignments, options.year, spec_text, self.library.template
        )
        doc = self.composer.compose(spec, source)
        formats = formats or options.formats or list(spec.output.formats)
        appendix = spec.output.schedule != "none" and bool({"docx", "md", "pdf"} & set(formats))
        if appendix or {"ics", "csv"} & set(formats):
            from .schedule import schedule

            doc = schedule(
                doc,
                holidays_file(spec, source, spec_path, options),
                appendix,
                full=spec.output.schedule == "full",
            )
        return spec, doc, formats

    def prepare(
        self,
        spec_path: Path,
        options: BuildOptions,
        spec_text: str | dict[str, object] | PlanSpec | None = None,
        pdf_later: bool = False,
    ) -> Prepared:
        """Compose and render everything in memory; nothing is written yet."""
        spec, doc, formats = self.document(spec_path, options, spec_text=spec_text)
        if options.lint:
            self.refuse_stale(doc, spec, spec_path)
        folder = self.output_folder(spec, spec_path, options)
        check_folder(folder)
        stem = safe_filename(spec.output.name or doc.title)
        targets = {fmt: folder / (stem + FORMATS[fmt]) for fmt in formats}
        for target in targets.values() if self.claimed else ():  # a batch claims none: no lookups
            if target.resolve() in self.claimed:
                raise PlanError(
                    f"输出文件与本次生成的另一份计划重名：{target}",
                    spec_path,
                    hint="在计划文件的 output.name 中给出不同的文件名。",
                )
        check_targets(targets.values(), options.force)  # before any work: nothing is lost
        layout = docx_options(spec, options)
        rendered = render_formats(
            doc, formats, layout, options.office, options.created, options.check, pdf_later
        )
        outputs = [(targets[fmt], rendered.data[fmt]) for fmt in formats if fmt in rendered.data]
        later = (targets["pdf"], rendered.pdf_from) if rendered.pdf_from is not None else None
        levels = layout.toc_levels if layout.toc else 0
        return Prepared(doc, outputs, [*doc.notes, *rendered.notes], rendered.disagreements, later, levels)

    def refuse_stale(self, doc: Document, spec: PlanSpec, spec_path: Path) -> None:
        """Error-level lint findings in the composed plan stop the build, each naming its block."""
        from .lint import lint_document
        from .lint.rules import for_library

        if self._rules is None:
            self._rules = for_library([layer.root for layer in self.library.layers[1:]])
        findings = [
            f
            for f in lint_document(doc, self._rules, spec.settings.congress_year, errors_only=True)
            if f.severity == "error"
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
        prepared = self.prepare(spec_path, options)
        write_all(prepared.outputs, options.force)  # all formats or none
        self.claimed.update(target.resolve() for target, _ in prepared.outputs)
        files = [target for target, _ in prepared.outputs]
        return Built(spec_path, prepared.document, files, prepared.notes, prepared.disagreements)

    def output_folder(self, spec: PlanSpec, spec_path: Path, options: BuildOptions) -> Path:
        """Where a plan's files go: ``-o``, else the plan file's ``output.dir`` (beside the file), else here."""
        if options.out_dir is not None:
            return options.out_dir if options.out_dir.is_absolute() else self.cwd / options.out_dir
        if spec.output.dir:
            folder = Path(spec.output.dir)
            return folder if folder.is_absolute() else spec_path.parent / folder
        return self.cwd
