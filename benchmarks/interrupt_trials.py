"""The batch's stop and race trials (issue 21), as figures — no assertions.

1. A batch of N plans, SIGINT to its process group (as a terminal's Ctrl-C) at a random moment, T
   times: seconds from the signal to the exit, the exit code, whether the rerun completes, whether
   it rebuilt exactly the plans the stopped run had not finished (none twice), whether every DOCX
   opens and every plan.yaml parses, and whether any process or temporary file is left.
2. Two batches with different options (``-f docx`` and ``-f docx,md --force``) started together
   into one folder, R times: whether the folder holds one run's plans entirely and no run reports
   plans as its own that the other replaced.

Run (Linux: processes are read from /proc):
``python benchmarks/interrupt_trials.py [--plans 300] [--trials 20] [--races 10] [--office]``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# benchmarks/docx.py would shadow python-docx
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "hospital-branch.yaml"
sys.path.insert(0, str(REPO / "tests"))  # the process helpers of the interrupt tests
from test_interrupts import descendants, running  # noqa: E402

SUMMARY = re.compile(r"生成 (\d+) 份(?:，(\d+) 份未变化（跳过）)?，失败 (\d+) 份(?:，未完成 (\d+) 份)?")


def roster(path: Path, plans: int) -> None:
    rows = [f"第{i:03d}党支部,王{i},{10 + i % 40}" for i in range(plans)]
    path.write_text("支部名称,书记,党员人数\n" + "\n".join(rows) + "\n", encoding="utf-8")


def start(args: list[str], cwd: Path, scratch: Path, office: bool) -> subprocess.Popen:
    environ = {**os.environ, "TMPDIR": str(scratch), "PYTHONIOENCODING": "utf-8"}
    environ["PLANGEN_OFFICE"] = "1" if office else "0"
    return subprocess.Popen([sys.executable, "-m", "plangen", *args], cwd=cwd, env=environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            start_new_session=True)  # fmt: skip


def stamps(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}


def whole(out: Path) -> bool:
    """Every DOCX opens, every plan.yaml parses, no temporary file is left."""
    import yaml
    from docx import Document

    try:
        for path in out.glob("*.docx"):
            Document(str(path))
        for path in (out / "plans").glob("*.yaml"):
            yaml.safe_load(path.read_text(encoding="utf-8"))
    except Exception:
        return False
    return not list(out.rglob("*.plangen.tmp"))


def stop_trial(folder: Path, plans: int, office: bool, rng: random.Random) -> dict:
    scratch, out = folder / "tmp", folder / "out"
    scratch.mkdir()
    formats = "docx,md,pdf" if office else "docx,md"  # LibreOffice makes the PDFs
    args = ["batch", "名册.csv", "--spec", str(EXAMPLE), "-o", "out", "-f", formats]
    process = start(args, folder, scratch, office)
    time.sleep(rng.uniform(0.5, 3.5) if not office else rng.uniform(3.0, 30.0))
    below = descendants(process.pid)
    sent = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    stdout, err = process.communicate(timeout=120)
    seconds = time.monotonic() - sent
    deadline = time.monotonic() + 5
    while any(running(pid) for pid in below) and time.monotonic() < deadline:
        time.sleep(0.02)
    left_processes = sum(running(pid) for pid in below)
    found = SUMMARY.search(err) or SUMMARY.search(stdout)  # stopped, or finished before the signal
    built = int(found.group(1)) if found else 0
    undone = int(found.group(4) or 0) if found else plans
    records = len(list((out / ".plangen").glob("*.json")))
    before = stamps(out)
    intact = whole(out) if out.exists() else True
    scratch_left = len(list(scratch.iterdir()))
    rerun = start(args, folder, scratch, office)
    again, rerr = rerun.communicate(timeout=3600)
    redo = SUMMARY.search(again)
    rebuilt = int(redo.group(1)) if redo else -1
    after = stamps(out)
    touched = sum(1 for name, stamp in before.items() if after.get(name) != stamp)
    return {
        "code": process.returncode, "seconds": seconds, "said": err.strip().splitlines()[:1],
        "built": built, "records": records, "undone": undone, "rerun_code": rerun.returncode,
        "rerun_built": rebuilt, "rebuilt_twice": touched, "intact": intact and whole(out),
        "complete": len(after) == plans, "processes_left": left_processes, "scratch_left": scratch_left,
        "rerun_err": rerr.strip()[:200],
    }  # fmt: skip


def race_trial(folder: Path, office: bool) -> dict:
    scratch, out = folder / "tmp", folder / "out"
    scratch.mkdir()
    base = ["batch", "名册.csv", "--spec", str(EXAMPLE), "-o", "out"]
    racers = [start([*base, "-f", "docx"], folder, scratch, office),
              start([*base, "-f", "docx,md", "--force"], folder, scratch, office)]  # fmt: skip
    results = [(*p.communicate(timeout=3600), p.returncode) for p in racers]
    docx, md = len(list(out.glob("*.docx"))), len(list(out.glob("*.md")))
    claims = []
    for (stdout, _err, code), with_md in zip(results, (False, True), strict=True):
        found = SUMMARY.search(stdout)
        if code == 0 and found:
            claims.append(with_md)
    # one run's plans entirely: all its DOCX (and Markdown if it made them) and nothing of the other
    winner_ok = len(claims) == 1 and (md == docx if claims[0] else md == 0)
    return {"codes": [code for *_, code in results], "docx": docx, "md": md, "one_run": winner_ok}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=300)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--races", type=int, default=10)
    parser.add_argument("--office", action="store_true", help="with LibreOffice (exact contents pages)")
    parser.add_argument("--seed", type=int, default=21)
    options = parser.parse_args()
    # started in the background (nohup, `&`), this process ignores SIGINT and its children inherit
    # that: they would finish as if no Ctrl-C came. Children of a Python handler start with the default.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rng = random.Random(options.seed)
    print(f"{options.plans} plans, {'LibreOffice' if options.office else '--no-office'}")
    worst = 0.0
    for trial in range(options.trials):
        folder = Path(tempfile.mkdtemp(prefix="plangen-trial-"))
        try:
            roster(folder / "名册.csv", options.plans)
            row = stop_trial(folder, options.plans, options.office, rng)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        worst = max(worst, row["seconds"])
        print(f"stop {trial + 1:2d}: {row['seconds']:.2f} s exit {row['code']} built {row['built']} "
              f"(records {row['records']}) undone {row['undone']} | rerun exit {row['rerun_code']} built "
              f"{row['rerun_built']} rebuilt-twice {row['rebuilt_twice']} complete {row['complete']} "
              f"intact {row['intact']} | processes left {row['processes_left']} scratch left "
              f"{row['scratch_left']} {row['rerun_err']}", flush=True)  # fmt: skip
    if options.trials:
        print(f"slowest stop: {worst:.2f} s")
    for trial in range(options.races):
        folder = Path(tempfile.mkdtemp(prefix="plangen-race-"))
        try:
            roster(folder / "名册.csv", options.plans)
            row = race_trial(folder, options.office)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"race {trial + 1:2d}: exits {row['codes']} docx {row['docx']} md {row['md']} "
              f"one run entirely {row['one_run']}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
