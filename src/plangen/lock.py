"""One writer per output folder: a second batch into a folder in use is refused, never interleaved.

The lock is the operating system's own (``flock`` on POSIX, ``msvcrt.locking`` on Windows) on
``<out>/.plangen/plangen.lock``, so it ends with the process that holds it however that process
ends — a kill -9 or a power cut included — and there is never a stale lock to clear by hand. The
file holds the holder's PID, for the message; its name is not a plan record's (``*.json``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import PlanError, os_reason

STATE_DIR = ".plangen"  # plangen's own folder inside an output folder: the lock, a batch's records
LOCK_NAME = "plangen.lock"
_WINDOWS_BYTE = 1 << 30  # the byte locked on Windows: far from the PID, which stays readable


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold *folder*'s lock meanwhile, or refuse at once if another process holds it. Folders
    created only for the lock are removed again when the work fails before writing anything."""
    state = folder / STATE_DIR
    created = [path for path in (folder, state) if not path.exists()]
    try:
        state.mkdir(parents=True, exist_ok=True)
        handle = _acquire(state / LOCK_NAME)
    except OSError as exc:
        raise PlanError(f"无法写入输出文件夹：{os_reason(exc, writing=True)}", folder) from None
    if handle is None:
        _remove_empty(created)
        pid = _holder(state / LOCK_NAME)
        raise PlanError(
            f"输出文件夹正由另一个 plangen 进程使用{f'（PID {pid}）' if pid else ''}",
            folder,
            hint="等它完成后再运行，或用 -o 指定其他输出文件夹。",
        )
    try:
        yield
    except BaseException:
        if created and [entry.name for entry in os.scandir(state)] == [LOCK_NAME]:
            with contextlib.suppress(OSError):
                (state / LOCK_NAME).unlink()  # a racer that opened it re-checks the name (below)
            _remove_empty(created)
        raise
    finally:
        os.close(handle)  # releases the lock


def _acquire(path: Path) -> int | None:
    """An open handle holding the lock on *path*, or None when another process holds it."""
    for _ in range(10):
        handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        try:
            if not _lock(handle):
                os.close(handle)
                return None
            if os.path.samestat(os.fstat(handle), os.stat(path)):  # not a file removed meanwhile
                os.ftruncate(handle, 0)
                os.lseek(handle, 0, os.SEEK_SET)
                os.write(handle, f"{os.getpid()}\n".encode("ascii"))
                return handle
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)
    raise FileExistsError(path)


def _lock(handle: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(handle, _WINDOWS_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(path: Path) -> int | None:
    try:
        text = path.read_bytes()[:32].decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _remove_empty(folders: list[Path]) -> None:
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()
