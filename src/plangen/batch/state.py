"""What a batch has already built, so a rerun — after a change, a Ctrl-C or a kill -9 — builds only
what is missing or out of date, and never overwrites a file the user has edited.

Each plan has a small record in ``<out>/.plangen/<name>.json``: the key of its inputs (the row's
spec, the content of every library file, the plangen version and the output options) and the
SHA-256 of every file written for it. The record is written *before* the files are put in place,
so after a kill it may promise files that are missing or old; a plan counts as done only when its
key matches and every file on disk has the promised hash. A file may be overwritten without
``--force`` only when its hash is one this batch wrote (kept for the last two builds).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..lock import STATE_DIR

if TYPE_CHECKING:
    from ..library import Library

KEEP = 2  # builds whose file hashes are remembered as ours


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def library_digest(library: Library) -> str:
    """One hash over every block and template file of every layer (path within the layer and bytes)."""
    from ..library import yaml_files

    hasher = hashlib.sha256()
    for layer in library.layers:
        hasher.update(f"\0layer\0{layer.origin}\0".encode())
        for path in yaml_files(layer.root):
            hasher.update(path.relative_to(layer.root).as_posix().encode("utf-8") + b"\0")
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def input_key(spec: dict[str, object], shared: dict[str, object]) -> str:
    """The key of one plan's inputs: its spec data and what every plan shares (library, version, options)."""
    text = json.dumps({"spec": spec, "shared": shared}, ensure_ascii=False, sort_keys=True, default=str)
    return digest(text.encode("utf-8"))


@dataclass
class Record:
    key: str = ""
    files: dict[str, str] = field(default_factory=dict)  # file name relative to the out folder → sha256
    owned: dict[str, list[str]] = field(default_factory=dict)  # name → hashes this batch wrote

    def owns(self, name: str, data_hash: str) -> bool:
        return data_hash in self.owned.get(name, [])

    def promise(self, key: str, files: dict[str, str]) -> Record:
        """The record to write before putting *files* in place."""
        owned = {name: list(hashes) for name, hashes in self.owned.items()}
        for name, data_hash in files.items():
            hashes = [h for h in owned.get(name, []) if h != data_hash] + [data_hash]
            owned[name] = hashes[-KEEP:]
        return Record(key, dict(files), owned)


def record_path(out_dir: Path, stem: str) -> Path:
    return out_dir / STATE_DIR / f"{stem}.json"


def read_record(path: Path) -> Record:
    """The record at *path*; an empty one when it is missing or unreadable (the plan is then rebuilt)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        files = {str(k): str(v) for k, v in data["files"].items()}
        owned = {str(k): [str(h) for h in v] for k, v in data.get("owned", {}).items()}
        return Record(str(data["key"]), files, owned)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Record()


def record_bytes(record: Record) -> bytes:
    data = {"key": record.key, "files": record.files, "owned": record.owned}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def file_hash(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def is_done(record: Record, key: str, out_dir: Path) -> bool:
    """Built with these inputs, and every promised file is on disk with the promised content."""
    if not record.key or record.key != key or not record.files:
        return False
    return all(file_hash(out_dir / name) == wanted for name, wanted in record.files.items())


def sweep_out(out_dir: Path, mine: bool = False) -> None:
    """Remove what killed runs left in the batch's folders (temporary files); with *mine*, also
    this process's own, as it ends mid-plan."""
    from ..output import sweep

    for folder in (out_dir, out_dir / "plans", out_dir / STATE_DIR):
        sweep(folder, mine)
