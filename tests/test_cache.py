"""The per-user cache saves time and nothing else: the same bytes with and without it, content
keyed (an edited block shows at once), and never read from a folder or file others could write."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plangen import cache

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "hospital-branch.yaml"
POSIX = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file modes are POSIX")


def build(out: Path, environ: dict[str, str], library: Path | None = None) -> dict[str, bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1800000000", "PLANGEN_OFFICE": "0", **environ}
    args = [
        sys.executable,
        "-m",
        "plangen",
        "build",
        str(EXAMPLE),
        "-o",
        str(out),
        "-f",
        "docx,md",
        "--force",
    ]
    if library is not None:
        args += ["-L", str(library)]
    subprocess.run(args, env=env, check=True, capture_output=True)
    return {path.name: path.read_bytes() for path in out.iterdir()}


def entries_of(base: Path) -> Path:
    """The one folder this plangen keeps its entries in, inside the cache folder *base*."""
    (folder,) = [p for p in base.iterdir() if p.is_dir()]
    return folder


def test_the_same_plan_cold_warm_and_without_the_cache(tmp_path: Path) -> None:
    base = tmp_path / "cache"
    cold = build(tmp_path / "a", {"PLANGEN_CACHE_DIR": str(base)})
    folder = entries_of(base)
    entries = sorted(p.name for p in folder.iterdir())
    assert any(n.startswith("library-") for n in entries) and any(n.startswith("jinja-") for n in entries)
    assert any(n.startswith("holidays-") for n in entries)
    warm = build(tmp_path / "b", {"PLANGEN_CACHE_DIR": str(base)})
    assert sorted(p.name for p in folder.iterdir()) == entries  # nothing new: every lookup hit
    off = build(tmp_path / "c", {"PLANGEN_NO_CACHE": "1", "PLANGEN_CACHE_DIR": str(tmp_path / "unused")})
    assert cold == warm == off and len(cold) == 2
    assert not (tmp_path / "unused").exists()


def test_an_edited_block_shows_at_once(tmp_path: Path, write_file) -> None:
    library = tmp_path / "lib"
    block = """
        id: goals.main
        title: 工作目标
        category: goals
        body:
          - p: {text}
        """
    write_file(library / "blocks" / "goals" / "main.yaml", block.format(text="全年目标第一稿。"))
    environ = {"PLANGEN_CACHE_DIR": str(tmp_path / "cache")}
    first = build(tmp_path / "a", environ, library)
    write_file(library / "blocks" / "goals" / "main.yaml", block.format(text="全年目标第二稿。"))
    second = build(tmp_path / "b", environ, library)
    markdown = next(name for name in first if name.endswith(".md"))
    assert "第一稿" in first[markdown].decode() and "第二稿" in second[markdown].decode()


@POSIX
def test_a_folder_others_can_write_is_not_used(tmp_path: Path, monkeypatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("PLANGEN_CACHE_DIR", str(shared))
    cache.folder.cache_clear()
    try:
        assert cache.folder() is None
        cache.put("x", b"data")
        assert cache.get("x") is None and list(shared.iterdir()) == []
    finally:
        cache.folder.cache_clear()


@POSIX
def test_an_entry_others_could_write_or_a_damaged_one_is_not_trusted(tmp_path: Path, monkeypatch) -> None:
    from plangen.library import Library

    monkeypatch.setenv("PLANGEN_CACHE_DIR", str(tmp_path / "cache"))
    cache.folder.cache_clear()
    try:
        Library.default(environ={}).block("goals.main")  # fills the entry
        entries = [p for p in entries_of(tmp_path / "cache").iterdir() if p.name.startswith("library-")]
        assert len(entries) == 1
        entry = entries[0]
        name = entry.name.removesuffix(cache.SUFFIX)
        entry.chmod(0o666)
        assert cache.get(name) is None  # writable by others: as if missing
        entry.chmod(0o600)
        assert cache.get(name) is not None
        entry.write_bytes(b"not a pickle")
        block = Library.default(environ={}).block("goals.main")  # read from the file again
        assert block.id == "goals.main" and entry.read_bytes() != b"not a pickle"  # and rewritten
    finally:
        cache.folder.cache_clear()


def test_other_versions_folders_are_removed_after_a_month(tmp_path: Path, monkeypatch) -> None:
    base = tmp_path / "cache"
    old, recent = base / "0123456789abcdef", base / "fedcba9876543210"
    for folder in (old, recent):
        folder.mkdir(parents=True, mode=0o700)
        (folder / "x.bin").write_bytes(b"entry")
    month_ago = time.time() - 31 * 24 * 3600
    os.utime(old, (month_ago, month_ago))
    base.chmod(0o700)
    monkeypatch.setenv("PLANGEN_CACHE_DIR", str(base))
    cache.folder.cache_clear()
    try:
        current = cache.folder()
        assert current is not None and current.parent == base and current.is_dir()
        assert not old.exists() and recent.exists()
        os.utime(recent, (month_ago, month_ago))
        cache.folder.cache_clear()
        cache.folder()
        assert recent.exists()  # the pruning ran today already: not again before tomorrow
    finally:
        cache.folder.cache_clear()
