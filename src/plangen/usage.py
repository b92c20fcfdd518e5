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
            message += f"（是不是 {'、'.join(sorted(exc.possibilities))}？）"
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
        message = _refine(said, _USAGE, "命令行的写法不对")
    else:
        message = "命令行有误"
    command = exc.ctx.command_path if isinstance(exc, ce.UsageError) and exc.ctx is not None else "plangen"
    env.warn(f"错误：{message}")
    if isinstance(exc, ce.UsageError):
        env.warn(f"提示：用 {command} --help 查看用法。")
    return EXIT_INPUT


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
    (re.compile(r"No such command '(.+)'"), r"没有这个命令：\1"),
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

    typer has no parameter for its panel titles and markers, only module constants: they are set
    here, once help is shown (start-up pays nothing), and a name a typer release drops is skipped.
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
