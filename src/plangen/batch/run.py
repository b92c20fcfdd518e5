"""``plangen batch``: one plan per roster row, each with its own plan.yaml, built in parallel worker
processes; a rerun builds only what changed; bad rows go to ``report.csv`` (black's Report: a
summary line, exit 1 when anything failed).

Every row is read and checked here before anything is built, so a bad cell is reported by row and
column. Workers are started with ``spawn`` — the only start method on Windows — and only when
there is more than one plan to build.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .state import STATE_DIR, input_key, is_done, read_record, record_path
from .worker import Outcome, Task

REPORT = "report.csv"
REPORT_HEADER = ["行号", "支部名称", "列", "问题"]


@dataclass
class Plan:
    row: int
    name: str
    files: list[str]  # within the out folder: outputs first, plan.yaml last


@dataclass
class BatchResult:
    built: list[Plan] = field(default_factory=list)
    skipped: list[Plan] = field(default_factory=list)  # unchanged since the last run
    failed: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row, branch, column, message)
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # roster rows skipped as notes (合计, 填表人 …)

    @property
    def plans(self) -> list[Plan]:
        """Built and skipped plans, in the roster's order."""
        return sorted(self.built + self.skipped, key=lambda plan: plan.row)

    @property
    def failed_rows(self) -> int:
        return len({row for row, *_ in self.failed})


@dataclass
class BatchOptions:
    build: Any  # BuildOptions shared by every plan (formats, year, office …)
    jobs: int = 0  # worker processes; 0 = the number of cores
    force: bool = False  # rebuild everything and replace files this batch did not write


Progress = Callable[[int, int], None]  # (done, total)


def run_batch(
    roster_path: Path,
    base_path: Path,
    out_dir: Path,
    library: Any,
    options: BatchOptions,
    mapping: dict[str, str] | None = None,
    assignments: list[str] = (),
    progress: Progress | None = None,
) -> BatchResult:
    """Build every good row into *out_dir*; return what was built, skipped and failed."""
    from .roster import read_roster

    roster = read_roster(roster_path, mapping)
    pool = _early_pool(options, len(roster.rows), library, out_dir)
    try:
        return _batch(roster, base_path, out_dir, library, options, assignments, progress, pool)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _batch(
    roster: Any, base_path: Path, out_dir: Path, library: Any, options: BatchOptions, assignments: list[str],
    progress: Progress | None, pool: Any,
) -> BatchResult:  # fmt: skip
    from ..output import check_folder, safe_filename, sweep, write_all
    from ..safeyaml import load_file
    from ..spec import apply_overrides
    from . import worker
    from .specs import check_base, iter_rows

    base, source = load_file(base_path)
    if not isinstance(base, dict):
        raise source.error((), "基础计划文件应为“键: 值”形式的映射")
    check_base(base, source)
    apply_overrides(base, source, list(assignments))
    if options.build.year is not None:
        from ..spec import shift_year

        if isinstance(base.get("year"), int) and isinstance(base.get("date"), dt.date):
            base["date"] = shift_year(base["date"], options.build.year - base["year"])  # as build --year does
        base["year"] = options.build.year
    output = base.get("output") if isinstance(base.get("output"), dict) else {}
    # every plan.yaml lies in <out>/plans and writes its plan to <out>; one output name for every row
    # would make them overwrite each other
    base["output"] = {**{k: v for k, v in output.items() if k != "name"}, "dir": ".."}
    check_folder(out_dir)
    result = BatchResult(unknown=list(roster.unknown), notes=list(roster.notes))
    shared = shared_inputs(library, options.build)
    for folder in (out_dir, out_dir / "plans", out_dir / STATE_DIR):
        sweep(folder)
    worker_options = replace(options.build, force=True)  # the worker decides what it may replace
    chunk = max(1, min(16, len(roster.rows) // 16))  # small chunks: the load stays even
    todo: list[Task] = []
    futures: list[Any] = []
    sent = 0
    stems: dict[str, int] = {}
    for plan in iter_rows(roster, base, library):
        problems = list(plan.problems)
        stem = safe_filename(plan.name) if plan.name else ""
        if not problems and stem.casefold() in stems:
            problems.append(("支部名称", f"与第 {stems[stem.casefold()]} 行的支部文件名相同（{stem}）"))
        if problems or plan.spec is None:
            result.failed += [(plan.row.number, plan.name, column, message) for column, message in problems]
            continue
        stems[stem.casefold()] = plan.row.number
        spec = plan.spec
        formats = options.build.formats or spec["output"].get("formats") or ["docx", "md"]
        key = input_key(spec, {**shared, "formats": sorted(formats)})  # -f docx,md = the spec's own
        task = Task(plan.row.number, plan.row.number, plan.name, stem, spec, key, plan.checked)
        record = read_record(record_path(out_dir, stem))
        if not options.force and is_done(record, task.key, out_dir):
            outputs = [name for name in record.files if not name.startswith("plans/")]
            result.skipped.append(Plan(task.row, task.name, [*outputs, f"plans/{task.stem}.yaml"]))
            continue
        todo.append(task)
        if pool is not None and len(todo) - sent >= chunk:  # the workers start while rows are checked
            futures.append(
                pool.submit(worker.build_many, todo[sent:], out_dir, worker_options, options.force)
            )
            sent = len(todo)
    if pool is not None and sent < len(todo):
        futures.append(pool.submit(worker.build_many, todo[sent:], out_dir, worker_options, options.force))

    by_index = {task.index: task for task in todo}
    outcomes = (
        _collect(futures, len(todo), progress)
        if pool is not None
        else _run(todo, out_dir, library, worker_options, options, progress)
    )
    for outcome in outcomes:
        task = by_index[outcome.index]
        if outcome.problems:
            result.failed += [(task.row, task.name, "", message) for message in outcome.problems]
        else:
            result.built.append(Plan(task.row, task.name, outcome.files))
    result.failed.sort(key=lambda failure: failure[0])

    report = out_dir / REPORT
    if result.failed:
        write_all([(report, report_csv(result))], force=True)
    elif _is_our_report(report):
        report.unlink(missing_ok=True)  # last run's failures are fixed: do not leave them lying there
    return result


def shared_inputs(library: Any, options: Any) -> dict[str, Any]:
    """What every plan's output depends on besides its own spec: a change here rebuilds them all."""
    from ..cache import code_fingerprint, module_stamp
    from .state import digest, library_digest

    holidays = digest(options.holidays.read_bytes()) if options.holidays else None
    calendar = module_stamp("chinese_calendar", "constants.py")  # new official holidays: new stamp
    return {
        "plangen": code_fingerprint(),  # its code, so a fix rebuilds the plans even without a new version
        "library": library_digest(library),
        "toc": options.toc,
        "office": options.office,
        "holidays": holidays,
        "chinese_calendar": calendar,
        "assignments": options.assignments,
    }


def _early_pool(options: BatchOptions, rows: int, library: Any, out_dir: Path) -> Any:
    """Start the workers before the roster is checked, so they boot while this process works — unless
    most plans look built already (a rerun), where they would rarely be needed."""
    jobs = _jobs(options, rows)
    if jobs <= 1:
        return None
    try:
        records = sum(1 for _ in (out_dir / STATE_DIR).iterdir())
    except OSError:
        records = 0
    if records * 2 > rows and not options.force:
        return None
    return _pool(jobs, library, out_dir)


def _jobs(options: BatchOptions, plans: int) -> int:
    """Worker processes for *plans*: -j, else the core count; none (build here) when this process
    may not start any — inside a daemonic worker of the caller's own multiprocessing pool."""
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return 1
    return min(options.jobs or os.cpu_count() or 1, plans)


def _pool(jobs: int, library: Any, out_dir: Path) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from . import worker

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=worker.start, initargs=(library.layers, out_dir)
    )
    for _ in range(jobs):
        pool.submit(worker.ready)  # the pool starts its processes as work arrives
    return pool


def _collect(futures: list[Any], total: int, progress: Progress | None) -> list[Outcome]:
    """The outcomes of chunks already given to the workers, as they finish."""
    from concurrent.futures import as_completed

    outcomes: list[Outcome] = []
    if progress:
        progress(0, total)
    for future in as_completed(futures):
        outcomes.extend(future.result())
        if progress:
            progress(len(outcomes), total)
    return outcomes


def _run(
    todo: list[Task], out_dir: Path, library: Any, build_options: Any, options: BatchOptions,
    progress: Progress | None,
) -> list[Outcome]:  # fmt: skip
    """Build *todo* here (one plan or one job) or in workers started now (a rerun that turned out to
    have work after all); outcomes as they finish."""
    from . import worker

    jobs = _jobs(options, len(todo))
    outcomes: list[Outcome] = []
    if progress:
        progress(0, len(todo))
    if jobs <= 1:
        from ..build import Builder

        worker._builder = Builder(library, out_dir)
        for task in todo:
            outcomes.append(worker.build(task, out_dir, build_options, options.force))
            if progress:
                progress(len(outcomes), len(todo))
        return outcomes

    pool = _pool(jobs, library, out_dir)
    size = max(1, min(16, len(todo) // (jobs * 8)))
    try:
        futures = [
            pool.submit(worker.build_many, todo[start : start + size], out_dir, build_options, options.force)
            for start in range(0, len(todo), size)
        ]
        return _collect(futures, len(todo), progress)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def report_csv(result: BatchResult) -> bytes:
    """The failed rows for Excel or WPS, each cell escaped as every CSV plangen writes."""
    from ..writers.csvfile import table_bytes

    return table_bytes(
        [REPORT_HEADER, *([row, name, column, message] for row, name, column, message in result.failed)]
    )


def _is_our_report(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(64).startswith(("\ufeff" + ",".join(REPORT_HEADER)).encode("utf-8"))
    except OSError:
        return False
