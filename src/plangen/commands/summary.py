"""``plangen summary``: the year-end 年度工作总结 (or the secretary's 述职) of a plan — its sections,
its calendar's counts and what the records say was held — written like a plan (DOCX, Markdown)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from .report import Report

if TYPE_CHECKING:
    from ..environment import Env


@dataclass
class Options:
    spec: Path
    year: int | None = None
    records: Path | None = None
    kind: str = "总结"
    out_dir: Path | None = None
    formats: str | None = None  # "docx,md"
    assignments: list[str] = field(default_factory=list)
    force: bool = False
    holidays: Path | None = None
    library: list[Path] | None = None


def run(env: Env, options: Options) -> Report:
    from ..context import has_committee, party_words
    from ..output import check_folder, check_targets, safe_filename, write_all
    from ..pipeline import Builder, BuildOptions, build_time, docx_options, parse_formats, render_formats
    from ..summary import FILL_PREFIX, KINDS, read_records, summary

    report = Report(env)
    if options.kind not in KINDS:
        raise PlanError(
            f"没有这种总结：{options.kind}（--kind）",
            hint="可选：总结（年度工作总结）、述职（书记述职报告）。",
        )
    out = env.path(options.out_dir) if options.out_dir is not None else None
    # -o 总结.docx names the file (as plangen diff -o does), not a folder called 总结.docx
    named = out if out is not None and out.suffix.lower() in (".docx", ".md") and not out.is_dir() else None
    if named is not None and options.formats is None:
        options.formats = named.suffix.lower()[1:]
    formats = parse_formats(options.formats) or ["docx", "md"]
    unknown = [f for f in formats if f not in ("docx", "md")]
    if unknown:
        raise PlanError(
            f"总结不支持的格式：{'、'.join(unknown)}（-f）", hint="可选：docx、md，如 -f docx,md。"
        )
    build = BuildOptions(
        year=options.year,
        out_dir=out if named is None else None,
        assignments=options.assignments,
        holidays=env.path(options.holidays) if options.holidays is not None else None,
    )
    library = env.library(options.library)
    spec_path = env.path(options.spec)
    builder = Builder(library, env.cwd)
    spec, plan, _ = builder.document(spec_path, build, formats=["ics"])
    records = read_records(env.path(options.records), plan) if options.records is not None else None
    kind = library.template(spec.template).kind
    words = party_words(kind, has_committee(kind, spec.org.members, spec.org.probationary), spec.org.name)
    doc = summary(plan, plan.title, records, options.kind, spec.org.secretary or "", words)
    if named is not None:
        if formats != [named.suffix.lower()[1:]]:
            raise PlanError(f"-o {named.name} 是一个文件，-f 只能是 {named.suffix.lower()[1:]}",
                            hint="要同时写出 docx 和 md，-o 写文件夹。")  # fmt: skip
        folder, stem = named.parent, named.stem
    else:
        folder = builder.output_folder(spec, spec_path, build)  # as plangen build puts a plan
        stem = safe_filename(doc.title, "工作总结")
    check_folder(folder)
    targets = {fmt: folder / f"{stem}.{fmt}" for fmt in formats}
    check_targets(targets.values(), options.force)
    data = render_formats(doc, formats, docx_options(spec, build), False, build_time(env.environ)).data
    write_all([(targets[fmt], data[fmt]) for fmt in formats], options.force)
    for note in [*(records.notes if records else []), *doc.notes]:
        report.note(f"注意：{note}")
    for target in targets.values():
        report.made(target)
    fields = doc.text().count(FILL_PREFIX)
    report.summary = f"{doc.title}：待填写 {fields} 处，填写后可用 plangen lint 检查是否还有遗漏。"
    return report
