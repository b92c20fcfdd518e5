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
from conftest import REPO, run_cli

BLOCK_HEAD = "id: hostile.case\ntitle: 测试\ncategory: hostile\nbody:\n"


def plangen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plangen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "PLANGEN_DEBUG": ""},
    )


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
