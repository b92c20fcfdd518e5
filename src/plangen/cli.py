"""The command line: it parses arguments into a command's options, calls the command
(:mod:`plangen.commands`) and ends with its Report — nothing else.

Only typer and the standard library are imported at start-up; each command is imported when it
runs and imports what it needs (pydantic, yaml, jinja2, rich's tables), so ``plangen --help`` is as
quick as a bare typer app. The terminal is injected (:class:`Env`), so tests drive every command
without a real console.

No ``from __future__ import annotations`` here: typer reads every command's signature at start-up,
and annotations kept as text it must compile and evaluate one by one (~20 ms of every run).
"""

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .environment import Env, silence_stdout, visible
from .errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, PlanError
from .usage import ChineseCommand, ChineseGroup
from .years import FIRST_YEAR

__all__ = ["Env", "app", "entry", "main"]  # tests and the wizard take Env from here
COMPLETE_VAR = "_PLANGEN_COMPLETE"  # set by the completion script --install-completion writes


app = typer.Typer(
    name="plangen",
    cls=ChineseGroup,
    help="生成党支部、党委年度工作计划：内容块组合、自动编号，输出按 GB/T 9704-2012 排版的 DOCX、PDF 和 Markdown。"
    "\n\n示例：\n  plangen examples 示例\n  plangen new\n  plangen build 示例/hospital-branch.yaml",
    no_args_is_help=True,
    add_completion=True,
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
        "--no-office",
        hidden=True,  # the contents no longer need LibreOffice: kept so that old scripts still run
        help="旧选项，已不需要：目录页码由版式模型算出，不调用 LibreOffice。",
    ),
]
CheckOpt = Annotated[
    bool,
    typer.Option(
        "--check", help="再用 LibreOffice 排版一遍，核对目录页码和总页数，不一致时逐条报告并以 1 退出。"
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
    typer.Option("--year", "-y", min=FIRST_YEAR, max=2100, help="按该年度预览（默认：正在编制计划的年度）。"),
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


class ScheduleTable(StrEnum):
    appendix = "appendix"
    full = "full"
    none = "none"


ScheduleOpt = Annotated[
    ScheduleTable | None,
    typer.Option(
        "--schedule",
        help="附件月度工作安排表：appendix 不超过两页（每月例行的工作列一次）、full 逐项列出日期和责任人、none 不附"
        "（默认取计划文件的 output.schedule）。",
    ),
]


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
        list[Path],
        typer.Argument(metavar="计划文件", help="计划文件（plan.yaml），可以多个。", show_default=False),
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
    schedule: ScheduleOpt = None,
    no_office: NoOfficeOpt = False,
    check: CheckOpt = False,
    holidays: HolidaysOpt = None,
    no_lint: NoLintOpt = False,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """按计划文件生成年度工作计划。

    示例：
      plangen build plan.yaml
      plangen build plan.yaml --year 2028 -f docx,pdf
    """
    from .commands import build as command

    assignments = [*(assignments or []), *([f"output.schedule={schedule.value}"] if schedule else [])]
    return _run(ctx, debug, command.run, command.Options(
        specs, out_dir, formats, year, assignments, force, False if no_toc else None, no_office, holidays,
        not no_lint, library, check,
    ))  # fmt: skip


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
    """向导：回答几个问题，生成计划文件（plan.yaml）和 Word、Markdown 计划，最后可一并生成全年会议材料。

    示例：
      plangen new
      plangen new --from plan.yaml -o 明年
    """
    from .commands import new as command

    return _run(ctx, debug, command.run,
                command.Options(out_dir, defaults, data or [], data_file, previous, force, library))  # fmt: skip


@app.command(cls=ChineseCommand)
def batch(
    ctx: typer.Context,
    roster: Annotated[
        Path,
        typer.Argument(
            metavar="名册", help="名册：CSV（UTF-8 或 GB18030）或 XLSX，一行一个支部。", show_default=False
        ),
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

    示例：
      plangen batch 名册.csv --spec plan.yaml -o 各支部
      plangen batch 名册.xlsx --spec plan.yaml -o 各支部 --combine 汇编.docx
    """
    from .commands import batch as command

    return _run(ctx, debug, command.run, command.Options(
        roster, base, out_dir, formats, jobs, year, assignments or [], mapping or [], combine, force, no_office,
        not no_lint, library, Terminated,
    ))  # fmt: skip


@app.command(cls=ChineseCommand)
def schedule(
    ctx: typer.Context,
    spec: Annotated[
        Path, typer.Argument(metavar="计划文件", help="计划文件（plan.yaml）。", show_default=False)
    ],
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
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="核对日程：列出因节假日、一天活动过多、寒暑假而调整的每一项及其规则，"
            "以及无法满足的约束（有冲突时以 1 退出）。",
        ),
    ] = False,
    debug: DebugOpt = False,
) -> int:
    """列出全年按日期排定的会议和活动（遇节假日顺延），可另存为 .ics 或 CSV。

    示例：
      plangen schedule plan.yaml
      plangen schedule plan.yaml --ics 会议.ics
    """
    from .commands import schedule as command

    return _run(ctx, debug, command.run,
                command.Options(spec, year, ics, csv, assignments or [], force, holidays, library, check))  # fmt: skip


@app.command(cls=ChineseCommand)
def diff(
    ctx: typer.Context,
    old: Annotated[
        Path,
        typer.Argument(
            metavar="去年",
            help="去年的计划：计划文件（.yaml）、生成的或以往的计划（.docx、.md、.txt）。",
            show_default=False,
        ),
    ],
    new: Annotated[
        Path | None,
        typer.Argument(
            metavar="今年",
            help="今年的计划（同上）；用 --years 对照同一计划文件的两个年度时省略。",
            show_default=False,
        ),
    ] = None,
    years: Annotated[
        str | None,
        typer.Option(
            "--years", help="计划文件按这两个年度生成后对照，如 2027,2028（去年,今年）。", show_default=False
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="写出对照表：.docx（供支委会打印）或 .md。", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的对照表。")] = False,
    assignments: Annotated[
        list[str] | None, typer.Option("--set", "-s", help="覆盖计划文件中的值：键=值（两边都用）。")
    ] = None,
    holidays: HolidaysOpt = None,
    library: LibraryOpt = None,
    no_office: ReadOfficeOpt = False,
    debug: DebugOpt = False,
) -> int:
    """对照两份计划：各部分按内容配对，列出新增、删去、调整的部分和改动的句子，可写成对照表。

    示例：
      plangen diff 去年的计划.docx plan.yaml -o 对照表.docx
      plangen diff plan.yaml --years 2027,2028
    """
    from .commands import diff as command

    options = command.Options(
        old, new, years, out, force, assignments or [], holidays, library, not no_office
    )
    return _run(ctx, debug, command.run, options)


@app.command(cls=ChineseCommand)
def meetings(
    ctx: typer.Context,
    spec: Annotated[
        Path, typer.Argument(metavar="计划文件", help="计划文件（plan.yaml）。", show_default=False)
    ],
    year: Annotated[int | None, typer.Option("--year", "-y", help="改为该年度（不修改计划文件）。")] = None,
    first: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="日期", help="从该日起（2027-03-01、2027-03 或 3月）。", show_default=False
        ),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option("--to", metavar="日期", help="到该日止（含；月份则到月末）。", show_default=False),
    ] = None,
    kinds: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="会议类别",
            help="只生成这类会议，可多次使用或用逗号分隔：支部党员大会、支部委员会会议（支委会）、党小组会、"
            "党课、廉政党课、主题党日、组织生活会、民主评议党员（默认全部）。",
        ),
    ] = None,
    members: Annotated[
        Path | None,
        typer.Option(
            "--members",
            "-m",
            help="党员名单（CSV 或 XLSX：姓名、党小组、职务、类别），用于签到表和应到人数。",
            show_default=False,
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="输出文件夹（默认：计划文件旁的“<党组织><年度>年会议材料”）。",
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        str | None, typer.Option("--format", "-f", help="输出格式，逗号分隔：docx、md（默认 docx）。")
    ] = None,
    split: Annotated[
        bool, typer.Option("--split", help="每份材料一个文件（默认每次会议一个文件）。")
    ] = False,
    combine: Annotated[
        Path | None,
        typer.Option(
            "--combine",
            metavar="文件",
            help="另把全年会议记录装订成一本（封面、按月目录、页码），如 记录本.docx，放在输出文件夹中。",
            show_default=False,
        ),
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option("--set", "-s", help="覆盖计划文件中的值：键=值，如 meetings.place=党员活动室。"),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖内容已不同的文件（如已手工填写的记录）。")
    ] = False,
    holidays: HolidaysOpt = None,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """为计划中的每次会议生成会议通知、签到表、会议记录，以及党课提纲、主题党日活动方案、组织生活会议程、民主评议表。

    会议时间、地点取计划文件的 meetings 设置，没写的留空待填。重复运行只写入有变化的文件。

    示例：
      plangen meetings plan.yaml --members 党员名单.xlsx
      plangen meetings plan.yaml --from 3月 --to 6月 --kind 支委会 --combine 记录本.docx
    """
    from .commands import meetings as command

    return _run(ctx, debug, command.run, command.Options(
        spec, year, first, last, kinds or [], members, out_dir, formats, split, combine, assignments or [],
        force, holidays, library,
    ))  # fmt: skip


class SummaryKind(StrEnum):
    summary = "总结"
    report = "述职"


@app.command(cls=ChineseCommand)
def summary(
    ctx: typer.Context,
    spec: Annotated[
        Path, typer.Argument(metavar="计划文件", help="计划文件（plan.yaml）。", show_default=False)
    ],
    year: Annotated[int | None, typer.Option("--year", "-y", help="改为该年度（不修改计划文件）。")] = None,
    records: Annotated[
        Path | None,
        typer.Option(
            "--records",
            "-r",
            metavar="记录",
            help="实际召开情况：plangen meetings 的输出文件夹（已填实到人数的会议记录算已召开），"
            "或 CSV/XLSX 表（日期、类别、是否召开）。",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        SummaryKind, typer.Option("--kind", "-k", help="总结：年度工作总结；述职：书记述职报告。")
    ] = SummaryKind.summary,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="输出文件夹（默认同 plangen build），或一个 .docx、.md 文件。",
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        str | None, typer.Option("--format", "-f", help="输出格式，逗号分隔：docx、md（默认 docx,md）。")
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
    """按计划生成年度工作总结（或书记述职报告）的框架：计划的各部分、日程中各项会议和活动的计划次数与实际次数，只有支部能写的内容留作待填写字段，填完之前 plangen lint 报错。

    示例：
      plangen summary plan.yaml -o 总结
      plangen summary plan.yaml --records 会议材料 --kind 述职
    """
    from .commands import summary as command

    return _run(ctx, debug, command.run, command.Options(
        spec, year, records, kind.value, out_dir, formats, assignments or [], force, holidays, library,
    ))  # fmt: skip


@app.command(cls=ChineseCommand)
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="文件", help="要检查的内容块、计划模板、计划文件或文件夹。", show_default=False
        ),
    ],
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """检查内容块、计划模板和计划文件，列出所有问题（文件:行号）。

    示例：
      plangen validate plan.yaml
      plangen validate 我的内容库
    """
    from .commands import validate as command

    return _run(ctx, debug, command.run, command.Options(paths, library))


class LintFormat(StrEnum):
    text = "text"
    json = "json"


@app.command(cls=ChineseCommand)
def lint(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="文件",
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
    """检查计划中的过时表述、模板残留、年份错误和编号问题（可用于 CI：有错误时退出码为 1）。

    示例：
      plangen lint 去年的计划.docx
      plangen lint 计划.docx --year 2027 -f json
    """
    from .commands import lint as command

    return _run(ctx, debug, command.run,
                command.Options(files, year, output is LintFormat.json, strict, no_office, library))  # fmt: skip


@app.command("import", cls=ChineseCommand)
def import_(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            metavar="文件",
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
    simplified: Annotated[
        bool, typer.Option("--simplified", help="把原文中的繁体字转为简体字写出（默认保留原文的字）。")
    ] = False,
    no_office: ReadOfficeOpt = False,
    debug: DebugOpt = False,
) -> int:
    """导入以往的计划：每个一级部分成为一个内容块，另有计划模板、计划文件和导入报告，可用 plangen build 重新生成。

    示例：
      plangen import 去年的计划.docx
      plangen import 范文合集.txt -o 导入
    """
    from .commands import import_ as command

    options = command.Options(source, out_dir, as_json, force, no_office, simplified)
    return _run(ctx, debug, command.run, options)


@app.command(cls=ChineseCommand)
def examples(
    ctx: typer.Context,
    out_dir: Annotated[
        Path,
        typer.Argument(metavar="文件夹", help="复制到这个文件夹（默认 examples）。", show_default=False),
    ] = Path("examples"),
    force: Annotated[bool, typer.Option("--force", help="覆盖文件夹中已有的同名文件。")] = False,
    debug: DebugOpt = False,
) -> int:
    """复制示例计划文件（每个内置模板一个）、示例名册和党员名单，说明书中的示例命令即可照样运行。

    示例：
      plangen examples
      plangen build examples/hospital-branch.yaml -o 计划
    """
    from .commands import examples as command

    return _run(ctx, debug, command.run, command.Options(out_dir, force))


@app.command(cls=ChineseCommand)
def schema(
    ctx: typer.Context,
    kind: Annotated[
        str, typer.Argument(metavar="种类", help="block（内容块）、template（计划模板）或 spec（计划文件）。")
    ],
) -> int:
    """输出 JSON Schema，供编辑器（yaml-language-server）在输入时校验。

    示例：
      plangen schema spec > plan.schema.json
      plangen schema block > block.schema.json
    """
    from .commands import schema as command

    return _run(ctx, False, command.run, command.Options(kind))


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
    """列出所有内容块及其来源。

    示例：
      plangen blocks list
      plangen blocks list -L 我的内容库
    """
    from .commands import blocks as command

    return _run(ctx, debug, command.list_blocks, command.ListOptions(category, sector, as_json, library))


@blocks_app.command("search", cls=ChineseCommand)
def blocks_search(
    ctx: typer.Context,
    word: Annotated[str, typer.Argument(metavar="关键词", help="关键词，在 id、标题、摘要和正文中查找。")],
    as_json: JsonOpt = False,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """按关键词搜索内容块。

    示例：
      plangen blocks search 主题党日
    """
    from .commands import blocks as command

    return _run(ctx, debug, command.search, command.SearchOptions(word, as_json, library))


@blocks_app.command("show", cls=ChineseCommand)
def blocks_show(
    ctx: typer.Context,
    block_id: Annotated[
        str, typer.Argument(metavar="内容块", help="内容块 id，如 organization.three-meetings。")
    ],
    year: PreviewYearOpt = None,
    detail: DetailOpt = None,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """显示内容块的信息、参数和预览（参数取默认值；默认按详尽版预览全部内容）。

    示例：
      plangen blocks show organization.three-meetings
    """
    from .commands import blocks as command

    return _run(ctx, debug, command.show,
                command.ShowOptions(block_id, year, detail.value if detail else None, library))  # fmt: skip


# --- templates ---------------------------------------------------------------------------------


@templates_app.command("list", cls=ChineseCommand)
def templates_list(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """列出所有计划模板及其来源。

    示例：
      plangen templates list
    """
    from .commands import templates as command

    return _run(ctx, debug, command.list_templates, command.ListOptions(as_json, library))


@templates_app.command("show", cls=ChineseCommand)
def templates_show(
    ctx: typer.Context,
    template_id: Annotated[str, typer.Argument(metavar="模板", help="计划模板 id，如 hospital-branch。")],
    year: PreviewYearOpt = None,
    detail: DetailOpt = None,
    library: LibraryOpt = None,
    debug: DebugOpt = False,
) -> int:
    """显示计划模板的结构（自动编号后的各级标题；默认按模板的默认详略）。

    示例：
      plangen templates show hospital-branch
    """
    from .commands import templates as command

    return _run(ctx, debug, command.show,
                command.ShowOptions(template_id, year, detail.value if detail else None, library))  # fmt: skip


# --- helpers -----------------------------------------------------------------------------------


def _run(ctx: typer.Context, debug: bool, command: Callable[[Env, Any], Any], options: Any) -> int:
    """Call *command* with the environment and *options*; its Report says the summary and gives the
    exit code (the same for every command: black's Report)."""
    return command(_env(ctx, debug), options).finish()


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
    _completion_in_chinese(command)
    if argv is None and env.environ.get(COMPLETE_VAR):  # the shell asks for Tab completions
        command._main_shell_completion(ctx_args={}, prog_name="plangen", complete_var=COMPLETE_VAR)
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


_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _completion_in_chinese(command: Any) -> None:
    """``--install-completion``: typer says where it put the script in English, and an unknown shell
    in English too; plangen says both in Chinese (typer's own installer writes the script)."""
    for param in command.params:
        if "--install-completion" not in getattr(param, "opts", ()):
            continue

        def install(ctx: Any, _param: Any, value: Any) -> Any:
            if not value or ctx.resilient_parsing:
                return value
            from typer import _completion_shared as shared

            shell = value if isinstance(value, str) else shared._get_shell_name()
            if shell not in _SHELLS:
                known = "bash、zsh、fish、powershell"
                said = f"不支持的命令行“{shell}”" if shell else "无法识别当前使用的命令行"
                raise PlanError(
                    f"{said}，只能为 {known} 安装补全",
                    hint="请在 bash、zsh、fish 或 PowerShell 中运行；或用 plangen --show-completion 取得脚本自行安装。",
                )
            shell, path = shared.install(shell=shell)
            typer.echo(f"已为 {shell} 安装 Tab 补全：{path}\n重新打开终端后生效。")
            raise typer.Exit(EXIT_OK)

        param.callback = install


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
    _exit(code)


def _exit(code: int) -> None:
    """End the process once its work is done: the exit handlers run (multiprocessing's, a temporary
    folder's finalizer), the streams are flushed, and the interpreter's teardown — freeing every
    object one by one, 40–80 ms after a batch — is skipped. Every file plangen writes is closed
    before this (written with ``with`` or os-level calls). Without the hook, the usual exit."""
    import atexit
    import os

    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None:
        sys.exit(code)
    run_handlers()
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):  # a closed pipe, a detached stream
            stream.flush()
    os._exit(code)
