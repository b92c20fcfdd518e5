"""Command-line usage errors from typer/click, said in Chinese."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .errors import EXIT_INPUT, EXIT_INTERRUPTED

if TYPE_CHECKING:
    from .environment import Env


def click_error(exc: BaseException, env: Env) -> int | None:
    """Print a usage error and return its exit code; None when *exc* is not one."""
    try:
        from typer._click import exceptions as ce  # typer ≥ 0.25 vendors click
    except ImportError:  # pragma: no cover - older typer
        from click import exceptions as ce

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
    message = exc.format_message()
    if isinstance(exc, ce.NoSuchOption):
        message = f"没有选项 {exc.option_name}"
        if exc.possibilities:
            message += f"（是不是 {'、'.join(sorted(exc.possibilities))}？）"
    elif isinstance(exc, ce.MissingParameter):
        message = f"缺少参数 {_param_name(exc.param)}".strip()
    elif isinstance(exc, ce.BadParameter):
        hint = exc.param_hint if isinstance(exc.param_hint, str) else _param_name(exc.param)
        message = f"参数 {hint} 的值无效：{_translate(exc.message)}"
    elif isinstance(exc, ce.UsageError) and message.startswith("No such command"):
        message = "没有这个命令：" + message.split("'")[1] if "'" in message else message
    command = exc.ctx.command_path if isinstance(exc, ce.UsageError) and exc.ctx is not None else "plangen"
    env.warn(f"错误：{message}")
    if isinstance(exc, ce.UsageError):
        env.warn(f"提示：用 {command} --help 查看用法。")
    return exc.exit_code if exc.exit_code else EXIT_INPUT


def _param_name(param: object) -> str:
    """``--year`` for an option, ``SPECS`` for an argument (attribute names differ across click versions)."""
    if param is None:
        return ""
    opts = getattr(param, "opts", None) or []
    if getattr(param, "param_type_name", "") == "option" and opts:
        return "/".join(opts)
    return str(getattr(param, "name", "") or "").upper()


_MESSAGES = [
    (re.compile(r"Input should be a valid integer.*"), "应为整数"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"不能小于 \1"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"不能大于 \1"),
    (re.compile(r".*is not a valid integer.*"), "应为整数"),
    (re.compile(r".*does not exist.*"), "不存在"),
    (re.compile(r".*embedded null (byte|character).*"), "含有控制字符（空字符）"),
    (re.compile(r".*is not in the range (\d+)<=x<=(\d+).*"), r"应在 \1 到 \2 之间"),
    (re.compile(r".*?('[^']*') is not one of (.*?)\.?$"), r"\1 不是可选值，应为 \2 之一"),
]


def _translate(message: str) -> str:
    for pattern, chinese in _MESSAGES:
        if pattern.search(message):
            return pattern.sub(chinese, message)
    return message
