"""``plangen lint`` and ``plangen import`` on many lines (budget: every file they accept in under 5 s
and 300 MB, time linear in the number of lines), no assertions.

Text files and Word files of plans, 3,000, 9,000 and 27,000 lines (the limit is 30,000 lines with
text; a collection of 100 plans has about 17,000): the sample plan's lines, each made unique (a
line seen before is not checked again, which would hide the cost), and lines of every ordinal level
with placeholders and past dates, which give the linter and the importer the most to do. For each:

1. in one process, :func:`plangen.readers.read` + :func:`plangen.lint.lint_source` (lint) and read +
   :func:`plangen.importer.import_source` + lint + the files it writes (import), best of
   ``--rounds``; printed as microseconds per line and as a ratio to the smallest file's (linear:
   about 1; quadratic: about 9 at 27,000 lines);
2. ``plangen lint`` and ``plangen import`` on the largest file of each kind and on a text file at
   both limits (8 MB in 30,000 busy lines) as whole processes: wall time and peak memory (the budget).

Run: ``python benchmarks/lint_many_lines.py [--rounds 3] [--sizes 3000,9000,27000]``.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
# benchmarks/docx.py would shadow python-docx (used here to make the Word files)
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]

SAMPLE = HERE.parent / "tests" / "data" / "samples" / "legacy-plan.txt"
SIZES = [3_000, 9_000, 27_000]
INSTALLED_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CN = "一二三四五六七八九十"


def sample_lines(count: int) -> list[str]:
    """One plan: a title, then the sample collection's sentences and sub-headings over and over, each
    ending in its own number, under a section heading every 100 lines (its titles, contents and
    markers left out: they would make a collection of hundreds of plans)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[2:]
    body = [line for line in lines if line.strip() and not re.match(rf"^(?:【|[{CN}]+、)", line)]
    out = ["2027年内科第一党支部工作计划"]
    for index in range(count - 1):
        if index % 100 == 0:
            out.append(f"{CN[index // 100 % 10]}、主要任务{index}")
        else:
            out.append(f"{body[index % len(body)]}{index}")
    return out


def busy_lines(count: int) -> list[str]:
    """A title, then lines of every ordinal level, numbered out of order, with placeholders, past
    dates and web-site residue: a finding or a guess on most of them."""
    out = ["2027年内科第一党支部工作计划"]
    for index in range(count - 1):
        number = index * 7 % 97 + 1
        forms = [
            f"{CN[index // 100 % 10]}、指导思想以习近平新时代中国特色社会主义思想为指导{index}",
            f"（{CN[number % 10]}）加强政治理论学习。每月开展主题党日{index}",
            f"{number}.召开支委会研究工作，2026年3月召开党员大会{index}",
            f"（{number}）xx同志负责，某某同志协助，供大家参考{index}",
            f"{chr(0x2460 + number % 20)}落实“三会一课”制度，庆祝建党100周年{index}",
        ]
        out.append(forms[0] if index % 100 == 0 else forms[1 + index % 4])
    return out


def word_file(lines: list[str], path: Path) -> None:
    """*lines* as the paragraphs of a Word file (python-docx's empty document, its body replaced)."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    body = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in lines)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = document.encode() if info.filename == "word/document.xml" else source.read(info.filename)
            target.writestr(info.filename, data)


def in_process(path: Path, rounds: int) -> tuple[float, float]:
    """Best lint and import times for *path* (the memo of line findings emptied each round)."""
    from plangen.importer import MAX_PLANS, account, dump, import_source, plan_files, report
    from plangen.lint import builtin, checks, lint_source
    from plangen.readers import read

    rules = builtin()
    lint_times, import_times = [], []
    for _ in range(rounds):
        checks._MEMO.data.clear()
        started = time.perf_counter()
        lint_source(read(path), rules)
        lint_times.append(time.perf_counter() - started)
        checks._MEMO.data.clear()
        started = time.perf_counter()
        source = read(path)
        imported = import_source(source, MAX_PLANS)  # as plangen import does it: its lint reads its lines
        findings = lint_source(source, rules.without("site-text"), read=imported.reading).findings
        files = plan_files(imported)
        texts = [dump(data) for data in files.values()]
        texts.append(report(imported, findings, sorted(files), account(imported, files)))
        import_times.append(time.perf_counter() - started)
    return min(lint_times), min(import_times)


# runs plangen as ``python -m plangen`` does and, at exit, writes its own peak memory (Linux's VmHWM:
# this process's alone; a child's rusage would count the benchmark's memory it was forked from)
PEAK = """
import atexit, os, runpy, sys
def peak():
    with open("/proc/self/status") as status, open(os.environ["PEAK_FILE"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
if os.path.exists("/proc/self/status"):
    atexit.register(peak)
sys.argv[0] = "plangen"
runpy.run_module("plangen", run_name="__main__", alter_sys=True)
"""


def whole_process(*args: str, cwd: Path) -> tuple[float, float | None, int]:
    """Wall seconds, peak memory in MB (where the system says) and exit code of one run."""
    peak_file = cwd / "peak.txt"
    peak_file.unlink(missing_ok=True)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK, *args], cwd=cwd, capture_output=True,
                            env={**INSTALLED_ENV, "PEAK_FILE": str(peak_file)})  # fmt: skip
    wall = time.perf_counter() - started
    peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else None
    return wall, peak, result.returncode


def report_process(label: str, path: Path, folder: Path) -> None:
    for command in ("lint", "import"):
        extra = ["-o", str(folder / "out"), "--force"] if command == "import" else []
        wall, peak, code = whole_process(command, str(path), *extra, cwd=folder)
        memory = f"{peak:4.0f} MB" if peak is not None else "   ? MB"
        print(f"  {label:32} {command:6} {wall:5.2f} s {memory}  exit {code}   (budget < 5 s, < 300 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated line counts")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        largest: dict[str, Path] = {}
        print(f"{'lines':18} {'count':>7}   lint µs/line  ratio   import µs/line  ratio")
        for name, make in (("sample", sample_lines), ("busy", busy_lines)):
            for suffix in (".txt", ".docx"):
                base: tuple[float, float] | None = None
                for size in sizes:
                    path = folder / f"{name}-{size}{suffix}"
                    lines = make(size)
                    if suffix == ".txt":
                        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
                    else:
                        word_file(lines, path)
                    lint_time, import_time = in_process(path, args.rounds)
                    per_line = (lint_time / size * 1e6, import_time / size * 1e6)
                    base = base or per_line
                    print(f"{name + suffix:18} {size:7d}   {per_line[0]:12.1f} {per_line[0] / base[0]:6.2f}"
                          f"   {per_line[1]:14.1f} {per_line[1] / base[1]:6.2f}")  # fmt: skip
                    largest[name + suffix] = path
        limit = folder / "limit.txt"  # just under 8 MB in 30,000 busy lines: the text limits together
        padding = "深入贯彻党的二十大精神，扎实推进“十四五”规划，2026年3月召开党员大会，由某某同志负责。" * 3
        title, *rest = busy_lines(29_990)
        lines = [title, *(line + padding[: 100 - len(line)] for line in rest)]  # about 280 bytes each
        limit.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print("whole process:")
        for label, path in largest.items():
            report_process(f"{label}, {sizes[-1]} lines", path, folder)
        report_process(f"{limit.stat().st_size / 2**20:.1f} MB text, 30,000 lines", limit, folder)


if __name__ == "__main__":
    main()
