"""Interrupted and racing builds, in real processes: Ctrl-C, SIGTERM and SIGKILL at any moment leave
no partial file, no LibreOffice behind and no scratch folder; two builds into one folder never mix
or corrupt each other's files.

Signals are sent the way a terminal or a service manager sends them (POSIX); Windows has none of
SIGINT-to-a-pid, SIGTERM or SIGKILL, so these tests run where those exist.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE, require_libreoffice

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

TITLE = "内科第一党支部2027年工作计划"


def start(args: list[str], cwd: Path, scratch: Path, office: bool = False) -> subprocess.Popen:
    environ = {
        **os.environ,
        "TMPDIR": str(scratch),
        "PYTHONIOENCODING": "utf-8",
        "PLANGEN_OFFICE": "1" if office else "0",
        "SOURCE_DATE_EPOCH": "1795480000",  # every complete build writes the same bytes
        "PLANGEN_DEBUG": "",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "plangen", *args],
        cwd=cwd,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def processes_mentioning(text: str) -> list[int]:
    """Running processes whose command line mentions *text* (LibreOffice's profile is in our scratch)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("sent", "code", "line"), [(signal.SIGINT, 130, "已中断。"), (signal.SIGTERM, 143, "已终止。")]
)
def test_signal_while_libreoffice_renders(tmp_path: Path, sent: signal.Signals, code: int, line: str) -> None:
    require_libreoffice()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = start(["build", str(EXAMPLE), "-f", "docx,pdf", "-o", "out"], tmp_path, scratch, office=True)
    wait_for(lambda: processes_mentioning(str(scratch)))  # LibreOffice is running
    time.sleep(0.5)
    process.send_signal(sent)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert err.splitlines() == [line]  # exactly one line
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    assert list(scratch.iterdir()) == []  # LibreOffice's profile and PDFs are gone
    time.sleep(0.2)
    assert processes_mentioning(str(scratch)) == []  # and so is LibreOffice


def test_sigkill_never_leaves_a_partial_file(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    reference = tmp_path / "reference"
    done = start(["build", str(EXAMPLE), "-o", str(reference)], tmp_path, scratch)
    assert done.wait(60) == 0
    expected = {p.name: p.read_bytes() for p in reference.iterdir()}
    rng = random.Random(7)
    out = tmp_path / "out"
    for _ in range(12):  # kill at random moments, most of them around the writes
        process = start(["build", str(EXAMPLE), "-o", "out", "--force"], tmp_path, scratch)
        time.sleep(rng.uniform(0.2, 0.9))
        process.kill()
        process.wait()
        if out.exists():
            for path in out.iterdir():
                if path.name in expected:
                    assert path.read_bytes() == expected[path.name], "a partial or mixed file"
    assert start(["build", str(EXAMPLE), "-o", "out", "--force"], tmp_path, scratch).wait(60) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)  # leftovers swept by the next run
    assert all((out / name).read_bytes() == data for name, data in expected.items())


def test_two_builds_into_one_folder(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    names = ["外科党支部", "儿科党支部"]
    for round_ in range(4):
        out = f"out{round_}"
        racers = [
            start(
                ["build", str(EXAMPLE), "-o", out, "--set", f"org.name={name}", "--set", "output.name=计划"],
                tmp_path,
                scratch,
            )
            for name in names
        ]
        results = [(p.wait(60), p.stderr.read()) for p in racers]
        codes = sorted(code for code, _ in results)
        assert codes == [0, 2], results  # one wins, the other is refused ...
        assert any("文件已存在" in err for _, err in results)
        folder = tmp_path / out
        assert sorted(p.name for p in folder.iterdir()) == [
            "计划.docx",
            "计划.md",
        ]  # ... and nothing is mixed
        markdown = (folder / "计划.md").read_text(encoding="utf-8")
        # the signature carries the formal name: 外科党支部 → 中共……外科支部委员会
        winner = next(name for name in names if f"{name[:2]}支部委员会\n\n2027年1月4日" in markdown)
        with zipfile.ZipFile(folder / "计划.docx") as archive:
            assert f"<dc:creator>{winner}</dc:creator>" in archive.read("docProps/core.xml").decode()
    forced = [
        start(
            [
                "build",
                str(EXAMPLE),
                "-o",
                "forced",
                "--set",
                f"org.name={name}",
                "--set",
                "output.name=计划",
                "--force",
            ],
            tmp_path,
            scratch,
        )
        for name in names
    ]
    assert [p.wait(60) for p in forced] == [0, 0]  # with --force both succeed; every file is whole
    with zipfile.ZipFile(tmp_path / "forced" / "计划.docx") as archive:
        assert archive.testzip() is None
    assert sorted(p.name for p in (tmp_path / "forced").iterdir()) == ["计划.docx", "计划.md"]


# --- batch: stopping, dying with the parent, one writer per folder ----------------------------------


def roster(folder: Path, rows: int) -> Path:
    path = folder / "名册.csv"
    body = "".join(f"第{i:03d}党支部,王{i}\n" for i in range(rows))
    path.write_text("支部名称,书记\n" + body, encoding="utf-8")
    return path


def batch_args(roster_path: Path, out: str, *extra: str) -> list[str]:
    return ["batch", str(roster_path), "--spec", str(EXAMPLE), "-o", out, "-j", "2", *extra]


def start_batch(args: list[str], cwd: Path, scratch: Path, office: bool = False) -> subprocess.Popen:
    """A batch as a terminal starts it: in a process group of its own, Ctrl-C reaching every member."""
    environ = {**os.environ, "TMPDIR": str(scratch), "PYTHONIOENCODING": "utf-8",
               "PLANGEN_OFFICE": "1" if office else "0", "PLANGEN_DEBUG": ""}  # fmt: skip
    return subprocess.Popen([sys.executable, "-m", "plangen", *args], cwd=cwd, env=environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            start_new_session=True)  # fmt: skip


def descendants(pid: int) -> set[int]:
    """Every process below *pid*, read from /proc (Linux)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, stack = set(), [pid]
    while stack:
        for child in parents.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (a container without an init reaps orphans late)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def records(out: Path) -> int:
    """Plans built: each writes one Markdown file, and a plan's files appear together or not at all."""
    return len(list(out.glob("*.md")))


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


@needs_proc
@pytest.mark.parametrize(
    ("sent", "to_group", "code", "said", "jobs"),
    [(signal.SIGINT, True, 130, "已中断", "2"), (signal.SIGTERM, False, 143, "已终止", "2"),
     (signal.SIGINT, True, 130, "已中断", "1")],
    ids=["ctrl-c", "sigterm", "ctrl-c-one-process"],
)  # fmt: skip
def test_a_stopped_batch_says_what_it_did_and_the_rerun_does_the_rest(
    tmp_path: Path, sent: signal.Signals, to_group: bool, code: int, said: str, jobs: str
) -> None:
    """This process builds too (beside its worker, or alone with -j 1): a stop ends the plan in hand
    there as in a worker, so the count said is the count on disk."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    names = roster(tmp_path, 200)
    out = tmp_path / "out"
    process = start_batch(batch_args(names, "out", "-f", "docx,md", "-j", jobs), tmp_path, scratch)
    wait_for(lambda: records(out) >= 10, 120)
    workers = descendants(process.pid)
    sent_at = time.monotonic()
    if to_group:  # a terminal's Ctrl-C reaches the workers too
        os.killpg(process.pid, sent)
    else:
        process.send_signal(sent)
    _out, err = process.communicate(timeout=60)
    assert time.monotonic() - sent_at < 5, "a stop takes well under a second; 5 s is the bound for a hang"
    assert process.returncode == code, err
    lines = err.splitlines()
    assert len(lines) == 1, err  # no traceback, no warning: one line
    built, failed, left = map(int, re.fullmatch(rf"{said}：生成 (\d+) 份，失败 (\d+) 份，未完成 (\d+) 份；再次运行即补齐。", lines[0]).groups())  # fmt: skip
    assert failed == 0 and built + left == 200 and 10 <= built < 200
    assert records(out) == built  # what it says it did is what is there: no plan half done
    assert not list(out.rglob("*.plangen.tmp"))
    assert list(scratch.iterdir()) == []
    wait_for(lambda: not any(running(pid) for pid in workers), 5)
    stamps = {path: path.stat().st_mtime_ns for path in out.glob("*.docx")}

    rerun = start_batch(batch_args(names, "out", "-f", "docx,md"), tmp_path, scratch)
    again, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert again.strip() == f"生成 {left} 份，{built} 份未变化（跳过），失败 0 份。"
    assert all(path.stat().st_mtime_ns == stamp for path, stamp in stamps.items())  # nothing built twice
    assert len(list(out.glob("*.docx"))) == len(list(out.glob("*.md"))) == 200


@needs_proc
def test_a_second_ctrl_c_while_stopping_neither_hangs_nor_prints_a_traceback(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "out"
    process = start_batch(batch_args(roster(tmp_path, 200), "out", "-f", "md"), tmp_path, scratch)
    wait_for(lambda: records(out) >= 10, 120)
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    _out, err = process.communicate(timeout=10)
    assert process.returncode == 130
    assert len(err.splitlines()) == 1 and err.startswith("已中断"), err
    assert not list(out.rglob("*.plangen.tmp"))


@needs_proc
def test_workers_and_their_libreoffice_end_with_a_killed_batch(tmp_path: Path) -> None:
    """kill -9 of the batch alone: every worker ends on its own, its LibreOffice with it, and what
    they had half written is gone."""
    require_libreoffice()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "out"
    process = start_batch(
        batch_args(roster(tmp_path, 8), "out", "-f", "docx,pdf"), tmp_path, scratch, office=True
    )
    wait_for(lambda: processes_mentioning(str(scratch)), 120)  # LibreOffice renders for a worker
    below = descendants(process.pid)
    process.kill()
    process.wait()
    wait_for(lambda: not any(running(pid) for pid in below), 5)
    assert processes_mentioning(str(scratch)) == []
    assert list(scratch.iterdir()) == []  # their profiles and scratch folders too
    assert not list(out.rglob("*.plangen.tmp"))


@needs_proc
@pytest.mark.parametrize("after", [0.2, 0.4, 0.6, 0.8, 1.0])
def test_a_killed_batch_leaves_nothing_of_what_it_built_itself(tmp_path: Path, after: float) -> None:
    """Without PDFs the batch's own process builds beside its worker: killed outright (at a moment
    it may be writing a plan's files), the worker sweeps what it left, and ends."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "out"
    process = start_batch(batch_args(roster(tmp_path, 400), "out", "-f", "docx,md"), tmp_path, scratch)
    wait_for(lambda: records(out) >= 4, 120)  # plans are being written
    time.sleep(after)
    below = descendants(process.pid)
    process.kill()
    process.wait()
    wait_for(lambda: not any(running(pid) for pid in below), 5)
    assert list(scratch.iterdir()) == []
    assert not list(out.rglob("*.plangen.tmp")), sorted(path.name for path in out.rglob("*.plangen.tmp"))


@needs_proc
def test_ctrl_c_ends_a_libreoffice_render_at_once(tmp_path: Path) -> None:
    require_libreoffice()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = start_batch(
        batch_args(roster(tmp_path, 8), "out", "-f", "docx,pdf"), tmp_path, scratch, office=True
    )
    wait_for(lambda: processes_mentioning(str(scratch)), 120)
    below = descendants(process.pid)
    sent_at = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert time.monotonic() - sent_at < 5, "LibreOffice takes seconds a plan: it must be ended, not awaited"
    assert process.returncode == 130 and err.startswith("已中断："), err
    wait_for(lambda: not any(running(pid) for pid in below), 5)
    assert processes_mentioning(str(scratch)) == [] and list(scratch.iterdir()) == []


def test_two_batches_into_one_folder_never_interleave(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    names = roster(tmp_path, 60)
    out = tmp_path / "out"
    first = start_batch(batch_args(names, "out", "-f", "docx"), tmp_path, scratch)
    wait_for(lambda: (out / ".plangen" / "plangen.lock").exists(), 60)
    second = start_batch(batch_args(names, "out", "-f", "docx,md", "--force"), tmp_path, scratch)
    _, refused = second.communicate(timeout=60)
    done, err = first.communicate(timeout=120)
    assert first.returncode == 0 and done.strip() == "生成 60 份，失败 0 份。", err
    assert second.returncode == 2
    assert refused.splitlines() == [
        f"错误：out：输出文件夹正由另一个 plangen 进程使用（PID {first.pid}）",
        "提示：等它完成后再运行，或用 -o 指定其他输出文件夹。",
    ]
    assert len(list(out.glob("*.docx"))) == 60 and not list(out.glob("*.md"))  # the first run's, whole
