"""Interrupted and racing builds, in real processes: Ctrl-C, SIGTERM and SIGKILL at any moment leave
no partial file, no LibreOffice behind and no scratch folder; two builds into one folder never mix
or corrupt each other's files.

Signals are sent the way a terminal or a service manager sends them (POSIX); Windows has none of
SIGINT-to-a-pid, SIGTERM or SIGKILL, so these tests run where those exist.
"""

from __future__ import annotations

import os
import random
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
