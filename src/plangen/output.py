"""Writing results: Windows-safe file names, refusal to overwrite, atomic replacement.

An output file either appears complete or not at all: bytes go to a temporary file in the target
folder, then ``os.replace`` puts it in place (atomic on one volume, on Windows too). Ctrl-C or an
error removes the temporary file.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import PlanError, PlanErrors

_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
MAX_NAME = 120  # characters; leaves room under Windows' 260-character path limit


def safe_filename(name: str, fallback: str = "工作计划") -> str:
    """A file name (without extension) valid on Windows, macOS and Linux."""
    name = _BAD_CHARS.sub("_", " ".join(name.split()))
    name = name.strip(" .")[:MAX_NAME].rstrip(" .")
    if not name:
        name = fallback
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name


def check_targets(targets: Iterable[Path], force: bool) -> None:
    """Refuse to go on if any target exists (unless *force*) or is a folder."""
    problems = []
    for target in targets:
        if target.is_dir():
            problems.append(PlanError("输出路径是一个文件夹", target))
        elif target.exists() and not force:
            problems.append(
                PlanError("文件已存在", target, hint="加 --force 覆盖，或用 -o 指定其他输出文件夹。")
            )
    PlanErrors.raise_if_any(problems)


def write_atomic(target: Path, data: bytes) -> None:
    """Write *data* to *target* via a temporary file in the same folder and ``os.replace``."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlanError(f"无法创建输出文件夹：{exc.strerror or exc}", folder) from None
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
        os.replace(temp, target)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PlanError(f"无法写入文件：{exc.strerror or exc}", target) from None
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
