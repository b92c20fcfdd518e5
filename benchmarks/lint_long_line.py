"""``plangen lint`` and ``plangen import`` on one long pasted line (budget: 1 MB in under 2 s for
each, time linear in the line's length), no assertions.

A plan of a title, two headings and one paragraph of 25k, 100k, 250k and 1M characters, the
paragraph one unit repeated: the pieces that drive the worst case of a pattern (a run of “x”, of
digits, of “*”, of “第”, placeholders, headings run together). For each unit and size:

1. in one process, :func:`plangen.readers.read` + :func:`plangen.lint.lint_source` (lint) and read +
   :func:`plangen.importer.import_source` + the files it writes + lint (import), best of
   ``--rounds``; printed as microseconds per character and as a ratio to the 25k line's (linear:
   about 1; quadratic: about 40 at 1M);
2. ``plangen lint`` and ``plangen import`` on the 1 MB file as whole processes (the budget).

Run: ``python benchmarks/lint_long_line.py [--rounds 3] [--units x,20,...]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lint_many_lines import in_process  # the same measure, as `plangen import` calls it

HERE = Path(__file__).resolve().parent
# benchmarks/docx.py would shadow python-docx (imported by plangen's Word reader)
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]

SIZES = [25_000, 100_000, 250_000, 1_000_000]
UNITS = {
    "x": "x",
    "X×": "X×",
    "digits": "1",
    "20": "20",
    "*": "*",
    "第": "第",
    "篇": "篇",
    "placeholders": "2021年xx医院党支部工作计划，由某某同志负责，篇一，第3篇：",
    "masked": "中国***党员向院*委",
    "headings": "一、指导思想",
    "ordinals": "（一）1.（1）①",
    "sentences": "深入贯彻党的二十大精神，扎实推进“十五五”规划。",
}
INSTALLED_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def document(unit: str, size: int) -> str:
    line = (unit * (size // len(unit) + 1))[:size]
    return f"2027年内科第一党支部工作计划\n一、指导思想\n{line}\n二、主要任务\n加强政治理论学习。\n"


def whole_process(*args: str, cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "plangen", *args], cwd=cwd, capture_output=True, env=INSTALLED_ENV)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--units", default=",".join(UNITS), help="comma-separated names of units")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        print(f"{'unit':14} {'size':>9}   lint µs/char  ratio   import µs/char  ratio")
        for name in args.units.split(","):
            unit = UNITS[name]
            base: tuple[float, float] | None = None
            for size in SIZES:
                path = folder / f"{size}.txt"
                path.write_text(document(unit, size), encoding="utf-8")
                lint_time, import_time = in_process(path, args.rounds)
                per_char = (lint_time / size * 1e6, import_time / size * 1e6)
                base = base or per_char
                print(f"{name:14} {size:9d}   {per_char[0]:12.3f} {per_char[0] / base[0]:6.2f}"
                      f"   {per_char[1]:14.3f} {per_char[1] / base[1]:6.2f}")  # fmt: skip
            big = folder / f"{SIZES[-1]}.txt"
            lint_wall = whole_process("lint", str(big), cwd=folder)
            import_wall = whole_process("import", str(big), "-o", str(folder / "out"), "--force", cwd=folder)
            print(
                f"{name:14} 1 MB whole process: lint {lint_wall:5.2f} s, import {import_wall:5.2f} s (budget < 2 s)"
            )


if __name__ == "__main__":
    main()
