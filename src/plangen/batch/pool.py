"""The batch's worker processes, and how they stop.

Ctrl-C or SIGTERM reaches this process (a terminal sends Ctrl-C to the workers too; they ignore it):
the stop event is set, queued chunks are cancelled, each worker ends its LibreOffice run and
finishes or drops the plan in hand — its files go in place all together or not at all — and the
outcomes of what was finished are collected. A worker still busy when :data:`GRACE` is up is
killed; what it left (temporary files, a scratch folder) is swept before the batch returns.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, wait
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from . import worker
from .worker import Outcome, Task

if TYPE_CHECKING:
    from ..library import Library
    from ..pipeline import BuildOptions

# After a kill -9 of the batch, Python's resource tracker removes the stop event's semaphore and
# says so in English on the user's terminal; there is nothing for the user to do about it.
_QUIET_TRACKER = "ignore:resource_tracker:UserWarning"
GRACE = 0.6  # seconds a stopping worker gets to finish the plan in hand (one takes 0.02–0.1 s)


class Workers:
    """``spawn`` worker processes (the only start method on Windows) sharing one stop event."""

    def __init__(self, jobs: int, library: Library, out_dir: Path) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        if _QUIET_TRACKER not in sys.warnoptions:  # passed to the resource tracker as it starts
            sys.warnoptions.append(_QUIET_TRACKER)
        self.stop_event = context.Event()
        self.finished = context.Value("i", 0)  # plans the workers have finished, as they finish them
        self.executor = ProcessPoolExecutor(
            jobs, mp_context=context, initializer=worker.start,
            initargs=(library.layers, out_dir, self.stop_event, self.finished),
        )  # fmt: skip
        try:
            with _ignored_by_children():
                for _ in range(jobs):
                    self.executor.submit(worker.ready)  # the pool starts its processes as work arrives
        except BaseException:
            self.stop([])
            raise

    def submit(
        self, tasks: list[Task], out_dir: Path, options: BuildOptions, force: bool
    ) -> Future[list[Outcome]]:
        return self.executor.submit(worker.build_many, tasks, out_dir, options, force)

    def close(self) -> None:
        """Wait for the work given out (the batch is complete or failed)."""
        self.executor.shutdown(wait=True, cancel_futures=True)

    def stop(self, futures: list[Future]) -> list[Outcome]:
        """Stop within a second; the outcomes of *futures* that were finished or finish meanwhile."""
        with signals_held():
            deadline = time.monotonic() + GRACE
            self.stop_event.set()
            live = [future for future in futures if not future.cancel()]  # queued chunks are dropped
            wait(live, timeout=max(0.0, deadline - time.monotonic()))
            outcomes = []
            for future in live:
                if future.done() and not future.cancelled() and future.exception() is None:
                    outcomes.extend(future.result())
            self._kill()
            self.executor.shutdown(wait=True)  # its threads too, before a second Ctrl-C may come
        return outcomes

    def _kill(self) -> None:
        """Kill the workers still alive (busy past the grace, or still starting up): the executor
        has no public way to end a worker before Python 3.14."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    process.kill()
        for process in processes:
            with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
                process.join(2)


@contextlib.contextmanager
def _ignored_by_children() -> Iterator[None]:
    """Start workers with Ctrl-C and SIGTERM ignored from birth (POSIX passes an ignored signal on to
    a new program), so one pressed while a worker boots cannot print its traceback. The milliseconds
    this takes are the only time a Ctrl-C may go unseen; on Windows the worker ignores them itself
    as it starts."""
    with _signals(signal.SIG_IGN):
        yield


@contextlib.contextmanager
def deferred() -> Iterator[Callable[[], bool]]:
    """Ctrl-C and SIGTERM wait while this process builds a plan, as its workers' do (they finish or
    drop the plan in hand): the block is told one came (``stopping()``), ends its plan, and the
    signal is sent again as the block ends — so what the batch says it built is what is there."""
    caught: list[int] = []
    with _signals(lambda number, _frame: caught.append(number)):
        yield lambda: bool(caught)
    if caught:
        signal.raise_signal(caught[0])


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """A second Ctrl-C (or a SIGTERM) while the batch stops is not allowed to cut the stop short —
    that would leave workers and files behind; the stop itself takes under a second."""
    with _signals(lambda *_: None):
        yield


@contextlib.contextmanager
def _signals(handler: Callable[[int, FrameType | None], object] | signal.Handlers) -> Iterator[None]:
    """Ctrl-C and SIGTERM handled by *handler* meanwhile (only the main thread may change them)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, handler) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
