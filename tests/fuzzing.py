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

import copy
import io
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

REPO = Path(__file__).resolve().parents[1]
HANG_SECONDS = 10.0
MAX_RSS_MB = 1500

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

    def describe(self) -> str:
        return json.dumps(
            {"kind": self.kind, "argv": self.argv, "files": sorted(self.files), "special": self.special},
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


def make_case(rng: random.Random) -> Case:
    kind = rng.choice(
        [
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
            "wizard",
            "roster",
            "document",
            "document",
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
    elif kind == "roster":  # a committee's roster of branches, as Excel, WPS and people write them
        name, data = _odd_roster(rng, style)
        case.files[name] = data
        if rng.random() < 0.1:  # a base spec with a section left empty (params: → None)
            spec = {**spec, rng.choice(["params", "org", "output"]): None}
        case.files["plan.yaml"] = dump(spec).encode("utf-8")
        jobs = rng.choice(
            ["1", "1", "1", "2"]
        )  # workers cost a second to start; tests/test_batch covers them
        case.argv = ["batch", name, "--spec", "plan.yaml", "-o", "out", "-f", "md", "-j", jobs]
        if rng.random() < 0.2:
            case.argv += ["--combine", rng.choice(["汇编.md", "汇编.docx", "汇编.pdf", "out/汇编.md"])]
    elif kind == "wizard":  # the wizard's files: an answers file, or last year's plan
        answers = {"sector": rng.choice(["hospital", "soe", "x"]),
                   "org": {"name": rng.choice([*STRINGS, "内科党支部"]), "members": rng.choice(["46", "很多", *NUMBERS])},
                   "year": rng.choice([2027, "2027", 1999]), "order": rng.choice(["1,2,4,3", "9,9", "", "a"]),
                   "sections": rng.choice(["goals.main", "", "x.y,,", ["political.main"]]),
                   "params": {"organization.three-meetings.lectures_per_year": rng.choice(NUMBERS)}}  # fmt: skip
        answers = mutate(answers, rng, rounds)
        case.files["answers.yaml"] = encode(answers)
        case.files["plan.yaml"] = encode(mutate(spec, rng, rounds))
        case.argv = rng.choice(
            [["new", "--defaults", "-o", "out", "--data-file", "answers.yaml"],
             ["new", "--defaults", "-o", "out", "--from", "plan.yaml"],
             ["new", "-o", "out", "--data-file", "answers.yaml"]]
        )  # fmt: skip
    elif kind == "document":  # a plan from anywhere, for plangen lint: text, Markdown, Word, rules
        name, data = _odd_document(rng, style)
        case.files[name] = data
        case.argv = rng.choice([
            ["lint", name, *rng.choice([[], ["--year", "2027"], ["-f", "json"], ["--strict"]])],
            ["import", name, "-o", "out", *rng.choice([[], ["--json"]])],
            ["import", name, "--json"],
        ])  # fmt: skip
        if rng.random() < 0.25:
            rules = {"disable": ["R003"], "residue": [{"id": "U001", "pattern": "院办", "message": "x"}],
                     "arithmetic": [{"id": "U002", "check": "anniversary", "pattern": "建院(\\d+)周年", "founded": 1950}]}  # fmt: skip
            case.files["lib/lint.yaml"] = encode(mutate(rules, rng, rounds))
            case.argv += ["-L", "lib"]
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


ROSTER_HEADERS = [["支部名称", "书记", "党员人数", "主题党日"], ["branch", "secretary", "members"],
                  ["书记", "x"], ["支部名称", "branch"], ["支部名称", "", "年度", "领域", "模板"], []]  # fmt: skip
ROSTER_CELLS = ["内科党支部", "外科党支部", "", "每月第九个星期八", "每月第一个星期五", "23", "abc", "-5", "2027",
                "hospital", "火星", "=HYPERLINK(\"http://x\",\"点我\")", "-1+1", "@SUM(A1)", "+3", "\t=1",
                "合计", "填表人：王丽", "a,b", 'a"b', "a;b", "a\tb", "a\nb", "a\rb", "长" * 61]  # fmt: skip


def _odd_roster(rng: random.Random, style: str) -> tuple[str, bytes]:
    """A roster as Excel and WPS write it (any delimiter, line end, encoding, a title row, notes below)
    or as a clumsy or hostile hand does (an open quote, a huge cell, a row wider than Excel, too many
    rows), as CSV or XLSX."""
    import csv

    header = list(rng.choice(ROSTER_HEADERS))
    count = rng.choice([0, 1, 3, 50])
    rows = [[rng.choice([*STRINGS, *UNICODE, *ROSTER_CELLS]) for _ in header] for _ in range(count)]
    rows = [[str(cell) for cell in row] for row in rows]
    above = rng.choice([[], [], [["2027年各党支部名册"]], [[], ["名册"], []]])
    below = rng.choice([[], [], [["合计", "", "73"]], [["填表人：王丽"], ["2027年1月5日"]]])
    table = [*above, header, *rows, *below]
    hostile = rng.choice(["none"] * 12 + ["quote", "huge", "wide", "wider", "rows", "xlsx-wide", "xlsx-lie",
                                         "xlsx-cells", "xlsx-xml", "xlsx-strings"])  # fmt: skip
    if hostile == "huge":
        table.append(["内科党支部", "x" * 140_000])
    elif hostile == "wide":
        table.append(["内科党支部", *[""] * 300, "x"])
    elif hostile == "wider":
        table.append(["内科党支部", *[""] * 20_000])
    elif hostile == "rows":
        table += [[f"支部{i}"] for i in range(10_020)]
    if hostile.startswith("xlsx") or rng.random() < 0.15:
        return "roster.xlsx", _odd_xlsx(rng, table, hostile)
    delimiter = rng.choice([",", ",", ";", "\t"])
    ending = rng.choice(["\n", "\r\n", "\r"])
    buffer = io.StringIO()
    if rng.random() < 0.1:
        buffer.write(f"sep={delimiter}{ending}")
    csv.writer(buffer, delimiter=delimiter, lineterminator=ending,
               quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])).writerows(table)  # fmt: skip
    text = buffer.getvalue()
    if hostile == "quote" and text:
        at = rng.randrange(len(text))
        text = text[:at] + '"' + text[at:]
    if style == "bytes":
        return "roster.csv", corrupt(text, rng)
    return "roster.csv", text.encode(rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16"]), "replace")


def _odd_xlsx(rng: random.Random, table: list[list[str]], hostile: str) -> bytes:
    """*table* as an XLSX sheet written by hand (inline and shared strings), or a hostile one."""
    from xml.sax.saxutils import escape

    strings: list[str] = []

    def cell(value: str) -> str:
        value = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", "", value)  # XML 1.0
        if value.isdigit() and len(value) < 15:
            return f"<c><v>{value}</v></c>"
        if rng.random() < 0.5:
            strings.append(value)
            return f'<c t="s"><v>{len(strings) - 1}</v></c>'
        return f'<c t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'

    body = "".join(
        f'<row r="{i}">' + "".join(cell(v) for v in row) + "</row>" for i, row in enumerate(table, 1)
    )
    if hostile == "xlsx-wide":
        body += f'<row r="{len(table) + 1}">' + "<c><v>1</v></c>" * 300 + "</row>"
    elif hostile == "xlsx-cells":
        body += f'<row r="{len(table) + 1}">' + "<c/>" * 100_000 + "</row>"
    elif hostile == "xlsx-xml":
        body = body[: rng.randrange(len(body) + 1)] + rng.choice(["<", "&bogus;", "<!DOCTYPE x>", "</row>"])
    elif hostile == "xlsx-strings":
        body += '<row><c t="s"><v>99999</v></c><c t="s"><v>-1</v></c><c t="s"><v>x</v></c></row>'
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}"><sheetData>{body}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{ns}">'
        + "".join(f'<si><t xml:space="preserve">{escape(v)}</t></si>' for v in strings) + "</sst>",
    }  # fmt: skip
    if rng.random() < 0.1:
        del parts[rng.choice(sorted(parts))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text.encode("utf-8"))
    data = buffer.getvalue()
    if hostile == "xlsx-lie":  # the sheet's headers claim less than it unpacks to
        at = data.rfind(b"xl/worksheets/sheet1.xml")
        central = data.rfind(b"PK\x01\x02", 0, at)
        if central >= 0:
            size = int.from_bytes(data[central + 24 : central + 28], "little")
            data = data[: central + 24] + max(1, size // 50).to_bytes(4, "little") + data[central + 28 :]
    return data


SAMPLE = REPO / "tests" / "data" / "samples" / "legacy-plan.txt"


def _odd_document(rng: random.Random, style: str) -> tuple[str, bytes]:
    """Last year's plan as users bring it: re-encoded, run together, truncated, or a damaged Word file."""
    text = SAMPLE.read_text(encoding="utf-8")
    choice = rng.choice(
        ["text", "text", "one-line", "markdown", "docx", "docx", "huge", "binary", "pathological"]
    )
    if choice == "pathological":  # shapes that once took a regular expression quadratic time
        n = rng.choice([20_000, 40_000])
        name, body = rng.choice([
            ("p.txt", "目录" + "." * n), ("p.txt", "目录\na" + " " * n + "a"), ("p.md", "# x" + " " * n + "y"),
            ("p.md", "[" * n), ("p.md", "<!--" * (n // 2)), ("p.md", "*a" * n), ("p.txt", "实现十四五规划目标，" * (n // 10)),
            ("p.txt", "建党100周年，" * (n // 8)), ("p.txt", "xx " * (n // 3)), ("p.yaml", 'body: "' + "{{" * (n // 2) + '"'),
            ("p.yaml", 'body: "' + "{{ a }}" * (n // 7) + '"'), ("p.txt", "中国" + " *" * n),
        ])  # fmt: skip
        return name, ("2027年工作计划\n" + body).encode("utf-8")
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
    if choice in ("text", "one-line", "huge"):
        encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16"])
        data = corrupt(text, rng) if style == "bytes" else text.encode(encoding, "replace")
        return rng.choice(["old.txt", "old.TXT", "计划.txt"]), data
    if choice == "markdown":
        return "old.md", ("# " + text.replace("\n", "\n\n## ", 3)).encode("utf-8")
    if choice == "binary":
        return rng.choice(["old.docx", "old.txt", "old.doc"]), bytes(rng.randrange(256) for _ in range(400))
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
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/document.xml", document)
    data = buffer.getvalue()
    if style == "bytes":
        data = data[: rng.randrange(len(data))]
    return "old.docx", data


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
    before: dict[str, bytes] = {}
    if case.existing:
        from plangen.cli import Env, main

        sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        try:  # a previous run's outputs, from the unmutated example
            shutil.copy(EXAMPLES[0], folder / "previous.yaml")
            main(["build", "previous.yaml", "-o", "out", "-f", "docx,md"], Env(stdout=sink, stderr=sink, cwd=folder,
                 environ={"PLANGEN_OFFICE": "0"}))  # fmt: skip
        finally:
            sink.close()
        before = {
            str(p.relative_to(folder)): p.read_bytes() for p in (folder / "out").rglob("*") if p.is_file()
        }
    return before


def run_case(case: Case, folder: Path, scratch: Path) -> Outcome:
    """Run one case in this process (inside a worker)."""
    import io

    from plangen.cli import Env, main

    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, cwd=folder, environ={"PLANGEN_OFFICE": "0"})
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
    try:
        import resource

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:  # Windows
        rss = 0.0
    return Outcome(code, out.getvalue(), err.getvalue(), seconds, rss, leftovers)


_PYTHON_OBJECT = re.compile(r"object at 0x[0-9a-fA-F]+|<built-in [a-z]+ |<bound method |<function [\w.]+ at ")
_WHERE = re.compile(r"^错误：(?:[^：]*\.(?:ya?ml|yml|txt|csv)(?::\d+)?|--set [^：]*|--year [^：]*)：")


_ENGLISH = re.compile(r"\b[a-z]{2,}(?: [a-z]{2,}){3,}\b")


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
    english = _ENGLISH.search(outcome.err)
    if english:  # a library's sentence reached the user
        problems.append(f"English on stderr: {english.group()[:80]}")
    if outcome.leftovers:
        problems.append(f"left in the temporary folder: {outcome.leftovers}")
    if outcome.seconds > HANG_SECONDS:
        problems.append(f"slow: {outcome.seconds:.1f} s")
    if outcome.rss_mb > MAX_RSS_MB:
        problems.append(f"memory: {outcome.rss_mb:.0f} MB")
    problems += _check_files(case, folder, outcome, before)
    return problems


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
        elif name.endswith("report.csv"):
            problems += _check_report(path)
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


def _check_report(path: Path) -> list[str]:
    """batch's report.csv: every message in Chinese, no cell a spreadsheet would run as a formula."""
    import csv

    problems = []
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    for row in rows[1:]:
        if any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row):
            problems.append(f"report.csv: a cell a spreadsheet runs as a formula: {row[:2]}")
        english = _ENGLISH.search(row[-1]) if row else None
        if english:
            problems.append(f"report.csv: English: {english.group()[:80]}")
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
