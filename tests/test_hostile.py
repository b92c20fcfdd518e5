"""Hostile input through ``plangen validate`` (and ``build``) in a real process.

Each case must end with exit code 2, exactly one located 错误 line, no traceback, nothing executed
and no output written — and must not hang (the subprocess timeout is a guard, not a benchmark).
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_cli, run_process

BLOCK_HEAD = "id: hostile.case\ntitle: 测试\ncategory: hostile\nbody:\n"


def plangen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_process(*args, cwd=cwd, environ={"PLANGEN_OFFICE": "1"})


def block_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "lib" / "blocks" / "hostile" / "case.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BLOCK_HEAD + body, encoding="utf-8")
    return path


def bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    return "\n".join(lines) + "\n"


CASES = {
    "yaml-python-tag": (
        BLOCK_HEAD + '  - p: !!python/object/apply:os.system ["touch PWNED"]\n',
        5,
        "不允许使用 YAML 标签 !!python/object/apply:os.system",
    ),
    "yaml-alias-bomb": (bomb(), 6, "别名炸弹"),
    "nesting-5000": ("[" * 5000 + "]" * 5000 + "\n", 1, "嵌套层数超过"),
    "jinja-class": (BLOCK_HEAD + "  - p: 正文{{ ''.__class__ }}\n", 5, "以下划线开头的名称“__class__”"),
    "jinja-subclasses": (
        BLOCK_HEAD + '  - p: "{{ year.__class__.__mro__[1].__subclasses__() }}"\n',
        5,
        "函数或方法调用",
    ),
    "jinja-globals": (
        BLOCK_HEAD + "  - p: >-\n      第一行\n      {{ cycler.__init__.__globals__ }}\n",
        6,
        "模板不允许访问以下划线开头的名称",
    ),
    "include-traversal": (
        BLOCK_HEAD + "  - include: ../../etc/passwd\n",
        5,
        "id“../../etc/passwd”格式不正确",
    ),
    "control-u0001": (BLOCK_HEAD + "  - p: 正文\u0001结束\n", 5, "第 10 列含有控制字符 U+0001"),
    "control-u000b": (BLOCK_HEAD + "  - p: 正文\u000b结束\n", 5, "第 10 列含有控制字符 U+000B"),
    "undefined-variable": (BLOCK_HEAD + "  - p: 全年{{ lectures }}次\n", 5, "未定义的变量：lectures"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_refuses(tmp_path: Path, case: str) -> None:
    text, line, message = CASES[case]
    path = tmp_path / "lib" / "blocks" / "hostile" / "case.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    result = plangen("validate", str(path), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    errors = [row for row in result.stderr.splitlines() if row.startswith("错误：")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(
        f"错误：lib/blocks/hostile/case.yaml:{line}：".replace("/", "\\" if sys.platform == "win32" else "/")
    )
    assert message in errors[0]
    assert not (tmp_path / "PWNED").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib"]  # nothing written


def test_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"id: x.y\n")
        handle.truncate(20 * 1024 * 1024)
    result = plangen("validate", str(path), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert [row for row in result.stderr.splitlines() if row.startswith("错误：")] == [
        "错误：huge.yaml：文件过大（20.0 MB），上限为 1024 KB"
    ]


def test_jinja_in_a_spec_title_and_build_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "plan.yaml"
    spec.write_text(
        'template: hospital-branch\nyear: 2027\norg: {name: 测试党支部}\ntitle: "{{ org.__class__ }}"\n',
        encoding="utf-8",
    )
    result = run_cli(["build", str(spec), "-o", "out"], tmp_path)
    assert result.code == 2
    assert "错误：plan.yaml:4：模板不允许访问以下划线开头的名称“__class__”" in result.err
    assert not (tmp_path / "out").exists()
    assert run_cli(["validate", str(spec)], tmp_path).code == 2


def test_undefined_attribute_is_caught_when_rendering(tmp_path: Path) -> None:
    path = block_file(tmp_path, "  - p: 本单位{{ org.nmae }}\n")
    result = run_cli(["validate", str(path)], tmp_path)
    assert result.code == 2 and "未定义的变量：nmae" in result.err and ":5：" in result.err


def test_every_problem_of_a_file_is_listed(tmp_path: Path) -> None:
    path = block_file(tmp_path, '  - p: 全年{{ a }}次\n  - p: "{{ b }}"\n  - include: no.such\n  - bad: 1\n')
    result = run_cli(["validate", str(path)], tmp_path)
    assert result.code == 2
    rows = [row for row in result.err.splitlines() if row.startswith("错误：")]
    assert rows == [
        "错误：lib/blocks/hostile/case.yaml:8：正文条目须为 p（段落）、item（条目）、table（表格）或 include（嵌入块）之一"
    ]
    path.write_text(
        BLOCK_HEAD + '  - p: 全年{{ a }}次\n  - p: "{{ b }}"\n  - include: no.such\n', encoding="utf-8"
    )
    rows = [
        row for row in run_cli(["validate", str(path)], tmp_path).err.splitlines() if row.startswith("错误：")
    ]
    assert [row.split("：", 2)[1:] for row in rows] == [
        ["lib/blocks/hostile/case.yaml:5", "未定义的变量：a"],
        ["lib/blocks/hostile/case.yaml:6", "未定义的变量：b"],
        ["lib/blocks/hostile/case.yaml:7", "找不到内容块“no.such”"],
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_spec_encodings_load(tmp_path: Path, encoding: str) -> None:
    spec = tmp_path / "plan.yaml"
    spec.write_text("template: hospital-branch\nyear: 2027\norg:\n  name: 外科党支部\n", encoding=encoding)
    result = run_cli(["validate", str(spec)], tmp_path)
    assert result.code == 0, result.err
    assert run_cli(["build", str(spec)], tmp_path).code == 0
    assert (tmp_path / "外科党支部2027年工作计划.md").is_file()
    assert spec.read_bytes().startswith(codecs.BOM_UTF8) == (
        encoding == "utf-8-sig"
    )  # the case is what it says


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = plangen(
        "build", str(REPO / "examples" / "hospital-branch.yaml"), "--set", "year=x", "--debug", cwd=tmp_path
    )
    assert result.returncode == 2 and "Traceback" in result.stderr


def test_a_broken_block_is_reported_once_and_its_users_fail(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    (lib / "blocks" / "a").mkdir(parents=True)
    (lib / "blocks" / "a" / "b.yaml").write_text("id: a.b\ntitle: 测试\ncategory: a\nbody:\n  - p: {{ x }}\n",
                                                 encoding="utf-8")  # fmt: skip
    (lib / "plans").mkdir()
    for name in ("one", "two"):
        (lib / "plans" / f"{name}.yaml").write_text(
            f"id: {name}\nname: 测试\nsector: all\nkind: branch\nsections: [a.b]\n", encoding="utf-8"
        )
    result = run_cli(["validate", str(lib)], tmp_path)
    assert result.code == 2
    assert result.err.count("映射的键必须是简单文本") == 1 and "加引号" in result.err
    assert result.err.count("用到的文件有问题") == 2


# --- the crash classes a fuzz run found, one regression test each ------------------------------------

SPEC_HEAD = "template: hospital-branch\nyear: 2027\norg:\n  name: 测试党支部\n"


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("title: \"{{ ''.upper }}\"\n", 5, "未定义的变量：upper"),  # no method repr in titles or file names
        ('title: "{{ org }}"\n', 5, "映射不能直接写入正文"),
        ('title: "{{ year|join(3) }}"\n', 5, "join 的分隔符应为文字"),
        ("title: \"{{ 'x'|default(1, 2, 3, 4) }}\"\n", 5, "过滤器 default 的参数不正确"),
        ('title: "{{ 1e308 + 1e308 }}"\n', 5, "数字过大"),
        ('title: "计划\\x01"\n', 5, "控制字符 U+0001（以转义形式写出）"),
        ('title: "计划\\u202e"\n', 5, "控制字符 U+202E"),
        ("settings:\n  congress_year: 1.0e999\n", 6, "数值“1.0e999”超出范围"),
        ("date: 9999-12-31\n", 5, "成文日期 9999-12-31 与计划年度 2027 不符"),
        ('output:\n  docx:\n    latin_font: A"B\n', 7, '“latin_font”的值“A"B”格式不正确'),
    ],
)
def test_fuzz_classes_in_a_spec(tmp_path: Path, extra: str, line: int, message: str) -> None:
    spec = tmp_path / "plan.yaml"
    spec.write_text(SPEC_HEAD + extra, encoding="utf-8")
    result = run_cli(["build", str(spec), "-o", "out"], tmp_path)
    assert result.code == 2, result.err
    errors = [row for row in result.err.splitlines() if row.startswith("错误：")]
    assert errors and errors[0].startswith(f"错误：plan.yaml:{line}："), result.err
    assert message in errors[0]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ " + "(" * 300 + "1" + ")" * 300 + " }}", "模板嵌套过深"),  # Jinja's parser: RecursionError
        ("{{ " + "-" * 3000 + "1 }}", "模板嵌套过深"),
        ("{{ " + "+".join(["1"] * 1200) + " }}", "模板表达式过长或嵌套过深"),  # Jinja's compiler
        ("{% if true %}" * 150 + "x" + "{% endif %}" * 150, "模板嵌套过深"),  # Python: too many indents
        ("{{ [org.name]|join([org.name]|join([org.name]|join(org.name))) }}", ""),  # fine: small
        ("{{ org.name.upper }}", "未定义的变量：upper"),
    ],
)
def test_jinja_that_would_exhaust_the_stack(tmp_path: Path, text: str, message: str) -> None:
    path = block_file(tmp_path, f"  - p: '{text}'\n")
    result = plangen("validate", str(path), cwd=tmp_path)
    assert "Traceback" not in result.stderr
    if not message:
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "case.yaml:5：" in result.stderr


def test_join_cannot_multiply_text(tmp_path: Path) -> None:
    body = "  - p: '{{ [x, x, x, x]|join([x, x, x, x]|join([x, x, x, x]|join([x, x, x]|join(x)))) }}'\n"
    path = block_file(
        tmp_path, body + "params:\n  x: {type: text, label: 文字, default: '" + "长" * 1000 + "'}\n"
    )
    result = plangen("validate", str(path), cwd=tmp_path)
    assert result.returncode == 2 and "生成的文字过长（超过 20000 字）" in result.stderr


def test_a_year_moved_past_the_calendar(tmp_path: Path) -> None:
    spec = tmp_path / "plan.yaml"
    spec.write_text(SPEC_HEAD + "date: 9999-06-01\n", encoding="utf-8")
    result = run_cli(["build", str(spec), "--year", "2100"], tmp_path)  # 9999 + 73 years: no such date
    assert result.code == 2 and "成文日期 9999-06-01 与计划年度 2100 不符" in result.err


@pytest.mark.parametrize(
    ("pattern", "value", "message"),
    [
        ("(a+)+$", "a" * 1999 + "!", "格式不符合要求"),  # backtracks for ever in Python's re
        ("(a|a)*b", "a" * 60, "格式不符合要求"),
        ("a{99999999999}", "a", "“a”格式不符合要求"),  # OverflowError in Python's re; literal text in RE2
        ("a{1001}", "a", "pattern 不是有效的正则表达式"),
        ("(?P<x>a)(?P=x)", "aa", "不支持反向引用"),
    ],
)
def test_param_patterns_match_in_linear_time(tmp_path: Path, pattern: str, value: str, message: str) -> None:
    body = f"  - p: '{{{{ evil }}}}'\nparams:\n  evil: {{type: str, label: 测试, pattern: '{pattern}', default: '{value}'}}\n"
    path = block_file(tmp_path, body)
    result = plangen("validate", str(path), cwd=tmp_path)  # a subprocess: a hang would time out
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_block_included_many_times_with_a_large_param(tmp_path: Path) -> None:
    lib = tmp_path / "lib" / "blocks" / "big"
    lib.mkdir(parents=True)
    (lib / "one.yaml").write_text(
        "id: big.one\ntitle: 一\ncategory: big\nparams:\n  text: {type: text, label: 文字, default: x}\n"
        "body:\n  - p: '{{ text }}{{ text }}{{ text }}{{ text }}{{ text }}'\n",
        encoding="utf-8",
    )
    (lib / "many.yaml").write_text(
        "id: big.many\ntitle: 多\ncategory: big\nbody:\n" + "  - include: big.one\n" * 800, encoding="utf-8"
    )
    spec = tmp_path / "plan.yaml"
    spec.write_text(
        SPEC_HEAD + "sections:\n  add: [{block: big.many}]\nparams:\n  big.one.text: '" + "长" * 2000 + "'\n",
        encoding="utf-8",
    )
    result = plangen("build", str(spec), "-L", "lib", "-o", "out", cwd=tmp_path)
    assert result.returncode == 2 and "计划全文超过 300000 字" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_a_named_pipe_as_the_spec_does_not_block(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    os.mkfifo(tmp_path / "plan.yaml")
    result = plangen("build", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "这不是普通文件" in result.stderr


def test_show_commands_on_odd_input(tmp_path: Path) -> None:
    shown = run_cli(["blocks", "show", "organization.dues"], tmp_path)  # a block with a table
    assert shown.code == 0 and "| 每月0.2元 |" in shown.out, shown.err
    year = run_cli(["templates", "show", "hospital-branch", "--year", "1"], tmp_path)
    assert year.code == 2 and "应为 2020 到 2100 之间的整数" in year.err


def test_output_paths_that_cannot_be(tmp_path: Path) -> None:
    spec = tmp_path / "plan.yaml"
    spec.write_text(SPEC_HEAD, encoding="utf-8")
    long = run_cli(["build", str(spec), "-o", "x" * 300], tmp_path)
    assert long.code == 2 and "输出文件夹的名称过长" in long.err
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    taken = run_cli(["build", str(spec), "-o", "taken"], tmp_path)
    assert taken.code == 2 and "输出文件夹的位置已有同名文件" in taken.err
    under_a_file = run_cli(["build", str(spec), "-o", "taken/sub"], tmp_path)
    assert under_a_file.code == 2 and "无法写入输出文件夹" in under_a_file.err, under_a_file.err
    nul = run_cli(["build", str(spec), "-o", "a\x00b"], tmp_path)
    assert nul.code == 2 and "控制字符" in nul.err
    rtl = run_cli(["build", str(spec), "--set", "output.name=COM¹", "-f", "md"], tmp_path)
    assert rtl.code == 0 and (tmp_path / "_COM¹.md").is_file()


def test_a_library_thousands_of_folders_deep(tmp_path: Path) -> None:
    folder = tmp_path / "lib" / "blocks"
    folder.mkdir(parents=True)
    cwd = os.getcwd()
    try:  # 1,500 levels: more than Python's recursion limit, within Linux's 4,096-byte paths
        os.chdir(folder)
        for _ in range(1500):
            os.mkdir("d")
            os.chdir("d")
        Path("x.yaml").write_text("id: d.x\n", encoding="utf-8")
    finally:
        os.chdir(cwd)
    try:
        listed = run_cli(["blocks", "list", "-L", "lib"], tmp_path)
        assert (
            listed.code == 0 and "organization.three-meetings" in listed.out
        )  # the deep file is out of reach
        checked = run_cli(["validate", "lib"], tmp_path)
        assert checked.code == 2 and "内部错误" not in checked.err
    finally:  # shutil.rmtree (and so pytest's clean-up) recurses and would fail on this tree
        os.chdir(folder)
        try:
            for _ in range(1500):
                os.chdir("d")
            os.remove("x.yaml")
            for _ in range(1500):
                os.chdir("..")
                os.rmdir("d")
        finally:
            os.chdir(cwd)


@pytest.mark.parametrize(
    ("widths", "message"), [("[1.0e308, 1.0e308]", "不能大于 100"), ("[0.0, 1]", "不能小于 0.05")]
)
def test_table_widths_that_overflow(tmp_path: Path, widths: str, message: str) -> None:
    body = f"  - table: {{header: [月份, 内容], rows: [[1月, 会议]], widths: {widths}}}\n"
    result = run_cli(["validate", str(block_file(tmp_path, body))], tmp_path)
    assert result.code == 2 and message in result.err and "case.yaml:5：" in result.err, result.err
