"""Building one roster row, in a worker process or in this one.

A worker is started by ``spawn`` (the only way on Windows, and the safe way everywhere): it imports
plangen afresh, makes one library and one composer, and keeps them — blocks load and templates
compile once per worker, not once per plan. Each task returns a small :class:`Outcome`; the
documents themselves never cross the process boundary.

A worker leaves Ctrl-C and SIGTERM to its parent (a terminal sends Ctrl-C to every process of the
job): the parent sets the batch's stop event, on which a worker ends its LibreOffice run at once,
finishes or drops the plan in hand — files go in place all together or not at all — and takes no
further task. A worker whose parent has gone (killed outright) ends itself and its LibreOffice.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .state import Record, digest, journal, sweep_out

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.sharedctypes import Synchronized
    from multiprocessing.synchronize import Event

    from ..errors import PlanError
    from ..library import Layer, Library
    from ..pipeline import Builder, BuildOptions, Prepared
    from ..schema.types import PlanSpec

# An empty file holds nothing a user wrote: it is what a power cut leaves of a file the system had
# not yet written to disk (the batch does not flush each of its thousands of files; a killed
# process loses nothing either way), and the next run replaces it.
EMPTY = digest(b"")

_builder: Builder | None = (
    None  # this process's Builder: set by start() in a worker, by build_here() otherwise
)


@dataclass
class Task:
    index: int
    row: int
    name: str
    stem: str  # the plan.yaml's name and the state record's
    spec: dict[str, object]
    key: str
    checked: PlanSpec | None = None  # the spec as plain objects, when the parent's fast check vouched for it
    record: Record = field(default_factory=Record)  # what the last batch wrote for this plan


@dataclass
class Outcome:
    index: int
    files: list[str] = field(default_factory=list)  # names within the out folder, the plan's first
    problems: list[str] = field(default_factory=list)
    interrupted: bool = False  # the batch stopped while this plan was being built: nothing written
    disagreements: list[str] = field(default_factory=list)  # its PDF's pages against its contents, still


_stop: Event | None = None  # the batch's stop event (a multiprocessing Event shared with the parent)
_finished: Callable[[], None] | None = None  # said after each plan, built or failed: the progress


def start(
    layers: list[Layer], out_dir: Path, stop: Event | None = None, count: Synchronized[int] | None = None
) -> None:
    """Worker initialiser: signals left to the parent, the watchers, one Builder for every task;
    *count*, shared with the parent, goes up by one as each plan is finished (its progress bar)."""
    global _builder, _stop, _finished
    import signal

    for name in ("SIGINT", "SIGTERM"):  # on POSIX already ignored from birth (batch.pool)
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    _stop = stop
    if count is not None:

        def finished() -> None:
            with count.get_lock():
                count.value += 1

        _finished = finished
    _watch(stop, out_dir)
    from ..library import Library
    from ..pipeline import Builder

    _builder = Builder(Library(layers), out_dir)


def build_here(library: Library, out_dir: Path, finished: Callable[[], None] | None = None) -> None:
    """Build in this process (one plan, or one job): the Builder a worker's initialiser would make;
    *finished* is said after each plan."""
    global _builder, _finished
    from ..pipeline import Builder

    _builder = Builder(library, out_dir)
    _finished = finished


def stopping() -> bool:
    return _stop is not None and _stop.is_set()


def _watch(stop: Event | None, out_dir: Path) -> None:
    """Daemon threads: one ends LibreOffice when the batch stops; one ends this process when the
    parent is gone (its sentinel works with spawn on Windows and POSIX alike)."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    from .. import office

    parent = multiprocessing.parent_process()

    def clean_up() -> None:
        """What this process and its dead parent left: the parent builds too, so its half-written
        files and scratch folders are swept here (a killed process can sweep nothing of its own)."""
        office.stop_all(settle=2.0)  # its profile is in our scratch folder: gone before that is removed
        with contextlib.suppress(Exception):  # this process ends now, mid-plan: nothing of it stays
            from ..output import stop_making, sweep_scratch

            stop_making()
            sweep_out(out_dir, mine=True)  # the dead parent's temporary files too
            sweep_scratch(mine=True)

    def orphaned() -> None:
        wait([parent.sentinel])
        clean_up()
        os._exit(1)

    def at_exit() -> None:
        """The worker's last step. Orphaned, an idle worker may get here (its queue's pipe gone)
        before the watching thread: it cleans up first. Otherwise its work is all written and
        closed, and it ends at once — freeing its caches one by one would only keep the batch
        waiting (the parent joins it)."""
        if parent is not None and wait([parent.sentinel], timeout=0):
            clean_up()
            os._exit(1)
        with contextlib.suppress(Exception):
            import sys

            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(0)

    if parent is not None:
        threading.Thread(target=orphaned, name="plangen-parent", daemon=True).start()
        import atexit

        atexit.register(at_exit)
    if stop is not None:
        threading.Thread(
            target=lambda: stop.wait() and office.stop_all(), name="plangen-stop", daemon=True
        ).start()


def ready() -> None:
    """A first task that makes the pool start this process early (the initialiser does the work)."""


def build(task: Task, out_dir: Path, options: BuildOptions, force: bool) -> Outcome:
    """Build *task*'s plan into *out_dir*: its plan.yaml, its outputs and its state record."""
    return build_many([task], out_dir, options, force)[0]


def build_many(tasks: list[Task], out_dir: Path, options: BuildOptions, force: bool) -> list[Outcome]:
    """Several tasks in one round trip (a thousand small ones would keep the parent busy).

    Every plan is composed and rendered first; the PDFs of them all are then made in one LibreOffice
    run (its start costs more than a plan's conversion); then each plan's files go in place. Once
    the batch is stopping, the rest of the chunk is left undone."""
    from ..errors import PlanError

    staged: list[tuple[Task, Outcome, _Staged | None]] = []
    for task in tasks:
        if stopping():
            break
        outcome = Outcome(task.index)
        try:
            staged.append((task, outcome, _stage(task, out_dir, options)))
        except PlanError as exc:
            _failed(outcome, exc, out_dir)
            staged.append((task, outcome, None))
    _make_pdfs([stage for _, outcome, stage in staged if stage is not None and stage.pdf_from is not None])
    for task, outcome, stage in staged:
        if stage is not None:
            try:
                if isinstance(stage.pdf_error, PlanError):
                    raise stage.pdf_error
                outcome.files = _commit(task, stage, out_dir, force)
                outcome.disagreements = stage.disagreements
            except PlanError as exc:
                _failed(outcome, exc, out_dir)
        if _finished is not None:  # counted as its files are in place (or it failed)
            _finished()
    return [outcome for _, outcome, _ in staged]


@dataclass
class _Staged:
    """One plan rendered in memory, its files not yet written."""

    spec_path: Path
    files: list[tuple[Path, bytes]]  # the plan.yaml first, then the outputs
    prepared: Prepared
    pdf_error: PlanError | None = None
    disagreements: list[str] = field(default_factory=list)  # left after its PDF was made again

    @property
    def pdf_from(self) -> tuple[Path, bytes] | None:
        """The PDF still to make: its target and the DOCX."""
        return self.prepared.pdf_later


def _stage(task: Task, out_dir: Path, options: BuildOptions) -> _Staged:
    from ..specfile import spec_yaml

    spec_path = out_dir / "plans" / f"{task.stem}.yaml"
    text = spec_yaml(task.spec, by="plangen batch", name=spec_path.name)
    prepared = _builder.prepare(spec_path, options, spec_text=task.checked or task.spec, pdf_later=True)
    return _Staged(spec_path, [(spec_path, text.encode("utf-8")), *prepared.outputs], prepared)


def _make_pdfs(stages: list[_Staged]) -> None:
    """Every staged plan's PDF from one LibreOffice run; a plan whose file failed gets its error.
    Read back (with pdftotext), a PDF whose pages disagree with its contents is made again from a
    settled layout, as ``plangen build`` does (:func:`office.settled`); what still disagrees is the
    plan's to report, as build reports it."""
    if not stages:
        return
    from .. import office
    from ..errors import PlanError
    from ..output import scratch_dir

    with scratch_dir("pdf") as folder:
        sources = []
        for number, stage in enumerate(stages):
            source = folder / f"{number}.docx"  # our own names: the plans' may clash or be long
            source.write_bytes(office.for_libreoffice(stage.pdf_from[1]))
            sources.append(source)
        try:
            results: list[Path | PlanError] = office.convert_each(sources, folder / "pdf")
            again = [i for i, result in enumerate(results) if _disagrees(stages[i], result)]
            if again:
                for i, result in zip(
                    again, office.settled([sources[i] for i in again], folder / "settled"), strict=True
                ):
                    results[i] = result
                    stages[i].disagreements = _disagreements(stages[i], result)
        except PlanError as exc:  # LibreOffice missing, timed out, stopped
            results = [exc] * len(stages)
        for stage, result in zip(stages, results, strict=True):
            if isinstance(result, PlanError):
                stage.pdf_error = result
            else:
                stage.files.append((stage.pdf_from[0], result.read_bytes()))


def _disagrees(stage: _Staged, pdf: Path | PlanError) -> bool:
    """Its pages disagree with its contents (or the PDF cannot be read back): it is made again."""
    from .. import office

    return office.pdftotext() is not None and bool(_disagreements(stage, pdf))


def _disagreements(stage: _Staged, pdf: Path | PlanError) -> list[str]:
    """Where the PDF disagrees with the contents; that it cannot be read back, if so (none for a PDF
    not made)."""
    from .. import office
    from ..errors import PlanError

    if not isinstance(pdf, Path):
        return []
    prepared = stage.prepared
    try:
        return office.disagreements(prepared.document, office.read_pdf(pdf), prepared.toc_levels)
    except PlanError as exc:  # said, not passed over: its pages could not be checked
        return [f"PDF 无法读回核对页码：{exc.message}"]


def _commit(task: Task, stage: _Staged, out_dir: Path, force: bool) -> list[str]:
    """Write one plan's files: the record (with the hashes of everything about to be written) goes
    down first, into this process's journal, then every file at once; a file already there is
    replaced only when it is ours — a hash this batch wrote — or with ``--force``; a file the user
    has edited is left alone and the row fails. Returns the names written, the plan's outputs first."""
    from ..errors import PlanError, os_reason
    from ..output import write_all

    files = stage.files
    names = {target: target.relative_to(out_dir).as_posix() for target, _ in files}
    hashes = {names[target]: digest(data) for target, data in files}
    record = task.record
    replace: set[Path] = set()
    for target, _ in files:
        name = names[target]
        try:
            current = digest(target.read_bytes())
        except FileNotFoundError:
            continue  # created by a link that fails if another worker made it meanwhile
        except OSError as exc:
            raise PlanError(f"无法读取已有文件：{os_reason(exc)}", target) from None
        if force or current == hashes[name] or record.owns(name, current) or current == EMPTY:
            replace.add(target)
        else:
            raise PlanError(
                "文件已存在且不是本批次生成的（可能已被修改）",
                target,
                hint="确认不再需要后加 --force 覆盖，或换一个输出文件夹。",
            )
    journal(out_dir, task.stem, record.promise(task.key, hashes))
    write_all(files, force=replace, swept=True, durable=False)
    return [names[target] for target, _ in files[1:]] + [names[stage.spec_path]]


def _failed(outcome: Outcome, error: PlanError, out_dir: Path) -> None:
    from ..errors import flatten

    if stopping():  # LibreOffice was ended for the stop, or refused to start: not the row's fault
        outcome.interrupted = True
    else:
        outcome.problems = [_said(problem, out_dir) for problem in flatten(error)]


def _said(problem: PlanError, out_dir: Path) -> str:
    where = problem.where(out_dir)
    text = f"{where}：{problem.message}" if where else problem.message
    return f"{text}（{problem.hint}）" if problem.hint else text
