"""Writing results: Windows-safe file names, refusal to overwrite, all-or-nothing replacement.

The files of one plan (DOCX, PDF, Markdown) appear together, complete, or not at all:

1. every file is written to a hidden temporary file in its target folder and flushed;
2. the temporary files are put in place — without ``--force`` by a hard link, which fails if the
   target appeared meanwhile (so two builds racing into one folder never replace each other's
   files), with ``--force`` by ``os.replace`` after the old file is moved aside;
3. if anything fails, or Ctrl-C arrives, during step 2, what was put in place is taken back and the
   old files are restored.

A process killed outright (SIGKILL, a power cut) can leave a temporary file behind; its name says
which host and process wrote it, and the next run in that folder removes it once that process is
gone. Scratch folders in the system's temporary folder follow the same rule.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import unicodedata
import zlib
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from .errors import PlanError, PlanErrors, os_reason

_RESERVED = {
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
    *(f"COM{i}" for i in [*range(10), "¹", "²", "³"]),
    *(f"LPT{i}" for i in [*range(10), "¹", "²", "³"]),
}  # fmt: skip
_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME = 120  # characters; leaves room under Windows' 260-character path limit
MAX_COMPONENT_BYTES = 255  # a file name's limit on NTFS (UTF-16 units) and ext4 (bytes)
MAX_NAME_BYTES = 200
TEMP_SUFFIX = ".plangen.tmp"
BACKUP_SUFFIX = ".old" + TEMP_SUFFIX  # .<name>.<host>-<pid>.old.plangen.tmp: a replaced file


def safe_filename(name: str, fallback: str = "工作计划") -> str:
    """A file name (without extension) valid on Windows, macOS and Linux.

    Control and format characters go (a right-to-left override would disguise the extension),
    as do characters Windows forbids; names Windows reserves for devices get a leading "_".
    """
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = _BAD_CHARS.sub("_", " ".join(name.split()))
    name = name.strip(" .")[:MAX_NAME].rstrip(" .")
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:  # room for the extension and a backup's suffix
        name = name[:-1]
    if not name:
        name = fallback
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    return name


def check_folder(folder: Path) -> None:
    """Refuse an output folder that no system could create, before any work is done."""
    if any(unicodedata.category(c) == "Cc" for c in str(folder)):
        raise PlanError("输出文件夹的路径中含有控制字符", hint="检查 -o 或 output.dir。")
    for part in folder.parts:
        if len(part.encode("utf-8", "surrogatepass")) > MAX_COMPONENT_BYTES:
            raise PlanError(f"输出文件夹的名称过长：{part[:40]}…", hint="单个文件夹名称不能超过 255 字节。")
    with contextlib.suppress(OSError):  # anything else is reported when writing
        if folder.exists() and not folder.is_dir():
            raise PlanError(
                "输出文件夹的位置已有同名文件", folder, hint="用 -o 指定其他文件夹，或改名该文件。"
            )


def check_targets(targets: Iterable[Path], force: bool) -> None:
    """Refuse to go on if any target exists (unless *force*) or is a folder."""
    problems = []
    for target in targets:
        try:
            is_dir, exists = target.is_dir(), target.exists()
        except (OSError, ValueError) as exc:
            problems.append(PlanError(f"无法访问输出路径：{os_reason(exc, writing=True)}", target))
            continue
        if is_dir:
            problems.append(PlanError("输出路径是一个文件夹", target))
        elif exists and not force:
            problems.append(
                PlanError("文件已存在", target, hint="加 --force 覆盖，或用 -o 指定其他输出文件夹。")
            )
    PlanErrors.raise_if_any(problems)


def write_all(
    files: list[tuple[Path, bytes]], force: bool | Collection[Path], swept: bool = False, durable: bool = True
) -> None:
    """Put every file in place, or none of them (see the module's docstring). *force* is True, False
    or the targets that may be replaced; *swept*: the caller has already swept the folders.
    *durable* flushes each file to disk before it is put in place; a batch turns that off (a killed
    process loses nothing either way; what a power cut leaves, the batch's next run rebuilds)."""
    staged: list[tuple[Path, Path]] = []
    for folder in set() if swept else {target.parent for target, _ in files}:
        sweep(folder)
    try:
        _stage_all(files, durable, staged)
        with _interrupts_deferred() as interrupted:
            placed: list[tuple[Path, Path | None]] = []
            try:
                for target, temp in staged:
                    replace = force if isinstance(force, bool) else target in force
                    placed.append((target, _place(temp, target, replace)))
                if interrupted():
                    raise _Deferred
            except BaseException:
                _take_back(placed)
                raise
            for _, backup in placed:
                if backup is not None:
                    backup.unlink(missing_ok=True)
    finally:
        for _, temp in staged:
            temp.unlink(missing_ok=True)


_FLUSHERS = 8  # files flushed to disk at once: the file system commits them together


def _stage_all(files: list[tuple[Path, bytes]], durable: bool, staged: list[tuple[Path, Path]]) -> None:
    """Write every file to a temporary one, in order, each recorded in *staged* as it is made (to be
    removed if anything fails). Flushed to disk one by one, an import's thousand blocks take seconds
    on a slow disk; several threads flushing at once take a tenth of that."""
    if not durable or len(files) < _FLUSHERS:
        for target, data in files:
            staged.append((target, _stage(target, data, durable)))
        return
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=_FLUSHERS, thread_name_prefix="plangen-write")
    futures: list = []
    try:
        # a Ctrl-C inside submit() would lose a write already queued, or a thread started and not
        # yet known to shutdown(): its temporary file would outlive the run
        with _interrupts_deferred():
            for target, data in files:
                futures.append(pool.submit(_stage, target, data, durable))
        for (target, _), future in zip(files, futures, strict=True):
            staged.append((target, future.result()))
    finally:  # a failure or Ctrl-C: nothing more is begun, and what was made is recorded to be removed
        with _interrupts_deferred():  # a second Ctrl-C waits for the writes under way (at most 8)
            for future in futures:
                future.cancel()
            pool.shutdown(wait=True)
            recorded = {temp for _, temp in staged}
            for (target, _), future in zip(files, futures, strict=False):  # those handed over
                made = future.done() and not future.cancelled() and future.exception() is None
                if made and future.result() not in recorded:
                    staged.append((target, future.result()))


class _Deferred(Exception):
    """A signal came while files were put in place: take them back, then let the signal act."""


_MAKING = threading.Lock()  # held while a temporary file or scratch folder is made


def stop_making() -> None:
    """No temporary file or scratch folder is made in this process from now on (the caller ends
    it from another thread, after sweeping them: none can appear between the sweep and the exit)."""
    _MAKING.acquire()


_OPEN_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_serial = itertools.count()


def _open_new(folder: Path, stem: str) -> tuple[int, Path]:
    """A new hidden temporary file in *folder*, created exclusively (never through a link someone
    placed there) with the usual permissions (0666 less the umask) — what tempfile.mkstemp does,
    without its 0600 and the chmod that would follow (a batch writes thousands)."""
    for attempt in range(100):
        name = folder / f".{stem[:40]}.{next(_serial)}-{attempt}{_tag()}{TEMP_SUFFIX}"
        try:
            with _MAKING:
                return os.open(name, _OPEN_NEW, 0o666), name
        except FileExistsError:
            continue
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)
    raise FileExistsError(folder)


def _stage(target: Path, data: bytes, durable: bool = True) -> Path:
    folder = target.parent
    try:
        handle, temp = _open_new(folder, target.stem)
    except (OSError, ValueError) as exc:
        raise PlanError(f"无法写入输出文件夹：{os_reason(exc, writing=True)}", folder) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PlanError(f"无法写入文件：{os_reason(exc, writing=True)}", target) from None
        raise
    return temp


def _place(temp: Path, target: Path, force: bool) -> Path | None:
    """Move *temp* to *target*; returns where the replaced file was kept (to restore or delete)."""
    try:
        if not force:
            _link_new(temp, target)
            return None
        backup = None
        if target.is_dir():
            raise PlanError("输出路径是一个文件夹", target)
        if target.exists():
            backup = target.with_name(f".{target.name}{_tag()}{BACKUP_SUFFIX}")
            os.replace(target, backup)
        try:
            os.replace(temp, target)
        except BaseException:
            if backup is not None:
                os.replace(backup, target)
            raise
        return backup
    except FileExistsError:
        raise PlanError(
            "文件已存在（可能由同时运行的另一次生成写入）",
            target,
            hint="加 --force 覆盖，或用 -o 指定其他输出文件夹。",
        ) from None
    except OSError as exc:
        raise PlanError(f"无法写入文件：{os_reason(exc, writing=True)}", target) from None


def _link_new(temp: Path, target: Path) -> None:
    """Create *target* with *temp*'s content in one step that fails if *target* exists."""
    try:
        os.link(temp, target)
        return
    except FileExistsError:
        raise
    except OSError as exc:  # a file system without hard links (FAT32, some network shares)
        if exc.errno not in (
            errno.EPERM,
            errno.ENOTSUP,
            errno.EOPNOTSUPP,
            errno.ENOSYS,
            errno.EXDEV,
            errno.EACCES,
        ):
            raise
    if sys.platform == "win32":
        os.rename(temp, target)  # refuses an existing target on Windows
        return
    if target.exists():
        raise FileExistsError(target)
    os.replace(temp, target)


def _take_back(placed: list[tuple[Path, Path | None]]) -> None:
    for target, backup in reversed(placed):
        with contextlib.suppress(OSError):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator:
    """Hold Ctrl-C and SIGTERM back while files are put in place (milliseconds), so neither can
    leave half a set; yields a check that is true when one came meanwhile. Signals this process
    ignores (a batch worker's) stay ignored."""
    hit: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) is not signal.SIG_IGN:
            previous[number] = signal.signal(number, lambda number, _: hit.append(number))
    try:
        yield lambda: bool(hit)
    except _Deferred:
        pass  # the files are taken back: now the signal acts
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if hit:
        signal.raise_signal(hit[0])  # KeyboardInterrupt, or the CLI's exception for SIGTERM
        raise KeyboardInterrupt  # a handler that returned: the files were still not written


# --- leftovers of killed processes ----------------------------------------------------------------


def _host() -> str:
    """Six hex digits naming this machine (os.uname and zlib are imported already; socket is not)."""
    name = os.environ.get("COMPUTERNAME", "") if sys.platform == "win32" else os.uname().nodename
    return f"{zlib.crc32(name.encode('utf-8', 'replace')) & 0xFFFFFF:06x}"


def _tag() -> str:
    """``.<host>-<pid>``: who wrote a temporary file, so a later run can tell it is orphaned."""
    return f".{_host()}-{os.getpid()}"


_TAGGED = re.compile(r"\.([0-9a-f]{6})-(\d+)$")
STALE_AFTER = 24 * 3600  # seconds: another host's leftovers are removed only after a day


def _orphaned(name: str, modified: float, mine: bool = False) -> bool:
    match = _TAGGED.search(name)
    if match is None:
        return False
    host, pid = match.group(1), int(match.group(2))
    if host != _host():
        return time.time() - modified > STALE_AFTER
    if pid == os.getpid():
        return mine
    return not pid_alive(pid)


def sweep(folder: Path, mine: bool = False) -> None:
    """Remove temporary files left in *folder* by plangen runs that were killed — and, with *mine*,
    this process's own (it is about to end without finishing its writes)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        backup = entry.name.endswith(BACKUP_SUFFIX)
        stem = entry.name.removesuffix(BACKUP_SUFFIX if backup else TEMP_SUFFIX)
        with contextlib.suppress(OSError):
            if not _orphaned(stem, entry.stat(follow_symlinks=False).st_mtime, mine):
                continue
            original = folder / _TAGGED.sub("", stem)[1:]
            if backup and not original.exists():  # killed between moving it aside and replacing it
                os.replace(entry.path, original)
            else:
                os.unlink(entry.path)


@contextlib.contextmanager
def scratch_dir(kind: str) -> Iterator[Path]:
    """A private folder in the system's temporary folder, removed afterwards — also on Ctrl-C — and
    by a later run if this process is killed."""
    sweep_scratch()
    with _MAKING:  # not once the process is ending (stop_making)
        folder = Path(tempfile.mkdtemp(prefix=f"plangen-{kind}{_tag()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_scratch(mine: bool = False) -> None:
    """Remove scratch folders of plangen processes that were killed (a batch worker, say), and with
    *mine* this process's own."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(tempfile.gettempdir()):
            if entry.name.startswith("plangen-") and entry.is_dir(follow_symlinks=False):
                stem = entry.name.rsplit("-", 1)[0]  # plangen-<kind>.<host>-<pid>-<random>
                if _orphaned(stem, entry.stat(follow_symlinks=False).st_mtime, mine):
                    shutil.rmtree(entry.path, ignore_errors=True)


def pid_alive(pid: int) -> bool:
    """Is process *pid* running on this machine? (``os.kill(pid, 0)`` would kill it on Windows.)"""
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process nobody has reaped yet (Linux; a container without an init leaves them for
    a while): it answers signals but will never finish its file."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            state = stream.read().rpartition(b")")[2].split()[:1]
    except OSError:
        return False
    return state in ([b"Z"], [b"X"])
