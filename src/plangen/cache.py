"""A per-user cache of work that does not change between runs: validated library files, compiled
Jinja templates, the estimated holidays of a year.

Safe by construction:

- **keyed by content** — entries live in a folder named by a fingerprint of plangen's own code, and
  an entry's name is the SHA-256 of its input's bytes (and of the library versions involved), so
  an entry is never stale: changed code or a changed input simply misses;
- **never trusted from a folder another user can write** — entries are unpickled or unmarshalled
  (code, in the case of templates), so on POSIX the folder must belong to this user and be closed
  to group and others, and so must each file; otherwise the cache is not used at all;
- **written atomically** (a temporary file, then ``os.replace``): a killed process leaves at most a
  temporary file, never a torn entry; a damaged entry is ignored and rewritten.

The folder: ``PLANGEN_CACHE_DIR``; else ``%LOCALAPPDATA%\\plangen\\Cache`` on Windows,
``~/Library/Caches/plangen`` on macOS, ``$XDG_CACHE_HOME/plangen`` or ``~/.cache/plangen``
elsewhere. Inside it, each version of plangen's code has a folder of its own; another version's
folder not written to for 30 days is removed (checked once a day). ``PLANGEN_NO_CACHE=1`` turns the
cache off. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

SUFFIX = ".bin"


KEEP_DAYS = 30  # a folder of another plangen (an older version, say) unused this long is removed


@lru_cache(maxsize=1)
def folder() -> Path | None:
    """This plangen's cache folder (one per version of its code, inside the user's cache folder),
    created if needed; None when caching is off or a folder is not safe."""
    if os.environ.get("PLANGEN_NO_CACHE", "") not in ("", "0"):
        return None
    base = _location()
    if base is None:
        return None
    path = base / code_fingerprint()[:16]
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(base):
            return None
        path.mkdir(exist_ok=True, mode=0o700)
        if not _private(path):
            return None
        _prune(base, path)
        return path
    except OSError:
        return None


def _prune(base: Path, current: Path) -> None:
    """At most once a day: remove the folders of other plangen versions not written to for
    KEEP_DAYS days, so the cache does not grow with every upgrade."""
    import shutil
    import time

    stamp = base / ".pruned"
    now = time.time()
    try:
        if now - stamp.stat().st_mtime < 24 * 3600:
            return
    except OSError:
        pass
    try:
        stamp.touch()
        for entry in os.scandir(base):
            old = now - entry.stat(follow_symlinks=False).st_mtime > KEEP_DAYS * 24 * 3600
            if not old or entry.path == str(current):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
    except OSError:
        return


def _location() -> Path | None:
    explicit = os.environ.get("PLANGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "plangen" / "Cache" if base else None
    home = Path.home() if "HOME" in os.environ else None
    if sys.platform == "darwin" and home is not None:
        return home / "Library" / "Caches" / "plangen"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "plangen"
    return home / ".cache" / "plangen" if home is not None else None


def _private(path: Path) -> bool:
    """Owned by this user and writable by nobody else (POSIX; Windows' per-user folder is private)."""
    if not hasattr(os, "geteuid"):
        return True
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return False
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of plangen's own files: a change to plangen (even without a new version) misses."""
    package = Path(__file__).resolve().parent
    hasher = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        skip = "__pycache__" in path.parts or "_templates" in path.parts  # the library is keyed by its bytes
        if path.suffix in (".py", ".json", ".yaml") and not skip:
            hasher.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    hasher.update(sys.version.encode("utf-8"))
    return hasher.hexdigest()


def key(kind: str, *parts: bytes | str) -> str:
    """An entry's name: *kind* and the hash of *parts* (the folder already belongs to this code)."""
    hasher = hashlib.sha256(kind.encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little") + data)
    return f"{kind}-{hasher.hexdigest()[:40]}"


def get(name: str) -> bytes | None:
    """The entry *name*, or None (missing, unreadable, or not this user's own file)."""
    root = folder()
    if root is None:
        return None
    path = root / (name + SUFFIX)
    try:
        with open(path, "rb") as stream:
            if hasattr(os, "geteuid"):
                info = os.fstat(stream.fileno())
                if info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                    return None
            return stream.read()
    except OSError:
        return None


def put(name: str, data: bytes) -> None:
    """Store an entry; failures are ignored (the cache only ever saves time)."""
    root = folder()
    if root is None:
        return
    try:
        handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=root)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temp, root / (name + SUFFIX))
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return


def module_stamp(name: str, *files: str) -> str:
    """Size and time of files inside an installed package, found without importing it: a new
    version of the package (new holiday data, say) changes the stamp."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return "missing"
    if spec is None or spec.origin is None:
        return "missing"
    base = Path(spec.origin).parent
    stamps = []
    for file in files:
        try:
            info = (base / file).stat()
            stamps.append(f"{file}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stamps.append(f"{file}:-")
    return ";".join(stamps)
