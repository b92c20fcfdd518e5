"""The command line: thin typer commands that call the core and print with rich.

Only typer and the standard library are imported at start-up; everything else (pydantic, yaml,
jinja2, rich's tables) is imported inside the command that needs it, so ``plangen --help`` is as
quick as a bare typer app. The terminal is injected (:class:`Env`), so tests drive every command
without a real console.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .environment import Env, shown, silence_stdout, visible
from .errors import (
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    PlanError,
)

__all__ = ["Env", "app", "entry", "main"]  # tests and the wizard take Env from here


_HELP_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "DEPRECATED_STRING": "（已弃用）",
}


class _ChineseHelp:
    """Help screens in Chinese: typer's panel titles and click's help option are English constants.

    Applied only when help is shown, so start-up pays nothing; unknown typer internals are skipped.
    """

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from typer import rich_utils

        for name, text in _HELP_TEXTS.items():
            if hasattr(rich_utils, name):
                setattr(rich_utils, name, text)
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_usage(self, ctx: Any) -> str:
        return super().get_usage(ctx).replace("Usage: ", "用法：", 1)  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示帮助并退出。"
        return option


class ChineseGroup(_ChineseHelp, TyperGroup):
    pass


class ChineseCommand(_ChineseHelp, TyperCommand):
    pass


app = typer.Typer(
    name="plangen",
    cls=ChineseGroup,
    help="生成党支部、党委年度工作计划：内容块组合、自动编号，输出按 GB/T 9704-2012 排版的 DOCX、PDF 和 Markdown。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
blocks_app = typer.Typer(help="内容块：列出、查看、搜索。", no_args_is_help=True, cls=ChineseGroup)
templates_app = typer.Typer(help="计划模板：列出、查看。", no_args_is_help=True, cls=ChineseGroup)
app.add_typer(blocks_app, name="blocks")
app.add_typer(templates_app, name="templates")

LibraryOpt = Annotated[
    list[Path] | None,
    typer.Option("--library", "-L", help="附加内容库文件夹（可多次使用），覆盖同 id 的内置内容。"),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="出错时显示完整的调用栈。")]
NoOfficeOpt = Annotated[
    bool,
    typer.Option(
        "--no-office", help="不调用 LibreOffice 核对目录页码（页码按版式估算，Word 打开时可更新）。"
    ),
]
NoLintOpt = Annotated[
    bool,
    typer.Option("--no-lint", help="不检查过时表述和模板残留（默认发现错误级问题时不生成）。"),
]
ReadOfficeOpt = Annotated[
    bool, typer.Option("--no-office", help="不调用 LibreOffice（.doc、.wps 将无法读取）。")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出。")]
PreviewYearOpt = Annotated[
    int | None,
    typer.Option("--year", "-y", min=2020, max=2100, help="按该年度预览（默认：正在编制计划的年度）。"),
]

HolidaysOpt = Annotated[
    Path | None,
    typer.Option(
        "--holidays",
        help="节假日文件（YAML：year、holidays、workdays），国务院办公厅公布当年安排后使用。",
        show_default=False,
    ),
]


class Detail(StrEnum):
    concise = "concise"
    standard = "standard"
    full = "full"


DetailOpt = Annotated[
    Detail | None,
    typer.Option("--detail", "-d", help="详略：concise 精简、standard 标准、full 详尽。"),
]


def _env(ctx: typer.Context, debug: bool = False) -> Env:
    env = ctx.find_root().obj
    if not isinstance(env, Env):
        env = Env()
        ctx.find_root().obj = env
    env.debug = env.debug or debug
    return env


def _version(value: bool) -> None:
    if value:
        print(f"plangen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="显示版本号。")
    ] = False,
) -> None:
    """plangen：党组织年度工作计划生成工具。"""


@app.command(cls=ChineseCommand)
def build(
    ctx: typer.Context,
    specs: Annotated[
        list[Path], typer.Argument(help="计划文件（plan.yaml），可以多个。", show_default=False)
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="输出文件夹（默认：计划文件中的 output.dir，否则当前文件夹）。"),
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式，逗号分隔：docx、md、pdf、ics（日历）、csv（安排表）（默认取计划文件，否则 docx,md）。",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="改为生成该年度的计划（不修改计划文件）。"),
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option("--set", "-s", help="覆盖计划文件中的值：键=值，如 org.name=外科党支部。"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件。")] = False,
    no_toc: Annotated[bool, typer.Option("--no-toc", help="不生成目录。")] = False,
    no_office: NoOfficeOpt = False,
    holidays: HolidaysOpt = None,
    no_lint: NoLintOpt = False,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """按计划文件生成年度工作计划。"""
    from .build import Builder, BuildOptions, build_time, parse_formats

    env = _env(ctx, debug)
    options = BuildOptions(
        out_dir=out_dir,
        formats=parse_formats(formats),
        year=year,
        assignments=assignments or [],
        force=force,
        toc=False if no_toc else None,
        office=env.office(no_office),
        created=build_time(env.environ),
        holidays=env.path(holidays) if holidays is not None else None,
        lint=not no_lint,
    )
    builder = Builder(env.library(library), env.cwd)
    failed = 0
    for spec in specs:
        try:
            built = builder.build(env.path(spec), options)
        except PlanError as exc:
            failed += 1
            env.report(exc if exc.path is not None else exc.located(env.path(spec)))
            continue
        for note in built.document.notes:
            env.warn(f"注意：{note}")
        for target in built.files:
            env.say(f"已生成：{_shown(target, env.cwd)}")
    if failed and len(specs) > 1:
        env.warn(f"共 {len(specs)} 份计划，生成 {len(specs) - failed} 份，失败 {failed} 份。")
    return EXIT_INPUT if failed else EXIT_OK


@app.command(cls=ChineseCommand)
def new(
    ctx: typer.Context,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="把 plan.yaml 和生成的计划放在这个文件夹（默认当前文件夹）。"),
    ] = None,
    defaults: Annotated[
        bool, typer.Option("--defaults", help="不提问，全部用默认值（可与 --data 同用）。")
    ] = False,
    data: Annotated[
        list[str] | None,
        typer.Option("--data", help="直接给出答案：键=值，如 org.name=内科第一党支部（可多次使用）。"),
    ] = None,
    data_file: Annotated[
        Path | None,
        typer.Option("--data-file", help="答案文件（YAML），键与 --data 相同。", show_default=False),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--from", help="以往的计划文件：问同样的问题，以它的答案为默认值，年度加一。", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的 plan.yaml 和输出文件。")] = False,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """向导：回答几个问题，生成计划文件（plan.yaml）和 Word、Markdown 计划。"""
    from .wizard import NewOptions, given_answers, run_new

    env = _env(ctx, debug)
    options = NewOptions(
        out_dir=env.path(out_dir) if out_dir is not None else env.cwd,
        defaults=defaults,
        given=given_answers(env.path(data_file) if data_file is not None else None, data or []),
        previous=env.path(previous) if previous is not None else None,
        force=force,
        interactive=env.interactive,
    )
    spec_path, files = run_new(env, env.library(library), options)
    env.say(f"已生成：{_shown(spec_path, env.cwd)}")
    for target in files:
        env.say(f"已生成：{_shown(target, env.cwd)}")
    env.say(f"以后修改 plan.yaml 后重新生成：plangen build {_shown(spec_path, env.cwd)}")
    return EXIT_OK


@app.command(cls=ChineseCommand)
def batch(
    ctx: typer.Context,
    roster: Annotated[
        Path, typer.Argument(help="名册：CSV（UTF-8 或 GB18030）或 XLSX，一行一个支部。", show_default=False)
    ],
    base: Annotated[
        Path, typer.Option("--spec", help="基础计划文件：各支部共用的模板、年度和参数。", show_default=False)
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹。", show_default=False)],
    formats: Annotated[
        str | None, typer.Option("--format", "-f", help="输出格式，逗号分隔（默认取基础计划文件）。")
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, max=256, help="同时生成的进程数（0 为处理器核数）。")
    ] = 0,
    year: Annotated[int | None, typer.Option("--year", "-y", help="改为该年度。")] = None,
    assignments: Annotated[
        list[str] | None, typer.Option("--set", "-s", help="覆盖基础计划文件中的值：键=值。")
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="名册中其他列对应的字段：列名=字段，如 党员总数=org.members。"),
    ] = None,
    combine: Annotated[
        Path | None,
        typer.Option(
            "--combine",
            help="另把全部计划汇编成一册（含封面和总目录），如 汇编.docx；扩展名 .md 则为 Markdown。",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="全部重新生成，并覆盖不是本批次生成的同名文件。")
    ] = False,
    no_office: NoOfficeOpt = False,
    no_lint: NoLintOpt = False,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """按名册为每个支部生成计划（每个支部一份 plan.yaml 和计划文件），出错的行列入 report.csv。

    再次运行时只生成名册、基础计划文件、内容库或选项有变化的计划；中断后再运行即补齐其余。
    """
    from .batch.roster import parse_map
    from .batch.run import REPORT, BatchOptions, BatchResult, Stopped, run_batch
    from .build import BuildOptions, build_time, parse_formats

    env = _env(ctx, debug)
    options = BuildOptions(
        formats=parse_formats(formats),
        office=env.office(no_office),
        created=build_time(env.environ),
        year=year,
        lint=not no_lint,
    )
    folder = env.path(out_dir)
    if combine is not None:
        from .batch.volume import check_target

        check_target(env.path(combine))  # before anything is built
    volume_notes: list[str] = []

    def combined(result: BatchResult) -> None:  # inside the folder's lock: the plans it reads stay as built
        if result.plans:
            from .batch.volume import write_volume

            volume_notes.extend(
                write_volume(result, folder, env.library(library), options, env.path(combine), force)
            )

    try:
        with _progress(env, "生成计划") as progress:
            result = run_batch(env.path(roster), env.path(base), folder, env.library(library),
                               BatchOptions(options, jobs, force), parse_map(mapping or []), assignments or [],
                               progress, combined if combine is not None else None)  # fmt: skip
    except Stopped as stopped:
        done = stopped.result
        said = "已终止" if isinstance(stopped.cause, Terminated) else "已中断"
        summary = f"{said}：生成 {len(done.built)} 份"
        if done.skipped:
            summary += f"，{len(done.skipped)} 份未变化（跳过）"
        env.warn(f"{summary}，失败 {done.failed_rows} 份，未完成 {stopped.left} 份；再次运行即补齐。")
        return EXIT_TERMINATED if isinstance(stopped.cause, Terminated) else EXIT_INTERRUPTED
    for header in result.unknown:
        env.warn(f"注意：名册中的“{header}”列没有对应的字段，未使用（可用 --map {header}=字段 指定）。")
    for note in result.notes:
        env.warn(f"注意：{note}。")
    if combine is not None and result.plans:
        for note in volume_notes:
            env.warn(f"注意：{note}")
        env.say(f"已汇编：{_shown(env.path(combine), env.cwd)}（{len(result.plans)} 份计划）")
    summary = f"生成 {len(result.built)} 份"
    if result.skipped:
        summary += f"，{len(result.skipped)} 份未变化（跳过）"
    summary += f"，失败 {result.failed_rows} 份"
    if result.failed:
        env.warn(f"{summary}，详见 {_shown(folder / REPORT, env.cwd)}")
        return EXIT_FAILED
    env.say(summary + "。")
    return EXIT_OK


@contextlib.contextmanager
def _progress(env: Env, label: str) -> Iterator[Any]:
    """A rich progress bar on a terminal's stderr; elsewhere (a pipe, a log, a test) nothing."""
    try:
        terminal = env.stderr.isatty()
    except (ValueError, OSError):
        terminal = False
    if not terminal:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(file=env.stderr), transient=True)  # fmt: skip
    task = bar.add_task(label, total=None)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=total)


@app.command(cls=ChineseCommand)
def schedule(
    ctx: typer.Context,
    spec: Annotated[Path, typer.Argument(help="计划文件（plan.yaml）。", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", "-y", help="改为该年度（不修改计划文件）。")] = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="另存为日历文件（.ics）。", show_default=False)
    ] = None,
    csv: Annotated[
        Path | None, typer.Option("--csv", help="另存为 CSV 表格（Excel 可直接打开）。", show_default=False)
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option("--set", "-s", help="覆盖计划文件中的值：键=值。"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件。")] = False,
    holidays: HolidaysOpt = None,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """列出全年按日期排定的会议和活动（遇节假日顺延），可另存为 .ics 或 CSV。"""
    from .build import Builder, BuildOptions, build_time
    from .output import check_targets, write_all

    env = _env(ctx, debug)
    options = BuildOptions(
        year=year,
        assignments=assignments or [],
        holidays=env.path(holidays) if holidays is not None else None,
    )
    _, doc, _ = Builder(env.library(library), env.cwd).document(env.path(spec), options, formats=["ics"])
    targets = [(env.path(target), fmt) for target, fmt in ((ics, "ics"), (csv, "csv")) if target is not None]
    check_targets([target for target, _ in targets], force)
    _print_events(env, doc)
    if targets:
        from .writers import csvfile
        from .writers import ics as ics_writer

        created = build_time(env.environ)
        data = {"ics": lambda: ics_writer.render(doc, created), "csv": lambda: csvfile.render(doc)}
        write_all([(target, data[fmt]()) for target, fmt in targets], force)
        for target, _ in targets:
            env.say(f"已生成：{_shown(target, env.cwd)}")
    return EXIT_OK


def _print_events(env: Env, doc: Any) -> None:
    from rich.table import Table

    from .schedule.rules import weekday_name

    table = Table(title=f"{doc.org}{doc.year}年工作安排（{len(doc.events)} 项）", box=None, pad_edge=False)
    for header in ("月份", "日期", "工作内容", "责任人"):
        table.add_column(header)
    month = 0
    for event in doc.events:
        label = f"{event.date.month}月" if event.date.month != month else ""
        if label and month:
            table.add_section()
        month = event.date.month
        day = f"{event.date.month}月{event.date.day}日（{weekday_name(event.date)}）"
        table.add_row(label, day, visible(event.name), visible(event.owner))
    env.out.print(table)
    if doc.calendar_note:
        env.warn(f"注意：{doc.calendar_note}")


@app.command(cls=ChineseCommand)
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="要检查的内容块、计划模板、计划文件或文件夹。", show_default=False)
    ],
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """检查内容块、计划模板和计划文件，列出所有问题（文件:行号）。"""
    from .validate import KIND_NAMES, check_paths

    env = _env(ctx, debug)
    results = check_paths([env.path(p) for p in paths], env.library(library))
    bad = 0
    for result in results:
        if not result.ok:
            bad += 1
            for problem in result.problems:
                env.report(problem if problem.path is not None else problem.located(result.path))
            if not result.problems:
                env.warn(f"错误：{_shown(result.path, env.cwd)}：用到的文件有问题（见上）")
        else:
            kind = KIND_NAMES.get(result.kind or "", "文件")
            named = f" {result.id}" if result.id else ""
            env.say(f"✓ {_shown(result.path, env.cwd)}（{kind}{named}）")
    if not results:
        raise PlanError("没有找到要检查的 YAML 文件")
    total = sum(len(r.problems) for r in results)
    summary = f"检查了 {len(results)} 个文件" + (
        f"，{bad} 个文件有问题，共 {total} 处。" if bad else "，没有发现问题。"
    )
    (env.warn if bad else env.say)(summary)
    return EXIT_INPUT if bad else EXIT_OK


class LintFormat(StrEnum):
    text = "text"
    json = "json"


@app.command(cls=ChineseCommand)
def lint(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="要检查的计划：Word（.docx；装有 LibreOffice 时也可 .doc、.wps）、.txt、.md，或计划文件、内容块（YAML）。",
            show_default=False,
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", min=1990, max=2100, help="按该年度检查（默认取标题或文中日期的年份）。"),
    ] = None,
    output: Annotated[
        LintFormat, typer.Option("--format", "-f", help="输出格式：text 或 json。")
    ] = LintFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="有警告也返回退出码 1（默认只有错误才返回 1）。")
    ] = False,
    no_office: ReadOfficeOpt = False,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """检查计划中的过时表述、模板残留、年份错误和编号问题（可用于 CI：有错误时退出码为 1）。"""
    from .lint.files import lint_file
    from .lint.report import as_json, print_plain, print_rich, summary
    from .lint.rules import for_library

    env = _env(ctx, debug)
    lib = env.library(library)
    rules = for_library([layer.root for layer in lib.layers[1:]])
    reports = []
    failed = 0
    for path in _lint_targets([env.path(p) for p in files]):
        try:
            reports.append(lint_file(path, rules, year, env.office(no_office), lib))
        except PlanError as exc:
            failed += 1
            env.report(exc if exc.path is not None else exc.located(env.path(path)))
    if output is LintFormat.json:
        env.stdout.write(as_json(reports, env.cwd) + "\n")
    elif env.stdout.isatty():
        print_rich(env, reports)
    else:
        print_plain(env, reports)
    if output is not LintFormat.json:
        (env.warn if failed else env.say)(summary(reports, failed))
    if failed:
        return EXIT_INPUT
    errors = sum(report.errors for report in reports)
    findings = sum(len(report.findings) for report in reports)
    return EXIT_FAILED if errors or (strict and findings) else EXIT_OK


@app.command("import", cls=ChineseCommand)
def import_(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            help="以往的计划：Word（.docx；装有 LibreOffice 时也可 .doc、.wps）、.txt 或 .md。",
            show_default=False,
        ),
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="写出内容块、计划模板和计划文件的文件夹（默认：<文件名>-导入）。"),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="只以 JSON 输出识别出的计划和标题层级（不写文件，除非同时给出 -o）。"),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖输出文件夹中已有的同名文件。")] = False,
    no_office: ReadOfficeOpt = False,
    debug: DebugOpt = False,
) -> int:
    """导入以往的计划：每个一级部分成为一个内容块，另有计划模板、计划文件和导入报告，可用 plangen build 重新生成。"""
    import json

    from .importer import MAX_PLANS, import_source, write
    from .lint import builtin, lint_source
    from .readers import read

    env = _env(ctx, debug)
    path = env.path(source)
    document = read(path, env.office(no_office))
    imported = import_source(document, None if as_json else MAX_PLANS)  # what is not written is refused early
    if not imported.plans:
        raise PlanError("没有找到可以导入的计划内容", path, hint="文件中应有标题和“一、”“（一）”等序号。")
    if as_json:
        env.stdout.write(json.dumps(imported.summary(), ensure_ascii=False, indent=2, default=str) + "\n")
        if out_dir is None:
            return EXIT_OK
    findings = lint_source(document, builtin()).findings
    folder = env.path(out_dir) if out_dir is not None else env.cwd / f"{path.stem}-导入"
    written = write(imported, folder, findings, force)
    if as_json:
        return EXIT_OK
    several = len(imported.plans) > 1
    for number, plan in enumerate(imported.plans, start=1):
        heads = sum(1 for _ in plan.sections)
        env.say(
            f"计划{number if several else ''}：{plan.title}（{plan.year or '年度未知'}年，{heads} 个一级部分）"
        )
    report = next(p for p in written if p.suffix == ".md")
    env.say(
        f"已写出 {len(written)} 个文件到 {_shown(folder, env.cwd)}（导入报告：{report.name}，其中 {len(imported.guesses)} 处判断、{len(findings)} 处检查问题）"
    )
    specs = [p for p in written if p.parent == folder and p.suffix == ".yaml"]
    for spec in specs:
        env.say(f"重新生成：plangen build {_shown(spec, env.cwd)} -L {_shown(folder, env.cwd)}")
    return EXIT_OK


def _lint_targets(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the documents and plan files in it (Word's ``~$`` lock
    files and hidden folders left out)."""
    from .library import files_under
    from .lint.files import SUFFIXES
    from .textio import is_folder

    targets: list[Path] = []
    for path in paths:
        if not is_folder(path):
            targets.append(path)
            continue
        found = [
            p for p in files_under(path, SUFFIXES)
            if not p.name.startswith("~$") and not any(part.startswith(".") for part in p.relative_to(path).parts)
        ]  # fmt: skip
        if not found:
            raise PlanError("文件夹中没有可检查的文件", path, hint=f"支持：{'、'.join(SUFFIXES)}")
        targets += found
    return targets


@app.command(cls=ChineseCommand)
def schema(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="block（内容块）、template（计划模板）或 spec（计划文件）。")],
) -> None:
    """输出 JSON Schema，供编辑器（yaml-language-server）在输入时校验。"""
    import json

    from .schema.models import SCHEMA_MODELS

    if kind not in SCHEMA_MODELS:
        raise PlanError(f"没有“{kind}”的 Schema", hint="可选：block、template、spec。")
    schema_dict = SCHEMA_MODELS[kind].model_json_schema()
    schema_dict = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema_dict}
    _env(ctx).stdout.write(json.dumps(schema_dict, ensure_ascii=False, indent=2) + "\n")


# --- blocks ------------------------------------------------------------------------------------


@blocks_app.command("list", cls=ChineseCommand)
def blocks_list(
    ctx: typer.Context,
    category: Annotated[str | None, typer.Option("--category", "-c", help="只列出该分类。")] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="只列出适用于该领域的块。")] = None,
    as_json: JsonOpt = False,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """列出所有内容块及其来源。"""
    env = _env(ctx, debug)
    errors: list[PlanError] = []
    items = env.library(library).all("block", errors)
    items = [
        (entry, block)
        for entry, block in items
        if (category is None or block.category == category)
        and (sector is None or sector in block.sectors or "all" in block.sectors)
    ]
    _print_blocks(env, items, as_json)
    for error in errors:
        env.report(error)
    return EXIT_INPUT if errors else EXIT_OK


@blocks_app.command("search", cls=ChineseCommand)
def blocks_search(
    ctx: typer.Context,
    word: Annotated[str, typer.Argument(help="关键词，在 id、标题、摘要和正文中查找。")],
    as_json: JsonOpt = False,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """按关键词搜索内容块。"""
    env = _env(ctx, debug)
    errors: list[PlanError] = []
    hits = env.library(library).search(word, errors)
    _print_blocks(env, hits, as_json)
    if not hits and not as_json:
        env.warn(f"没有找到包含“{word}”的内容块。")
    for error in errors:
        env.report(error)
    return EXIT_INPUT if errors else EXIT_OK


@blocks_app.command("show", cls=ChineseCommand)
def blocks_show(
    ctx: typer.Context,
    block_id: Annotated[
        str, typer.Argument(metavar="ID", help="内容块 id，如 organization.three-meetings。")
    ],
    year: PreviewYearOpt = None,
    detail: DetailOpt = None,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> None:
    """显示内容块的信息、参数和预览（参数取默认值；默认按详尽版预览全部内容）。"""
    from .preview import preview_block
    from .schema.types import CATEGORY_NAMES, SECTOR_NAMES

    env = _env(ctx, debug)
    lib = env.library(library)
    entry = lib.entry("block", block_id)
    block = lib.block(block_id)
    env.say(f"{block.id}  {block.title}")
    env.say(
        f"分类：{CATEGORY_NAMES.get(block.category, block.category)}（{block.category}）    "
        f"适用：{'、'.join(SECTOR_NAMES.get(s, s) for s in block.sectors)}"
    )
    env.say(f"来源：{entry.origin}    文件：{entry.path}")
    for shadowed in entry.shadows:
        env.say(f"覆盖了：{shadowed.origin} 中的同名块（{shadowed.path}）")
    if block.summary:
        env.say(f"说明：{block.summary}")
    if block.params:
        env.say("参数：")
        for name, param in block.params.items():
            default = (
                "（必填）" if param.default is None else (param.default if param.default != "" else "（空）")
            )
            env.say(f"  {block.id}.{name}  {param.label}  [{param.type}]  默认：{default}")
    env.say("预览：")
    _print_outline(env, preview_block(lib, block_id, year, detail.value if detail else "full"), full=True)


# --- templates ---------------------------------------------------------------------------------


@templates_app.command("list", cls=ChineseCommand)
def templates_list(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """列出所有计划模板及其来源。"""
    from .schema.types import SECTOR_NAMES

    env = _env(ctx, debug)
    errors: list[PlanError] = []
    items = env.library(library).all("template", errors)
    rows = [
        {
            "id": template.id,
            "title": template.name,
            "name": template.name,
            "sector": template.sector,
            "sector_name": SECTOR_NAMES.get(template.sector, template.sector),
            "kind": template.kind,
            "summary": template.summary,
            "sections": [ref.block for ref in template.section_refs()],
            "origin": entry.origin,
            "path": str(entry.path),
        }
        for entry, template in items
    ]
    if as_json:
        _print_json(env, rows)
    else:
        from rich.table import Table

        table = Table(box=None, pad_edge=False)
        table.add_column("id", no_wrap=True, min_width=max((len(row["id"]) for row in rows), default=2))
        for header in ("名称", "领域", "来源"):
            table.add_column(header)
        for row in rows:
            table.add_row(row["id"], row["name"], row["sector_name"], row["origin"])
        env.out.print(table)
    for error in errors:
        env.report(error)
    return EXIT_INPUT if errors else EXIT_OK


@templates_app.command("show", cls=ChineseCommand)
def templates_show(
    ctx: typer.Context,
    template_id: Annotated[str, typer.Argument(metavar="ID", help="计划模板 id，如 hospital-branch。")],
    year: PreviewYearOpt = None,
    detail: DetailOpt = None,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> None:
    """显示计划模板的结构（自动编号后的各级标题；默认按模板的默认详略）。"""
    from .preview import preview_template

    env = _env(ctx, debug)
    lib = env.library(library)
    entry = lib.entry("template", template_id)
    template = lib.template(template_id)
    doc = preview_template(lib, template_id, year, detail.value if detail else None)
    env.say(f"{template.id}  {template.name}")
    env.say(f"来源：{entry.origin}    文件：{entry.path}")
    env.say(f"示例标题：{doc.title}")
    _print_outline(env, doc, full=False)


# --- helpers -----------------------------------------------------------------------------------


def _print_blocks(env: Env, items: list[tuple[Any, Any]], as_json: bool) -> None:
    from .schema.types import CATEGORY_NAMES

    rows = [
        {
            "id": block.id,
            "title": block.title,
            "category": block.category,
            "category_name": CATEGORY_NAMES.get(block.category, block.category),
            "sectors": list(block.sectors),
            "summary": block.summary,
            "params": list(block.params),
            "origin": entry.origin,
            "path": str(entry.path),
            "overrides": [shadowed.origin for shadowed in entry.shadows],
        }
        for entry, block in items
    ]
    if as_json:
        _print_json(env, rows)
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    table.add_column("id", no_wrap=True, min_width=max((len(row["id"]) for row in rows), default=2))
    for header in ("标题", "分类", "来源"):
        table.add_column(header)
    for row in rows:
        origin = row["origin"] + ("（覆盖内置）" if row["overrides"] else "")
        table.add_row(row["id"], row["title"], row["category_name"], origin)
    env.out.print(table)


def _print_json(env: Env, rows: list[dict[str, Any]]) -> None:
    import json

    env.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


def _print_outline(env: Env, doc: Any, full: bool) -> None:
    from .document import Heading, RunIn, Table

    for node in doc.body:
        indent = "  " * (getattr(node, "level", 1) - 1)
        if isinstance(node, Heading):
            env.say(f"{indent}{node.label}")
        elif isinstance(node, RunIn):
            text = node.label + node.body if full else node.label.removesuffix("。")
            env.say(f"{indent}{text}")
        elif isinstance(node, Table):
            if full:
                if node.caption:
                    env.say(f"    {node.caption}")
                for row in [node.header, *node.rows]:
                    env.say("    | " + " | ".join(row) + " |")
        elif full:
            env.say(f"    {node.text}")


def _shown(path: Path, cwd: Path) -> str:
    return shown(path, cwd)


# --- entry point -------------------------------------------------------------------------------


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that scratch files and LibreOffice are cleaned up."""


def main(argv: list[str] | None = None, env: Env | None = None) -> int:
    """Run the CLI; returns the exit code (the console script passes it to ``sys.exit``).

    The command is invoked here rather than through click's ``main``, which answers Ctrl-C by
    printing an empty line of its own: an interrupted run prints exactly one line, “已中断。”.
    """
    env = env or Env()
    env.debug = env.debug or env.environ.get("PLANGEN_DEBUG", "") not in ("", "0")
    command = typer.main.get_command(app)
    _paths_left_to_plangen(command)
    args = list(argv) if argv is not None else _expand_args(sys.argv[1:])
    bad = next((arg for arg in args if "\x00" in arg), None)
    if bad is not None:  # no file name or value may hold one; the OS would refuse it mid-command
        env.warn(f"错误：命令行参数含有控制字符（空字符）：{visible(bad)}")
        return EXIT_INPUT
    try:
        with command.make_context("plangen", args, obj=env) as ctx:
            result = command.invoke(ctx)
    except PlanError as exc:
        env.report(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        env.warn("已中断。")
        return EXIT_INTERRUPTED
    except Terminated:
        env.warn("已终止。")
        return EXIT_TERMINATED
    except BrokenPipeError:  # `plangen blocks show … | head`: the reader has all it wanted
        silence_stdout()
        return EXIT_OK
    except Exception as exc:
        from .usage import click_error

        handled = click_error(exc, env)
        if handled is not None:
            return handled
        if env.debug:
            raise
        env.warn(f"内部错误：{type(exc).__name__}: {exc}")
        env.warn("提示：这是 plangen 的缺陷，请加 --debug 重新运行并把输出报告给维护者。")
        return EXIT_INTERNAL
    return result if isinstance(result, int) else EXIT_OK


def _paths_left_to_plangen(command: Any) -> None:
    """click's path type refuses an unreadable file in a sentence that names no file; plangen opens
    every path itself and says which one and why (``errors.os_reason``), so click does not check."""
    stack = [command]
    while stack:
        current = stack.pop()
        for param in current.params:
            kind = getattr(param, "type", None)  # typer 0.29 builds its parameters' types later
            if hasattr(kind, "readable"):
                kind.readable = False
        stack.extend(getattr(current, "commands", {}).values())


def _expand_args(args: list[str]) -> list[str]:
    """``plangen build *.yaml`` in cmd.exe and PowerShell, which pass the pattern on unexpanded."""
    if sys.platform != "win32":
        return args
    import glob

    out: list[str] = []
    for arg in args:
        matches = sorted(glob.glob(arg)) if not arg.startswith("-") and any(c in arg for c in "*?[") else []
        out.extend(matches or [arg])
    return out


def entry() -> None:
    """The ``plangen`` console script: SIGTERM ends the run like Ctrl-C, cleaning up as it goes."""
    import signal

    def terminate(*_: object) -> None:
        raise Terminated

    signal.signal(signal.SIGTERM, terminate)
    code = main()
    for number in (signal.SIGINT, signal.SIGTERM):  # the run is over and its exit code said: a late
        signal.signal(number, signal.SIG_IGN)  # Ctrl-C must not turn it into a killed process's
    sys.exit(code)
