"""``plangen meetings`` on bad input (issue 28, the quality bar): a members list with bad rows, or
that is no list at all; options mistyped; a folder that cannot be written; papers filled in by hand;
Ctrl-C. Each is a Chinese error with file and row (or the option), exit 2, nothing written, no
member's name beyond the cell in question — or, for what is only odd, papers that open anywhere."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, REPO, run_cli

from plangen import paper

ENV = {"PLANGEN_OFFICE": "0", "SOURCE_DATE_EPOCH": "1800000000"}
HEADER = "姓名,党小组,职务,类别,联系方式"
# names that appear nowhere else: on the terminal they could only have come from the members list
NAMES = ["欧阳明华", "司马秀英", "诸葛建军", "上官丽娟", "皇甫志强", "慕容晓燕", "端木文斌", "令狐春兰"]
WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def plan(folder: Path, groups: int | None = 3, org: str | None = None) -> Path:
    """The example branch's plan file, saying how many 党小组 it has (and perhaps another name)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    if groups is not None:
        text = text.replace("  members: 23\n", f"  members: 23\n  groups: {groups}\n", 1)
    if org is not None:
        text = text.replace("  name: 内科第一党支部\n", f"  name: '{org}'\n", 1)
    path = folder / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def members(folder: Path, rows: list[str], name: str = "名单.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes("\r\n".join([HEADER, *rows]).encode(encoding))
    return path


def meetings(folder: Path, *args: str):
    return run_cli(["meetings", "plan.yaml", *args], folder, ENV)


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("错误：")]


def nothing_written(folder: Path) -> bool:
    """The output folder not there, or empty: no paper, no temporary file."""
    return not folder.exists() or not any(folder.rglob("*"))


# --- a members list with bad rows ------------------------------------------------------------------


def test_every_bad_row_is_said_with_its_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    plan(tmp_path, groups=3)
    members(tmp_path, [
        f"{NAMES[0]},第1党小组,支部书记,正式,13800000001",
        ",第2党小组,,正式,",  # row 3: no name
        f"{NAMES[1]},第4党小组,,正式,",  # row 4: a branch of three
        f"{NAMES[2]},第十党小组,,预备,",  # row 5: 第十 of three
        f"{NAMES[3]},第一党小组,,积极分子,",  # row 6: neither 正式 nor 预备
        f"{'欧' * 21},第2党小组,,正式,",  # row 7: a name of 21 characters
        f"{NAMES[4]},第2党小组,组织\x01委员,正式,",  # row 8: a control character
        f"{NAMES[5]},第三党小组,,正式,",
    ])  # fmt: skip
    result = meetings(tmp_path, "-m", "名单.csv", "-o", "out")
    assert result.code == 2, result.err
    assert errors(result.err) == [
        "错误：名单.csv:3：第 3 行第 1 列“姓名”没有填姓名",
        "错误：名单.csv:4：第 4 行第 2 列“党小组”“第4党小组”不是本支部的党小组",
        "错误：名单.csv:5：第 5 行第 2 列“党小组”“第十党小组”不是本支部的党小组",
        "错误：名单.csv:6：第 6 行第 4 列“类别”应为“正式”或“预备”",
        "错误：名单.csv:7：第 7 行第 1 列“姓名”过长（上限 20 字）",
        "错误：名单.csv:8：第 8 行第 3 列“职务”含有换行或控制字符",
    ]
    assert "本支部的党小组：第1党小组、第2党小组、第3党小组、第一党小组、第二党小组、第三党小组" in result.err
    assert not any(name in result.out + result.err for name in NAMES)  # the cell in question, no more
    assert "欧" * 21 not in result.err
    assert not (tmp_path / "out").exists()
    assert "Traceback" not in result.err and "内部错误" not in result.err


def test_the_plans_groups_by_number_or_in_chinese_are_one_group_each(tmp_path: Path) -> None:
    """第2党小组 and 第二党小组 in one list are one 党小组: it meets once a month, all of it."""
    plan(tmp_path, groups=3)
    members(tmp_path, [f"{NAMES[0]},第1党小组,支部书记,正式,", f"{NAMES[1]},第二党小组,,正式,",
                       f"{NAMES[2]},第2党小组,,预备,", f"{NAMES[3]},第三党小组,,正式,"])  # fmt: skip
    result = meetings(tmp_path, "-m", "名单.csv", "-o", "out", "-k", "党小组会", "--to", "1月", "-f", "md")
    assert result.code == 0, result.err
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert names == ["01月19日 第1党小组会议.md", "01月19日 第三党小组会议.md", "01月19日 第二党小组会议.md"]
    second = (tmp_path / "out" / "01月19日 第二党小组会议.md").read_text(encoding="utf-8")
    assert NAMES[1] in second and NAMES[2] in second
    assert "“第2党小组”与“第二党小组”是同一个党小组" in result.err
    assert not any(name in result.out + result.err for name in NAMES)


def test_a_branch_of_many_groups_names_them_in_chinese_too(tmp_path: Path) -> None:
    """org.groups up to 1000: 第一百一十党小组 is the 110th (this was an IndexError past 109)."""
    plan(tmp_path, groups=120)
    members(tmp_path, [f"{NAMES[0]},第一百一十党小组,,正式,", f"{NAMES[1]},第12党小组,,正式,",
                       f"{NAMES[2]},第一百二十一党小组,,正式,"])  # fmt: skip
    result = meetings(tmp_path, "-m", "名单.csv", "-o", "out")
    assert result.code == 2, result.err
    assert errors(result.err) == [
        "错误：名单.csv:4：第 4 行第 2 列“党小组”“第一百二十一党小组”不是本支部的党小组"
    ]
    assert "本支部的党小组：第1党小组至第120党小组（或第一党小组至第一百二十党小组）" in result.err
    members(tmp_path, [f"{NAMES[0]},第一百一十党小组,,正式,", f"{NAMES[1]},第12党小组,,正式,"])
    result = meetings(tmp_path, "-m", "名单.csv", "-o", "out", "-k", "党小组会", "--to", "1月")
    assert result.code == 0, result.err
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "01月19日 第12党小组会议.docx", "01月19日 第一百一十党小组会议.docx"]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        (
            ["王丽,第1党小组,,正式,", "李强," + "组" * 4000 + ",,正式,"],
            "第 3 行第 2 列“党小组”过长（上限 30 字）",
        ),
        (["王丽,第1党小组," + "书记" * 2000 + ",正式,"], "第 2 行第 3 列“职务”过长（上限 30 字）"),
        (["王丽,第1党小组,,正式," + "1" * 41], "第 2 行第 5 列“联系方式”过长（上限 40 字）"),
        ([f"党员{i},第{i + 1}党小组,,正式," for i in range(60)], "党员名单中的党小组超过 50 个"),
        ([f"党员{i},第1党小组,,正式," for i in range(2001)], "党员名单超过 2000 人"),
        ([f",第1党小组,,正式,{i}" for i in range(2001)], "党员名单超过 2000 人"),  # bad rows count too
    ],
    ids=["a-group-of-4000-characters", "a-role", "a-contact", "60-groups", "2001-members", "2001-bad-rows"],
)
def test_what_would_take_minutes_is_refused_at_once(tmp_path: Path, rows: list[str], said: str) -> None:
    """A 党小组's name is in titles and file names, each group meets monthly: a name of thousands
    of characters took minutes to lay out, 2,000 groups a minute and 24,000 files."""
    plan(tmp_path, groups=None)
    members(tmp_path, rows)
    started = time.perf_counter()
    result = meetings(tmp_path, "-m", "名单.csv", "-o", "out")
    assert result.code == 2 and said in result.err, result.err
    assert len(errors(result.err)) <= 2001 and len(result.err) < 200_000
    assert time.perf_counter() - started < 10
    assert not (tmp_path / "out").exists()


def test_formulas_and_odd_cells_are_text_and_odd_group_names_still_make_valid_file_names(
    tmp_path: Path,
) -> None:
    plan(tmp_path, groups=None)
    members(tmp_path, [
        "=HYPERLINK(1),第1/2党小组,=1+1,正式,+86 138",
        "@SUM(A1:A2),CON,-5,预备,",
        f"{NAMES[0]},A<B>C?*|,\u3000,正式,＝1+1",
    ])  # fmt: skip
    result = meetings(
        tmp_path, "-m", "名单.csv", "-o", "out", "-k", "党小组会", "--to", "1月", "-f", "docx,md"
    )
    assert result.code == 0, result.err
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert len(names) == 6 and not any(WINDOWS_BAD.search(name) for name in names), names
    markdown = "".join(
        (tmp_path / "out" / name).read_text(encoding="utf-8") for name in names if name.endswith(".md")
    )
    assert "=HYPERLINK(1)" in markdown and "@SUM(A1:A2)" in markdown  # as written, never run


# --- a members file that is no list --------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda path: path.mkdir(), "这是一个文件夹，不是文件"),
        (lambda path: None, "文件或文件夹不存在"),
        (lambda path: path.write_bytes(bytes(range(256)) * 40), "文字编码"),
        (lambda path: path.write_bytes(b""), "党员名单是空的"),
        (lambda path: path.write_bytes(b"\r\n,,,\r\n\r\n"), "党员名单是空的"),
        (lambda path: path.write_text("党小组,职务\n第1党小组,书记\n", encoding="utf-8"), "没有“姓名”一列"),
        (lambda path: path.write_text("姓名,党小组\n\n注：无\n", encoding="utf-8"), "党员名单中没有党员"),
    ],
    ids=["a-folder", "missing", "binary", "empty", "blank-rows", "no-name-column", "no-members"],
)
def test_a_members_file_that_is_no_list(tmp_path: Path, make, said: str) -> None:
    plan(tmp_path)
    make(tmp_path / "名单.csv")
    result = meetings(tmp_path, "-m", "名单.csv", "-o", "out")
    assert result.code == 2, result.err
    assert said in result.err and errors(result.err)[0].startswith("错误：名单.csv"), result.err
    assert nothing_written(tmp_path / "out")


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + bytes(200), b"not a zip at all", b""],
    ids=["a-broken-zip", "text", "empty"],
)
def test_a_workbook_that_is_no_workbook(tmp_path: Path, data: bytes) -> None:
    plan(tmp_path)
    (tmp_path / "名单.xlsx").write_bytes(data)
    result = meetings(tmp_path, "-m", "名单.xlsx", "-o", "out")
    assert result.code == 2 and errors(result.err)[0].startswith("错误：名单.xlsx"), result.err
    assert "Traceback" not in result.err and nothing_written(tmp_path / "out")


# --- options --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--from", "6月", "--to", "3月"], "开始日期 2027-06-01 晚于结束日期 2027-03-31"),
        (["--from", "2027-02-30"], "无法识别的日期：2027-02-30"),
        (["--to", "13月"], "无法识别的日期：13月"),
        (["--from", ""], "--from 没有写日期"),
        (["--to", " "], "--to 没有写日期"),
        (["--kind", "读书会"], "没有这类会议：读书会（--kind）"),
        (["--kind", "开会"], "没有这类会议：开会（--kind）"),
        (["--kind", ","], "--kind 没有写会议类别"),
        (["-f", "pdf"], "会议材料不支持的格式：pdf（-f）"),
        (["-f", "docx,pdf"], "会议材料不支持的格式：pdf（-f）"),
        (["-f", ","], "会议材料不支持的格式：（空）（-f）"),
        (["--combine", ""], "--combine 应为文件名"),
        (["--combine", "/"], "--combine 应为文件名"),
        (["--combine", ".."], "--combine 应为文件名"),
    ],
)
def test_a_mistyped_option_is_refused_before_anything_is_written(
    tmp_path: Path, args: list[str], said: str
) -> None:
    plan(tmp_path)
    result = meetings(tmp_path, "-o", "out", *args)
    assert result.code == 2, result.err
    assert said in errors(result.err)[0], result.err
    assert "Traceback" not in result.err and "内部错误" not in result.err
    assert nothing_written(tmp_path / "out")
    if "--kind" in args:
        assert all(kind in result.err for kind in paper.MEETING_KINDS)  # the kinds there are


def test_the_last_month_of_the_calendar_is_a_range_end(tmp_path: Path) -> None:
    """--to 9999-12 was an OverflowError (its month's end was found through the next month's start)."""
    plan(tmp_path)
    result = meetings(tmp_path, "-o", "out", "-k", "党课", "--from", "12月", "--to", "9999-12")
    assert result.code == 0, result.err
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["12月09日 党课.docx"]


# --- the output folder, reruns and papers filled in by hand ------------------------------------------


def test_an_output_folder_that_is_a_file(tmp_path: Path) -> None:
    plan(tmp_path)
    (tmp_path / "out").write_bytes(b"x")
    result = meetings(tmp_path, "-o", "out")
    assert result.code == 2 and "输出文件夹的位置已有同名文件" in result.err, result.err
    assert (tmp_path / "out").read_bytes() == b"x"


def test_a_rerun_writes_nothing_and_a_paper_filled_in_by_hand_is_kept_unless_forced(tmp_path: Path) -> None:
    plan(tmp_path)
    args = ("-o", "out", "-k", "党课", "-f", "docx,md")
    first = meetings(tmp_path, *args)
    assert first.code == 0, first.err
    out = tmp_path / "out"
    files = sorted(out.iterdir())
    assert len(files) == 8  # four 党课, each as Word and Markdown
    stamps = {path: path.stat().st_mtime_ns for path in files}

    again = meetings(tmp_path, *args)
    assert again.code == 0 and "写入 0 个文件，8 个文件未变" in again.out + again.err
    assert {path: path.stat().st_mtime_ns for path in files} == stamps

    filled = {
        files[0]: _filled_in(files[0]),
        files[1]: files[1].read_bytes() + "会议记录：已手工填写。\n".encode(),
    }
    for path, data in filled.items():
        path.write_bytes(data)
    refused = meetings(tmp_path, *args)
    assert refused.code == 2
    said = errors(refused.err)
    assert len(said) == 2 and all("文件已存在且内容不同" in line for line in said), refused.err
    assert {Path(line.split("：")[1]).name for line in said} == {files[0].name, files[1].name}
    assert "--force" in refused.err
    assert all(path.read_bytes() == data for path, data in filled.items())  # nothing written
    assert sorted(out.iterdir()) == files  # no temporary file either

    forced = meetings(tmp_path, *args, "--force")
    assert forced.code == 0 and "写入 2 个文件，6 个文件未变" in forced.out + forced.err, forced.err
    assert all(path.read_bytes() != data for path, data in filled.items())
    assert "写入 0 个文件，8 个文件未变" in meetings(tmp_path, *args).out


def _filled_in(path: Path) -> bytes:
    """*path*, a DOCX, with a line typed into it (as Word saves it: another package)."""
    import io
    import zipfile

    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info.filename) for info in package.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", "<w:body><w:p><w:r><w:t>已手工填写</w:t></w:r></w:p>".encode(), 1
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def test_windows_invalid_characters_in_the_branchs_name(tmp_path: Path) -> None:
    """The default folder is named after the branch: a name with what Windows forbids still makes
    a folder and files every system can hold."""
    plan(tmp_path, org='内科<第一>党支部:"A/B"|C?*')
    result = meetings(tmp_path, "-k", "党课", "--combine", "记录本.docx")
    assert result.code == 0, result.err
    folders = [path for path in tmp_path.iterdir() if path.is_dir()]
    assert len(folders) == 1 and not WINDOWS_BAD.search(folders[0].name), folders
    assert folders[0].name.endswith("2027年会议材料")
    names = sorted(path.name for path in folders[0].iterdir())
    assert "记录本.docx" in names and len(names) == 5
    assert not any(WINDOWS_BAD.search(name) for name in names)


def test_a_book_named_as_a_meetings_file_is_refused(tmp_path: Path) -> None:
    plan(tmp_path)
    result = meetings(tmp_path, "-o", "out", "-k", "党课", "--combine", "03月11日 党课.docx", "--force")
    assert result.code == 2 and "--combine" in result.err, result.err
    assert nothing_written(tmp_path / "out")


# --- Ctrl-C ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["writing", 0.4, 0.8])
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_leaves_no_temporary_file_and_no_half_set(tmp_path: Path, when: str | float) -> None:
    """Ctrl-C while the papers are rendered or written: exit 130, one line, and in the folder either
    nothing or every paper of a complete run — never a part of the set, nor a temporary file."""
    plan(tmp_path)
    (tmp_path / "名单.csv").write_bytes((REPO / "examples" / "members.csv").read_bytes())
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    args = ["meetings", "plan.yaml", "-m", "名单.csv", "-f", "docx,md", "--split", "--combine", "记录本"]
    environ = {**os.environ, **ENV, "TMPDIR": str(scratch), "PYTHONIOENCODING": "utf-8", "PLANGEN_DEBUG": ""}

    def start(out: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "plangen", *args, "-o", out], cwd=tmp_path, env=environ,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")  # fmt: skip

    reference = start("reference")
    assert reference.wait(120) == 0, reference.stderr.read() if reference.stderr else ""
    complete = {path.name: path.read_bytes() for path in (tmp_path / "reference").iterdir()}
    assert len(complete) > 200

    out = tmp_path / "out"
    process = start("out")
    if when == "writing":  # the temporary files are there: the papers are being written
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if out.is_dir() and any(name.endswith(".plangen.tmp") for name in os.listdir(out)):
                break
            time.sleep(0.001)
    else:
        time.sleep(float(when))
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    if process.returncode == 0:  # it had finished: then it is all there
        assert {path.name for path in out.iterdir()} == set(complete)
        return
    assert process.returncode == 130, err
    assert err.splitlines() == ["已中断。"]
    left = {path.name: path.read_bytes() for path in out.iterdir()} if out.exists() else {}
    assert list(scratch.iterdir()) == []
    temporary = [name for name in left if name.endswith(".plangen.tmp")]
    papers = {name: data for name, data in left.items() if name not in temporary}
    assert papers == {} or papers == complete, sorted(papers)[:5]
    assert not temporary


def test_ctrl_c_while_the_papers_are_handed_to_the_writers_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The moment the test above hits, made certain: Ctrl-C after the first papers are being
    written and before the rest are handed to the writing threads."""
    from concurrent.futures import ThreadPoolExecutor

    plan(tmp_path)
    out = tmp_path / "out"
    submit = ThreadPoolExecutor.submit
    handed: list[object] = []

    def then_ctrl_c(self, fn, /, *args, **kwargs):
        handed.append(fn)
        if len(handed) == 5:  # the first papers are being written: Ctrl-C, as a terminal sends it
            deadline = time.monotonic() + 10
            while not list(out.glob("*.plangen.tmp")) and time.monotonic() < deadline:
                time.sleep(0.001)
            signal.raise_signal(signal.SIGINT)
        return submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(ThreadPoolExecutor, "submit", then_ctrl_c)
    result = meetings(tmp_path, "-o", "out", "-k", "党课,主题党日")
    assert result.code == 130 and result.err.splitlines() == ["已中断。"], result.err
    time.sleep(0.2)  # the threads already handed a paper finish it
    assert not list(out.glob("*.plangen.tmp")), sorted(path.name for path in out.iterdir())
