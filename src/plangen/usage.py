"""typer and click in Chinese: usage errors, and the help screens' titles and markers.

What went wrong is read from the exception's class and the parameter's type (its choices, its
range), never from click's message: that is English and reworded between versions. The message
only refines a few cases (which command was unknown, which argument was extra); when its wording is
not one we know, the user still gets a Chinese sentence.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING, Any

from typer.core import TyperCommand, TyperGroup

from .errors import EXIT_INPUT, EXIT_INTERRUPTED, is_ours

if TYPE_CHECKING:
    from .environment import Env


def click_error(exc: BaseException, env: Env) -> int | None:
    """Print a usage error and return its exit code; None when *exc* is not one."""
    try:
        from typer._click import exceptions as ce  # typer ≥ 0.25 vendors click
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions as ce
    ct = _param_types()

    import typer

    if isinstance(exc, typer.Exit):  # --help, --version: click has printed what was asked
        return exc.exit_code
    no_args = getattr(ce, "NoArgsIsHelpError", None)
    if no_args is not None and isinstance(exc, no_args):  # help has been shown: nothing went wrong
        return 0
    if isinstance(exc, typer.Abort):
        env.warn("已取消。")
        return EXIT_INTERRUPTED
    if not isinstance(exc, ce.ClickException):
        return None
    said = str(getattr(exc, "message", "") or "")
    if isinstance(exc, ce.NoSuchOption):
        message = f"没有选项 {exc.option_name}"
        if exc.possibilities:
            message += f"。您是不是要输入 {' 或 '.join(sorted(exc.possibilities))}？"
    elif isinstance(exc, ce.MissingParameter):
        message = f"缺少参数 {_param_name(exc.param)}".strip()
    elif isinstance(exc, ce.BadParameter):
        hint = exc.param_hint if isinstance(exc.param_hint, str) else _param_name(exc.param)
        reason = said if is_ours(said) else _expected(getattr(exc.param, "type", None), ct, said)
        message = f"参数 {hint} 的值无效" + (f"：{reason}" if reason else "")
    elif isinstance(exc, ce.BadOptionUsage):
        message = f"选项 {exc.option_name} {_refine(said, _OPTION_USAGE, '的用法不对')}"
    elif isinstance(exc, ce.FileError):
        message = f"无法打开文件 {exc.ui_filename}"
    elif is_ours(said):  # raised by plangen itself
        message = said
    elif isinstance(exc, ce.UsageError):
        message = _refine(said, _USAGE, "命令行的写法不对") + _did_you_mean(said, exc.ctx)
    else:
        message = "命令行有误"
    command = exc.ctx.command_path if isinstance(exc, ce.UsageError) and exc.ctx is not None else "plangen"
    env.warn(f"错误：{message}")
    if isinstance(exc, ce.UsageError):
        env.warn(f"提示：用 {command} --help 查看用法。")
    return EXIT_INPUT


def _did_you_mean(said: str, ctx: Any) -> str:
    """For a mistyped command (“plangen biuld”), the commands of its group it is nearest to."""
    import difflib

    unknown = re.search(r"No such command '([^']+)'", said)
    command = getattr(ctx, "command", None)
    if unknown is None or command is None or not hasattr(command, "list_commands"):
        return ""
    names = [name for name in command.list_commands(ctx) if not command.get_command(ctx, name).hidden]
    near = difflib.get_close_matches(unknown.group(1), names, n=3, cutoff=0.5)
    return f"。您是不是要输入 {' 或 '.join(near)}？" if near else f"。可用的命令：{'、'.join(names)}"


def _param_types() -> Any:
    """click's parameter types, where this typer has them (typer 0.29 checks values itself): without
    them a bad value is still refused in Chinese, only less precisely."""
    try:
        from typer._click import types
    except ImportError:
        try:
            from click import types
        except ImportError:
            return None
    return types


def _param_name(param: object) -> str:
    """``--year`` for an option, ``SPECS`` for an argument (attribute names differ across click versions)."""
    if param is None:
        return ""
    opts = getattr(param, "opts", None) or []
    if getattr(param, "param_type_name", "") == "option" and opts:
        return "/".join(opts)
    return str(getattr(param, "name", "") or "").upper()


def _expected(kind: Any, ct: Any, said: str) -> str:
    """What a parameter of type *kind* accepts, from the type's own fields."""
    choices = getattr(kind, "choices", None)
    if choices:
        names = [str(choice.value if isinstance(choice, Enum) else choice) for choice in choices]
        return f"应为 {'、'.join(names)} 之一"
    if ct is None:
        return _refine(said, _PATH, "")
    whole = isinstance(kind, ct.IntParamType)
    number = "整数" if whole else "数字"
    if isinstance(kind, (ct.IntParamType, ct.FloatParamType)):
        low, high = getattr(kind, "min", None), getattr(kind, "max", None)
        if low is not None and high is not None:
            return f"应为 {low} 到 {high} 之间的{number}"
        if low is not None:
            return f"应为不小于 {low} 的{number}"
        if high is not None:
            return f"应为不大于 {high} 的{number}"
        return f"应为{number}"
    if isinstance(kind, ct.BoolParamType):
        return "应为 true 或 false"
    if isinstance(kind, ct.DateTime):
        return "应为日期，如 2027-01-05"
    if hasattr(kind, "file_okay") and hasattr(kind, "dir_okay"):  # click's Path, typer's TyperPath
        return _refine(said, _PATH, "路径无效")
    return ""


def _refine(said: str, table: list[tuple[re.Pattern[str], str]], otherwise: str) -> str:
    """The Chinese for click's English *said* when its wording is one we know, else *otherwise*."""
    for pattern, chinese in table:
        found = pattern.search(said)
        if found:
            return found.expand(chinese)
    return otherwise


_USAGE = [
    (re.compile(r"No such command '([^']+)'"), r"没有这个命令：\1"),
    (re.compile(r"unexpected extra argument\S* \((.*)\)"), r"多余的参数：\1"),
    (re.compile(r"Missing command"), "缺少命令"),
]
_OPTION_USAGE = [
    (re.compile(r"requires (?:an|\d+) arguments?"), "后面缺少值"),
    (re.compile(r"does not take a value"), "是开关，后面不能带值"),
]
_PATH = [
    (re.compile(r"does not exist"), "不存在"),
    (re.compile(r"is a directory"), "是文件夹，不是文件"),
    (re.compile(r"is a file"), "是文件，不是文件夹"),
    (re.compile(r"is not readable"), "没有读取权限"),
    (re.compile(r"is not writable"), "没有写入权限"),
]


# --- help screens in Chinese ----------------------------------------------------------------------

_EXAMPLES = "示例："
_NO_LINE_START = set("，。、；：！？）》」』”’…%％")  # a line of Chinese text never starts with these
# click's type names (they differ between its versions) in Chinese
_TYPE_NAMES = {
    "path": "路径", "file": "文件", "filename": "文件", "text": "文字", "str": "文字", "boolean": "是或否",
    "integer": "整数", "int": "整数", "integer range": "整数", "int range": "整数",
    "float": "数字", "float range": "数字", "datetime": "日期",
}  # fmt: skip
_COMPLETION_HELP = {
    "--install-completion": "为当前的命令行（bash、zsh、fish、PowerShell）安装 Tab 补全。",
    "--show-completion": "显示当前命令行的 Tab 补全脚本，可自行复制安装。",
}


def display_width(text: str) -> int:
    """Columns *text* takes in a terminal: a Chinese character or full-width mark takes two."""
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)


def wrap(text: str, width: int) -> list[str]:
    """*text* in lines of at most *width* columns: Chinese breaks between any two characters, but
    never before a closing mark; an English word, a number, an option or a file name stays whole
    (cut only when longer than a line)."""
    width = max(width, 2)  # a Chinese character takes two columns
    tokens = re.findall(r"[!-~]+|\s+|.", text.strip())
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for token in tokens:
        if token.isspace():
            if line:
                line.append(" ")
                used += 1
            continue
        size = display_width(token)
        while size > width:  # longer than a line: cut
            if line:
                lines.append("".join(line).rstrip())
                line, used = [], 0
            cut = next((k for k in range(len(token), 0, -1) if display_width(token[:k]) <= width), 1)
            lines.append(token[:cut])
            token = token[cut:]
            size = display_width(token)
        if used + size > width and line:
            carried: list[str] = []
            if token[0] in _NO_LINE_START:  # the marks go down with the character before them
                while len(line) > 1:
                    carried.insert(0, line.pop())
                    if carried[0][0] not in _NO_LINE_START and not carried[0].isspace():
                        break
            lines.append("".join(line).rstrip())
            line = carried
            used = sum(display_width(piece) for piece in line)
        line.append(token)
        used += size
    if line:
        lines.append("".join(line).rstrip())
    return lines or [""]


def _terminal_width() -> int:
    import shutil

    return max(30, min(shutil.get_terminal_size((80, 24)).columns, 120) - 1)


def _metavar(param: Any) -> str:
    """What a parameter takes, in Chinese: its metavar, its choices, or its type's name; a flag nothing."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    if param.metavar:
        return str(param.metavar)
    choices = getattr(param.type, "choices", None)
    if choices:
        return "|".join(str(getattr(choice, "value", choice)) for choice in choices)
    return _TYPE_NAMES.get(str(getattr(param.type, "name", "")).lower(), "值")


def _argument_name(param: Any) -> str:
    name = _metavar(param) + ("..." if param.nargs == -1 else "")
    return name if param.required else f"[{name}]"


def _help_of(param: Any) -> str:
    for name in getattr(param, "opts", []):
        if name in _COMPLETION_HELP:
            return _COMPLETION_HELP[name]
    text = str(getattr(param, "help", "") or "")
    default = getattr(param, "default", None)
    shown = getattr(param, "show_default", None)
    if (
        getattr(param, "param_type_name", "") == "option"
        and shown is not False
        and default not in (None, False, "", (), [])
        and not callable(default)
        and "默认" not in text
    ):
        text += f"（默认：{_default(default)}）"
    if getattr(param, "required", False) and getattr(param, "param_type_name", "") == "option":
        text += "（必填）"
    return text


def _default(value: Any) -> str:
    """A default as a person reads it: 是/否, a list joined by 、, a choice by its value."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(_default(item) for item in value)
    return str(getattr(value, "value", value))


def _rows(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns: what to type, and what it does; the second below the first when the first is wide."""
    column = min(max((display_width(left) for left, _ in rows), default=0), max(12, width // 3))
    out = []
    for left, text in rows:
        indent = column + 4
        body = wrap(text, max(10, width - indent)) if text else [""]
        if display_width(left) <= column:
            pad = " " * (column - display_width(left))
            out.append(f"  {left}{pad}  {body[0]}".rstrip())
            rest = body[1:]
        else:  # on a line of its own, itself wrapped where a narrow terminal needs it
            out += ["  " + line for line in wrap(left, max(10, width - 2))]
            rest = body
        out += [" " * indent + line for line in rest]
    return out


def render_help(ctx: Any, command: Any, width: int | None = None) -> str:
    """A command's or group's help, every word Chinese but what is typed, wrapped to the terminal:
    usage, what it does, examples, arguments, options, subcommands."""
    width = width or _terminal_width()
    params = [param for param in command.get_params(ctx) if not getattr(param, "hidden", False)]
    arguments = [param for param in params if param.param_type_name == "argument"]
    options = [param for param in params if param.param_type_name == "option"]
    group = hasattr(command, "list_commands")
    usage = [ctx.command_path, "[选项]", *(_argument_name(param) for param in arguments)]
    if group:
        usage += ["命令", "[参数]..."]
    out = wrap("用法：" + " ".join(usage), width)
    paragraphs = [block.strip() for block in re.split(r"\n\s*\n", command.help or "") if block.strip()]
    for block in paragraphs:
        out.append("")
        if block.startswith(_EXAMPLES):
            out.append(_EXAMPLES)
            for line in block[len(_EXAMPLES) :].strip().splitlines():  # a long one goes on, indented
                out += [
                    ("  " if at == 0 else "      ") + piece for at, piece in enumerate(wrap(line, width - 6))
                ]
        else:
            out += wrap(" ".join(block.split()), width)
    if arguments:
        out += ["", "参数："]
        out += _rows([(_argument_name(param), _help_of(param)) for param in arguments], width)
    if options:
        out += ["", "选项："]
        rows = []
        for param in options:
            names = ", ".join(sorted(param.opts, key=len))
            if param.secondary_opts:  # --color/--no-color
                names += " / " + ", ".join(sorted(param.secondary_opts, key=len))
            rows.append((f"{names} {_metavar(param)}".strip(), _help_of(param)))
        out += _rows(rows, width)
    if group:
        names = [name for name in command.list_commands(ctx) if not command.get_command(ctx, name).hidden]
        if names:
            out += ["", "命令："]
            out += _rows([(name, _short(command.get_command(ctx, name).help)) for name in names], width)
    return "\n".join(out) + "\n"


def _short(text: str | None) -> str:
    """A command's help, its first line: what the group's list says of it."""
    return next(iter((text or "").strip().splitlines()), "")


class _ChineseHelp:
    """Help screens in Chinese, wrapped to the terminal by :func:`render_help`: typer's panels are
    drawn by rich, which cuts a line of Chinese (no spaces to break at) with “…”, and its titles
    and type names are English."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render_help(ctx, self))

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
