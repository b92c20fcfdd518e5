"""``plangen batch``: one plan per roster row, each with its own plan.yaml, built in parallel worker
processes; a rerun builds only what changed; bad rows go to ``report.csv`` (black's Report: a
summary line, exit 1 when anything failed).

Every row is read and checked here before anything is built, so a bad cell is reported by row and
column. Workers are started with ``spawn`` — the only start method on Windows — and only when
there is more than one plan to build.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .pool import Workers
from .state import Record, fold_journals, input_key, is_done, sweep_out
from .worker import Outcome, Task

if TYPE_CHECKING:
    from concurrent.futures import Future

    from ..library import Library
    from ..pipeline import BuildOptions
    from .roster import Roster

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
    disagreements: list[tuple[int, str, str]] = field(
        default_factory=list
    )  # (row, branch, where its PDF's pages differ)

    @property
    def plans(self) -> list[Plan]:
        """Built and skipped plans, in the roster's order."""
        return sorted(self.built + self.skipped, key=lambda plan: plan.row)

    @property
    def failed_rows(self) -> int:
        return len({row for row, *_ in self.failed})


@dataclass
class BatchOptions:
    build: BuildOptions  # shared by every plan (formats, year, office …)
    jobs: int = 0  # worker processes; 0 = the number of cores
    force: bool = False  # rebuild everything and replace files this batch did not write


Progress = Callable[[int, int], None]  # (done, total)


class Stopped(BaseException):
    """Ctrl-C or SIGTERM (*cause*) stopped the batch; *result* holds what was finished by then and
    *left* the rows not done (a rerun builds exactly those)."""

    def __init__(self, result: BatchResult, left: int, cause: BaseException) -> None:
        super().__init__(left)
        self.result, self.left, self.cause = result, left, cause


def run_batch(
    roster_path: Path,
    base_path: Path,
    out_dir: Path,
    library: Library,
    options: BatchOptions,
    mapping: dict[str, str] | None = None,
    assignments: list[str] = (),
    progress: Progress | None = None,
    then: Callable[[BatchResult], None] | None = None,
    warned: Callable[[Roster], None] | None = None,
) -> BatchResult:
    """Build every good row into *out_dir*; return what was built, skipped and failed. One batch at
    a time writes into a folder (:mod:`plangen.lock`); *then* (the --combine volume, which reads the
    plans back) runs while the folder is still held, so a second run cannot change them meanwhile.
    *warned* is given the roster as soon as it is read: what it says about the roster comes before
    the work, not after it."""
    from ..lock import folder_lock
    from ..output import check_folder
    from .pool import signals_held
    from .roster import read_roster

    roster = read_roster(roster_path, mapping)
    if warned is not None:
        warned(roster)
    check_folder(out_dir)
    base = _base(base_path, options, assignments)
    helping = _builds_here(options, base)
    with folder_lock(out_dir):
        sweep_out(
            out_dir
        )  # what a killed run left: a half-replaced records.json is put back before it is read
        with signals_held():  # a killed batch's journals folded: only this batch's are ever open at once
            records = fold_journals(out_dir)
        pool = _early_pool(options, len(roster.rows), len(records), library, out_dir, helping)
        try:
            result = _batch(roster, base, out_dir, library, options, progress, pool, helping, records)
            if then is not None:
                then(result)
            return result
        except Exception:
            raise
        except BaseException:  # stopped: the workers within a second, not once the work given out is done
            if pool is not None:
                pool.stop([])
            raise
        finally:
            if pool is not None:
                pool.close()
            with signals_held():  # every process's writing is done: the journals become records.json
                fold_journals(out_dir)


def _base(base_path: Path, options: BatchOptions, assignments: list[str]) -> dict[str, Any]:
    """The base spec every row's plan.yaml starts from, checked, with --set and --year applied."""
    from ..safeyaml import load_file
    from ..schema.load import apply_overrides
    from .specs import check_base

    base, source = load_file(base_path)
    if not isinstance(base, dict):
        raise source.error((), "基础计划文件应为“键: 值”形式的映射")
    check_base(base, source)
    apply_overrides(base, source, list(assignments))
    if options.build.year is not None:
        from ..years import move_to_year

        move_to_year(base, options.build.year)  # as build --year does
    output = base.get("output") if isinstance(base.get("output"), dict) else {}
    # every plan.yaml lies in <out>/plans and writes its plan to <out>; one output name for every row
    # would make them overwrite each other
    base["output"] = {**{k: v for k, v in output.items() if k != "name"}, "dir": ".."}
    return base


def _batch(
    roster: Roster, base: dict[str, Any], out_dir: Path, library: Library, options: BatchOptions,
    progress: Progress | None, pool: Workers | None, helping: int, records: dict[str, Record],
) -> BatchResult:  # fmt: skip
    run = _Run(roster, base, out_dir, library, options, pool, helping, records)
    try:
        run.give_out()
        run.collect(progress)
    except Exception:
        raise
    except BaseException as exc:  # Ctrl-C, SIGTERM
        raise Stopped(*run.stop(), exc) from None
    finally:
        if run.late:
            run.pool.close()
    return run.finish()


@dataclass
class _Run:
    """One batch in progress: what was given out, what came back — all of it known at any moment,
    so a stop can say what was done."""

    roster: Roster
    base: dict[str, Any]
    out_dir: Path
    library: Library
    options: BatchOptions
    pool: Workers | None
    helping: int  # 1: this process builds beside the workers (_builds_here)
    records: dict[str, Record]  # what the last batches wrote, by plan
    result: BatchResult = field(default_factory=BatchResult)
    todo: list[Task] = field(default_factory=list)
    futures: list[Future[list[Outcome]]] = field(default_factory=list)
    chunks: dict[Future[list[Outcome]], list[Task]] = field(default_factory=dict)
    collected: set[Future[list[Outcome]]] = field(default_factory=set)  # or taken back to build here
    outcomes: list[Outcome] = field(default_factory=list)
    worker_options: BuildOptions | None = None
    late: bool = False  # the workers were started after the rows were checked
    here: int = 0  # plans this process has finished itself
    progress: Progress | None = None

    def finished_here(self) -> None:
        self.here += 1
        self.show()

    def show(self) -> None:
        """The progress: every plan finished so far, by the workers (as each is finished) and here."""
        if self.progress is not None:
            workers = self.pool.finished.value if self.pool is not None else 0
            self.progress(min(workers + self.here, len(self.todo)), len(self.todo))

    def give_out(self) -> None:
        """Check every row; plans not yet built go to the workers while the rest are checked."""
        from ..output import safe_filename
        from .specs import iter_rows

        out_dir, options, result = self.out_dir, self.options, self.result
        result.unknown, result.notes = list(self.roster.unknown), list(self.roster.notes)
        shared = shared_inputs(self.library, options.build)
        self.worker_options = replace(options.build, force=True)  # the worker decides what it may replace
        rows = len(self.roster.rows)
        jobs = _jobs(options, max(rows, 1))
        sent = 0
        stems: dict[str, int] = {}
        for plan in iter_rows(self.roster, self.base, self.library):
            problems = list(plan.problems)
            stem = safe_filename(plan.name) if plan.name else ""
            if not problems and stem.casefold() in stems:
                problems.append(("支部名称", f"与第 {stems[stem.casefold()]} 行的支部文件名相同（{stem}）"))
            if problems or plan.spec is None:
                result.failed += [(plan.row.number, plan.name, column, text) for column, text in problems]
                continue
            stems[stem.casefold()] = plan.row.number
            spec = plan.spec
            formats = options.build.formats or spec["output"].get("formats") or ["docx", "md"]
            key = input_key(spec, {**shared, "formats": sorted(formats)})  # -f docx,md = the spec's own
            record = self.records.get(stem) or Record()
            task = Task(plan.row.number, plan.row.number, plan.name, stem, spec, key, plan.checked, record)
            if not options.force and is_done(record, task.key, out_dir):
                outputs = [name for name in record.files if not name.startswith("plans/")]
                result.skipped.append(Plan(task.row, task.name, [*outputs, f"plans/{task.stem}.yaml"]))
                continue
            self.todo.append(task)
            if self.pool is not None and len(self.todo) - sent >= _chunk(
                sent, rows - len(result.skipped), jobs, self.helping, options
            ):  # workers start while rows are checked (a rerun's skipped rows are not theirs to share)
                self._submit(self.todo[sent:])
                sent = len(self.todo)
        if self.pool is not None and sent < len(self.todo):
            self._submit(self.todo[sent:])

    def _submit(self, tasks: list[Task]) -> None:
        from .pool import deferred

        with deferred():  # a Ctrl-C inside the executor's locks would leave them held: after, not in
            future = self.pool.submit(tasks, self.out_dir, self.worker_options, self.options.force)
        self.futures.append(future)
        self.chunks[future] = tasks

    def collect(self, progress: Progress | None) -> None:
        """Outcomes as they finish: built by the workers and by this process alongside them, or here
        alone (one plan or one job), or with workers started now (a rerun that turned out to have
        work after all)."""

        from . import worker

        total = len(self.todo)
        self.progress = progress
        self.show()
        if self.pool is None:
            jobs = _jobs(self.options, total)
            if jobs <= 1:  # PDFs in chunks: a chunk's PDFs come from one LibreOffice run
                from .pool import deferred

                worker.build_here(self.library, self.out_dir, self.finished_here)
                size = 1 if self.helping else 32
                for start in range(0, total, size):
                    chunk = self.todo[start : start + size]
                    with deferred() if self.helping else contextlib.nullcontext(lambda: False):
                        self.outcomes += worker.build_many(
                            chunk, self.out_dir, self.worker_options, self.options.force
                        )
                return
            self.pool = Workers(jobs - self.helping, self.library, self.out_dir)
            self.late = True
            start = 0
            while start < total:
                size = _chunk(start, total, jobs, self.helping, self.options)
                self._submit(self.todo[start : start + size])
                start += size
        if self.helping:
            self._build_here_too()
        self._wait_for_workers()

    def _wait_for_workers(self) -> None:
        """The workers' outcomes as they come. A Ctrl-C is taken between two looks (a quarter of a
        second apart), never inside the futures' locks: one raised there would leave a lock held
        that the executor's own thread then waits on for ever, and the stop would hang."""
        from concurrent.futures import FIRST_COMPLETED, wait

        from .pool import deferred

        pending = [future for future in self.futures if future not in self.collected]
        with deferred() as stopping:  # the Ctrl-C is raised again as the block ends: a safe place
            while pending and not stopping():
                done, _ = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in [future for future in pending if future in done]:
                    self.outcomes.extend(future.result())
                    self.collected.add(future)
                pending = [future for future in pending if future not in done]
                self.show()  # each look: the plans the workers finished meanwhile

    def _build_here_too(self) -> None:
        """This process is one of the batch's builders (``-j 2``: itself and one worker): it has the
        library loaded and would only wait. It takes the chunks no worker has started, from the end
        of the queue while the workers take them from the front, so neither waits for the other."""
        from .pool import deferred

        with deferred() as stopping_all:  # no Ctrl-C inside a future's lock (_wait_for_workers)
            self._help(stopping_all)

    def _help(self, stopping_all: Callable[[], bool]) -> None:
        """:meth:`_build_here_too`'s work, a Ctrl-C noted (*stopping_all*) and acted on between chunks."""
        from . import worker
        from .pool import deferred

        ready = False
        for future in reversed(self.futures):
            if stopping_all() or not future.cancel():  # started by a worker: so is every chunk before it
                break
            self.collected.add(future)
            if not ready:
                worker.build_here(self.library, self.out_dir, self.finished_here)
                ready = True
            with deferred() as stopping:  # plan by plan: a stop ends the plan in hand, then counts
                for task in self.chunks[future]:
                    self.outcomes += worker.build_many(
                        [task], self.out_dir, self.worker_options, self.options.force
                    )
                    if stopping():
                        break
            for finished in self.futures:  # what the workers finished meanwhile
                if finished.done() and finished not in self.collected:
                    self.outcomes.extend(finished.result())
                    self.collected.add(finished)

    def stop(self) -> tuple[BatchResult, int]:
        """Stop the workers within a second; what was finished, and how many rows were not."""
        from ..output import sweep_scratch
        from .pool import signals_held

        with signals_held():
            if self.pool is not None:
                self.outcomes += self.pool.stop([f for f in self.futures if f not in self.collected])
            sweep_out(self.out_dir)  # what a worker killed mid-write left
            sweep_scratch()
        self._tally()
        result = self.result
        left = len(self.roster.rows) - len(result.built) - len(result.skipped) - result.failed_rows
        return result, max(0, left)

    def _tally(self) -> None:
        by_index = {task.index: task for task in self.todo}
        for outcome in self.outcomes:
            task = by_index[outcome.index]
            if outcome.interrupted:
                continue
            if outcome.problems:
                self.result.failed += [(task.row, task.name, "", message) for message in outcome.problems]
            else:
                self.result.built.append(Plan(task.row, task.name, outcome.files))
                self.result.disagreements += [(task.row, task.name, text) for text in outcome.disagreements]
        self.result.failed.sort(key=lambda failure: failure[0])

    def finish(self) -> BatchResult:
        from ..output import write_all

        self._tally()
        result = self.result
        report = self.out_dir / REPORT
        if result.failed:
            write_all([(report, report_csv(result))], force=True)
        elif _is_our_report(report):
            report.unlink(missing_ok=True)  # last run's failures are fixed: do not leave them lying there
        return result


def shared_inputs(library: Library, options: BuildOptions) -> dict[str, object]:
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


def _early_pool(
    options: BatchOptions, rows: int, records: int, library: Library, out_dir: Path, helping: int
) -> Workers | None:
    """Start the workers before the roster is checked, so they boot while this process works — unless
    most plans look built already (*records* of them: a rerun), where they would rarely be needed."""
    jobs = _jobs(options, rows)
    if jobs <= 1:  # this process alone
        return None
    if records * 2 > rows and not options.force:
        return None
    return Workers(jobs - helping, library, out_dir)


def _builds_here(options: BatchOptions, base: dict[str, Any]) -> int:
    """1 when this process builds beside its workers (:meth:`_Run._build_here_too`), else 0. Not
    for PDFs: LibreOffice runs only in workers, whose LibreOffice and scratch folders are cleared
    even when this process is killed outright (a PDF batch spends its time in LibreOffice anyway)."""
    output = base.get("output") if isinstance(base.get("output"), dict) else {}
    formats = options.build.formats or output.get("formats") or []
    return 0 if isinstance(formats, list) and "pdf" in formats else 1


def _chunk(start: int, plans: int, jobs: int, helping: int, options: BatchOptions) -> int:
    """Plans in the chunk that begins at *start* of *plans*, for *jobs* processes of which *helping*
    (0 or 1) is this one. With PDFs, as many as share out evenly, up to 32: a chunk's PDFs take one
    LibreOffice start. Otherwise the workers take chunks from the front while this process builds
    plan by plan from the back; a chunk a worker has taken cannot be taken back, so chunks shrink
    towards where the two are expected to meet — none is left building a long one while the rest
    of the batch waits — and are otherwise large, for few round trips."""
    if "pdf" in (options.build.formats or []) or not helping:
        return max(1, min(32, -(-plans // jobs)))
    workers = jobs - helping
    meet = plans * workers // jobs  # where the workers' share ends when every process is as fast
    return max(1, min(16, (meet - start) // (8 * workers)))


def _jobs(options: BatchOptions, plans: int) -> int:
    """Processes that build *plans* at once, this one included (it builds beside jobs − 1 workers):
    -j, else the core count; 1 (this process alone) when it may not start any — inside a daemonic
    worker of the caller's own multiprocessing pool."""
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return 1
    return min(options.jobs or os.cpu_count() or 1, plans)


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
