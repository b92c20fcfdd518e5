"""Batch speed and memory, printed beside pandoc (ratios, no assertions).

1. ``plangen batch`` (the console script, as a user starts it) over a generated roster of N plans
   (DOCX + Markdown, default options: the contents' pages from the layout model), as a whole
   process with its default workers, several times into fresh folders (the median wall time, and
   each worker's peak memory — Linux: read from /proc while it runs), each run followed by
2. pandoc turning its share of the same Markdown files into DOCX, one process per plan, one after
   another: the speed-up is the median over these pairs, so a machine whose speed drifts (a shared
   one) moves both sides of each ratio alike;
3. one plan as a whole process (``plangen build``) beside one pandoc run;
4. with ``--pdf N``: ``plangen batch -f docx,pdf`` of N plans beside one LibreOffice run converting
   the same N DOCX files to PDF.

Run: ``python benchmarks/batch.py [--plans 200,1000,5000] [--pandoc-sample N] [--pdf 200]``. With a
sample, pandoc converts N of the files (spread over the runs) and its time for all of them is
extrapolated (said in the output).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def _sibling(name: str):
    """benchmarks/<name>.py by path (benchmarks/docx.py would shadow python-docx on sys.path)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_bench_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_docx_bench = _sibling("docx")
REPO, median_time, pandoc = _docx_bench.REPO, _docx_bench.median_time, _docx_bench.pandoc
plangen_command = _docx_bench.plangen_command
INSTALLED_ENV = _docx_bench.INSTALLED_ENV

EXAMPLE = REPO / "examples" / "hospital-branch.yaml"
DAYS = ["每月第一个星期五", "每月第二个星期三", "每月最后一个星期四", "每月15日", "每月第一个星期一"]


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉"


def secretary(i: int) -> str:
    """A different name for every branch (as in a real roster): a memo keyed by the secretary's
    name must not look better here than it is for a user."""
    return SURNAMES[i % 20] + GIVEN[i // 20 % 25] + GIVEN[i // 500 % 25]


def roster(path: Path, plans: int) -> None:
    rows = ["支部名称,书记,党员人数,主题党日"]
    rows += [f"第{i:05d}党支部,{secretary(i)},{5 + i % 60},{DAYS[i % len(DAYS)]}" for i in range(plans)]
    path.write_text("\n".join(rows) + "\n", encoding="gb18030")


def _children(pid: int) -> list[int]:
    """The child processes of *pid*: from /proc/<pid>/task/<pid>/children (cheap), else by a scan."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as stream:
            return [int(part) for part in stream.read().split()]
    except OSError:
        pass
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stream:
                    fields = stream.read().rpartition(b")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _peak_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run_batch(folder: Path, plans: int, formats: str = "docx,md") -> tuple[float, dict[int, int], int | None]:
    """(wall seconds, worker pid → peak KiB, main process peak KiB) of one whole batch."""
    roster(folder / "roster.csv", plans)
    command = [*plangen_command(), "batch", "roster.csv", "--spec", str(EXAMPLE), "-o", "out",
               "-f", formats]  # fmt: skip
    peaks: dict[int, int] = {}
    main_peak: list[int] = []
    if hasattr(os, "sync"):
        os.sync()  # earlier runs' writes and deletions are flushed now, not during this measurement
        time.sleep(1)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=INSTALLED_ENV)  # fmt: skip

    def watch() -> None:
        if not Path("/proc/self/status").exists():
            return
        while process.poll() is None:
            for child in _children(process.pid):
                peak = _peak_kib(child)
                if peak:
                    peaks[child] = max(peaks.get(child, 0), peak)
            peak = _peak_kib(process.pid)
            if peak:
                main_peak[:] = [peak]
            time.sleep(0.2)  # light: the watcher must not take CPU from the workers it measures

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = process.communicate()
    wall = time.perf_counter() - started
    watcher.join()
    if process.returncode != 0:
        sys.exit(f"plangen batch failed: {err.decode('utf-8', 'replace')[-500:]}")
    return wall, peaks, (main_peak[0] if main_peak else None)


def pandoc_share(files: list[Path], sample: int, rounds: int, round_: int) -> tuple[float, int]:
    """pandoc's seconds per file over round *round_*'s share of the sample: the sample (every file,
    or *sample* of them spread evenly) is split over the rounds, each converting its own files."""
    program = pandoc()
    chosen = files if not sample or sample >= len(files) else files[:: max(1, len(files) // sample)][:sample]
    share = chosen[round_::rounds]
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        for number, source in enumerate(share):
            subprocess.run([program, str(source), "-o", str(Path(scratch) / f"{number}.docx")], check=True)
        spent = time.perf_counter() - started
    return spent / max(len(share), 1), len(share)


def one_plan(folder: Path) -> tuple[float, float]:
    program = pandoc()
    subprocess.run([*plangen_command(), "build", str(EXAMPLE), "-o", str(folder / "one"), "-f", "md",
                    "--force"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=INSTALLED_ENV)  # fmt: skip
    markdown = next((folder / "one").glob("*.md"))

    def build() -> None:
        subprocess.run([*plangen_command(), "build", str(EXAMPLE), "-o", str(folder / "one"),
                        "-f", "docx,md", "--force"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=INSTALLED_ENV)  # fmt: skip

    def convert() -> None:
        subprocess.run([program, str(markdown), "-o", str(folder / "one" / "pandoc.docx")], check=True)

    build(), convert()  # warm the file cache and plangen's own caches
    samples_plangen, samples_pandoc = [], []
    for _ in range(7):  # interleaved: both see the same machine load
        samples_plangen.append(median_time(build, 1))
        samples_pandoc.append(median_time(convert, 1))
    return statistics.median(samples_plangen), statistics.median(samples_pandoc)


def pdf_batch(folder: Path, plans: int) -> tuple[float, float]:
    """(plangen batch -f docx,pdf, one LibreOffice run over the same DOCX files), wall seconds."""
    sys.path.insert(0, str(REPO / "src"))
    from plangen import office

    wall, _, _ = run_batch(folder, plans, "docx,pdf")
    documents = sorted((folder / "out").glob("*.docx"))
    assert len(documents) == plans and len(list((folder / "out").glob("*.pdf"))) == plans
    copies = folder / "copies"
    copies.mkdir()
    for number, path in enumerate(documents):  # as plangen hands them over: adapted, short names
        (copies / f"{number}.docx").write_bytes(office.for_libreoffice(path.read_bytes()))
    started = time.perf_counter()
    office.convert(sorted(copies.glob("*.docx")), folder / "pdf")
    return wall, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", default="1000", help="comma-separated batch sizes, e.g. 1000,5000")
    parser.add_argument("--pandoc-sample", type=int, default=0, help="convert only this many with pandoc")
    parser.add_argument("--repeat", type=int, default=5, help="batch runs per size, each paired with pandoc")
    parser.add_argument("--pdf", type=int, default=0, help="also a PDF batch of this many plans")
    args = parser.parse_args()
    sizes = [int(part) for part in args.plans.split(",")]
    print(f"cores: {os.cpu_count()}; plan: {EXAMPLE.name}, DOCX + Markdown, default options")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        plangen_one, pandoc_one = one_plan(folder)
        print(f"one plan, whole process     plangen {plangen_one * 1000:7.1f} ms   pandoc {pandoc_one * 1000:6.1f} ms"
              f"   ratio {plangen_one / pandoc_one:5.2f} (budget ≤ 2)")  # fmt: skip
        worker_peaks, main_peaks = {}, {}
        for size in sizes:
            runs, per_file, ratios, converted = [], [], [], 0
            for attempt in range(args.repeat):
                # pairs: a batch, then pandoc on its share of the files, so both see the machine as it
                # is at that moment; the ratio is the median of the pairs' (a shared machine drifts)
                run = folder / f"batch-{size}-{attempt}"
                run.mkdir()
                runs.append(run_batch(run, size))
                files = sorted((run / "out").glob("*.md"))
                assert len(files) == size, f"{len(files)} of {size} plans built"
                seconds, count = pandoc_share(files, args.pandoc_sample, args.repeat, attempt)
                per_file.append(seconds)
                converted += count
                ratios.append(seconds * size / runs[-1][0])
            wall = statistics.median(r[0] for r in runs)
            peaks = {pid: kib for r in runs for pid, kib in r[1].items()}
            main_peak = max((r[2] or 0) for r in runs) or None
            loop = statistics.median(per_file) * size
            note = "" if converted >= size else f" (extrapolated from {converted})"
            worker = max(peaks.values()) if peaks else None
            worker_peaks[size] = worker
            main_peaks[size] = main_peak
            print(f"{size:5d} plans                 plangen batch {wall:7.1f} s (median of {len(runs)})   pandoc loop {loop:7.1f} s{note}"
                  f"   faster {statistics.median(ratios):5.1f}× (median of pairs {min(ratios):.1f}–{max(ratios):.1f}; budget ≥ {15 if size < 1000 else 25})")  # fmt: skip
            if worker:
                print(f"      peak memory per worker {worker / 1024:6.1f} MiB over {len(peaks)} workers; "
                      f"main process {main_peak / 1024 if main_peak else 0:6.1f} MiB")  # fmt: skip
        measured = [peak for peak in worker_peaks.values() if peak]
        if len(measured) > 1:
            print(f"worker peak, largest / smallest batch: {measured[-1] / measured[0]:5.3f} (budget ≤ 1.10)")
        measured = [peak for peak in main_peaks.values() if peak]  # it builds too, and holds the roster
        if len(measured) > 1:
            ratio = measured[-1] / measured[0]  # it holds every row of the roster: it grows a little
            print(
                f"main process peak, largest / smallest batch: {ratio:5.3f} (no budget: it builds and holds the roster)"
            )
        if args.pdf:
            run = folder / "pdf-batch"
            run.mkdir()
            batch, libreoffice = pdf_batch(run, args.pdf)
            print(f"{args.pdf:5d} plans, -f docx,pdf      plangen batch {batch:7.1f} s   one LibreOffice run {libreoffice:7.1f} s"
                  f"   ratio {batch / libreoffice:5.2f} (budget ≤ 1.3)")  # fmt: skip


if __name__ == "__main__":
    main()
