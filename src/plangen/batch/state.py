"""What a batch has already built, so a rerun — after a change, a Ctrl-C or a kill -9 — builds only
what is missing or out of date, and never overwrites a file the user has edited.

Each plan has a small record: the key of its inputs (the row's spec, the content of every library
file, the plangen version and the output options) and the SHA-256 of every file written for it.
The record is written *before* the files are put in place, so after a kill it may promise files
that are missing or old; a plan counts as done only when its key matches and every file on disk
has the promised hash. A file may be overwritten without ``--force`` only when its hash is one this
batch wrote (kept for the last two builds).

The records live in ``<out>/.plangen/``: while a batch runs, each of its processes appends a line
per plan to a journal of its own (``records-<start>-<pid>.jsonl``: one file a process, not one a
plan — creating a file costs more than a plan's line, above all where a virus scanner or a network
share sits behind the folder); as the batch ends — or, after a kill, as the next one starts — the
journals are folded into ``records.json``. A journal's last line cut short by a kill is ignored; the
plan is then rebuilt. Older plangen kept a file a plan (``<name>.json``): those are read, and folded
in, too (one written after the last fold counts over it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

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
    """A record in a file of its own: the bound volume's (and older plangen's, one a plan)."""
    return out_dir / STATE_DIR / f"{stem}.json"


def read_record(path: Path) -> Record:
    """The record at *path*; an empty one when it is missing or unreadable (the plan is then rebuilt)."""
    try:
        return _record(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError):
        return Record()


def _record(data: object) -> Record:
    """A record from its JSON data; an empty one when it is not one."""
    try:
        files = {str(k): str(v) for k, v in data["files"].items()}  # type: ignore[index]
        owned = {str(k): [str(h) for h in v] for k, v in data.get("owned", {}).items()}  # type: ignore[union-attr]
        return Record(str(data["key"]), files, owned)  # type: ignore[index]
    except (KeyError, TypeError, AttributeError):
        return Record()


def _data(record: Record) -> dict[str, object]:
    return {"key": record.key, "files": record.files, "owned": record.owned}


def record_bytes(record: Record) -> bytes:
    return json.dumps(_data(record), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


RECORDS = "records.json"  # every plan's record, as the last batch left them
JOURNAL = "records-"  # records-<start>-<pid>.jsonl: a line a plan, from one process of one batch
VOLUME = "汇编-"  # the bound volume's record: a file of its own (volume.py)


def _read_all(state: Path) -> tuple[dict[str, Record], list[Path]]:
    """(records, the files they came from other than records.json): records.json, with older
    plangen's files of one record each before or after it as they were written, then the journals
    (one batch's: a batch folds what a killed one left before it starts) — the later record wins."""
    try:
        entries = {entry.name: entry for entry in os.scandir(state) if entry.is_file()}
    except OSError:
        return {}, []
    names = sorted(entries)
    legacy = [n for n in names if n.endswith(".json") and n != RECORDS and not n.startswith(VOLUME)]
    journals = [n for n in names if n.startswith(JOURNAL) and n.endswith(".jsonl")]
    folded_at = _modified(entries.get(RECORDS))
    older = [n for n in legacy if _modified(entries[n]) <= folded_at]
    records = {name.removesuffix(".json"): read_record(state / name) for name in older}
    with contextlib.suppress(OSError, ValueError, AttributeError):  # none yet (or damaged: rebuilt)
        folded = json.loads((state / RECORDS).read_text("utf-8"))
        records.update((str(stem), _record(data)) for stem, data in folded.items())
    records.update(  # an older plangen run in this folder after the last fold (mixed versions)
        (name.removesuffix(".json"), read_record(state / name)) for name in legacy if name not in older
    )
    for name in journals:  # by name: the time the process began, then its id
        try:
            lines = (state / name).read_bytes().splitlines()
        except OSError:
            continue
        for line in lines:
            try:
                data = json.loads(line)
                records[str(data["plan"])] = _record(data)
            except (ValueError, KeyError, TypeError):
                continue  # the line a kill cut short
    return records, [state / name for name in legacy + journals]


def _modified(entry: os.DirEntry[str] | None) -> float:
    if entry is None:
        return float("-inf")
    try:
        return entry.stat().st_mtime
    except OSError:
        return float("-inf")


_journals: dict[Path, IO[bytes]] = {}  # this process's journal for each out folder


def journal(out_dir: Path, stem: str, record: Record) -> None:
    """Append *stem*'s record to this process's journal in *out_dir* (begun at its first record).
    Flushed: each line is with the system, whole, before the plan's files are put in place."""
    from ..errors import PlanError, os_reason

    stream = _journals.get(out_dir)
    state = out_dir / STATE_DIR
    try:
        if stream is None:
            state.mkdir(parents=True, exist_ok=True)
            path = state / f"{JOURNAL}{time.time_ns():020d}-{os.getpid()}.jsonl"
            stream = _journals[out_dir] = open(path, "ab")  # noqa: SIM115 (kept open)
        line = json.dumps({"plan": stem, **_data(record)}, ensure_ascii=False, sort_keys=True)
        stream.write(line.encode("utf-8") + b"\n")
        stream.flush()  # every byte, or an error (a raw write may take part of the line silently)
    except OSError as exc:
        raise PlanError(f"无法写入批次记录：{os_reason(exc, writing=True)}", state) from None


def fold_journals(out_dir: Path) -> dict[str, Record]:
    """Every plan's latest record, by its file name stem — the journals (and older plangen's files)
    folded into records.json and removed on the way. As a batch starts (what a killed one left) and
    as it ends, every process's writing done (this one's journal is closed here). Where records.json
    cannot be written, the journals stay, to be read as they are next time."""
    from ..errors import PlanError
    from ..output import write_all

    stream = _journals.pop(out_dir, None)
    if stream is not None:
        stream.close()
    state = out_dir / STATE_DIR
    records, sources = _read_all(state)
    if sources:
        data = {stem: _data(record) for stem, record in sorted(records.items()) if record.key}
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        with contextlib.suppress(PlanError, OSError):
            write_all([(state / RECORDS, text.encode("utf-8"))], force=True)
            for path in sources:
                path.unlink(missing_ok=True)
    return records


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
