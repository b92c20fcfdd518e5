"""A fuzzer for everything a user can hand plangen: plan specs, blocks, templates, library folders
and command-line options.

A case is a folder of files plus a command line. Cases are made by mutating the shipped examples,
blocks and templates — structurally (keys dropped or added, values swapped for hostile ones, lists
repeated, nesting deepened) and as bytes (truncated, re-encoded, spliced) — and by odd options.

Each case runs in a worker process (``spawn``, as on Windows) that calls plangen in-process; the
parent kills a worker that takes longer than :data:`HANG_SECONDS` and counts a hang. The promise
checked for every case (:func:`check`):

* exit 0, or exit 2 with every problem on a ``错误：`` line, at least one naming a file (and line)
  or an option — never exit 3, never a traceback;
* nothing left behind: on exit 2 no new output, on exit 0 complete outputs, never a temporary file
  in the output folder or a scratch folder in the temporary folder;
* within :data:`HANG_SECONDS` and :data:`MAX_RSS_MB` of memory.
"""

from __future__ import annotations

import contextlib
import copy
import json
import multiprocessing
import os
import random
import re
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plangen import paper

REPO = Path(__file__).resolve().parents[1]
HANG_SECONDS = 10.0
MAX_RSS_MB = 1500
MAX_RSS_MB_INPUTS = 300  # batch, lint, import and the wizard on hostile input (issue 21's acceptance)

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
BLOCKS = sorted((REPO / "templates" / "blocks").rglob("*.yaml"))
TEMPLATES = sorted((REPO / "templates" / "plans").glob("*.yaml"))

# --- hostile values ------------------------------------------------------------------------------

JINJA = [
    "{{ ''.__class__ }}", "{{ ''.upper }}", "{{ org.name.upper }}", "{{ year.real }}", "{{ org }}",
    "{% for x in org %}{{ x }}{% endfor %}", "{{ " + "(" * 60 + "1" + ")" * 60 + " }}",
    "{% if true %}" * 40 + "x" + "{% endif %}" * 40, "{{ " + "-" * 500 + "1 }}", "{{ " + "not " * 300 + "1 }}",
    "{{ " + " + ".join(["year"] * 400) + " }}", "{{ 1" + "|abs" * 500 + " }}",
    "{{ [org.name, org.name]|join([org.name, org.name]|join([org.name]|join(org.name))) }}",
    "{{ 10 * 10 * 10 * 10 * 10 * 10 * 10 * 10 * 10 * 10 * 10 }}", "{{ 1e308 + 1e308 }}", "{{ 1 / 0 }}",
    "{{ year|join(3) }}", "{{ 5|first }}", "{{ 'a'|default(1, 2, 3, 4) }}", "{{ year|cn_digits|cn }}",
    "{{ 10**10 }}", "{{ lipsum() }}", "{{ cycler }}", "{{ self }}", "{{ nosuch }}", "{{ org.nosuch }}",
    "{% set x = 1 %}", "{% include 'x' %}", "{{ year ~ org }}", "{{ date }}", "{{ true }}",
    "{{ '%s' % year }}", "{{ year[0] }}", "{{ org['__class__'] }}", "{{", "{% if %}", "}}", "{# #}",
    "{{ year|int(base=2) }}", "{{ 99999999999|cn }}", "{{ 1e999|int }}", "{{ -1e999 }}", "{{ 1e999 - 1e999 }}",
    "{{ " + "9" * 5000 + " }}", "{{ '\\x01' }}", "{{ '\\ud800' }}", "{{ 0 ~ 0.0 }}", "{{ [1e999]|first }}",
]  # fmt: skip
UNICODE = [
    "\u202e计划\u202c", "\u200b", "\ufeff开头", "𠀀𠀁", "e\u0301\u0301\u0301", "\u3000\u3000", "\t制表",
    "中\x01文", "\x1b[31m红", "\ufffe", "\u2028", "\x00", "\x7f", "\u0085", "ｆｕｌｌ", "\U0001f600",
]  # fmt: skip
PATHS = [
    "../../etc/passwd", "..", "/etc/passwd", "C:\\Windows\\x", "\\\\server\\share\\x", "COM1", "CON.txt",
    "con", "LPT¹", "COM¹", "nul.docx", "a/b/c", "a:b", "x" * 300, "中" * 150, " ", ".", "...", "aux.",
    "out\u202excod.exe", "名称?*|<>", "~", "$HOME", "%APPDATA%",
]  # fmt: skip
NUMBERS: list[Any] = [
    0,
    -1,
    1,
    2**31,
    2**63,
    10**30,
    -(10**30),
    1.5,
    1e308,
    -0.0,
    2020,
    2100,
    1900,
    9999,
    10000,
]
STRINGS: list[Any] = [
    "", " ", "x" * 5000, "中" * 2100, "1.0e999", "-.inf", ".nan", "inf", "NaN", "2027-02-30", "9999-12-31",
    "0001-01-01", "true", "no", "~", "null", "0x1F", "1_000", "０１２", "١٢", "二〇二七", "every", "month",
    "每月第九个星期八", "(a+)+$", "a{99999999999}", "(" * 1000, "[", "*", "a" * 199 + "(",
]  # fmt: skip
FORMATS = ["docx", "md", "docx,md", "md,md", "", ",", "pdf2", "DOCX", ".md", "docx,,md", "txt"]


def hostile(rng: random.Random) -> Any:
    pool = rng.choice([JINJA, UNICODE, PATHS, NUMBERS, STRINGS, "structure"])
    if pool == "structure":
        return rng.choice([None, True, False, [], {}, [1, 2], {"a": 1}, [[[[[[[[[[[]]]]]]]]]]], {"": None}])
    value = rng.choice(pool)
    if isinstance(value, str) and rng.random() < 0.2:
        value = value * rng.choice([2, 10, 100])
    return value


GENTLE = [
    "{{ year }}", "{{ org.name }}", "{{ anniv.party }}", "{{ fyp.name }}", "{{ year|cn_digits }}", "《党章》",
    "“三会一课”", "（一）", "1.", "——", "…", "A&B<C>\"'", "#标题", "* 列表", "| 表 |", "`代码`", "[链接](x)",
    "　", "𠀀", "ｆｕｌｌ", "2027年", "100%", " 空格 ", "行\n行", "段\n\n段",
]  # fmt: skip


def tweak(value: Any, rng: random.Random) -> Any:
    """A change a user might really make: a plausible value of the same type."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return max(0, value + rng.choice([-2, -1, 1, 2, 10]))
    if isinstance(value, str):
        at = rng.randrange(len(value) + 1)
        return value[:at] + rng.choice(GENTLE) + value[at:]
    if isinstance(value, list) and value:
        value = list(value)
        rng.shuffle(value)
        return value
    if isinstance(value, dict) and value:
        value = dict(value)
        value.pop(rng.choice(list(value)))
        return value
    return value


# --- structural mutations --------------------------------------------------------------------------


def _slots(data: Any, path: tuple = ()) -> list[tuple]:
    """Every place in *data* (paths to values, mappings and lists)."""
    out = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _slots(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _slots(value, (*path, index))
    return out


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def mutate(data: Any, rng: random.Random, rounds: int) -> Any:
    data = copy.deepcopy(data)
    for _ in range(rounds):
        slots = _slots(data)
        path = rng.choice(slots)
        if not path:
            if rng.random() < 0.1:
                data = hostile(rng)
            continue
        parent, key = _get(data, path[:-1]), path[-1]
        value = parent[key]
        action = rng.choice(
            [
                "tweak",
                "tweak",
                "tweak",
                "tweak",
                "replace",
                "replace",
                "delete",
                "repeat",
                "add",
                "deepen",
                "retype",
                "swap",
            ]
        )
        if action == "tweak":
            parent[key] = tweak(value, rng)
        elif action == "replace":
            parent[key] = hostile(rng)
        elif action == "delete":
            del parent[key]
        elif action == "repeat" and isinstance(parent, list):
            parent[key:key] = [copy.deepcopy(value) for _ in range(rng.choice([2, 20, 200]))]
        elif action == "repeat" and isinstance(value, str):
            parent[key] = value * rng.choice([2, 50, 500])
        elif action == "add" and isinstance(value, dict):
            value[
                rng.choice(["x", "when", "include", "params", "p", "item", "body", "on", "every", "名称"])
            ] = hostile(rng)
        elif action == "add" and isinstance(value, list):
            value.insert(
                rng.randrange(len(value) + 1), copy.deepcopy(rng.choice(value)) if value else hostile(rng)
            )
        elif action == "deepen":
            for _ in range(rng.choice([2, 10, 45])):
                value = [value]
            parent[key] = value
        elif action == "retype":
            parent[key] = {"x": value} if not isinstance(value, dict) else list(value.values())
        elif action == "swap":
            other = _get(data, rng.choice(slots)) if slots else None
            parent[key] = copy.deepcopy(other) if other is not data else value
    return data


def dump(data: Any) -> str:
    import yaml

    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    except (yaml.YAMLError, UnicodeError, RecursionError):
        return yaml.safe_dump({"broken": True})


def corrupt(text: str, rng: random.Random) -> bytes:
    """Byte-level damage: truncation, splices, stray bytes, other encodings, tabs, BOMs."""
    data = text.encode("utf-8")
    action = rng.choice(
        [
            "none",
            "none",
            "truncate",
            "splice",
            "bytes",
            "gb18030",
            "utf16",
            "bom",
            "tabs",
            "dupe",
            "nul",
            "deep",
        ]
    )
    if action == "truncate" and data:
        data = data[: rng.randrange(len(data))]
    elif action == "splice" and data:
        a, b = sorted(rng.randrange(len(data)) for _ in range(2))
        data = data[:a] + data[b:] + data[a:b]
    elif action == "bytes":
        for _ in range(rng.randint(1, 5)):
            at = rng.randrange(len(data) + 1)
            data = data[:at] + bytes([rng.randrange(256)]) + data[at:]
    elif action == "gb18030":
        data = text.encode("gb18030", "replace")
    elif action == "utf16":
        data = text.encode("utf-16")
    elif action == "bom":
        data = b"\xef\xbb\xbf" + data
    elif action == "tabs":
        data = data.replace(b"  ", b"\t", 3)
    elif action == "dupe":
        lines = data.splitlines(keepends=True)
        if lines:
            at = rng.randrange(len(lines))
            data = b"".join(lines[: at + 1] + lines[at:])
    elif action == "nul":
        data += b"\x00"
    elif action == "deep" and data:  # nesting past any parser's limit (libyaml reads a line ahead)
        at = rng.randrange(len(data) + 1)
        opener, closer = rng.choice([("[", "]"), ("{a: ", "}"), ("[{a: ", "}]")])
        depth = rng.choice([50, 1100, 5000])
        data = data[:at] + (opener * depth + closer * depth * rng.randint(0, 1)).encode() + data[at:]
    return data


def _load(path: Path) -> Any:
    """As plangen reads it (PyYAML's own loader would turn the key ``on:`` into True)."""
    from plangen.safeyaml import load_file

    return load_file(path)[0]


# --- cases -------------------------------------------------------------------------------------


@dataclass
class Case:
    kind: str
    argv: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    existing: list[str] = field(default_factory=list)  # outputs present before the run
    special: str = (
        ""  # "fifo": plan.yaml is a named pipe; "out-file": out is a file; "read-only": out cannot be written
    )
    note: str = ""  # how the input was made (the generator's choice), for reports
    # "refuse": not a plan, or a malformed roster (exit 0 breaks the promise); "build": a clean roster
    # (anything but exit 0 does); "no stand-in": a template's placeholder name must not become the plan's
    expect: str = ""
    secrets: list[str] = field(default_factory=list)  # members' names: never on the terminal
    previous: str = ""  # the example whose outputs are there before the run (case.existing)

    def describe(self) -> str:
        return json.dumps(
            {
                "kind": self.kind,
                "argv": self.argv,
                "files": sorted(self.files),
                "special": self.special,
                "expect": self.expect,
                "note": self.note,
            },
            ensure_ascii=False,
        )


EVIL_PATTERNS = [
    "(a+)+$",
    "(a|a)*b",
    "a{99999999999}",
    "(" * 500 + "a" + ")" * 500,
    "(?P<x>a)(?P=x)",
    "[",
    "\\",
]
EVIL_TEXT = ["a" * 1999 + "!", "a" * 60 + "b", "中" * 2000]


def target_spec(spec: dict, rng: random.Random, case: Case) -> None:
    """One mutation aimed at a place where a value travels far: titles, names, params, output."""
    choice = rng.choice(
        ["title", "org", "name", "dir", "font", "levels", "date", "params", "sections", "congress",
         "detail", "review", "committee", "counts"]
    )  # fmt: skip
    output = spec.setdefault("output", {}) if isinstance(spec.get("output"), dict) else {}
    if choice == "title":
        spec["title"] = rng.choice(
            [*JINJA, "中" * 199, "《" + "中" * 150 + "》", "{{ org.name }}" * 20, "a b" * 66]
        )
    elif choice == "org" and isinstance(spec.get("org"), dict):
        spec["org"][rng.choice(["name", "parent", "unit", "secretary", "full_name"])] = rng.choice(
            [*UNICODE, *PATHS, *STRINGS, "中共", "党支部", "中共党委委员会", "{{ org.name }}党支部"]
        )
    elif choice == "name":
        output["name"] = rng.choice(PATHS + UNICODE)
    elif choice == "dir":
        output["dir"] = rng.choice([*PATHS, "out/" + "深" * 100])
    elif choice == "font":
        output.setdefault("docx", {})["latin_font"] = rng.choice(
            ['A"B', "A'B<C>&", "x" * 60, "\u202e", "宋体"]
        )
    elif choice == "levels":
        output.setdefault("docx", {})[rng.choice(["toc_levels", "toc", "bold_level3", "fonts"])] = hostile(
            rng
        )
    elif choice == "date":
        spec["date"] = rng.choice(["9999-12-31", "0001-01-01", "2026-12-28", "2027-02-29", "2028-02-29"])
        case.argv += ["--year", str(rng.choice([2028, 2100, 2020, 2032]))]
    elif choice == "params" and isinstance(spec.get("params"), dict):
        keys = list(spec["params"]) or ["organization.three-meetings.lectures_per_year"]
        spec["params"][rng.choice(keys)] = rng.choice([*EVIL_TEXT, *JINJA, *NUMBERS, ["x"] * 500, "x" * 1999])
    elif choice == "sections":
        block = rng.choice(["volunteer.main", "integrity.lecture", "organization.dues", "safeguards.main"])
        spec["sections"] = {
            "add": [{"block": block, "into": rng.choice(["organization.main", "integrity.main"])}]
            * rng.choice([1, 5, 60])
        }
    elif choice == "congress":
        spec.setdefault("settings", {})["congress_year"] = hostile(rng)
    elif choice == "detail":
        spec["detail"] = rng.choice(
            ["concise", "standard", "full", "brief", ["concise"], 3, None, "{{ year }}"]
        )
    elif choice == "review":
        spec["review"] = rng.choice([*JINJA, *EVIL_TEXT, "\n\n" * 400, "回顾。\n\n" * 100, "", 7])
    elif choice == "committee" and isinstance(spec.get("org"), dict):
        spec["org"]["committee"] = rng.choice(
            [{"书记": "王丽"}, {"组织委员": "{{ org }}"}, {"x": "y"}, {"书记": "中" * 31}, ["书记"],
             {f"委员{i}": "张三" for i in range(20)}, {"纪检委员": rng.choice(STRINGS + UNICODE)}]
        )  # fmt: skip
    elif choice == "counts" and isinstance(spec.get("org"), dict):
        for key in rng.sample(["members", "probationary", "activists", "groups", "branches"], 2):
            spec["org"][key] = rng.choice(NUMBERS)
    if output:
        spec["output"] = output


def target_block(block: dict, rng: random.Random) -> None:
    choice = rng.choice(["text", "pattern", "include", "table", "schedule", "title"])
    body = block.get("body") if isinstance(block.get("body"), list) else []
    if choice == "text" and body:
        element = rng.choice(body)
        if isinstance(element, dict):
            element[rng.choice(["p", "item", "when"])] = rng.choice(JINJA)
    elif choice == "title":
        block["title"] = rng.choice([*JINJA, "中" * 199])
    elif choice == "pattern":
        pattern = rng.choice(EVIL_PATTERNS)
        block.setdefault("params", {})["evil"] = {"type": "str", "label": "测试", "pattern": pattern,
                                                  "default": rng.choice(EVIL_TEXT)}  # fmt: skip
        body.append({"p": "{{ evil }}"})
    elif choice == "include":
        other = rng.choice(
            ["integrity.lecture", "volunteer.main", "organization.dues", block.get("id", "x.y")]
        )
        extra = rng.choice(
            [{}, {"inline": ["concise"]}, {"detail": "full"}, {"inline": ["x"]}, {"detail": []}]
        )
        body.extend([{"include": other, **extra}] * rng.choice([1, 10, 100]))
    elif choice == "table":
        body.append({"table": {"header": ["月份", "内容"], "rows": [["1月", "{{ year }}"]] * rng.choice([1, 150]),
                               "widths": rng.choice([[1, 1], ["inf", 1], [1e308, 1e308], [0.0001, 1e-300]]),
                               "caption": rng.choice(["表", *JINJA])}})  # fmt: skip
    elif choice == "schedule":
        block["schedule"] = [{"name": "会", "every": "month", "on": rng.choice(STRINGS + JINJA)}]
    block["body"] = body


def target_template(template: dict, rng: random.Random) -> None:
    choice = rng.choice(["title", "intro", "repeat", "params"])
    if choice in ("title", "intro"):
        template[choice] = rng.choice([*JINJA, "中" * 199, "{{ org.name }}" * 30])
    elif choice == "repeat" and isinstance(template.get("sections"), list) and template["sections"]:
        template["sections"] = template["sections"] * rng.choice([3, 40])
    elif choice == "params":
        template["params"] = {"integrity.lecture.months": ["x" * 1999] * 100, "volunteer.main.x": "y"}


FAMILIES = [
    "wizard",
    "data",
    "roster",
    "roster",
    "xlsx",
    "document",
    "document",
    "word",
    "word",
    "meetings",
    "members",
    "summary",
]
MEETINGS_FAMILIES = ["meetings", "members"]  # tests/test_fuzz.py runs these on their own as well


def make_case(rng: random.Random, kinds: list[str] | None = None) -> Case:
    """A case of one of *kinds* (by default any), made from *rng* alone."""
    kind = rng.choice(
        kinds
        or [
            "spec",
            "spec",
            "spec",
            "block",
            "block",
            "template",
            "library",
            "options",
            "special",
            "holidays",
            *FAMILIES,
        ]
    )
    example = rng.choice(EXAMPLES)
    spec = _load(example)
    case = Case(kind, [])
    # half the cases aim one hostile value at a place it travels far from; the rest mutate the
    # structure at random, and some of those damage the bytes as well
    style = rng.choice(["targeted"] * 5 + ["structure"] * 4 + ["bytes"] * 2)
    targeted = style == "targeted"
    rounds = 0 if targeted else rng.choice([1, 1, 2, 3, 8])

    def encode(data: Any) -> bytes:
        return corrupt(dump(data), rng) if style == "bytes" else dump(data).encode("utf-8")

    if kind in ("spec", "special"):
        case.argv = ["build", "plan.yaml", "-o", "out"]
        if targeted:
            target_spec(spec, rng, case)
        spec = mutate(spec, rng, rounds if kind == "spec" else 0)
        case.files["plan.yaml"] = encode(spec) if kind == "spec" else dump(spec).encode("utf-8")
        if kind == "special":
            case.special = rng.choice(["fifo", "out-file", "read-only", "spec-dir"])
    elif kind in ("block", "template"):
        source = rng.choice(BLOCKS if kind == "block" else TEMPLATES)
        data = _load(source)
        if targeted:
            (target_block if kind == "block" else target_template)(data, rng)
        data = mutate(data, rng, rounds)
        relative = source.relative_to(REPO / "templates")
        case.files[f"lib/{relative.as_posix()}"] = encode(data)
        case.files["plan.yaml"] = dump(spec).encode("utf-8")
        item = source.stem if kind == "template" else ".".join(relative.with_suffix("").parts[1:])
        case.argv = rng.choice(
            [
                ["validate", f"lib/{relative.as_posix()}"],
                ["build", "plan.yaml", "-o", "out", "-L", "lib"],
                ["build", "plan.yaml", "-o", "out", "-L", "lib"],
                ["blocks" if kind == "block" else "templates", "show", item, "-L", "lib"],
                ["blocks" if kind == "block" else "templates", "show", item, "-L", "lib", "--year", "2030"],
            ]
        )
        if kind == "template" and case.argv[0] == "build":
            case.files["plan.yaml"] = dump({**spec, "template": source.stem}).encode("utf-8")
    elif kind == "library":
        case.files.update(_odd_library(rng))
        case.files["plan.yaml"] = dump(spec).encode("utf-8")
        case.argv = rng.choice(
            [
                ["validate", "lib"],
                ["blocks", "list", "-L", "lib"],
                ["blocks", "search", rng.choice(["党", "", "(", "\u202e"]), "-L", "lib"],
                ["templates", "list", "-L", "lib", "--json"],
                ["build", "plan.yaml", "-o", "out", "-L", "lib"],
            ]
        )
    elif kind == "holidays":
        year = spec.get("year", 2027) if isinstance(spec.get("year"), int) else 2027
        holidays = {"year": year, "holidays": [f"{year}-01-01", f"{year}-10-01~{year}-10-07"],
                    "workdays": [f"{year}-10-09"]}  # fmt: skip
        holidays = mutate(holidays, rng, rng.choice([1, 2, 4]))
        if isinstance(holidays, dict) and rng.random() < 0.5:
            holidays[rng.choice(["holidays", "workdays", "year"])] = rng.choice(
                [*STRINGS, *NUMBERS, [f"{year}-01-01~{year + 1}-12-31"], ["2027-02-30"], ["1-1-1~9999-12-31"],
                 [f"{year}-12-31~{year}-01-01"] * 300, "2027-01-01", None]
            )  # fmt: skip
        case.files["h.yaml"] = encode(holidays)
        case.files["plan.yaml"] = dump(spec).encode("utf-8")
        case.argv = rng.choice(
            [["build", "plan.yaml", "-o", "out", "-f", "md,ics,csv", "--holidays", "h.yaml"],
             ["schedule", "plan.yaml", "--holidays", "h.yaml", "--ics", "out.ics", "--csv", "out.csv"]]
        )  # fmt: skip
    elif kind in ("roster", "xlsx"):  # a committee's roster of branches, as Excel, WPS and people write them
        name, data, case.expect = _odd_roster(rng, style, case) if kind == "roster" else _odd_xlsx(rng, case)
        case.files[name] = data
        if (
            rng.random() < 0.15
        ):  # a base spec with a section left empty (params: → None), columns mapped to it
            spec[rng.choice(["params", "org", "output"])], case.expect = None, "refuse"
        case.files["plan.yaml"] = dump(spec).encode("utf-8")
        jobs = rng.choice(
            ["1", "1", "1", "2"]
        )  # workers cost a second to start; tests/test_batch covers them
        case.argv = ["batch", name, "--spec", "plan.yaml", "-o", "out", "-f", "md", "-j", jobs]
        if rng.random() < 0.2:
            case.argv += ["--combine", rng.choice(["汇编.md", "汇编.docx", "汇编.pdf", "out/汇编.md"])]
        if rng.random() < 0.2:
            case.argv += ["--map", rng.choice(["备注=org.unit", "x=params.organization.theme-day.theme_day",
                                               "支部=org.name", "=", "a=b"])]  # fmt: skip
    elif kind == "wizard":  # the wizard's files: an answers file, or last year's plan
        answers = _odd_answers(rng)
        answers = mutate(answers, rng, rounds)
        case.files["answers.yaml"] = encode(answers)
        case.files["plan.yaml"] = encode(mutate(spec, rng, rounds))
        case.argv = rng.choice(
            [["new", "--defaults", "-o", "out", "--data-file", "answers.yaml"],
             ["new", "--defaults", "-o", "out", "--from", "plan.yaml"],
             ["new", "--defaults", "-o", "out", "--from", "plan.yaml", "--data-file", "answers.yaml"],
             ["new", "-o", "out", "--data-file", "answers.yaml"]]
        )  # fmt: skip
    elif kind == "data":  # the wizard's --data options, typed by hand
        case.argv = ["new", "--defaults", "-o", "out", *_odd_data_options(rng)]
    elif kind in MEETINGS_FAMILIES:  # plangen meetings: the plan's meetings: section, a members list
        _meetings_case(rng, kind, style, rounds, case)
    elif kind in ("document", "word"):  # a plan from anywhere, for lint and import: text, Markdown, Word
        name, data, case.expect = (
            _odd_document(rng, style, case) if kind == "document" else _odd_word(rng, case)
        )
        case.files[name] = data
        case.argv = rng.choice([
            ["lint", name, *rng.choice([[], ["--year", "2027"], ["-f", "json"], ["--strict"]])],
            ["import", name, "-o", "out", *rng.choice([[], ["--json"]])],
            ["import", name, "--json"],
            ["diff", name, "plan.yaml", *rng.choice([[], ["-o", "对照表.md"], ["-o", "对照表.docx"]])],
        ])  # fmt: skip
        if case.argv[0] == "diff":  # last year's plan, whatever it is, against this year's spec
            case.files["plan.yaml"] = dump(spec).encode("utf-8")
            if case.expect == "stand-in":  # diff compares the text; the names are the user's business
                case.expect = ""
        if case.expect == "stand-in":  # lint reports the names as errors; import leaves them for the user
            case.expect = "refuse" if case.argv[0] == "lint" else "no stand-in"
        if case.argv[0] == "lint" and rng.random() < 0.25:
            rules = {"disable": ["R003"], "residue": [{"id": "U001", "pattern": "院办", "message": "x"}],
                     "arithmetic": [{"id": "U002", "check": "anniversary", "pattern": "建院(\\d+)周年", "founded": 1950}]}  # fmt: skip
            case.files["lib/lint.yaml"] = encode(mutate(rules, rng, rounds))
            case.argv += ["-L", "lib"]
    elif kind == "summary":  # the year-end summary and its records table, as people write one
        case.files["records.csv"] = _odd_records(rng, style)
        case.files["plan.yaml"] = (
            encode(mutate(spec, rng, rounds)) if rng.random() < 0.3 else dump(spec).encode()
        )
        case.argv = ["summary", "plan.yaml", "-o", "out", "--records", "records.csv",
                     *rng.choice([[], ["--kind", "述职"], ["-f", "md"], ["--year", "2028"], ["-f", "pdf"]])]  # fmt: skip
        if rng.random() < 0.2:
            case.argv = case.argv[:4]  # no records: every count a fill-in field
    else:
        case.files["plan.yaml"] = dump(spec).encode("utf-8")
        case.argv = _odd_options(rng)
    if case.argv[:1] == ["build"] and rng.random() < 0.15:
        case.existing = ["out"]  # a previous run's outputs are there
        if rng.random() < 0.5:
            case.argv.append("--force")
    if case.argv[:1] == ["build"] and rng.random() < 0.3:
        case.argv += ["-f", rng.choice(["docx", "md", "docx,md"])]
    return case


RECORD_KINDS = [
    "支委会",
    "支部委员会会议",
    "党员大会",
    "党小组会",
    "党课",
    "主题党日",
    "组织生活会",
    "读书会",
    "党委会议",
    "",
]
RECORD_HEADERS = [["日期", "类别", "是否召开"], ["date", "kind", "held"], ["会议日期", "会议", "召开"], ["日期", "类别"],
                  ["姓名", "党小组"], []]  # fmt: skip


def _odd_records(rng: random.Random, style: str) -> bytes:
    """A records table for ``summary --records``: dates, kinds and yes/no as people type them, odd
    values, other encodings and delimiters, and damaged bytes."""
    header = rng.choice(RECORD_HEADERS)
    rows = [header]
    for _ in range(rng.choice([0, 1, 5, 40, 300])):
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice([f"2027-{month:02d}-{day:02d}", f"2027/{month}/{day}", f"{month}月{day}日", "2027-02-30",
                           "2026-03-01", "13月1日", "", hostile(rng)])  # fmt: skip
        held = rng.choice(["是", "否", "yes", "no", "1", "0", "√", "也许", "", hostile(rng)])
        rows.append([date, rng.choice([*RECORD_KINDS, hostile(rng)]), held])
    delimiter = rng.choice([",", ",", ";", "\t"])
    text = "\r\n".join(delimiter.join(str(cell) for cell in row) for row in rows)
    encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16"])
    data = text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
    return corrupt(text, rng) if style == "bytes" else data


SAMPLE = REPO / "tests" / "data" / "samples" / "legacy-plan.txt"


def _odd_document(rng: random.Random, style: str, case: Case) -> tuple[str, bytes, str]:
    """Last year's plan as users bring it: re-encoded, run together, truncated, copied from a web
    page, in traditional characters, or not a plan at all. Returns (name, bytes, expectation)."""
    text = SAMPLE.read_text(encoding="utf-8")
    choice = rng.choice(
        ["text", "text", "one-line", "markdown", "docx", "docx", "huge", "binary", "pathological", "long-line",
         "web", "traditional", "half-width", "not-a-plan", "placeholder"]
    )  # fmt: skip
    case.note = choice
    if choice == "pathological":  # shapes that once took a regular expression quadratic time
        n = rng.choice([20_000, 40_000])
        name, body = rng.choice([
            ("p.txt", "目录" + "." * n), ("p.txt", "目录\na" + " " * n + "a"), ("p.md", "# x" + " " * n + "y"),
            ("p.md", "[" * n), ("p.md", "<!--" * (n // 2)), ("p.md", "*a" * n), ("p.txt", "实现十四五规划目标，" * (n // 10)),
            ("p.txt", "建党100周年，" * (n // 8)), ("p.txt", "xx " * (n // 3)), ("p.yaml", 'body: "' + "{{" * (n // 2) + '"'),
            ("p.yaml", 'body: "' + "{{ a }}" * (n // 7) + '"'), ("p.txt", "中国" + " *" * n),
        ])  # fmt: skip
        return name, ("2027年工作计划\n" + body).encode("utf-8"), ""
    if choice == "long-line":  # one paragraph of a pasted page, no line breaks: linear time or a hang
        size = rng.choice([25_000, 100_000, 100_000, 1_000_000])
        return rng.choice(["p.txt", "p.md"]), _long_line(text, size, rng).encode("utf-8"), ""
    if choice == "not-a-plan":
        name, data = rng.choice([
            ("empty.txt", b""), ("empty.docx", b""), ("blank.txt", b"\n\n   \n\t\n"), ("bom.txt", b"\xef\xbb\xbf"),
            ("prose.txt", "今天天气很好，我们去公园散步。".encode() * 30),
            ("random.txt", bytes(rng.randrange(256) for _ in range(2000))),
        ])  # fmt: skip
        return name, data, "refuse"
    if choice == "placeholder":  # a template site's plan, its names stand-ins
        return "placeholder.txt", rng.choice([
            text.replace("xx医院内科党支部", "示例党支部").replace("2021年xx医院党支部", "2027年示例党支部"),
            "某某党支部2027年工作计划\n一、指导思想\n由XXX同志负责。\n",
        ]).encode(), "stand-in"  # fmt: skip
    if rng.random() < 0.5:
        lines = text.splitlines()
        for _ in range(rng.choice([1, 3, 10])):
            at = rng.randrange(len(lines))
            lines[at] = rng.choice(
                [*STRINGS, *UNICODE, "五、", "（一）", "1.", "【篇三】", "目录", lines[at] * 50]
            )
        text = "\n".join(str(line) for line in lines)
    if choice == "one-line":
        text = text.replace("\n", "")
    if choice == "huge":
        text = text * rng.choice([200, 2000])
    if choice == "web":
        text = _from_a_web_page(text, rng)
    if choice == "traditional":
        text = text.translate(TRADITIONAL)
    if choice == "half-width":
        text = text.translate(HALF_WIDTH)
    if choice in ("text", "one-line", "huge", "web", "traditional", "half-width"):
        encoding = rng.choice(
            ["utf-8", "utf-8-sig", "gb18030", "utf-16", "big5" if choice == "traditional" else "utf-8"]
        )
        data = corrupt(text, rng) if style == "bytes" else text.encode(encoding, "replace")
        return rng.choice(["old.txt", "old.TXT", "计划.txt", "网页.htm.txt"]), data, ""
    if choice == "markdown":
        return "old.md", ("# " + text.replace("\n", "\n\n## ", 3)).encode("utf-8"), ""
    if choice == "binary":
        name = rng.choice(["old.docx", "old.txt", "old.doc", "old.wps", "old.DOCX"])
        return name, bytes(rng.randrange(256) for _ in range(rng.choice([400, 40_000]))), "refuse"
    body = "".join(
        f"<w:p><w:r><w:t>{line.replace('&', '&amp;').replace('<', '&lt;')}</w:t></w:r></w:p>"
        for line in text.splitlines()
    )
    document = rng.choice([
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>',
        f'<w:document xmlns:w="{W_NS}"><w:body>' + "<w:tbl><w:tr><w:tc>" * 300 + "<w:p/>"
        + "</w:tc></w:tr></w:tbl>" * 300 + "</w:body></w:document>",
        '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        f'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'
        "&c;&c;&c;</w:t></w:r></w:p></w:body></w:document>",
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p>' + "<w:r>" * 5000 + "</w:body>",
    ])  # fmt: skip
    data = _zip({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": document})
    if style == "bytes":
        data = data[: rng.randrange(len(data))]
    return "old.docx", data, ""


def _long_line(text: str, size: int, rng: random.Random) -> str:
    """*size* characters on one line: the plan run together, or one stale phrase pasted over and over."""
    unit = rng.choice([text.replace("\n", ""), "深入贯彻落实科学发展观，", "xx", "中国* * *", "十四五规划",
                       "2026年3月召开党员大会，", "以邓小平理论和“三个代表”重要思想为指导", "a" * 50 + "，"])  # fmt: skip
    return "2027年工作计划\n" + (unit * (size // len(unit) + 1))[:size]


SITE_TEXT = [
    "首页 > 范文大全 > 工作计划 > 党支部工作计划", "本文由第一范文网整理，转载请注明出处。", "【下载本文】【收藏】【打印】",
    "上一篇：2026年党支部工作总结　下一篇：2027年团支部工作计划", "版权所有 © 2026 www.example.com 京ICP备12345678号",
    "相关推荐：", "点击查看全文>>", "（本文共3页，当前第1页）", "请登录后下载完整版 VIP会员免费",
    "Copyright © 2026 All Rights Reserved. Powered by Discuz!", "分享到：微信 微博 QQ空间", "发布时间：2026-11-24 浏览次数：1024",
]  # fmt: skip
TRADITIONAL = str.maketrans("党计划会议学习设员发组织员务团结领导实现经济为们这时关进应开战线论",
                            "黨計劃會議學習設員發組織員務團結領導實現經濟為們這時關進應開戰線論")  # fmt: skip
HALF_WIDTH = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"',
                            "、": ",", "！": "!", "？": "?", "《": "<", "》": ">"})  # fmt: skip


def _from_a_web_page(text: str, rng: random.Random) -> str:
    """A plan copied from a template site: navigation, adverts and the site's notices around it, and
    sometimes between its paragraphs."""
    lines = text.splitlines()
    for _ in range(rng.choice([0, 2, 8])):
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(SITE_TEXT))
    head = rng.sample(SITE_TEXT, 3)
    tail = rng.sample(SITE_TEXT, 4)
    return "\n".join([*head, *lines, *tail])


# --- zip packages: Word and Excel files, and hostile ones ---------------------------------------------


def _zip(members: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def patch_zip(data: bytes, member: str, version: int | None = None, size: int | None = None) -> bytes:
    """*member*'s “version needed to extract” and declared uncompressed size rewritten in both its
    local header and the central directory — as a broken or hostile zip writer leaves them."""
    import io
    import struct

    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo(member)
    local = info.header_offset
    central = out.find(b"PK\x01\x02", local)
    while central != -1:
        name_length = struct.unpack_from("<H", out, central + 28)[0]
        if bytes(out[central + 46 : central + 46 + name_length]).decode("utf-8", "replace") == member:
            break
        central = out.find(b"PK\x01\x02", central + 4)
    if version is not None:
        struct.pack_into("<H", out, local + 4, version)
        if central != -1:
            struct.pack_into("<H", out, central + 6, version)
    if size is not None:
        struct.pack_into("<I", out, local + 22, size)
        if central != -1:
            struct.pack_into("<I", out, central + 24, size)
    return bytes(out)


_BOMBS: dict[tuple[str, int], bytes] = {}


def bomb(member: str, unpacked_mb: int, wrap: dict[str, str | bytes]) -> bytes:
    """A package whose *member* unpacks to *unpacked_mb* MB of repeated XML but declares 4 KB."""
    key = (member, unpacked_mb)
    if key not in _BOMBS:
        chunk = b"<w:p><w:r><w:t>" + "党".encode() * 200 + b"</w:t></w:r></w:p>"
        body = chunk * (unpacked_mb * 1024 * 1024 // len(chunk))
        _BOMBS[key] = patch_zip(_zip({**wrap, member: body}), member, size=4096)
    return _BOMBS[key]


def damage_zip(data: bytes, member: str, rng: random.Random) -> bytes:
    """A package damaged as files are in mail and on USB sticks, or made by a hostile writer."""
    action = rng.choice(["truncate", "flip", "version", "size", "stored-size", "tail"])
    if action == "truncate":
        return data[: rng.randrange(len(data))]
    if action == "flip":
        out = bytearray(data)
        for _ in range(rng.choice([1, 5, 50])):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if action == "version":  # “version needed 20.5”: Python's zipfile refuses it in English
        return patch_zip(data, member, version=rng.choice([205, 63, 99, 0xFFFF]))
    if action in ("size", "stored-size"):
        return patch_zip(data, member, size=rng.choice([0, 1, 4096, 0xFFFFFFFF]))
    return data + bytes(rng.randrange(256) for _ in range(rng.choice([10, 5000])))


# --- Word files made with python-docx, then damaged -------------------------------------------------------


def _odd_word(rng: random.Random, case: Case) -> tuple[str, bytes, str]:
    """A real Word file of last year's plan (python-docx), mutated as XML or as bytes, or a hostile package."""
    import io

    import docx

    text = SAMPLE.read_text(encoding="utf-8")
    choice = rng.choice(["plain", "xml", "xml", "bytes", "bytes", "bomb", "tables", "long-line", "web",
                         "traditional", "placeholder", "empty", "no-headings", "named-doc"])  # fmt: skip
    case.note = choice
    if choice == "web":
        text = _from_a_web_page(text, rng)
    elif choice == "traditional":
        text = text.translate(TRADITIONAL)
    elif choice == "placeholder":
        text = text.replace("2021年xx医院党支部", "2027年示例党支部").replace(
            "xx医院内科党支部", "示例党支部"
        )
    elif choice == "long-line":
        text = _long_line(text, rng.choice([25_000, 100_000, 1_000_000]), rng)
    document = docx.Document()
    if choice == "no-headings":
        document.add_paragraph("今天天气很好，我们去公园散步。" * rng.choice([1, 40]))
    elif choice != "empty":
        lines = text.splitlines()
        document.add_heading(lines[0], 0)
        for line in lines[1:]:
            if len(line) < 12 and line[:2] in ("一、", "二、", "三、", "四、", "五、"):
                document.add_heading(line, 1)
            else:
                document.add_paragraph(line)
    if choice == "tables":
        rows = rng.choice([3, 200])
        table = document.add_table(rows=rows, cols=3)
        for index, row in enumerate(table.rows):
            for cell in row.cells:
                cell.text = xml_text(
                    rng.choice([f"{index % 12 + 1}月", "召开支委会", "", *UNICODE, "中" * 500])
                )
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    name = rng.choice(["old.docx", "old.docx", "计划.DOCX", "old.docm"])
    expect = "refuse" if choice in ("empty", "no-headings") else "stand-in" if choice == "placeholder" else ""
    if choice == "xml":
        data = _mutate_word_xml(data, rng)
    elif choice == "bytes":
        data = damage_zip(data, "word/document.xml", rng)
    elif choice == "bomb":
        data = bomb("word/document.xml", rng.choice([40, 300]),
                    {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS})  # fmt: skip
    elif choice == "named-doc":  # a .docx renamed .doc, and random bytes named .doc
        name = rng.choice(["old.doc", "old.wps"])
        if rng.random() < 0.5:
            data, expect = bytes(rng.randrange(256) for _ in range(3000)), "refuse"
    return name, data, expect


def _mutate_word_xml(data: bytes, rng: random.Random) -> bytes:
    """word/document.xml changed as text: elements dropped, repeated, nested, entities, odd text."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = {info.filename: package.read(info.filename) for info in package.infolist()}
    xml = members["word/document.xml"].decode("utf-8")
    action = rng.choice(["drop", "repeat", "nest", "entity", "text", "namespace", "garbage", "part"])
    paragraphs = [m.span() for m in re.finditer(r"<w:p[ >].*?</w:p>", xml)]
    if action == "drop" and paragraphs:
        a, b = rng.choice(paragraphs)
        cut = rng.randrange(a, b)
        xml = xml[:cut] + xml[b:]  # half an element gone: not well-formed
    elif action == "repeat" and paragraphs:
        a, b = rng.choice(paragraphs)
        xml = xml[:a] + xml[a:b] * rng.choice([100, 5000]) + xml[a:]
    elif action == "nest":
        depth = rng.choice([100, 3000])
        xml = xml.replace(
            "<w:body>",
            "<w:body>" + "<w:tbl><w:tr><w:tc>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth,
            1,
        )
    elif action == "entity":
        xml = xml.replace(
            "?>", '?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y "党支部">]>', 1
        )
        xml = xml.replace("<w:t>", "<w:t>&x;&y;", 2)
    elif action == "text" and paragraphs:
        a, b = rng.choice(paragraphs)
        odd = rng.choice(["\x01", "&#1;", "&#xFFFE;", "\u202e", "中" * 100_000, "<![CDATA[x]]>"])
        xml = xml[:b] + f"<w:p><w:r><w:t>{odd}</w:t></w:r></w:p>" + xml[b:]
    elif action == "namespace":
        xml = xml.replace("wordprocessingml/2006/main", "wordprocessingml/2006/other")
    elif action == "garbage":
        xml = bytes(rng.randrange(256) for _ in range(500)).decode("latin-1")
    elif action == "part":
        del members["word/document.xml" if rng.random() < 0.5 else "[Content_Types].xml"]
    if "word/document.xml" in members:
        members["word/document.xml"] = xml.encode("utf-8", "surrogatepass")
    return _zip(members)


# --- rosters: CSV as Excel, WPS and people write them; XLSX ------------------------------------------------

ROSTER_HEADERS = [
    ["支部名称", "书记", "党员人数", "主题党日"], ["branch", "secretary", "members"], ["支部名称", "上级党委", "组织委员"],
    ["书记", "x"], ["支部名称", "branch"], [], ["支部名称"], ["支部名称", "模板", "年度", "党小组数"],
]  # fmt: skip
FORMULAS = ["=1+1", "+86 13800000000", "-5", "@SUM(A1:A2)", '=HYPERLINK("http://x","点此")', "=cmd|' /C calc'!A0",
            "\t=1", "\r=1", "=", "＝1+1"]  # fmt: skip


CLEAN_HEADERS = [["支部名称", "书记", "党员人数", "主题党日"], ["支部名称", "上级党委", "组织委员"], ["branch", "secretary", "members"],
                 ["序号", "支部名称", "党员人数", "党小组数"]]  # fmt: skip
CLEAN_CELLS = {"书记": ["王丽", "李强", "欧阳明华"], "secretary": ["王丽", "李强"], "党员人数": ["23", "8", "120"],
               "members": ["23", "46"], "主题党日": ["每月第一个星期五", "每月最后一个星期四", ""], "上级党委": ["江城市第一人民医院党委"],
               "组织委员": ["陈静", ""], "党小组数": ["2", "3", ""]}  # fmt: skip


def _roster_rows(rng: random.Random, clean: bool) -> list[list[Any]]:
    """A header and rows; *clean*: as a committee office fills them in (every row should build)."""
    header = list(rng.choice(CLEAN_HEADERS if clean else ROSTER_HEADERS))
    count = rng.choice([1, 3, 3, 12] if clean else [0, 1, 3, 3, 20, 50])
    rows: list[list[Any]] = [header]
    for index in range(count):
        row: list[Any] = []
        for column in header:
            if column in ("支部名称", "branch") and (clean or rng.random() < 0.7):
                row.append(f"内科第{index + 1}党支部")
            elif column == "序号":
                row.append(str(index + 1))
            elif clean:
                row.append(rng.choice(CLEAN_CELLS.get(column, [""])))
            else:
                row.append(rng.choice([*STRINGS[:8], *UNICODE, *FORMULAS, "", "王丽", "23", "每月第一个星期五",
                                       "每月第九个星期八", "二行\n文字", '引"号', "中" * rng.choice([500, 501])]))  # fmt: skip
        rows.append(row)
    if clean:
        return rows
    if rows[1:] and header and rng.random() < 0.2:  # a huge cell: over csv's 131,072-character field limit
        rows[1][rng.randrange(len(header))] = "中" * rng.choice([131_073, 200_000])
    if rng.random() < 0.2:  # a title row above the header, as printed rosters have
        rows.insert(
            0, [rng.choice(["江城市第一人民医院党委2027年各党支部名册", "附件1"])] + [""] * (len(header) - 1)
        )
    if rng.random() < 0.1:
        rows += [[""] * len(header)] * 3 + [["合计", *[""] * (len(header) - 1)]]
    return rows


def _odd_roster(rng: random.Random, style: str, case: Case) -> tuple[str, bytes, str]:
    """A CSV roster: Excel's and WPS's dialects and encodings, line endings, quotes, and damage. Half are
    clean — what Excel and WPS write — and must build; the rest are damaged or hostile."""
    import csv
    import io

    clean = rng.random() < 0.5
    rows = _roster_rows(rng, clean)
    case.note = "clean" if clean else "hostile"
    if not clean and rng.random() < 0.03:  # past the row limit: refused before any plan is built
        rows += [[f"支部{i}"] + [""] * (len(rows[0]) - 1) for i in range(10_050)]
    # Excel: comma (or the locale's list separator, “;”), “Unicode text” is UTF-16 with tabs; old Macs end lines with CR
    delimiter = rng.choice([",", ",", ",", ";", "\t"] if clean else [",", ";", "\t", "，", "|"])
    terminator = rng.choice(["\r\n", "\r\n", "\n", "\r"])
    case.note += f" delimiter {delimiter!r} line end {terminator!r}"
    buffer = io.StringIO()
    quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
    writer = csv.writer(buffer, delimiter=delimiter if len(delimiter) == 1 else ",", lineterminator=terminator,
                        quoting=quoting)  # fmt: skip
    for row in rows:
        writer.writerow(row)
    text = buffer.getvalue()
    if delimiter == "，":
        text = text.replace(",", "，")
    expect = "build" if clean else ""
    if (
        not clean and rng.random() < 0.3 and len(rows) > 2
    ):  # an unbalanced quote: the rows after it must not vanish
        lines = text.split(terminator)
        at = rng.randrange(1, len(lines) - 1)
        lines[at] = '"' + lines[at]
        text = terminator.join(lines)
        expect = "refuse"
    if clean:
        encoding = rng.choice(["utf-8", "utf-8-sig", "utf-8-sig", "gb18030", "gb18030", "utf-16"])
        case.note += f" {encoding}"
        return rng.choice(["roster.csv", "名册.csv", "roster.CSV"]), text.encode(encoding), expect
    encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-8"])
    data = corrupt(text, rng) if style == "bytes" else text.encode(encoding, "replace")
    return rng.choice(["roster.csv", "名册.csv", "roster.CSV", "roster.txt"]), data, expect


def _odd_xlsx(rng: random.Random, case: Case) -> tuple[str, bytes, str]:
    """An XLSX roster: made with openpyxl as Excel would save it, or a package damaged or hostile."""
    import io

    choice = rng.choice(["openpyxl", "openpyxl", "openpyxl", "damaged", "damaged", "bomb", "wide", "raw"])
    case.note = choice
    if choice in ("openpyxl", "damaged"):
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        if rng.random() < 0.2:  # the roster on the second sheet, the first one empty or a cover
            sheet.title = "说明"
            sheet["A1"] = rng.choice(["", "填表说明：每行一个支部"])
            sheet = book.create_sheet("名册")
        clean = choice == "openpyxl" and rng.random() < 0.5
        rows = _roster_rows(rng, clean)
        if rng.random() < 0.2:  # a title merged across the table, above the header, as WPS rosters have
            sheet.append(["江城市第一人民医院党委各党支部名册"])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, len(rows[0])))
        for row in rows:
            sheet.append([_xlsx_cell(value, rng) if not clean else value for value in row])
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
        if choice == "damaged":
            data = damage_zip(data, "xl/worksheets/sheet1.xml", rng)
        return rng.choice(["roster.xlsx", "名册.XLSX"]), data, "build" if clean else ""
    if choice == "bomb":
        return "roster.xlsx", bomb("xl/worksheets/sheet1.xml", rng.choice([40, 300]), XLSX_WRAP), ""
    if choice == "wide":  # one row of very many cells: a few MB packed
        return "roster.xlsx", _wide(rng.choice([20_000, 300_000, 3_000_000])), ""
    rows = rng.choice([
        '<row r="1"><c r="A1" t="s"><v>99</v></c></row>',  # a shared string that is not there
        '<row r="1"><c r="A1" t="inlineStr"><is><t>支部名称</t></is></c></row><row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row>',
        '<row r="1"><c r="XFE1" t="inlineStr"><is><t>支部名称</t></is></c></row>',
        '<row r="1"><c r="A1" t="n"><v>1e999</v></c><c r="B1" t="d"><v>9999-99-99</v></c><c r="C1" t="e"><v>#REF!</v></c></row>',
        '<row r="1"><c r="A1" t="inlineStr"><is><t>支部名称</t></is></c></row>' + '<row><c t="inlineStr"><is><t>内科党支部</t></is></c></row>' * 5,
        '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "&#1;" + "</t></is></c></row>",
    ])  # fmt: skip
    return "roster.xlsx", _zip({**XLSX_WRAP, "xl/worksheets/sheet1.xml": XLSX_SHEET.format(rows=rows)}), ""


_WIDE: dict[int, bytes] = {}


def _wide(cells: int) -> bytes:
    """A sheet whose second row has *cells* cells (made once per size: 3,000,000 take a second)."""
    if cells not in _WIDE:
        row = '<row r="1"><c t="inlineStr"><is><t>支部名称</t></is></c></row><row r="2">'
        row += '<c t="inlineStr"><is><t>x</t></is></c>' * cells + "</row>"
        _WIDE[cells] = _zip({**XLSX_WRAP, "xl/worksheets/sheet1.xml": XLSX_SHEET.format(rows=row)})
    return _WIDE[cells]


def _xlsx_cell(value: Any, rng: random.Random) -> Any:
    """A cell as Excel users fill them: text, numbers, dates, formulas, booleans."""
    import datetime as dt

    if value in ("23", "2027") and rng.random() < 0.5:
        return int(value)
    if rng.random() < 0.05:
        return rng.choice([dt.datetime(2027, 1, 5), 46.0, 1e308, True, "=SUM(1,2)", None])
    return xml_text(value) if isinstance(value, str) else value


def xml_text(text: str) -> str:
    """*text* without what XML cannot hold (openpyxl and python-docx refuse it; Word and Excel never write it)."""
    return "".join(ch for ch in text if (ch >= " " or ch in "\t\n") and ch not in "\ufffe\uffff")


XLSX_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
)
XLSX_WRAP: dict[str, str | bytes] = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}  # fmt: skip


# --- the wizard's answers ---------------------------------------------------------------------------------

ANSWER_KEYS = [
    "sector", "template", "year", "detail", "sections", "order", "ask_params", "confirm", "org.name", "org.parent",
    "org.full_name", "org.secretary", "org.members", "org.groups", "org.branches", "org.unit", "org.committee.组织委员",
    "org.committee.书记", "org.nmae", "params.organization.three-meetings.lectures_per_year",
    "params.organization.theme-day.theme_day", "params.x", "params.organization.three-meetings.nosuch", "", "名称",
    "org.", ".", "org.committee", "params", "sector.x", "SECTOR", " sector ",
]  # fmt: skip
NAMES = [
    "内科党支部",
    "示例党支部",
    "某某党支部",
    "xx医院党支部",
    "XXX",
    "张三",
    "示范党支部",
    "中" * 61,
    "内科\n党支部",
    "\u202e支部",
]


def _odd_answers(rng: random.Random) -> dict[str, Any]:
    """An answers file: the usual answers, some nested and some flat, with odd keys and values."""
    answers: dict[str, Any] = {
        "sector": rng.choice(["hospital", "soe", "x", "医院", 3]),
        "org": {"name": rng.choice([*STRINGS, *NAMES]), "members": rng.choice(["46", "很多", *NUMBERS])},
        "year": rng.choice([2027, "2027", 1999, "二〇二七"]),
        "order": rng.choice(["1,2,4,3", "9,9", "", "a", "1，2、3 4"]),
        "sections": rng.choice(["goals.main", "", "x.y,,", ["political.main"], None]),
        "params": {"organization.three-meetings.lectures_per_year": rng.choice(NUMBERS)},
    }
    for _ in range(rng.choice([0, 1, 3])):
        key = rng.choice(ANSWER_KEYS)
        answers[key] = rng.choice([*NAMES, *STRINGS[:10], *NUMBERS[:6], None, [], {}, {"组织委员": "李强"}])
    if rng.random() < 0.2:
        answers["org"] = {
            "committee": {"组织委员": rng.choice(NAMES), "副书记": "王丽"},
            "name": "内科党支部",
        }
    return answers


def _odd_data_options(rng: random.Random) -> list[str]:
    """--data options as typed by hand: typos, no “=”, empty keys, placeholders, hostile values."""
    argv = ["--data", f"org.name={rng.choice(NAMES)}"] if rng.random() < 0.8 else []
    for _ in range(rng.randint(0, 4)):
        key = rng.choice(ANSWER_KEYS)
        value = rng.choice([*NAMES, *STRINGS[:12], *UNICODE[:8], "1,2,4,3", "是", "否", "concise", "soe"])
        argv += ["--data", rng.choice([f"{key}={value}", key, f"={value}", f"{key}=", f"{key}=={value}"])]
    return argv


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _odd_library(rng: random.Random) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    block = rng.choice(BLOCKS)
    relative = block.relative_to(REPO / "templates").as_posix()
    choice = rng.choice(["empty", "binary", "wrong-id", "deep", "many", "notyaml", "dupe-id", "cycle"])
    if choice == "empty":
        files[f"lib/{relative}"] = b""
    elif choice == "binary":
        files[f"lib/{relative}"] = bytes(rng.randrange(256) for _ in range(200))
    elif choice == "wrong-id":
        data = _load(block)
        data["id"] = rng.choice(["other.block", "../x", "a", "A.B", "x" * 300])
        files[f"lib/{relative}"] = dump(data).encode("utf-8")
    elif choice == "deep":
        files["lib/blocks/" + "/".join(["d"] * 30) + "/x.yaml"] = dump(_load(block)).encode("utf-8")
    elif choice == "many":
        for index in range(rng.choice([5, 50])):
            data = _load(block)
            data["id"] = f"many.b{index}"
            files[f"lib/blocks/many/b{index}.yaml"] = dump(data).encode("utf-8")
    elif choice == "notyaml":
        files["lib/blocks/x/readme.txt"] = b"hello"
        files["lib/plans/notes.yml"] = b"- a\n- b\n"
    elif choice == "dupe-id":
        files[f"lib/{relative}"] = block.read_bytes()
        files[f"lib/{relative[:-5]}.yml"] = block.read_bytes()
    elif choice == "cycle":
        data = _load(block)
        data["body"] = [{"include": data["id"]}]
        files[f"lib/{relative}"] = dump(data).encode("utf-8")
    return files


def _odd_options(rng: random.Random) -> list[str]:
    argv = ["build", "plan.yaml"]
    for _ in range(rng.randint(1, 4)):
        option = rng.choice(["-o", "-f", "--year", "--set", "--set", "--no-toc", "--force", "-L"])
        if option == "-o":
            argv += ["-o", rng.choice([*PATHS, "out", "out/深/层"])]
        elif option == "-f":
            argv += ["-f", rng.choice(FORMATS)]
        elif option == "--year":
            argv += [
                "--year",
                str(rng.choice([2027, 2028, 2100, 2101, 2019, 0, -5, 99999, 10**20, "x", "2027.5"])),
            ]
        elif option == "--set":
            key = rng.choice([
                "org.name", "org.members", "year", "date", "title", "template", "output.name", "output.dir",
                "output.formats", "output.docx.toc_levels", "output.docx.latin_font", "output.docx.fonts",
                "settings.congress_year", "params.organization.three-meetings.lectures_per_year",
                "params.organization.theme-day.theme_day", "params.x", "org", "org.x.y", "nosuch", "", "=",
            ])  # fmt: skip
            value = hostile(rng)
            argv += ["--set", f"{key}={value}"]
        elif option == "-L":
            argv += ["-L", rng.choice(["nosuch", ".", "plan.yaml"])]
        else:
            argv.append(option)
    if "-o" not in argv:
        argv += ["-o", "out"]
    return argv


# --- meetings: a plan's meetings section, a branch's members list, the command's options ----------------

MEETING_EXAMPLES = [path for path in EXAMPLES if path.stem.endswith("-branch")]  # committees hold none
MEETING_KINDS = list(paper.MEETING_KINDS)  # what a user may write: the kinds the tool knows
MEETING_WORDS = [*MEETING_KINDS, "党员大会", "支委会", "支部委员会", "党小组", "主题党日活动", "民主评议",
                 "党课,支委会", "党课、主题党日", "党课，党小组会"]  # fmt: skip
ODD_KINDS = ["开会", "", ",", "，、", "党课,开会", "\u202e党课", "党 课", "x" * 5000, "PARTY", "党课\n", "支部党员大会" * 50,
             "党课,,", "支部委员会会议 "]  # fmt: skip
# in the order of their first days, so that --from DAYS[i] --to DAYS[j] with i <= j is a range
DAYS = ["2026-12", "1月", "2027-03", "3月", "2027-3-9", "2027-03-09", "6月", "12月", "2027-12-31", "2028-01"]
ODD_DAYS = ["13月", "0月", "2027-02-30", "2027-13", "99999-01-01", "", " ", "三月", "2027/03/09", "-1月", "9" * 400 + "月",
            "０３月", "2027-03-09T00:00", "9999-12", "0001-01", "0000-01-01", "1e9月", "\u202e3月", "3月\n", "٣月"]  # fmt: skip
CLOCKS: list[Any] = ["14:30", "14：30", "9:00", "08:30", "23:59", "0:00", "25:00", "24:00", "14:60", "1430", "14:3", "",
                     " ", 1430, 14.5, True, None, "x" * 5000, "14:30\n", [], {}, "２:３０", "14:30:00", "下午两点半"]  # fmt: skip
PLACES: list[Any] = ["党员活动室", "内科示教室", "", " ", "中" * 40, "中" * 41, "中" * 5000, "会议室\x01", "会议室\n二楼",
                     *JINJA[:6], *PATHS[:6], None, 3, [], {}]  # fmt: skip
NOTICE_DAYS: list[Any] = [0, 1, 3, 7, 30, 31, -1, 2**63, "3", 3.5, None, True, "三", []]
GROUP_COUNTS: list[Any] = [0, 1, 3, 12, 50, 110, 1000, 1001, -1, "3", 3.5, None]
COMBINES = ["记录本.docx", "记录本", "记录本.pdf", "记录本.md", "sub/记录本.docx", "", ".", "..", "/", "x/",
            "名称?*|<>.docx", "CON.docx", "中" * 150 + ".docx", "../记录本.docx", "记录本\u202excod.docx"]  # fmt: skip
# -o values that stay inside the case's folder (“..” would write into the system's temporary folder)
OUT_PATHS = [p for p in PATHS if not p.startswith(("/", "..", "\\\\", "~", "$", "%")) and ":" not in p[:3]]
# members' names: never on the terminal, whatever is wrong (names no plan, template or example holds)
MEMBER_NAMES = ["欧阳明华", "司马秀英", "诸葛建军", "上官丽娟", "皇甫志强", "慕容晓燕", "端木文斌", "东方红梅",
                "令狐春兰", "尉迟国栋"]  # fmt: skip
MEMBER_HEADERS = [["姓名", "党小组", "职务", "类别", "联系方式"], ["姓名", "党小组", "职务", "类别"], ["姓名", "党小组"],
                  ["序号", "党员姓名", "所在党小组", "党内职务", "党员类别", "联系电话"], ["name", "group", "role", "category"],
                  ["姓名"], ["党小组", "姓名", "备注"]]  # fmt: skip
ODD_MEMBER_HEADERS = [["党小组", "职务"], [], ["姓名", "姓名", "党小组"], ["", "", "姓名"], ["姓 名", "党小组"],
                      ["NAME", "GROUP"], ["姓名\u202e", "党小组"]]  # fmt: skip
ROLES = ["支部书记", "组织委员", "宣传委员", "纪检委员", "党小组长", "", "副书记", "委员"]


def _group_name(index: int, chinese: bool) -> str:
    from plangen.numbering import cn_number

    return f"第{cn_number(index) if chinese else index}党小组"


NAME_COLUMNS, GROUP_COLUMNS = ("姓名", "党员姓名", "name"), ("党小组", "所在党小组", "group")
KNOWN_COLUMNS = {*NAME_COLUMNS, *GROUP_COLUMNS, "职务", "党内职务", "role", "类别", "党员类别", "category", "联系方式",
                 "联系电话"}  # fmt: skip


def _member_cell(column: str, index: int, spread: int, chinese: bool, rng: random.Random) -> str:
    if column in NAME_COLUMNS:
        return MEMBER_NAMES[index % len(MEMBER_NAMES)]
    if column in GROUP_COLUMNS:
        return _group_name(index % spread + 1, chinese)
    if column in ("职务", "党内职务", "role"):
        return rng.choice(ROLES)
    if column in ("类别", "党员类别", "category"):
        return rng.choice(["正式", "预备", "正式党员", "预备党员", ""])
    if column in ("联系方式", "联系电话"):
        return f"138{index:08d}"
    if column == "序号":
        return str(index + 1)
    return rng.choice(["", "备注", *FORMULAS[:3]])


def _member_rows(rng: random.Random, clean: bool, groups: int | None) -> tuple[list[list[Any]], str]:
    """A members list's header and rows; *clean*: as a branch's secretary keeps it (it must be read);
    else with one defect, named by the note it returns (“refuse:…”: a defect that must be refused)."""
    header = list(rng.choice(MEMBER_HEADERS if clean or rng.random() < 0.7 else ODD_MEMBER_HEADERS))
    count = rng.choice([1, 3, 8, 23, 60] if clean else [0, 1, 3, 23, 200])
    spread = groups if isinstance(groups, int) and 0 < groups <= 12 else rng.choice([1, 2, 3, 5])
    chinese = rng.random() < 0.3
    body = [
        [_member_cell(column, index, spread, chinese, rng) for column in header] for index in range(count)
    ]
    title = rng.random() < 0.2  # a title above the header and a note below the table, as printed lists have
    note = "clean" if clean else "hostile"
    name = next((header.index(c) for c in NAME_COLUMNS if c in header), None)
    known = [index for index, column in enumerate(header) if column in KNOWN_COLUMNS]
    if not clean and body and name is not None and header.count(header[name]) == 1:
        note = _member_defect(rng, header, body, rng.randrange(len(body)), name, known, groups)
    rows: list[list[Any]] = [header, *body]
    if title:
        rows = [
            ["内科第一党支部党员名单"] + [""] * (len(header) - 1),
            *rows,
            ["注：预备党员 2 名"] + [""] * (len(header) - 1),
        ]
    return rows, note


def _member_defect(rng: random.Random, header: list[str], body: list[list[Any]], at: int, name: int,
                   known: list[int], groups: int | None) -> str:  # fmt: skip
    """Put one defect into the members' rows; “refuse:…” when it must be refused."""
    row = body[at]
    group = next((header.index(c) for c in GROUP_COLUMNS if c in header), None)
    defect = rng.choice(["no-name", "long-name", "control", "bad-group", "category", "huge", "formula", "many",
                         "groups", "cell", "blank-rows"])  # fmt: skip
    if defect == "no-name":
        row[name] = ""
        others = [index for index in known if index != name]
        if others:
            row[rng.choice(others)] = "第1党小组"
        else:
            return "hostile"  # a row of nothing: skipped as blank
    elif defect == "long-name":
        row[name] = "中" * rng.choice([21, 500])
    elif defect == "control":
        row[rng.choice(known)] = rng.choice(["王\x01丽", "二行\n文字", "回\r车", "\u202e反向", "\x7f"])
    elif defect == "bad-group" and group is not None:
        count = groups if isinstance(groups, int) and 0 < groups <= 1000 else None
        row[group] = rng.choice([f"第{count + 1}党小组", "第〇党小组", "组" * 31]) if count else "组" * 31
    elif defect == "category" and any(c in header for c in ("类别", "党员类别", "category")):
        column = next(header.index(c) for c in ("类别", "党员类别", "category") if c in header)
        row[column] = rng.choice(["积极分子", "群众", "正式党员（退休）", "1"])
    elif defect == "huge":  # over each column's limit (a contact: 40), or over the csv module's
        row[rng.choice(known)] = "中" * rng.choice([41, 5000, 131_073])
    elif defect == "many":  # past the members' limit
        for index in range(rng.choice([2001, 10_050])):
            extra = [""] * len(header)
            extra[name] = f"党员{index}"
            body.append(extra)
    elif defect == "groups" and group is not None and groups is None:  # past the 党小组 limit
        for index in range(60):
            extra = [""] * len(header)
            extra[name], extra[group] = f"党员{index}", f"第{index + 1}党小组"
            body.append(extra)
    elif defect == "formula":  # accepted: text, written as text
        row[rng.randrange(len(row))] = rng.choice(FORMULAS)
        return "formula"
    elif defect == "cell":
        row[rng.randrange(len(row))] = rng.choice([*STRINGS[:10], *UNICODE])
        return "hostile"
    elif defect == "blank-rows":
        body[at:at] = [[""] * len(header)] * 3
        return "blank rows"
    else:
        return "hostile"
    return f"refuse:{defect}"


def _odd_members(rng: random.Random, style: str, groups: int | None, case: Case) -> tuple[str, bytes, str]:
    """A members list as CSV (the encodings and delimiters of Excel and WPS) or XLSX, clean, hostile or
    damaged; returns its file name, bytes and what is expected of it: "build", "refuse" or ""."""
    import csv
    import io

    clean = rng.random() < 0.4
    rows, note = _member_rows(rng, clean, groups)
    expect = "build" if clean else "refuse" if note.startswith("refuse") else ""
    case.note = note
    form = rng.choice(["csv", "csv", "csv", "xlsx", "xlsx", "damaged", "bomb", "junk", "empty"])
    if clean:
        form = rng.choice(["csv", "csv", "xlsx"])
    if form in ("bomb", "junk", "empty"):
        case.note += f" {form}"
        if form == "bomb":
            return (
                "党员名单.xlsx",
                bomb("xl/worksheets/sheet1.xml", rng.choice([40, 300]), XLSX_WRAP),
                "refuse",
            )
        if form == "junk":
            junk = bytes(rng.randrange(256) for _ in range(rng.choice([10, 3000])))
            return rng.choice(["党员名单.csv", "党员名单.xlsx"]), junk, "refuse"
        return rng.choice(["党员名单.csv", "党员名单.xlsx"]), b"", "refuse"
    if form in ("xlsx", "damaged"):
        import openpyxl

        if note == "refuse:control":  # openpyxl cannot write a control character, nor Excel a line's end
            expect = ""

        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append([_xlsx_cell(value, rng) if expect == "" else xml_text(value) for value in row])
        if not clean and rng.random() < 0.2:  # a phone number as Excel keeps it: a number
            sheet.append([MEMBER_NAMES[0], None, None, None, 13800000000])
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
        if form == "damaged":
            case.note += " damaged"
            return "党员名单.xlsx", damage_zip(data, "xl/worksheets/sheet1.xml", rng), ""
        return rng.choice(["党员名单.xlsx", "members.XLSX"]), data, expect
    delimiter = rng.choice([",", ",", ";", "\t"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=rng.choice(["\r\n", "\n", "\r"]))
    for row in rows:
        writer.writerow(row)
    text = buffer.getvalue()
    encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16"] if clean else
                          ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "big5"])  # fmt: skip
    case.note += f" {encoding} {delimiter!r}"
    if not clean and style == "bytes":
        return "党员名单.csv", corrupt(text, rng), ""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # a name GB 18030 holds and Big5 does not: as an editor would save it
        data, expect = text.encode(encoding, "replace"), ""
    return rng.choice(["党员名单.csv", "members.CSV", "党员名单.txt"]), data, expect


def _odd_meetings_section(rng: random.Random) -> Any:
    """A plan file's meetings: section, as written by hand: times, places, kinds, types all wrong."""
    if rng.random() < 0.08:
        return rng.choice([None, 5, "14:30", [], ["14:30"], {}, {"": None}])
    plausible = rng.random() < 0.5  # values the schema takes, the papers must then print
    clocks, places, days = (CLOCKS[:6], [*PLACES[:2], "中" * 40, "A&B<C>\"'", *JINJA[:6], *PATHS[:6]], NOTICE_DAYS[:5]) if plausible else (
        CLOCKS, PLACES, NOTICE_DAYS)  # fmt: skip
    section: dict[Any, Any] = {}
    if rng.random() < 0.8:
        section["time"] = rng.choice(clocks)
    if rng.random() < 0.6:
        section["place"] = rng.choice(places)
    if rng.random() < 0.4:
        section["notice_days"] = rng.choice(days)
    if plausible:
        if rng.random() < 0.5:
            section["kinds"] = {kind: {"time": rng.choice(clocks), "place": rng.choice(places)}
                                for kind in rng.sample(MEETING_KINDS, rng.choice([1, 3, 8]))}  # fmt: skip
        return section
    if rng.random() < 0.5:
        kinds: dict[Any, Any] = {}
        for _ in range(rng.choice([1, 2, 3])):
            kind = rng.choice([*MEETING_KINDS, *MEETING_KINDS, "开会", "支委会", "", "x" * 200, 3])
            kinds[kind] = rng.choice([
                {"time": rng.choice(CLOCKS), "place": rng.choice(PLACES)}, {"time": rng.choice(CLOCKS)},
                {"place": rng.choice(PLACES)}, "16:00", None, [], {"x": 1}, {},
            ])  # fmt: skip
        section["kinds"] = kinds if rng.random() < 0.9 else rng.choice([[], "党课", None, 5])
    if rng.random() < 0.1:
        section[rng.choice(["x", "times", "地点", "notice"])] = hostile(rng)
    return section


def _meeting_options(rng: random.Random, odd: bool) -> list[str]:
    """--kind, --from, --to, -f, --split, --combine, --year, --set: as typed, or (*odd*) each now and
    then mistyped (most runs still get as far as the papers)."""

    def mistyped() -> bool:
        return odd and rng.random() < 0.25

    argv: list[str] = []
    for _ in range(rng.choice([0, 1, 1, 2])):
        argv += [rng.choice(["--kind", "-k"]), rng.choice(ODD_KINDS if mistyped() else MEETING_WORDS)]
    first, last = sorted(rng.sample(range(len(DAYS)), 2))
    for option, day in (("--from", DAYS[first]), ("--to", DAYS[last])):
        if rng.random() < 0.35:
            argv += [option, rng.choice(ODD_DAYS + DAYS) if mistyped() else day]
    if rng.random() < 0.4:
        bad = ["pdf", "", ",", "DOCX", "docx,pdf", "txt"]
        argv += ["-f", rng.choice(bad if mistyped() else ["docx", "md", "docx,md", "md,docx,md"])]
    if rng.random() < 0.2:
        argv.append("--split")
    if rng.random() < 0.2:
        argv += ["--combine", rng.choice(COMBINES if mistyped() else COMBINES[:5])]
    if odd and rng.random() < 0.1:
        argv += ["--year", str(rng.choice([2028, 2100, 2030, 1999, 2026]))]
    if odd and rng.random() < 0.15:
        key = rng.choice(["meetings.time", "meetings.place", "meetings.notice_days", "org.groups", "meetings.kinds",
                          "meetings", "meetings.x", "meetings.kinds.党课"])  # fmt: skip
        argv += ["--set", f"{key}={rng.choice([*CLOCKS[:12], *PLACES[:6], *NOTICE_DAYS[:8]])}"]
    return argv


def _meetings_case(rng: random.Random, kind: str, style: str, rounds: int, case: Case) -> None:
    """plangen meetings on a mutated plan (its meetings: section above all) or a members list,
    clean, hostile or damaged, with the command's options as typed and mistyped."""
    example = rng.choice(MEETING_EXAMPLES)
    spec = _load(example)
    org = spec.get("org") if isinstance(spec.get("org"), dict) else {}
    clean_plan = kind == "members" and rng.random() < 0.7
    if clean_plan:
        if rng.random() < 0.5:
            org["groups"] = rng.choice([3, 5, 12])  # the names a members list may use: 第1…, 第一…
    else:
        if rng.random() < 0.7:
            spec["meetings"] = _odd_meetings_section(rng)
        if rng.random() < 0.3:
            org["groups"] = rng.choice(GROUP_COUNTS)
        spec = mutate(spec, rng, rounds if kind == "meetings" else rng.choice([0, 1]))
        org = spec.get("org") if isinstance(spec, dict) and isinstance(spec.get("org"), dict) else {}
    text = dump(spec)
    case.files["plan.yaml"] = (
        corrupt(text, rng) if style == "bytes" and not clean_plan else text.encode("utf-8")
    )
    odd = not clean_plan or rng.random() < 0.1
    case.argv = ["meetings", "plan.yaml", "-o", "out", *_meeting_options(rng, odd)]
    if odd and rng.random() < 0.1:
        case.argv[3] = rng.choice([*OUT_PATHS, "out/深/层", "plan.yaml", "out/" + "深" * 100])
    if kind == "members" or rng.random() < 0.3:
        groups = (
            org.get("groups")
            if isinstance(org.get("groups"), int) and not isinstance(org.get("groups"), bool)
            else None
        )
        name, data, expect = _odd_members(rng, style, groups, case)
        case.files[name] = data
        case.argv += [rng.choice(["--members", "-m"]), name]
        case.secrets = list(MEMBER_NAMES)
        case.expect = "refuse" if expect == "refuse" else "build" if expect == "build" and not odd else ""
        if any(arg.startswith("org.groups=") for arg in case.argv):  # 第4党小组 may be one of them now
            case.expect = "" if case.note.startswith("refuse:bad-group") else case.expect
        if rng.random() < 0.05:
            case.special = rng.choice(["members-dir", "members-fifo", "members-missing"])
            case.expect = "refuse"
    if (
        case.argv[3] == "out" and rng.random() < 0.2
    ):  # last run's papers are there, one perhaps filled in by hand
        case.existing, case.previous = ["out"], example.name
        if rng.random() < 0.5:
            case.special = case.special or "hand-edited"
        if rng.random() < 0.4:
            case.argv.append("--force")
        elif case.expect == "build":  # a changed paper is refused without --force
            case.expect = ""


# --- running and checking ----------------------------------------------------------------------------


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float
    rss_mb: float
    leftovers: list[str]
    hang: bool = False


def prepare(case: Case, folder: Path) -> dict[str, bytes]:
    """Write the case into *folder*; returns the outputs that were there before (to check they survive)."""
    for name, data in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if case.special == "fifo" and hasattr(os, "mkfifo"):
        (folder / "plan.yaml").unlink()
        os.mkfifo(folder / "plan.yaml")
    elif case.special == "spec-dir":
        (folder / "plan.yaml").unlink()
        (folder / "plan.yaml").mkdir()
    elif case.special == "out-file":
        (folder / "out").write_bytes(b"not a folder")
    elif case.special == "read-only":
        (folder / "out").mkdir()
        (folder / "out").chmod(0o555)
    elif case.special.startswith("members-"):  # the members list a folder, a pipe, or not there
        members = folder / case.argv[case.argv.index("--members" if "--members" in case.argv else "-m") + 1]
        members.unlink()
        if case.special == "members-dir":
            members.mkdir()
        elif case.special == "members-fifo" and hasattr(os, "mkfifo"):
            os.mkfifo(members)
    before: dict[str, bytes] = {}
    if case.existing:
        from plangen.cli import Env, main

        meetings = case.argv[:1] == ["meetings"]
        sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        try:  # a previous run's outputs, from the unmutated example
            shutil.copy(
                REPO / "examples" / case.previous if case.previous else EXAMPLES[0], folder / "previous.yaml"
            )
            main([*(["meetings"] if meetings else ["build"]), "previous.yaml", "-o", "out", "-f", "docx,md"],
                 Env(stdout=sink, stderr=sink, cwd=folder, environ={"PLANGEN_OFFICE": "0"}))  # fmt: skip
        finally:
            sink.close()
        if case.special == "hand-edited":
            _fill_in_by_hand(folder / "out")
        before = {
            str(p.relative_to(folder)): p.read_bytes() for p in (folder / "out").rglob("*") if p.is_file()
        }
    return before


def _fill_in_by_hand(folder: Path) -> None:
    """A record written into last run's papers, as a secretary does in Word and in a text editor."""
    import io

    for path in sorted(folder.glob("*.docx"))[:1]:
        with zipfile.ZipFile(path) as package:
            members = {info.filename: package.read(info.filename) for info in package.infolist()}
        xml = members["word/document.xml"].decode("utf-8")
        members["word/document.xml"] = xml.replace(
            "<w:body>", "<w:body><w:p><w:r><w:t>会议记录：已手工填写。</w:t></w:r></w:p>", 1
        ).encode("utf-8")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in members.items():
                package.writestr(name, data)
        path.write_bytes(buffer.getvalue())
    for path in sorted(folder.glob("*.md"))[:1]:
        path.write_bytes(path.read_bytes() + "\n会议记录：已手工填写。\n".encode())


def run_case(case: Case, folder: Path, scratch: Path) -> Outcome:
    """Run one case in this process (inside a worker)."""
    import io

    from plangen.cli import Env, main

    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, cwd=folder, environ={"PLANGEN_OFFICE": "0"})
    children = _children_peak()
    _reset_peak()
    started = time.perf_counter()
    try:
        code = main(list(case.argv), env)
    except BaseException as exc:
        import traceback

        code = 99
        err.write("Traceback (uncaught)\n" + "".join(traceback.format_exception(exc)))
    seconds = time.perf_counter() - started
    leftovers = [p.name for p in scratch.iterdir()]
    for path in scratch.iterdir():
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink()
    rss = _peak()
    after = _children_peak()
    if after > children:  # a batch worker of this case went higher than any before it
        rss = max(rss, after)
    return Outcome(code, out.getvalue(), err.getvalue(), seconds, rss, leftovers)


def _reset_peak() -> None:
    """Start this case's peak memory at the memory in use now (Linux: VmHWM is reset by clear_refs 5);
    elsewhere the peak stays the worker's since it started, an upper bound."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def _peak() -> float:
    """Peak resident memory in MB: since the last reset (Linux), else since the worker started."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:  # Windows
        return 0.0


def _children_peak() -> float:
    """The largest peak of any child process so far (batch's workers), in MB."""
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    except ImportError:  # Windows
        return 0.0


_PYTHON_OBJECT = re.compile(r"object at 0x[0-9a-fA-F]+|<built-in [a-z]+ |<bound method |<function [\w.]+ at ")
_WHERE = re.compile(r"^错误：(?:[^：]*\.(?:ya?ml|yml|txt|csv)(?::\d+)?|--set [^：]*|--year [^：]*)：")


_ENGLISH = re.compile(r"\b[a-z]{2,}(?: [a-z]{2,}){3,}\b")
_QUOTED = re.compile(r"“[^”\n]*”")  # the user's own text, echoed back: English there is theirs


def _english(text: str) -> re.Match[str] | None:
    return _ENGLISH.search(_QUOTED.sub("“”", text))


def check(case: Case, folder: Path, outcome: Outcome, before: dict[str, bytes]) -> list[str]:
    """The promise; returns what it broke (empty when kept)."""
    problems = []
    if outcome.hang:
        return [f"hang (> {HANG_SECONDS:.0f} s)"]
    if outcome.code not in (
        (0, 1, 2) if case.argv[:1] in (["batch"], ["lint"]) else (0, 2)
    ):  # 1: rows failed, findings
        problems.append(f"exit {outcome.code}")
    text = outcome.out + outcome.err
    if "Traceback" in text or "内部错误" in text:
        problems.append("traceback or internal error")
    errors = [line for line in outcome.err.splitlines() if line.startswith("错误：")]
    if outcome.code == 2:
        if not errors:
            problems.append("exit 2 without a 错误 line")
        elif (
            case.kind in ("spec", "block", "template")
            and case.argv[0] in ("build", "validate")
            and not any(_WHERE.match(line) or "文件已存在" in line for line in errors)
        ):
            problems.append("no 错误 line names a file and line: " + errors[0][:120])
    python = re.search(r'^\s*File "|^\w*(Error|Exception|Warning)\b', outcome.err, re.M)
    if python:
        problems.append(f"Python's own message on stderr: {python.group()[:80]}")
    english = _english(outcome.err)
    if english:  # a library's sentence reached the user
        problems.append(f"English on stderr: {english.group()[:80]}")
    if outcome.leftovers:
        problems.append(f"left in the temporary folder: {outcome.leftovers}")
    if outcome.seconds > HANG_SECONDS:
        problems.append(f"slow: {outcome.seconds:.1f} s")
    limit = MAX_RSS_MB_INPUTS if case.kind in FAMILIES else MAX_RSS_MB
    if outcome.rss_mb > limit:
        problems.append(f"memory: {outcome.rss_mb:.0f} MB")
    if case.expect == "refuse" and outcome.code == 0:
        what = {"batch": "a malformed roster", "meetings": f"a malformed members list ({case.note})"}
        problems.append(f"accepted {what.get(case.argv[0], 'what is not a plan')} (exit 0)")
    if case.expect == "no stand-in" and outcome.code == 0:
        written = "".join(p.read_text("utf-8") for p in (folder / "out").glob("*.yaml")) + outcome.out
        stand_in = re.search(r'(?:name|org)"?: "?[^\n"]*(?:示例党支部|某某|[xX]{2})', written)
        if stand_in:
            problems.append(f"imported a stand-in as the organisation's name: {stand_in.group()[:60]}")
    meetings = case.argv[:1] == ["meetings"]
    if (
        case.expect == "build"
        and outcome.code != 0
        and (meetings or ("--map" not in case.argv and "--combine" not in case.argv))
    ):
        what = f"a members list ({case.note})" if meetings else "a roster"
        problems.append(f"refused {what} as Excel or WPS writes it (exit {outcome.code})")
    if meetings:  # an error line, or the hint under it, says which option (--from 6月 after --to 3月)
        errors = _with_hints(outcome.err)
    if (
        case.kind in FAMILIES
        and outcome.code == 2
        and errors
        and not any(_names_input(case, e) for e in errors)
    ):
        problems.append("no 错误 line names the file or option: " + errors[0][:120])
    leaked = [name for name in case.secrets if name in outcome.out + outcome.err]
    if leaked:
        problems.append(f"a member's name on the terminal: {leaked[0]}")
    if meetings and outcome.code == 0:
        problems += _check_names(case, folder)
    problems += _check_files(case, folder, outcome, before)
    problems += _check_report(folder)
    return problems


def _with_hints(err: str) -> list[str]:
    """Each 错误 line of *err* with the 提示 line under it, if any."""
    lines = err.splitlines()
    return [
        line + ("\n" + lines[i + 1] if i + 1 < len(lines) and lines[i + 1].startswith("提示：") else "")
        for i, line in enumerate(lines)
        if line.startswith("错误：")
    ]


_WINDOWS_BAD = re.compile(r'[<>:"\\|?*\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]')
_WINDOWS_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]) *(\.|$)")


def _check_names(case: Case, folder: Path) -> list[str]:
    """Every file a meetings run named has a name Windows can hold (the papers go to a secretary's PC);
    the book's name is the user's own (--combine), as a path given on the command line is."""
    book = case.argv[case.argv.index("--combine") + 1] if "--combine" in case.argv else ""
    book = Path(book).stem + ".docx" if Path(book).stem else ""
    problems = []
    for path in folder.rglob("*"):
        name = path.name
        if path.suffix.lower() not in (".docx", ".md") or name == book:
            continue
        if (
            _WINDOWS_BAD.search(name)
            or _WINDOWS_RESERVED.match(name)
            or name != name.rstrip(" .")
            or len(name) > 255
        ):
            problems.append(f"a file name Windows cannot hold: {name[:80]!r}")
    return problems[:3]


def _names_input(case: Case, line: str) -> bool:
    """An error line that says where: an input file, an option, or the output folder."""
    # an option's value (汇编.pdf of --combine); 缺少…（org.name）: the answer to give
    values = [arg for arg in case.argv[1:] if not arg.startswith("-") and len(arg) > 2]
    names = [*case.files, *values, "--", "out", "名册", "答案", "缺少"]
    if case.argv[:1] == ["meetings"]:  # -f, -k as typed (“会议材料不支持的格式：pdf（-f）”), -o
        names += [f"（{arg}）" for arg in case.argv if arg.startswith("-")] + ["输出文件夹"]
    return any(name in line for name in names)


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _check_report(folder: Path) -> list[str]:
    """report.csv is opened in Excel and WPS: no cell a spreadsheet would run as a formula (OWASP:
    prefix =, +, -, @, tab, carriage return with '), no English validation text."""
    import csv

    report = folder / "out" / "report.csv"
    if not report.is_file():
        return []
    problems = []
    with report.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), 1):
            for cell in row:
                if _FORMULA.match(cell) and not re.fullmatch(r"-?\d+(\.\d+)?", cell):
                    problems.append(
                        f"report.csv row {number}: a cell a spreadsheet runs as a formula: {cell[:40]!r}"
                    )
                english = _english(cell)
                if english:
                    problems.append(f"report.csv row {number}: English: {english.group()[:60]}")
    return problems[:3]


def _check_files(case: Case, folder: Path, outcome: Outcome, before: dict[str, bytes]) -> list[str]:
    problems = []
    inputs = set(case.files) | {"previous.yaml", "out"}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        if name in inputs:
            continue
        if name.endswith(".plangen.tmp"):
            problems.append(f"temporary file left: {name}")
            continue
        if name in before and path.read_bytes() == before[name]:
            continue  # a previous output, untouched
        if outcome.code != 0 and not (outcome.code == 1 and case.argv[:1] == ["batch"]):
            problems.append(f"exit {outcome.code} but wrote {name}")  # batch's exit 1: the good rows built
        elif name.endswith(".docx"):
            try:
                with zipfile.ZipFile(path) as archive:
                    from xml.etree import ElementTree

                    ElementTree.fromstring(archive.read("word/document.xml"))
            except Exception as exc:
                problems.append(f"broken DOCX {name}: {exc}")
        elif name.endswith(".md"):
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"Markdown not UTF-8: {name}")
                continue
            leak = _PYTHON_OBJECT.search(text)
            if leak:
                problems.append(f"a Python object in the plan: {leak.group()}")
    for path in folder.rglob("*"):
        leak = _PYTHON_OBJECT.search(path.name)
        if leak:
            problems.append(f"a Python object in a file name: {path.name[:80]}")
    for name, data in before.items():
        path = folder / name
        if "--force" not in case.argv and (not path.is_file() or path.read_bytes() != data):
            problems.append(f"an existing output was replaced without --force: {name}")
    return problems


# --- worker processes -----------------------------------------------------------------------------


def _worker(connection: Any, scratch: str) -> None:
    tempfile.tempdir = scratch  # leftovers of plangen's scratch folders show up here
    os.environ["TMPDIR"] = scratch
    try:  # bounded memory: a blow-up becomes a MemoryError (an internal error), not a swapping machine
        import resource

        limit = 3 << 30
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # Windows; macOS refuses RLIMIT_AS
        pass
    import plangen.cli  # noqa: F401 - import once, before the clock starts

    while True:
        message = connection.recv()
        if message is None:
            return
        case, folder = message
        connection.send(run_case(case, Path(folder), Path(scratch)))


class Runner:
    """A worker process that runs cases and is replaced when one hangs."""

    def __init__(self) -> None:
        self.context = multiprocessing.get_context("spawn")
        self.scratch = Path(tempfile.mkdtemp(prefix="fuzz-scratch-"))
        self.process: Any = None
        self.connection: Any = None

    def _start(self) -> None:
        parent, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker, args=(child, str(self.scratch)), daemon=True)
        self.process.start()
        self.connection = parent

    def run(self, case: Case) -> tuple[Outcome, list[str]]:
        if self.process is None or not self.process.is_alive():
            self._start()
        folder = Path(tempfile.mkdtemp(prefix="fuzz-case-"))
        try:
            before = prepare(case, folder)
            self.connection.send((case, str(folder)))
            if self.connection.poll(HANG_SECONDS):
                try:
                    outcome = self.connection.recv()
                except (EOFError, OSError):  # the worker died: a crash of the interpreter itself
                    self.process.join()
                    self.process = None
                    return Outcome(-2, "", "worker died", 0, 0, []), ["the worker process died"]
            else:
                self.process.kill()
                self.process.join()
                self.process = None
                outcome = Outcome(-1, "", "", HANG_SECONDS, 0, [], hang=True)
            return outcome, check(case, folder, outcome, before)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.connection.send(None)
            self.process.join(5)
            if self.process.is_alive():
                self.process.kill()
        shutil.rmtree(self.scratch, ignore_errors=True)
