"""``plangen new``: every question type through prompt_toolkit's pipe input, the course with a
scripted asker (back, priorities, --from), the non-interactive ways in, and the real command in a
pseudo-terminal, as a secretary would use it."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import io
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, run_cli, write

from plangen.cli import Env, main
from plangen.library import Library
from plangen.wizard.askers import BACK_TITLE, QuestionaryAsker, ScriptedAsker
from plangen.wizard.flow import Wizard
from plangen.wizard.questions import BACK, Choice, Question
from plangen.years import planning_year

LIBRARY = Library.default(environ={})
TODAY = dt.date(2026, 11, 24)


# --- every question type, through a pipe (each under a timeout) ---------------------------------------


def pipe_ask(question: Question, keys: str) -> object:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    def ask() -> object:
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            return QuestionaryAsker(input=pipe, output=DummyOutput()).ask(question, 1, 1)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(ask).result(timeout=10)


ENTER, DOWN, SPACE, BACKSPACE = "\r", "\x1b[B", " ", "\x7f"


def test_text_question_takes_typed_text_and_its_default() -> None:
    question = Question("org.name", "text", "名称", "内科党支部")
    assert pipe_ask(question, ENTER) == "内科党支部"
    assert pipe_ask(question, BACKSPACE * 5 + "外科党支部" + ENTER) == "外科党支部"
    assert pipe_ask(question, BACKSPACE * 5 + "<" + ENTER) is BACK


def test_int_question_refuses_what_is_not_a_number_then_accepts() -> None:
    question = Question("year", "int", "年度", 2027)
    assert pipe_ask(question, BACKSPACE * 4 + "x" + ENTER + BACKSPACE + "2028" + ENTER) == 2028


def test_param_question_checks_a_schedule_rule_on_the_spot() -> None:
    from plangen.wizard.questions import param_question

    block = LIBRARY.block("organization.theme-day")
    question = param_question(block, "theme_day", block.params["theme_day"])
    typed = BACKSPACE * 20 + "每月第九个星期八" + ENTER + BACKSPACE * 8 + "每月最后一个星期四" + ENTER
    assert pipe_ask(question, typed) == "每月最后一个星期四"
    with pytest.raises(ValueError):
        question.accept("每月第九个星期八")


def test_select_bool_and_back() -> None:
    question = Question("detail", "select", "详略", "concise",
                        choices=[Choice("concise", "精简"), Choice("standard", "标准"), Choice("full", "详尽")])  # fmt: skip
    assert pipe_ask(question, ENTER) == "concise"
    assert pipe_ask(question, DOWN + DOWN + ENTER) == "full"
    assert pipe_ask(question, DOWN * 3 + ENTER) is BACK  # “← 上一题” is the last choice
    yes_no = Question("flag", "bool", "是否", True)
    assert pipe_ask(yes_no, ENTER) is True and pipe_ask(yes_no, DOWN + ENTER) is False


def test_checkbox_toggles_and_keeps_the_offered_order() -> None:
    question = Question("sections", "checkbox", "部分", ["a", "b"],
                        choices=[Choice("a", "甲"), Choice("b", "乙"), Choice("c", "丙")])  # fmt: skip
    assert pipe_ask(question, ENTER) == ["a", "b"]
    assert pipe_ask(question, DOWN + SPACE + DOWN + SPACE + ENTER) == ["a", "c"]
    assert pipe_ask(question, DOWN * 3 + SPACE + ENTER) is BACK
    assert BACK_TITLE == "← 上一题"


# --- the course -----------------------------------------------------------------------------------


def wizard(answers: list, **kwargs: object) -> tuple[Wizard, ScriptedAsker]:
    asker = ScriptedAsker(answers)
    return Wizard(LIBRARY, asker, today=TODAY, **kwargs), asker  # type: ignore[arg-type]


NAMED = [None, None, None, "内科第一党支部"]  # Enter at sector, template and year; the name typed


def test_enter_at_every_question_but_the_name_gives_a_complete_spec() -> None:
    run, asker = wizard([*NAMED, *[None] * 200])
    spec = run.run()
    assert spec["template"] == "hospital-branch" and spec["year"] == 2027
    assert spec["org"]["name"] == "内科第一党支部"
    assert asker.asked[:4] == ["sector", "template", "year", "org.name"]
    assert asker.asked[-1] == "ask_params" and len(asker.asked) < 25  # five minutes: params keep defaults
    detailed, asked = wizard([*NAMED, *[None] * 14, True, *[None] * 200])
    detailed.run()
    assert any(key.startswith("params.organization.three-meetings") for key in asked.asked)
    assert spec["output"] == {"formats": ["docx", "md"], "dir": "."}


def test_back_goes_to_the_previous_question() -> None:
    run, asker = wizard(
        ["community", None, None, "东湖社区党支部", BACK, "东湖社区第一党支部", *[None] * 200]
    )
    spec = run.run()
    assert spec["template"] == "community-branch" and spec["org"]["name"] == "东湖社区第一党支部"
    assert asker.asked[3:7] == ["org.name", "org.parent", "org.name", "org.parent"]


def test_data_wins_and_is_never_asked() -> None:
    data = {
        "sector": "soe",
        "org.name": "检修车间党支部",
        "params.organization.three-meetings.lectures_per_year": "6",
    }
    run, asker = wizard([None] * 200, data=data)
    spec = run.run()
    assert "org.name" not in asker.asked and "sector" not in asker.asked
    assert spec["template"] == "soe-branch" and spec["org"]["name"] == "检修车间党支部"
    assert spec["params"]["organization.three-meetings.lectures_per_year"] == 6


def test_sections_can_be_removed_and_added() -> None:
    data = {"sector": "hospital", "template": "hospital-branch", "org.name": "内科党支部"}
    run, _ = wizard([None] * 200, data=data)
    template = LIBRARY.template("hospital-branch")
    present = [ref.block for ref in template.section_refs()]
    keep = [b for b in present if b != "volunteer.hospital"] + ["publicity.main"]
    run.data["sections"] = ",".join(keep)
    spec = run.run()
    assert spec["sections"] == {
        "remove": ["volunteer.hospital"],
        "add": [{"block": "publicity.main", "before": "safeguards"}],
    }


def test_the_plan_year_turns_in_october() -> None:
    assert planning_year(dt.date(2026, 9, 30)) == 2026 and planning_year(dt.date(2026, 10, 1)) == 2027


# --- the command ------------------------------------------------------------------------------------


def test_no_terminal_and_no_answers_stops_at_once(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, stdin=io.StringIO(""), cwd=tmp_path, environ={"PLANGEN_OFFICE": "0"})
    started = time.monotonic()
    code = main(["new", "-o", "out"], env)
    assert code == 2 and time.monotonic() - started < 2
    assert "--defaults" in err.getvalue() and "--data-file" in err.getvalue() and "\x1b" not in err.getvalue()
    assert not (tmp_path / "out").exists()


def test_new_below_dev_null_exits_2_quickly(tmp_path: Path) -> None:
    started = time.monotonic()
    with open("/dev/null" if sys.platform != "win32" else "NUL", encoding="utf-8") as devnull:
        result = subprocess.run([sys.executable, "-m", "plangen", "new", "-o", "out"], stdin=devnull,
                                capture_output=True, text=True, cwd=tmp_path, timeout=30)  # fmt: skip
    assert result.returncode == 2 and time.monotonic() - started < 10  # a cold interpreter included
    assert "--defaults" in result.stderr and "\x1b" not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists()


def test_defaults_write_a_plan_that_rebuilds_byte_for_byte(tmp_path: Path) -> None:
    result = run_cli(["new", "--defaults", "-o", "out", "--data", "sector=hospital", "--data", "org.name=外科党支部",
                      "--data", "org.parent=江城市第一人民医院党委"], tmp_path)  # fmt: skip
    assert result.code == 0, result.err
    folder = tmp_path / "out"
    spec = (folder / "plan.yaml").read_text(encoding="utf-8")
    assert spec.startswith("# yaml-language-server: $schema=spec.schema.json")
    assert (folder / "spec.schema.json").is_file()
    markdown = next(folder.glob("*.md")).read_bytes()
    assert b"\xe4\xb8\xad\xe5\x85\xb1" in markdown  # 中共…: a signature, a complete plan
    assert "plangen build out/plan.yaml" in result.out
    again = run_cli(["build", str(folder / "plan.yaml"), "-f", "md", "-o", "again"], tmp_path)
    assert again.code == 0, again.err
    assert next((tmp_path / "again").glob("*.md")).read_bytes() == markdown
    refused = run_cli(["new", "--defaults", "-o", "out"], tmp_path)
    assert refused.code == 2 and "已存在" in refused.err


def test_numbers_given_as_data(tmp_path: Path) -> None:
    result = run_cli(["new", "--defaults", "-o", "y", "--data", "sector=community", "--data", "org.name=东湖社区党支部",
                      "--data", "org.members=46", "--data", "org.groups=8"], tmp_path)  # fmt: skip
    assert result.code == 0, result.err
    spec = (tmp_path / "y" / "plan.yaml").read_text(encoding="utf-8")
    assert "members: 46" in spec and "groups: 8" in spec
    again = run_cli(["new", "--defaults", "--from", "y/plan.yaml", "-o", "z"], tmp_path)
    assert again.code == 0, again.err
    assert "year: 2028" in (tmp_path / "z" / "plan.yaml").read_text(encoding="utf-8")
    for pair in ("org.members=很多", "year=abc", "params.organization.three-meetings.lectures_per_year=abc"):
        bad = run_cli(
            [
                "new",
                "--defaults",
                "-o",
                "w",
                "--data",
                pair,
                "--data",
                "org.name=内科党支部",
                "--data",
                "sector=hospital",
            ],
            tmp_path,
        )
        assert bad.code == 2 and pair.split("=")[0] in bad.err and "内部错误" not in bad.err, bad.err
        assert not (tmp_path / "w").exists()


def test_data_file_and_a_bad_answer(tmp_path: Path) -> None:
    answers = write(
        tmp_path / "answers.yaml", "sector: community\norg:\n  name: 东湖社区党支部\n  members: 46\n"
    )
    result = run_cli(["new", "--defaults", "-o", "out", "--data-file", str(answers)], tmp_path)
    assert result.code == 0, result.err
    spec = (tmp_path / "out" / "plan.yaml").read_text(encoding="utf-8")
    assert "template: community-branch" in spec and "members: 46" in spec
    bad = run_cli(
        ["new", "--defaults", "-o", "bad", "--data", "sector=hospital", "--data", "year=1999"], tmp_path
    )
    assert bad.code == 2 and "year" in bad.err and "2020" in bad.err and not (tmp_path / "bad").exists()
    stale = run_cli(["new", "--defaults", "-o", "stale", "--data", "sector=hospital", "--data", "org.name=xx医院党支部"],
                    tmp_path)  # fmt: skip
    assert stale.code == 2 and "[R001]" in stale.err  # checked before anything is written (long fuzz run)
    assert not (tmp_path / "stale").exists()
    for value in ("1.5", "{a: 1}"):  # a number or a mapping where a list of sections belongs (long fuzz run)
        write(tmp_path / "odd.yaml", f"sector: hospital\norg.name: 内科党支部\nsections: {value}\n")
        odd = run_cli(["new", "--defaults", "-o", "odd", "--data-file", str(tmp_path / "odd.yaml")], tmp_path)
        assert odd.code == 2 and "sections" in odd.err and "内部错误" not in odd.err, odd.err


def test_from_a_previous_plan_moves_the_year_on(tmp_path: Path) -> None:
    result = run_cli(["new", "--defaults", "--from", str(EXAMPLE), "-o", "next"], tmp_path)
    assert result.code == 0, result.err
    spec = (tmp_path / "next" / "plan.yaml").read_text(encoding="utf-8")
    assert "year: 2028" in spec and "name: 内科第一党支部" in spec and "慢病随访党员先锋队" in spec
    assert next((tmp_path / "next").glob("*.md")).name == "内科第一党支部2028年工作计划.md"


# --- the offer of the year's meeting papers, once the plan is written -------------------------------------

PAPERS = "内科第一党支部2027年会议材料"


def _new_with(asker: ScriptedAsker, tmp_path: Path) -> tuple[int, str, str]:
    from plangen.commands import new

    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, cwd=tmp_path, environ={"PLANGEN_OFFICE": "0"})
    report = new.run(env, new.Options(out_dir=Path("out")), asker=asker)
    return report.finish(), out.getvalue(), err.getvalue()


def test_taking_the_offer_writes_the_papers_plangen_meetings_would(tmp_path: Path) -> None:
    """Yes to “是否生成全年会议材料？” (asked after the confirmation, once the plan is said to be
    written): the folder next to the plan holds what ``plangen meetings out/plan.yaml`` makes —
    a rerun of it writes nothing, and into another folder it writes the same files."""
    asker = ScriptedAsker([None, None, 2027, "内科第一党支部", *[None] * 15, None, True])
    code, out, err = _new_with(asker, tmp_path)
    assert code == 0, err
    assert asker.asked[-2:] == ["confirm", "meetings"] and asker.labels[-1] == "是否生成全年会议材料？"
    said = out.splitlines()
    assert said.index("已生成：out/plan.yaml") < said.index(f"已生成：out/{PAPERS}/03月11日 党课.docx")
    papers = sorted(path.name for path in (tmp_path / "out" / PAPERS).iterdir())
    assert len(papers) > 40 and all(name.endswith(".docx") for name in papers)
    assert f"{PAPERS}：{len(papers)} 次会议，写入 {len(papers)} 个文件（out/{PAPERS}）。" in said
    assert said[-1].endswith(
        "；会议材料：plangen meetings out/plan.yaml（加 --members 党员名单.csv，签到表列出各人姓名）"
    )
    rerun = run_cli(["meetings", "out/plan.yaml"], tmp_path)
    assert rerun.code == 0 and f"写入 0 个文件，{len(papers)} 个文件未变" in rerun.out, rerun.err
    again = run_cli(["meetings", "out/plan.yaml", "-o", "again"], tmp_path)
    assert again.code == 0 and sorted(path.name for path in (tmp_path / "again").iterdir()) == papers


def test_the_offer_is_declined_by_default_and_given_as_data(tmp_path: Path) -> None:
    base = [
        "new",
        "--defaults",
        "--data",
        "sector=hospital",
        "--data",
        "org.name=内科第一党支部",
        "--data",
        "year=2027",
    ]
    declined = run_cli([*base, "-o", "no"], tmp_path)  # --defaults: 否
    assert declined.code == 0, declined.err
    assert sorted(path.suffix for path in (tmp_path / "no").iterdir()) == [".docx", ".json", ".md", ".yaml"]
    assert "会议材料" not in declined.out
    asker = ScriptedAsker([None, None, 2027, "内科第一党支部", *[None] * 15, None, None])  # Enter: 否
    code, _, _ = _new_with(asker, tmp_path)
    assert code == 0 and asker.asked[-1] == "meetings" and not (tmp_path / "out" / PAPERS).exists()
    for value, made in (("是", True), ("否", False)):
        given = run_cli([*base, "--data", f"meetings={value}", "-o", value], tmp_path)
        assert given.code == 0, given.err
        assert (tmp_path / value / PAPERS).is_dir() is made
    write(
        tmp_path / "answers.yaml", "sector: hospital\norg.name: 内科第一党支部\nyear: 2027\nmeetings: true\n"
    )
    filed = run_cli(["new", "--defaults", "--data-file", "answers.yaml", "-o", "filed"], tmp_path)
    assert filed.code == 0 and (tmp_path / "filed" / PAPERS).is_dir(), filed.err


def test_a_plan_without_meetings_is_not_offered_papers(tmp_path: Path) -> None:
    """A 党委's calendar has no 三会一课 of a branch: the offer is not made; given 是, it is said."""
    asker = ScriptedAsker([None, "hospital-committee", 2027, "江城市第一人民医院党委", *[None] * 60])
    code, _, err = _new_with(asker, tmp_path)
    assert code == 0 and asker.asked[-1] == "confirm", err
    given = run_cli(["new", "--defaults", "--data", "template=hospital-committee", "--data", "org.name=江城市第一人民医院党委",
                     "--data", "meetings=是", "-o", "given"], tmp_path)  # fmt: skip
    assert given.code == 0 and "计划的日程中没有需要会议材料的会议" in given.out, given.err
    assert [path.suffix for path in (tmp_path / "given").iterdir() if path.is_dir()] == []


def test_a_wrong_or_missing_answer_to_the_offer_stops_before_anything_is_written(tmp_path: Path) -> None:
    bad = run_cli(["new", "--defaults", "--data", "sector=hospital", "--data", "org.name=内科党支部",
                   "--data", "meetings=也许", "-o", "bad"], tmp_path)  # fmt: skip
    assert (
        bad.code == 2 and "--data meetings：应为“是”或“否”" in bad.err and "是否生成全年会议材料" in bad.err
    )
    write(tmp_path / "answers.yaml", "sector: hospital\norg.name: 内科党支部\nmeetings: {time: '14:30'}\n")
    mapping = run_cli(["new", "--defaults", "--data-file", "answers.yaml", "-o", "bad"], tmp_path)
    assert (
        mapping.code == 2
        and "answers.yaml:3：meetings" in mapping.err
        and "plan.yaml 的 meetings" in mapping.err
    )
    assert not (tmp_path / "bad").exists()
    # no terminal, every answer given but this one (the confirmation too): said before the plan is written
    sections = ",".join(ref.block for ref in LIBRARY.template("hospital-branch").section_refs())
    given = {"sector": "hospital", "template": "hospital-branch", "year": "2027", "org.name": "内科党支部",
             "org.parent": "", "org.unit": "", "org.members": "", "org.probationary": "", "org.activists": "",
             "org.groups": "", "org.full_name": "", "org.secretary": "", "org.committee.组织委员": "",
             "org.committee.宣传委员": "", "org.committee.纪检委员": "", "detail": "concise", "sections": sections,
             "order": "", "ask_params": "否", "confirm": "是"}  # fmt: skip
    data = [part for key, value in given.items() for part in ("--data", f"{key}={value}")]
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, stdin=io.StringIO(""), cwd=tmp_path, environ={"PLANGEN_OFFICE": "0"})
    assert main(["new", *data, "-o", "nt"], env) == 2
    assert "没有可以提问的终端" in err.getvalue() and "缺少的第一项：meetings" in err.getvalue()
    assert not (tmp_path / "nt").exists()
    assert main(["new", *data, "--data", "meetings=否", "-o", "nt"], env) == 0, err.getvalue()


def test_the_offer_never_replaces_a_hand_filled_paper(tmp_path: Path) -> None:
    """``new --force`` again in the same folder: the plan is rewritten, but a paper filled in since
    is kept, said with how to replace it (plangen meetings --force); identical ones are left alone."""
    import zipfile

    args = ["new", "--defaults", "--data", "sector=hospital", "--data", "org.name=内科第一党支部",
            "--data", "year=2027", "--data", "meetings=是", "-o", "out"]  # fmt: skip
    assert run_cli(args, tmp_path).code == 0
    filled = next((tmp_path / "out" / PAPERS).glob("*党课.docx"))
    with zipfile.ZipFile(filled) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        "党课".encode(), "党课（已填写）".encode(), 1
    )
    with zipfile.ZipFile(filled, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)
    before = filled.read_bytes()
    again = run_cli([*args, "--force"], tmp_path)
    assert again.code == 2 and "文件已存在且内容不同（可能已手工填写）" in again.err
    assert "plangen meetings out/plan.yaml --force" in again.err and "已生成：out/plan.yaml" in again.out
    assert filled.read_bytes() == before


# --- the real command in a pseudo-terminal -------------------------------------------------------------

pexpect = pytest.importorskip("pexpect") if sys.platform != "win32" else None


def spawn(tmp_path: Path, *args: str, shell_prefix: str = ""):
    command = [sys.executable, "-m", "plangen", "new", "-o", "out", *args]
    if shell_prefix:  # through a shell, stderr to err.txt
        command = ["/bin/sh", "-c", shell_prefix + " ".join(map(shlex.quote, command)) + " 2>err.txt"]
    child = pexpect.spawn(command[0], command[1:], cwd=str(tmp_path),
                          env={"PLANGEN_OFFICE": "0", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                               "PROMPT_TOOLKIT_NO_CPR": "1",  # pexpect answers no cursor-position query
                               "TERM": "xterm", "PYTHONPATH": ":".join(sys.path)},
                          encoding="utf-8", timeout=30, dimensions=(40, 120))  # fmt: skip
    return child


STEP = r"（第 (\d+) 题）(?:\x1b\[[0-9;?]*[A-Za-z])*([^\s\x1b]{2,6})"  # “（第 21 题）全年党课次数 …”: the step number and the label's start


def answer_all(child, answers: dict[str, str], stop: str = "是否生成", after: int = 0) -> None:
    """Answer each new question after number *after* once (a prompt is redrawn as keys arrive): by
    the start of its label, else Enter; up to the one whose label starts with *stop* (the last: the
    offer of meeting papers after the confirmation, 否)."""
    last = after
    while True:
        child.expect(STEP)
        number, label = int(child.match.group(1)), child.match.group(2)
        if number <= last:  # the same question redrawn, or the echo of an answer; the confirmation comes last
            continue
        last = number
        keys = next((keys for start, keys in answers.items() if label.startswith(start)), "\r")
        child.send(keys)
        if label.startswith(stop):
            return


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect drives a POSIX pseudo-terminal")
def test_a_secretary_in_a_terminal(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.logfile_read = io.StringIO()  # what the screen showed
    answer_all(
        child,
        {
            "领域": "\x1b[B\x1b[B\r",  # 高校 (not the first sector)
            "计划模板": "\x1b[B\r",  # 高校教师党支部
            "党支部名称": "化学学院教工第一党支部\r",
            "计划包括": "\x1b[B" * 9 + " \r",  # deselect the tenth section (组织党员开展志愿服务)
            "逐项设置各部": "\x1b[A\r",  # 是 (the default is 否: the template's values)
            "全年党课次数": "\x7f6\r",  # 4 → 6
            "是否生成": "\x1b[A\r",  # 是 (the default is 否)
        },
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    spec = (tmp_path / "out" / "plan.yaml").read_text(encoding="utf-8")
    assert "template: university-teacher-branch" in spec and "name: 化学学院教工第一党支部" in spec
    assert "remove:\n  - volunteer.main" in spec and "lectures_per_year: 6" in spec
    docx = next((tmp_path / "out").glob("*.docx"))
    assert docx.name == "化学学院教工第一党支部2027年工作计划.docx"
    markdown = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "全年安排党课6次" in markdown and "组织党员开展志愿服务" not in markdown
    papers = list((tmp_path / "out" / "化学学院教工第一党支部2027年会议材料").glob("*.docx"))
    assert len(papers) > 30  # the offer taken
    screen = child.logfile_read.getvalue()
    offer = screen.split("是否生成全年会议材料？")
    assert "已生成：out/plan.yaml" in offer[0] and "按以上内容生成计划" in offer[0]  # said once written
    assert "上一题" not in offer[-1]  # no way back once the plan is written
    assert "已选 " in screen and "selections" not in screen and "done" not in screen  # the checkbox's answer
    numbers = [int(n) for n in dict.fromkeys(re.findall(r"（第 (\d+) 题）", screen))]
    assert (
        numbers == sorted(numbers) and len(numbers) >= 10
    )  # the counter only counts up, to the confirmation


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect drives a POSIX pseudo-terminal")
def test_enter_at_every_question_in_a_terminal(tmp_path: Path) -> None:
    """Enter everywhere: the name alone has no default — Enter, then a placeholder, are refused on
    the spot; the plan is written once a real name is typed."""
    child = spawn(tmp_path)
    answer_all(child, {"党支部名称": "\r"}, stop="党支部名称")
    child.expect("必填，不能留空")
    child.send("示例党支部\r")
    child.expect("R011")
    child.send("\x7f" * 5 + "内科第一党支部\r")
    answer_all(child, {}, after=4)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert (tmp_path / "out" / "plan.yaml").is_file() and len(list((tmp_path / "out").glob("*.docx"))) == 1
    spec = (tmp_path / "out" / "plan.yaml").read_text(encoding="utf-8")
    assert "name: 内科第一党支部" in spec and "示例" not in spec


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect drives a POSIX pseudo-terminal")
@pytest.mark.parametrize("at", ["计划年度", "党支部名称"])
def test_ctrl_d_at_a_question_leaves_like_ctrl_c(tmp_path: Path, at: str) -> None:
    """Ctrl-D on an empty line (end of input), at a filled and an empty field: the person leaves."""
    child = spawn(tmp_path)
    answer_all(child, {at: "\x7f" * 4 + "\x04"}, stop=at)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    assert child.before.count("已中断。") == 1 and "Error" not in child.before
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect drives a POSIX pseudo-terminal")
def test_the_terminal_going_away_leaves_like_ctrl_c(tmp_path: Path) -> None:
    """The window shut or the SSH link lost mid-question: reading the terminal fails (EIO)."""
    import os
    import signal

    child = spawn(tmp_path, shell_prefix="trap '' HUP; exec ")  # outlives the hang-up, as nohup would
    child.expect("领域")
    os.close(child.child_fd)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pid, status = os.waitpid(child.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.05)
    else:
        os.kill(child.pid, signal.SIGKILL)
        pytest.fail("the wizard kept running without its terminal")
    assert os.waitstatus_to_exitcode(status) == 130
    assert (tmp_path / "err.txt").read_text(encoding="utf-8") == "已中断。\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect drives a POSIX pseudo-terminal")
def test_ctrl_c_at_a_question_writes_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect("领域")
    child.send("\r")
    child.expect("计划模板")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert child.before.count("已中断。") == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect drives a POSIX pseudo-terminal")
def test_ctrl_c_at_the_offer_keeps_the_written_plan(tmp_path: Path) -> None:
    """The offer comes once the plan is written and said: Ctrl-C there leaves like anywhere else
    (one line, 130) and makes no papers, the plan stays."""
    child = spawn(tmp_path, "--data", "sector=hospital", "--data", "org.name=内科第一党支部")
    answer_all(child, {"是否生成": "\x03"})  # Ctrl-C
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 and child.before.count("已中断。") == 1
    assert (tmp_path / "out" / "plan.yaml").is_file()
    assert [path for path in (tmp_path / "out").iterdir() if path.is_dir()] == []


def test_sections_can_be_put_in_another_order() -> None:
    data = {"sector": "hospital", "template": "hospital-branch", "org.name": "内科党支部"}
    run, _ = wizard([None] * 200, data={**data, "order": "1,2,4,3"})
    spec = run.run()
    assert spec["sections"]["order"][:4] == [
        "guiding-ideology.main",
        "goals.main",
        "theory-study.main",
        "political.main",
    ]
    doc = run._compose(spec)
    assert [h.text for h in doc.headings() if h.level == 1][2] == "加强思想建设，用党的创新理论武装头脑"
    with pytest.raises(Exception, match="每个编号写一次"):  # a number twice
        wizard([None] * 200, data={**data, "order": "1,1,2"})[0].run()


def test_the_name_has_no_default_and_refuses_placeholders() -> None:
    run, _ = wizard([])
    template = LIBRARY.template("hospital-branch")
    questions = {q.key: q for q in run._org(template)}
    name = questions["org.name"]
    assert name.default == "" and not name.optional
    # Enter, then 某某: asked again each time
    typed = ENTER + "某某科室党支部" + ENTER + BACKSPACE * 7 + "内科第一党支部" + ENTER
    assert pipe_ask(name, typed) == "内科第一党支部"
    for key, value in [("org.name", "示例党支部"), ("org.name", "xx医院党支部"), ("org.name", "XXX"),
                       ("org.parent", "示例上级党委"), ("org.parent", "某某医院党委"), ("org.secretary", "张三"),
                       ("org.secretary", "XXX"), ("org.committee.组织委员", "李四")]:  # fmt: skip
        with pytest.raises(ValueError, match="不是实际名称"):
            questions[key].accept(value)
    assert questions["org.secretary"].accept("张三丰") == "张三丰"  # a real name that starts like one
    assert questions["org.name"].accept("示范党支部") == "示范党支部"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([], "缺少党支部名称（org.name）"),
        (["--data", "org.name=示例党支部"], "--data org.name：“示例党支部”不是实际名称：[R011]"),
        (["--data", "org.name=内科党支部", "--data", "org.parent=某某医院党委"], "[R003]"),
        (["--data", "org.name=内科党支部", "--data", "org.committee.纪检委员=XXX"], "[R004]"),
    ],
)
def test_defaults_never_write_a_placeholder_name(tmp_path: Path, args: list[str], said: str) -> None:
    result = run_cli(["new", "--defaults", "-o", "out", "--data", "sector=hospital", *args], tmp_path)
    assert result.code == 2 and said in result.err, result.err
    assert not (tmp_path / "out").exists()


def test_from_a_plan_with_a_wrong_param_names_its_line(tmp_path: Path) -> None:
    old = EXAMPLE.read_text(encoding="utf-8")
    wrong = "organization.theme-day.theme_day: {x: 每月第一个星期三}"
    write(tmp_path / "old.yaml", old.replace("organization.theme-day.theme_day: 每月第一个星期五", wrong))
    result = run_cli(["new", "--defaults", "--from", "old.yaml", "-o", "next"], tmp_path)
    assert result.code == 2 and "错误：old.yaml:14：" in result.err and "theme_day" in result.err, result.err
    assert "（向导）" not in result.err and not (tmp_path / "next").exists()


def test_from_a_plan_of_the_placeholder_name_is_refused(tmp_path: Path) -> None:
    old = EXAMPLE.read_text(encoding="utf-8").replace("内科第一党支部", "示例党支部")
    write(tmp_path / "old.yaml", old)
    result = run_cli(["new", "--defaults", "--from", "old.yaml", "-o", "next"], tmp_path)
    assert result.code == 2 and "示例党支部" in result.err and "R011" in result.err, result.err
    assert not (tmp_path / "next").exists()


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (["--data", "org.nmae=内科党支部"], "错误：--data org.nmae：向导没有这一项（未知的键）\n提示：您是不是要输入 org.name？"),
        (["--data", "params.organization.three-meetings.lectures_per_yaer=6"],
         "提示：您是不是要输入 params.organization.three-meetings.lectures_per_year？"),
        (["--data", "sectr=soe"], "提示：您是不是要输入 sector？"),
        (["--data", "org.name=内科党支部", "--data", "org.branches=3"],
         "错误：--data org.branches：所选模板（hospital-branch）不问这一项"),
        (["--data-file", "answers.yaml"], "错误：answers.yaml:3：org.nmae：向导没有这一项（未知的键）\n提示：您是不是要输入 org.name？"),
        (["--data-file", "placeholder.yaml"], "错误：placeholder.yaml:2：org.name：“某某党支部”不是实际名称"),
        (["--data-file", "placeholder.yaml", "--data", "org.name=示例党支部"], "错误：--data org.name：“示例党支部”"),
    ],
)  # fmt: skip
def test_unknown_and_unused_keys_are_refused(tmp_path: Path, given: list[str], said: str) -> None:
    write(tmp_path / "answers.yaml", "org:\n  name: 内科党支部\n  nmae: 外科党支部\n")
    write(tmp_path / "placeholder.yaml", "org:\n  name: 某某党支部\n")
    result = run_cli(["new", "--defaults", "-o", "out", "--data", "sector=hospital", *given], tmp_path)
    assert result.code == 2 and said in result.err, result.err
    assert not (tmp_path / "out").exists()


def test_defaults_need_the_sector_said(tmp_path: Path) -> None:
    """A hospital's plan for an 档案馆 is no default: ``--defaults`` without a sector stops and says
    which flag to give; a template given, or last year's plan, says it."""
    result = run_cli(["new", "--defaults", "-o", "out", "--data", "org.name=市档案馆党支部"], tmp_path)
    assert result.code == 2 and "--data sector=" in result.err and "government（机关）" in result.err, (
        result.err
    )
    assert not (tmp_path / "out").exists()
    given = run_cli(["new", "--defaults", "-o", "t", "--data", "org.name=市档案馆党支部", "--data",
                     "template=government-branch"], tmp_path)  # fmt: skip
    assert given.code == 0, given.err
    assert "template: government-branch" in (tmp_path / "t" / "plan.yaml").read_text(encoding="utf-8")


def test_back_from_the_confirmation_returns_to_the_questions(tmp_path: Path) -> None:
    from plangen.wizard import NewOptions, run_new

    env = Env(stdout=io.StringIO(), stderr=io.StringIO(), cwd=tmp_path, environ={"PLANGEN_OFFICE": "0"})
    # 18 questions with their defaults; at the confirmation “← 上一题”; then 逐项设置参数: 是; defaults
    asker = ScriptedAsker([*NAMED, *[None] * 15, BACK, True, *[None] * 60])
    options = NewOptions(out_dir=tmp_path / "out", interactive=False)
    plan = run_new(env, LIBRARY, options, asker=asker)
    assert plan.spec.is_file() and plan.files
    assert asker.asked.count("ask_params") == 2  # asked again after “← 上一题”
    assert asker.asked[-1] == "confirm"


# --- new --from: the previous plan file, every field kept ---------------------------------------------

EXAMPLES = sorted((EXAMPLE.parent).glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_example_round_trips_through_new_from(example: Path, tmp_path: Path) -> None:
    """``plangen new --from`` with every answer kept gives the same plan file, a year on: its params
    (a default among them), its section edits, its output settings."""
    import yaml

    result = run_cli(["new", "--from", str(example), "--defaults", "-o", "next"], tmp_path)
    assert result.code == 0, result.err
    before = yaml.safe_load(example.read_text(encoding="utf-8"))
    after = yaml.safe_load((tmp_path / "next" / "plan.yaml").read_text(encoding="utf-8"))
    assert after == {**before, "year": before["year"] + 1}


def test_new_from_keeps_an_order_a_date_and_what_it_does_not_ask(tmp_path: Path) -> None:
    import yaml

    spec = EXAMPLE.read_text(encoding="utf-8").split("output:")[0] + (
        "date: 2026-12-20\nsections:\n  order: [guiding-ideology.main, goals.main]\n"
        "output:\n  formats: [docx]\n  schedule: none\n"
    )
    write(tmp_path / "old.yaml", spec)
    result = run_cli(["new", "--from", "old.yaml", "--defaults", "-o", "next"], tmp_path)
    assert result.code == 0, result.err
    after = yaml.safe_load((tmp_path / "next" / "plan.yaml").read_text(encoding="utf-8"))
    assert after["date"] == dt.date(2027, 12, 20)
    assert after["sections"] == {"order": ["guiding-ideology.main", "goals.main"]}
    assert after["output"] == {"formats": ["docx"], "schedule": "none"}
    assert sorted(path.suffix for path in (tmp_path / "next").iterdir()) == [".docx", ".json", ".yaml"]


def test_giving_up_at_the_confirmation_is_not_an_error(tmp_path: Path) -> None:
    result = run_cli(["new", "--defaults", "--data", "sector=医院", "--data", "org.name=内科党支部",
                      "--data", "confirm=否", "-o", "out"], tmp_path)  # fmt: skip
    assert result.code == 1 and "已放弃，未写入文件。" in result.err and "错误" not in result.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("given", "key", "value"),
    [("sector=医院", "template", "hospital-branch"), ("org.members=二十三", "members", 23),
     ("org.members=１８", "members", 18), ("detail=标准", "detail", "standard")],
)  # fmt: skip
def test_answers_as_a_person_writes_them(given: str, key: str, value: object, tmp_path: Path) -> None:
    """A sector by its Chinese name, a count in Chinese numerals or full-width digits, a choice by
    its label: each taken as its code."""
    import yaml

    data = ["--data", given] + ([] if given.startswith("sector") else ["--data", "sector=hospital"])
    result = run_cli(["new", "--defaults", *data, "--data", "org.name=内科党支部", "-o", "out"], tmp_path)
    assert result.code == 0, result.err
    spec = yaml.safe_load((tmp_path / "out" / "plan.yaml").read_text(encoding="utf-8"))
    assert (spec["org"] if key == "members" else spec)[key] == value


def test_unknown_data_keys_are_all_refused_with_the_known_ones(tmp_path: Path) -> None:
    result = run_cli(["new", "--defaults", "--data", "foo=1", "--data", "org.nmae=x", "-o", "out"], tmp_path)
    assert result.code == 2
    assert "--data foo：向导没有这一项" in result.err and "可用的键：sector、template" in result.err
    assert "--data org.nmae：向导没有这一项" in result.err and "您是不是要输入 org.name？" in result.err


def test_new_from_moves_a_quoted_date_too(tmp_path: Path) -> None:
    import yaml

    spec = EXAMPLE.read_text(encoding="utf-8").split("output:")[0] + 'date: "2026-12-20"\n'
    write(tmp_path / "old.yaml", spec)
    result = run_cli(["new", "--from", "old.yaml", "--defaults", "-o", "next"], tmp_path)
    assert result.code == 0, result.err
    after = yaml.safe_load((tmp_path / "next" / "plan.yaml").read_text(encoding="utf-8"))
    assert after["date"] == dt.date(2027, 12, 20)
