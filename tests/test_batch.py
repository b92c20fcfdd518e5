"""plangen batch as a committee's office uses it: parallel workers, reruns that build only what
changed, files a user edited left alone, and a run killed with SIGKILL finished by the next one."""

from __future__ import annotations

import itertools
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    without_f = [arg for arg in args if arg not in ("-f", "docx,md")]  # the spec's own formats: the same
    assert cli(*without_f).out.strip() == "生成 0 份，3 份未变化（跳过），失败 0 份。"

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


def test_what_a_power_cut_leaves_is_rebuilt_without_force(cli, tmp_path: Path) -> None:
    """A batch does not flush each file; after a power cut a file may be empty. That holds nothing of
    the user's: the next run rebuilds it (and only that plan)."""
    roster = tmp_path / "名册.csv"
    roster.write_text("支部名称\n内科党支部\n外科党支部\n", encoding="utf-8")
    args = ("batch", str(roster), "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "-j", "1")
    assert cli(*args).code == 0
    lost = tmp_path / "out" / "外科党支部2027年工作计划.md"
    lost.write_bytes(b"")
    rerun = cli(*args)
    assert rerun.code == 0 and rerun.out.strip() == "生成 1 份，1 份未变化（跳过），失败 0 份。"
    assert lost.read_text(encoding="utf-8").startswith("# 外科党支部2027年工作计划")


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
    while time.monotonic() < deadline and len(list(out.glob("*.md"))) < 8:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    built = len(list(out.glob("*.md")))
    assert 8 <= built < 40, "the batch should be killed part way"
    assert list((out / STATE_DIR).glob("records-*.jsonl")), "the killed run's journals are left to read"
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


# --- the bound volume -------------------------------------------------------------------------------

THREE = "支部名称,模板,书记\n内科党支部,hospital-branch,王丽\n幸福里社区党支部,community-branch,李强\n初中部党支部,school-branch,张敏\n"
TITLES = ["内科党支部2027年工作计划", "幸福里社区党支部2027年工作计划", "初中部党支部2027年工作计划"]


@pytest.fixture(scope="module")
def volume_pdf(tmp_path_factory) -> tuple[Path, list]:
    """One batch with --combine, rendered once by LibreOffice for every assertion below."""
    from conftest import require_libreoffice, run_cli

    from plangen import office

    require_libreoffice(pdftotext=True)
    folder = tmp_path_factory.mktemp("volume")
    (folder / "名册.csv").write_text(THREE, encoding="gb18030")
    result = run_cli(["batch", "名册.csv", "--spec", str(EXAMPLE), "-o", "out", "-f", "docx",
                      "--combine", "汇编.docx"], folder, {"PLANGEN_OFFICE": "1"})  # fmt: skip
    assert result.code == 0, result.err
    assert "已汇编：汇编.docx（3 份计划）" in result.out
    source = folder / "copy.docx"
    source.write_bytes(office.for_libreoffice((folder / "汇编.docx").read_bytes()))
    pdf = office.settled([source], folder)[0]
    return folder / "汇编.docx", office.read_pdf(pdf)


def test_the_volume_has_a_cover_and_contents_without_page_numbers(volume_pdf) -> None:
    from plangen.office import page_number

    _, pages = volume_pdf
    cover = "".join(line.text for line in pages[0].lines)
    assert "2027年党支部工作计划汇编" in cover and "江城市第一人民医院党委" in cover and "2027年1月" in cover
    assert page_number(pages[0]) is None and page_number(pages[1]) is None
    assert pages[1].lines[0].text.replace(" ", "") == "目录"


def test_the_volume_contents_give_the_pages_the_plans_are_rendered_on(volume_pdf) -> None:
    from plangen.office import page_number

    _, pages = volume_pdf
    listed = {}
    for line in pages[1].lines[1:]:
        match = re.fullmatch(r"(.+?)\.{3,}\s*(\d+)", line.text.replace(" ", ""))
        assert match, line.text
        listed[match.group(1)] = int(match.group(2))
    assert list(listed) == TITLES
    numbers = [page_number(page) for page in pages[2:]]
    assert None not in numbers and numbers[0] == 1
    assert all(b > a for a, b in itertools.pairwise(numbers))  # one run, never restarted
    starts = {}
    for page, number in zip(pages[2:], numbers, strict=True):
        top = "".join(line.text for line in page.lines[:2]).replace(" ", "")
        for title in TITLES:
            if top.startswith(title):
                starts[title] = number
    assert starts == listed
    assert all(number % 2 == 1 for number in starts.values())  # every plan opens on a right-hand page
    skipped = [b - a for a, b in itertools.pairwise(numbers) if b - a > 1]
    assert skipped == [2], "the blank even page Word and LibreOffice insert before an odd start"


def test_the_volume_is_a_valid_word_file(volume_pdf) -> None:
    from docx import Document
    from openxml_audit import OpenXmlValidator

    path, _ = volume_pdf
    result = OpenXmlValidator().validate(str(path))
    assert result.is_valid, [e.description for e in result.errors]
    texts = [p.text for p in Document(str(path)).paragraphs]
    for title in TITLES:
        assert texts.count(title) == 1


def test_the_volume_in_markdown(cli, tmp_path: Path) -> None:
    from plangen.writers.markdown import slug

    (tmp_path / "名册.csv").write_text(THREE, encoding="utf-8")
    result = cli("batch", "名册.csv", "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "--combine", "汇编.md")
    assert result.code == 0, result.err
    text = (tmp_path / "汇编.md").read_text(encoding="utf-8")
    assert text.startswith("# 江城市第一人民医院党委2027年党支部工作计划汇编\n")
    for title in TITLES:
        assert f"- [{title}](#{slug(title)})" in text and f"\n## {title}\n" in text
    assert "\n### 一、指导思想\n" in text and "\n## 一、" not in text
    again = cli("batch", "名册.csv", "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "--combine", "汇编.md")
    assert again.code == 0 and "3 份未变化" in again.out  # the volume is ours: rebound without --force
    (tmp_path / "汇编.md").write_text("改过\n", encoding="utf-8")
    refused = cli(
        "batch", "名册.csv", "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "--combine", "汇编.md"
    )
    assert refused.code == 2 and "汇编文件已存在" in refused.err
    assert (tmp_path / "汇编.md").read_text(encoding="utf-8") == "改过\n"


def test_year_moves_the_base_spec_s_date_as_build_does(cli, tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(EXAMPLE.read_text(encoding="utf-8") + "date: 2027-01-08\n", encoding="utf-8")
    roster = tmp_path / "名册.csv"
    roster.write_text("支部名称\n内科党支部\n", encoding="utf-8")
    result = cli("batch", str(roster), "--spec", str(base), "-o", "out", "-f", "md", "--year", "2028")
    assert result.code == 0, result.err
    text = (tmp_path / "out" / "内科党支部2028年工作计划.md").read_text(encoding="utf-8")
    assert "2028年1月8日" in text and "2027年1月8日" not in text


def _batch_in_a_daemon(folder: str) -> int:
    from conftest import run_cli

    roster = Path(folder) / "名册.csv"
    roster.write_text("支部名称\n内科党支部\n外科党支部\n", encoding="utf-8")
    result = run_cli(
        ["batch", str(roster), "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "-j", "2"], Path(folder)
    )
    return result.code


def test_a_batch_inside_a_daemonic_worker_builds_in_that_process(tmp_path: Path) -> None:
    """A script may call plangen from its own multiprocessing pool, whose workers may not start
    processes: the batch then builds every plan itself."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        code = pool.apply(_batch_in_a_daemon, (str(tmp_path),))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.md")) == [
        "内科党支部2027年工作计划.md",
        "外科党支部2027年工作计划.md",
    ]


def test_a_folder_in_use_is_refused_and_the_lock_is_not_a_plan(cli, tmp_path: Path) -> None:
    """The lock is the system's, held by an open file: another holder (here this very process, on
    a second handle) makes a batch refuse at once; once released, the folder is free again."""
    from plangen.lock import folder_lock

    roster = tmp_path / "名册.csv"
    roster.write_text("支部名称\n内科党支部\n外科党支部\n", encoding="utf-8")
    args = ("batch", str(roster), "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "-j", "1")
    with folder_lock(tmp_path / "out"):
        refused = cli(*args)
    assert refused.code == 2
    assert refused.err.splitlines() == [
        f"错误：out：输出文件夹正由另一个 plangen 进程使用（PID {os.getpid()}）",
        "提示：等它完成后再运行，或用 -o 指定其他输出文件夹。",
    ]
    assert not list((tmp_path / "out").glob("*.md"))
    assert cli(*args).out.strip() == "生成 2 份，失败 0 份。"
    assert (
        cli(*args).out.strip() == "生成 0 份，2 份未变化（跳过），失败 0 份。"
    )  # the lock file is no record


def test_a_batch_refused_for_its_input_leaves_no_folder_behind(cli, tmp_path: Path) -> None:
    roster = tmp_path / "名册.csv"
    roster.write_text("支部名称\n内科党支部\n", encoding="utf-8")
    base = tmp_path / "base.yaml"
    base.write_text("- 不是映射\n", encoding="utf-8")
    result = cli("batch", str(roster), "--spec", str(base), "-o", "out", "-f", "md")
    assert result.code == 2 and "基础计划文件应为" in result.err
    assert not (tmp_path / "out").exists()


def test_the_volume_is_bound_while_the_folder_is_still_held(cli, tmp_path: Path, monkeypatch) -> None:
    """--combine reads the plans back: a second run into the folder must not change them meanwhile."""
    from plangen.batch import volume
    from plangen.errors import PlanError
    from plangen.lock import folder_lock

    bind = volume.write_volume
    seen: list[str] = []

    def racing(result, folder, *args, **kwargs):
        try:
            with folder_lock(folder):
                seen.append("free")
        except PlanError as exc:
            seen.append(exc.message)
        return bind(result, folder, *args, **kwargs)

    monkeypatch.setattr(volume, "write_volume", racing)
    (tmp_path / "名册.csv").write_text(THREE, encoding="utf-8")
    result = cli("batch", "名册.csv", "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "--combine", "汇编.md")
    assert result.code == 0, result.err
    assert seen and "正由另一个 plangen 进程使用" in seen[0]
    assert (tmp_path / "汇编.md").is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="the counting stand-in for soffice is a shell script")
def test_a_pdf_batch_starts_libreoffice_once_per_chunk_not_once_per_plan(tmp_path: Path, monkeypatch) -> None:
    """Three plans, two workers: two LibreOffice starts (one per worker's chunk), and every PDF is
    the plan whose contents it shows."""
    from conftest import require_libreoffice, run_cli

    from plangen import office

    require_libreoffice(pdftotext=True)
    log = tmp_path / "starts.log"
    stand_in = tmp_path / "soffice"
    stand_in.write_text(
        f'#!/bin/sh\necho start >> "{log}"\nexec "{office.soffice()}" "$@"\n', encoding="utf-8"
    )
    stand_in.chmod(0o755)
    monkeypatch.setenv("PLANGEN_SOFFICE", str(stand_in))  # the workers inherit it
    (tmp_path / "名册.csv").write_text(THREE, encoding="gb18030")
    result = run_cli(
        ["batch", "名册.csv", "--spec", str(EXAMPLE), "-o", "out", "-f", "docx,pdf", "-j", "2"], tmp_path
    )
    assert result.code == 0, result.err
    pdfs = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == 3
    assert log.read_text(encoding="utf-8").count("start") == 2
    for pdf in pdfs:
        text = "".join(line.text for page in office.read_pdf(pdf)[:3] for line in page.lines)
        assert pdf.stem.removesuffix("2027年工作计划") in text.replace(" ", "")


@given(plans=st.integers(1, 20_000), jobs=st.integers(2, 64), pdf=st.booleans())
def test_chunks_shrink_to_single_plans_where_the_workers_meet_this_process(
    plans: int, jobs: int, pdf: bool
) -> None:
    """The workers take chunks from the front, this process plans from the back: a chunk a worker has
    taken cannot be taken back, so the ones around the expected meeting point hold one plan each —
    nobody waits at the end for a worker's long chunk — while the first ones are large (few trips).
    With PDFs (this process does not build), as many as share out evenly, up to 32."""
    from plangen.batch.run import BatchOptions, _chunk
    from plangen.pipeline import BuildOptions

    options = BatchOptions(BuildOptions(formats=["docx", "pdf"] if pdf else ["docx", "md"]))
    helping = 0 if pdf else 1
    sizes, start = [], 0
    while start < plans:
        size = _chunk(start, plans, jobs, helping, options)
        sizes.append((start, size))
        start += size
    assert all(1 <= size <= (32 if pdf else 16) for _, size in sizes)
    if pdf:
        assert len({size for _, size in sizes[:-1]}) <= 1
        return
    meet = plans * (jobs - 1) // jobs
    assert all(size == 1 for begin, size in sizes if meet - (jobs - 1) * 8 <= begin)
    assert [size for _, size in sizes] == sorted((size for _, size in sizes), reverse=True)
    if meet >= 16 * 8 * (jobs - 1) * 2:
        assert sizes[0][1] == 16


# --- the records of what was built -------------------------------------------------------------------


THREE_BRANCHES = sorted(["一支部", "二支部", "三支部"])


def _three_plans(cli, tmp_path: Path) -> tuple[list[str], Path]:
    roster = tmp_path / "名册.csv"
    roster.write_text("支部名称\n一支部\n二支部\n三支部\n", encoding="utf-8")
    args = ["batch", str(roster), "--spec", str(EXAMPLE), "-o", "out", "-f", "md", "-j", "2"]
    assert cli(*args).out.strip() == "生成 3 份，失败 0 份。"
    return args, tmp_path / "out" / STATE_DIR


def test_a_batch_leaves_one_file_of_records_and_the_rerun_reads_it(cli, tmp_path: Path) -> None:
    """Each process journals its plans while the batch runs; at the end they are one records.json."""
    import json

    args, state = _three_plans(cli, tmp_path)
    records = json.loads((state / "records.json").read_text(encoding="utf-8"))
    assert sorted(records) == THREE_BRANCHES
    assert not list(state.glob("records-*.jsonl")) and not list(state.glob("*支部.json"))
    assert cli(*args).out.strip() == "生成 0 份，3 份未变化（跳过），失败 0 份。"


def test_a_killed_batchs_journal_counts_and_its_cut_line_does_not(cli, tmp_path: Path) -> None:
    """After a kill the records are where the processes journalled them, the last line perhaps cut
    short: the plans of whole lines are done, the one cut short is built again, and the journals are
    folded into records.json."""
    import json

    args, state = _three_plans(cli, tmp_path)
    records = json.loads((state / "records.json").read_text(encoding="utf-8"))
    (state / "records.json").unlink()
    whole = [json.dumps({"plan": stem, **records[stem]}, ensure_ascii=False) for stem in ("一支部", "二支部")]
    cut = json.dumps({"plan": "三支部", **records["三支部"]}, ensure_ascii=False)[:40]
    (state / "records-00000000001000000000-4242.jsonl").write_text("\n".join([*whole, cut]), encoding="utf-8")
    assert cli(*args).out.strip() == "生成 1 份，2 份未变化（跳过），失败 0 份。"
    assert not list(state.glob("records-*.jsonl"))
    assert sorted(json.loads((state / "records.json").read_text(encoding="utf-8"))) == THREE_BRANCHES


def test_records_older_plangen_kept_one_file_a_plan_are_read_and_folded_in(cli, tmp_path: Path) -> None:
    """An out folder an earlier plangen filled: its plans are not rebuilt, its files of one record
    each become records.json — the bound volume's record, a file of its own, stays."""
    import json

    args, state = _three_plans(cli, tmp_path)
    records = json.loads((state / "records.json").read_text(encoding="utf-8"))
    (state / "records.json").unlink()
    for stem, record in records.items():
        (state / f"{stem}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    volume = state / "汇编-0123456789ab.json"
    volume.write_text('{"key": "volume", "files": {}, "owned": {}}', encoding="utf-8")
    assert cli(*args).out.strip() == "生成 0 份，3 份未变化（跳过），失败 0 份。"
    assert sorted(json.loads((state / "records.json").read_text(encoding="utf-8"))) == THREE_BRANCHES
    assert sorted(path.name for path in state.glob("*.json")) == ["records.json", volume.name]


def test_a_later_journal_wins_over_the_records(cli, tmp_path: Path) -> None:
    """A plan whose latest record (a journal of a later batch, killed) promises other contents is
    built again: the record of the batch that ran last counts."""
    import json

    args, state = _three_plans(cli, tmp_path)
    records = json.loads((state / "records.json").read_text(encoding="utf-8"))
    changed = {**records["二支部"], "key": "0" * 64}
    line = json.dumps({"plan": "二支部", **changed}, ensure_ascii=False)
    (state / f"records-{time.time_ns():020d}-4242.jsonl").write_text(line + "\n", encoding="utf-8")
    assert cli(*args).out.strip() == "生成 1 份，2 份未变化（跳过），失败 0 份。"


def test_a_pdf_whose_pages_still_disagree_is_reported_as_build_reports_it(
    cli, tmp_path: Path, monkeypatch
) -> None:
    """A PDF whose pages LibreOffice sets otherwise than the contents say, even laid out again, is
    written — and said, by row and branch, as ``plangen build`` says it (``核对：…``)."""
    from conftest import require_libreoffice

    from plangen import office

    require_libreoffice(pdftotext=True)
    calls = []

    def disagreeing(doc, pages, levels):
        calls.append(doc.title)
        return ["“二、工作目标”在第 3 页，目录写第 2 页"]

    monkeypatch.setattr(office, "disagreements", disagreeing)
    roster = tmp_path / "名册.csv"
    roster.write_text("支部名称\n一支部\n", encoding="utf-8")
    result = cli("batch", str(roster), "--spec", str(EXAMPLE), "-o", "out", "-f", "pdf", "-j", "1",
                 environ={})  # fmt: skip
    assert result.code == 0, result.err
    assert "核对：第 2 行 一支部：“二、工作目标”在第 3 页，目录写第 2 页" in result.err + result.out
    assert len(calls) == 2  # read back, then again from the settled layout
    assert (tmp_path / "out" / "一支部2027年工作计划.pdf").read_bytes().startswith(b"%PDF")


def test_a_killed_fold_leaves_the_records_to_the_next_batch(cli, tmp_path: Path) -> None:
    """Killed while records.json is being replaced (moved aside, the new one not yet in place): the
    next batch puts it back before reading it, and builds nothing again."""
    from plangen.output import BACKUP_SUFFIX, _tag

    args, state = _three_plans(cli, tmp_path)
    host = _tag().rsplit("-", 1)[0]  # this machine; a process that is gone
    (state / "records.json").rename(state / f".records.json{host}-999999{BACKUP_SUFFIX}")
    assert cli(*args).out.strip() == "生成 0 份，3 份未变化（跳过），失败 0 份。"


def test_records_an_older_plangen_wrote_after_the_last_fold_count(cli, tmp_path: Path) -> None:
    """One folder, two plangen versions: a file of one record written after records.json is newer
    than what records.json says of that plan."""
    import json

    args, state = _three_plans(cli, tmp_path)
    records = json.loads((state / "records.json").read_text(encoding="utf-8"))
    newer = state / "二支部.json"
    newer.write_text(json.dumps({**records["二支部"], "key": "0" * 64}), encoding="utf-8")
    folded = (state / "records.json").stat().st_mtime
    os.utime(newer, (folded + 5, folded + 5))
    assert cli(*args).out.strip() == "生成 1 份，2 份未变化（跳过），失败 0 份。"


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_counts_each_plan_as_it_is_finished(tmp_path: Path, jobs: int) -> None:
    """The progress goes up plan by plan as the plans are finished (the workers' too, not a chunk at
    a time), never down, to the total; the roster's warnings come before it starts."""
    from plangen.batch.run import BatchOptions, run_batch
    from plangen.library import Library, default_layers
    from plangen.pipeline import BuildOptions

    lines = ["branch,secretary,members,联系电话"] + [
        f"第{i}党支部,王丽,{10 + i},1380000{i:04d}" for i in range(40)
    ]
    (tmp_path / "r.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    events: list[object] = []
    run_batch(tmp_path / "r.csv", EXAMPLE, tmp_path / "out", Library(default_layers()),
              BatchOptions(BuildOptions(formats=["md"], office=False), jobs=jobs),
              progress=lambda done, total: events.append((done, total)),
              warned=lambda roster: events.append(("warned", tuple(roster.unknown))))  # fmt: skip
    assert events[0] == ("warned", ("联系电话",))
    counts = [done for done, total in events[1:]]
    assert {total for _, total in events[1:]} == {40} and counts[-1] == 40
    assert counts == sorted(counts) and len(set(counts)) >= 8
