"""plangen batch as a committee's office uses it: parallel workers, reruns that build only what
changed, files a user edited left alone, and a run killed with SIGKILL finished by the next one."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plangen.batch.state import STATE_DIR

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
EXAMPLE = REPO / "examples" / "hospital-branch.yaml"
SECRETARIES = {
    "内科第一党支部": "王丽",
    "外科党支部": "李强",
}


def stamps(folder: Path) -> dict[str, int]:
    """Every output file's name and modification time in nanoseconds."""
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*") if p.is_file()}


def test_the_gb18030_roster_in_two_workers(cli, tmp_path: Path) -> None:
    from docx import Document

    from plangen.batch.roster import read_roster

    result = cli("batch", str(DATA / "roster-gb18030.csv"), "--spec", str(EXAMPLE), "-o", "out", "-j", "2")
    assert result.code == 0, result.err
    assert result.out.strip() == "生成 6 份，失败 0 份。"
    rows = read_roster(DATA / "roster-gb18030.csv").rows
    out = tmp_path / "out"
    for row in rows:
        name = row.values["org.name"]
        docx = Document(str(out / f"{name}2027年工作计划.docx"))
        text = "\n".join(p.text for p in docx.paragraphs)
        assert f"{name}2027年工作计划" in text
        markdown = (out / f"{name}2027年工作计划.md").read_text(encoding="utf-8")
        assert markdown.startswith(f"# {name}2027年工作计划")
        if "org.secretary" in row.values:
            assert row.values["org.secretary"] in markdown
        day = row.values.get("params.organization.theme-day.theme_day")
        if day:
            assert day in markdown and day in text
    assert not list(out.rglob("*.plangen.tmp"))


def test_a_rerun_builds_only_what_changed(cli, tmp_path: Path) -> None:
    roster = tmp_path / "名册.csv"
    roster.write_text("支部名称,书记\n内科党支部,王丽\n外科党支部,张三\n护理党支部,李四\n", encoding="utf-8")
    args = ("batch", str(roster), "--spec", str(EXAMPLE), "-o", "out", "-f", "docx,md", "-j", "1")
    assert cli(*args).code == 0
    out = tmp_path / "out"
    first = stamps(out)
    again = cli(*args)
    assert again.code == 0 and again.out.strip() == "生成 0 份，3 份未变化（跳过），失败 0 份。"
    assert stamps(out) == first

    roster.write_text("支部名称,书记\n内科党支部,王丽\n外科党支部,赵六\n护理党支部,李四\n", encoding="utf-8")
    changed = cli(*args)
    assert changed.out.strip() == "生成 1 份，2 份未变化（跳过），失败 0 份。"
    now = stamps(out)
    moved = {name for name in now if now[name] != first.get(name)}
    assert moved == {"外科党支部2027年工作计划.docx", "外科党支部2027年工作计划.md"}
    assert "赵六" in (out / "外科党支部2027年工作计划.md").read_text(encoding="utf-8")

    # a change in the base spec touches every plan: all rebuilt, replacing the batch's own files without --force
    year = cli(*args, "--set", "org.parent=江城市中心医院党委")
    assert year.code == 0 and year.out.strip() == "生成 3 份，失败 0 份。"
    forced = cli(*args, "--force")
    assert forced.out.strip() == "生成 3 份，失败 0 份。"


def test_an_edited_output_is_left_alone_without_force(cli, tmp_path: Path) -> None:
    roster = tmp_path / "名册.csv"
    roster.write_text("支部名称,书记\n内科党支部,王丽\n外科党支部,张三\n", encoding="utf-8")
    args = ("batch", str(roster), "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "-j", "1")
    assert cli(*args).code == 0
    edited = tmp_path / "out" / "内科党支部2027年工作计划.md"
    edited.write_text("书记改过的版本\n", encoding="utf-8")
    result = cli(*args, "--set", "org.parent=江城市中心医院党委")
    assert result.code == 1 and "生成 1 份，失败 1 份" in result.err
    assert edited.read_text(encoding="utf-8") == "书记改过的版本\n"
    report = (tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig")
    assert "内科党支部" in report and "不是本批次生成的" in report
    fixed = cli(*args, "--set", "org.parent=江城市中心医院党委", "--force")
    assert fixed.code == 0 and not (tmp_path / "out" / "report.csv").exists()
    assert "书记改过的版本" not in edited.read_text(encoding="utf-8")


def test_a_library_change_rebuilds_every_plan(cli, tmp_path: Path, write_file) -> None:
    roster = tmp_path / "名册.csv"
    roster.write_text("支部名称\n内科党支部\n外科党支部\n", encoding="utf-8")
    library = tmp_path / "lib"
    (library / "blocks").mkdir(parents=True)
    args = (
        "batch",
        str(roster),
        "--spec",
        str(EXAMPLE),
        "-o",
        "out",
        "-f",
        "md",
        "-j",
        "1",
        "-L",
        str(library),
    )
    assert cli(*args).out.strip() == "生成 2 份，失败 0 份。"
    write_file(
        library / "blocks" / "safeguards" / "our-note.yaml",
        """
        id: safeguards.our-note
        title: 本院补充要求
        category: safeguards
        body:
          - p: 各支部按院党委要求执行。
        """,
    )
    assert cli(*args).out.strip() == "生成 2 份，失败 0 份。"
    assert cli(*args).out.strip() == "生成 0 份，2 份未变化（跳过），失败 0 份。"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL of a process group is POSIX")
def test_kill_9_mid_batch_then_rerun_finishes_the_rest(tmp_path: Path) -> None:
    from docx import Document

    names = [f"第{i:02d}党支部" for i in range(1, 41)]
    roster = tmp_path / "名册.csv"
    roster.write_text(
        "支部名称,书记\n" + "".join(f"{n},王{i}\n" for i, n in enumerate(names)), encoding="gb18030"
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "plangen", "batch", str(roster), "--spec", str(EXAMPLE), "-o", str(out),
               "-f", "docx,md", "-j", "2", "--no-office"]  # fmt: skip
    process = subprocess.Popen(command, cwd=tmp_path, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / STATE_DIR).glob("*.json"))) < 8:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    records = len(list((out / STATE_DIR).glob("*.json")))
    assert 8 <= records < 40, "the batch should be killed part way"
    before = stamps(out)

    rerun = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    assert rerun.returncode == 0, rerun.stderr
    built, skipped = (int(x) for x in re.findall(r"生成 (\d+) 份，(\d+) 份未变化", rerun.stdout)[0])
    assert built + skipped == 40 and skipped >= 1
    after = stamps(out)
    untouched = {name for name in before if after.get(name) == before[name]}
    assert len([n for n in untouched if n.endswith(".docx")]) >= skipped  # done plans were not rebuilt
    for name in names:
        docx = out / f"{name}2027年工作计划.docx"
        assert f"{name}2027年工作计划" in [p.text for p in Document(str(docx)).paragraphs]
        assert (out / f"{name}2027年工作计划.md").read_text(encoding="utf-8").startswith(f"# {name}")
    assert not list(out.rglob("*.plangen.tmp")), "temporary files of the killed run must be gone"
