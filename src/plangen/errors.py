"""Errors a user can act on, and the one table of exit codes.

Every expected failure is a :class:`PlanError` carrying where it happened, so the CLI can print
``错误：path:line：message`` and ``提示：hint`` instead of a traceback.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1  # some items of a batch failed, or lint found problems
EXIT_INPUT = 2  # bad input, refused overwrite, usage error
EXIT_INTERNAL = 3  # a bug in plangen
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # SIGTERM (128 + SIGTERM)


class PlanError(Exception):
    """A problem in the user's input, with its location and a hint on how to fix it."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def located(self, path: str | Path | None, line: int | None = None) -> PlanError:
        """Fill in a location the raiser did not know; keeps one already set."""
        if self.path is None:
            self.path = path
            if self.line is None:
                self.line = line
        return self

    def where(self, cwd: Path | None = None) -> str:
        """``path:line`` as the user should read it (relative to *cwd* when inside it)."""
        if self.path is None:
            return ""
        shown = str(self.path)
        if isinstance(self.path, Path) and cwd is not None:
            try:
                shown = str(self.path.resolve().relative_to(cwd.resolve()))
            except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
                try:  # as written, without following links
                    shown = str(Path(os.path.abspath(self.path)).relative_to(os.path.abspath(cwd)))
                except ValueError:
                    shown = str(self.path)
        return f"{shown}:{self.line}" if self.line else shown

    def __str__(self) -> str:
        where = self.where()
        return f"{where}：{self.message}" if where else self.message


class PlanErrors(PlanError):
    """Several problems found in one pass; reported together so users fix them in one go."""

    def __init__(self, errors: list[PlanError]) -> None:
        first = errors[0]
        super().__init__(first.message, first.path, first.line, first.hint)
        self.errors = errors

    @staticmethod
    def raise_if_any(errors: list[PlanError]) -> None:
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise PlanErrors(errors)


def shorten(value: object, limit: int = 40) -> str:
    """A user's value as quoted in a message: one line, at most *limit* characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def translate(message: str, table: dict[str, str], otherwise: str) -> str:
    """The Chinese text for a library's English *message*, by prefix; *otherwise* when the wording is
    not one we know (another version of the library), so the library's English never reaches a user."""
    return next((chinese for english, chinese in table.items() if message.startswith(english)), otherwise)


# Chinese text outside any quoted or bracketed value: a library that quotes a user's Chinese
# (“Invalid isoformat string: '二〇二七'”) is still speaking English
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\([^()]*\)|\[[^\[\]]*\]")
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_ours(message: str) -> bool:
    """Whether *message* is one of plangen's own (all are Chinese), not a library's English."""
    return bool(_CHINESE.search(_QUOTED.sub("", message)))


def own_message(exc: object, otherwise: str) -> str:
    """*exc*'s message when plangen wrote it; *otherwise* when a library (or Python) did."""
    message = str(exc)
    return message if is_ours(message) else otherwise


# why an OS call failed, by errno (Linux and macOS say it in English, whatever the user's language)
_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘为只读",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EEXIST: "已有同名的文件",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "同时打开的文件过多",
    getattr(errno, "ELOOP", -1): "路径中的符号链接过多或形成了循环",
    errno.EIO: "磁盘读写出错",
    errno.EBUSY: "文件正被其他程序占用",
    getattr(errno, "ETXTBSY", -1): "文件正被其他程序占用",
    errno.EFBIG: "文件过大",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EINVAL: "文件名或路径无效",
    errno.ENXIO: "设备不存在",
    errno.ENODEV: "设备不存在",
    getattr(errno, "EDQUOT", -1): "超出磁盘配额",
}
_OS_REASONS.pop(-1, None)  # a code this system does not have
_DENIED = (errno.EACCES, errno.EPERM)
# an OSError made without an errno (``FileExistsError(path)``) still says what it is by its class
_OS_CLASSES: tuple[tuple[type[OSError], int], ...] = (
    (FileNotFoundError, errno.ENOENT),
    (FileExistsError, errno.EEXIST),
    (IsADirectoryError, errno.EISDIR),
    (NotADirectoryError, errno.ENOTDIR),
    (PermissionError, errno.EACCES),
)


def os_reason(exc: BaseException, writing: bool = False) -> str:
    """Why reading (or *writing*) a path failed, in Chinese: from the errno, never ``strerror``.

    A ValueError is a path the OS cannot even be asked about (a NUL character in it)."""
    if not isinstance(exc, OSError):
        return "路径中含有空字符" if isinstance(exc, ValueError) and "null" in str(exc) else "路径无效"
    code = exc.errno
    if code is None:
        code = next((number for kind, number in _OS_CLASSES if isinstance(exc, kind)), None)
    if getattr(exc, "winerror", None) in (32, 33):  # Windows: another program has the file open
        return "文件正被其他程序占用（如已在 Word、Excel 或 WPS 中打开），请关闭后重试"
    if code in _DENIED:
        return "没有写入权限" if writing else "没有读取权限"
    if code in _OS_REASONS:
        return _OS_REASONS[code]
    action = "写入" if writing else "读取"
    return f"无法{action}（系统错误码 {code}）" if code else f"无法{action}"


def flatten(error: PlanError) -> list[PlanError]:
    """The individual problems inside *error*."""
    return list(error.errors) if isinstance(error, PlanErrors) else [error]
