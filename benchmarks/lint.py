"""``plangen lint`` on a 200-page Word file (budget: lints in under 2 s), no assertions.

A real plan is built with ``plangen build`` (a few branches, ``--set org.name=…``), and its body
(paragraphs and tables) is copied, plan after plan, into one DOCX of about 200 pages: a GB/T 9704
page holds 22 lines × 28 characters ≈ 600 characters, so the pages are estimated from the text;
``--pages-check`` converts the file to PDF with LibreOffice and counts them with ``pdfinfo`` (about
1.5× the estimate: headings, the contents page and the narrow columns of the monthly table hold
fewer characters a page, so the file timed is, if anything, longer than the budget's).

1. ``plangen lint FILE.docx --year 2027 --format json`` as a whole process: median wall time, beside
   the same command on the one plan it was copied from (start-up and imports: the fixed cost);
2. in one process, the split: reading the file (:func:`plangen.readers.read`) and linting it
   (:func:`plangen.lint.lint_source` with the built-in rules), medians; ``--profile`` prints the
   top functions of read + lint by cumulative time (cProfile).

Run: ``python benchmarks/lint.py [--pages 200] [--rounds 5] [--year 2027] [--pages-check] [--profile]
[--keep FILE.docx]``. ``--year 2025`` judges the 2027 plans against another year: many findings.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# benchmarks/docx.py would shadow python-docx (imported here and by plangen's Word reader)
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]

REPO = HERE.parent
EXAMPLE = REPO / "examples" / "hospital-branch.yaml"
# plangen as installed: Python's compiled bytecode kept (pip writes it at install; a developer's
# PYTHONDONTWRITEBYTECODE would make every run recompile the edited modules)
INSTALLED_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
BRANCHES = ["内科第一党支部", "外科党支部", "护理第二党支部", "机关行政党支部", "医技党支部", "儿科党支部"]
CHARS_PER_PAGE = 22 * 28  # GB/T 9704: 22 lines of 28 characters
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PAGE_BREAK = f'<w:p xmlns:w="{W[1:-1]}"><w:r><w:br w:type="page"/></w:r></w:p>'


def plangen(*args: str) -> list[str]:
    return [sys.executable, "-m", "plangen", *args]


def build_plans(folder: Path, count: int) -> list[Path]:
    """*count* real plans, one per branch name, as DOCX."""
    plans = []
    for number in range(count):
        out = folder / f"plan{number}"
        name = BRANCHES[number % len(BRANCHES)] + (
            f"{number // len(BRANCHES) + 1}" if number >= len(BRANCHES) else ""
        )
        subprocess.run(plangen("build", str(EXAMPLE), "-o", str(out), "-f", "docx", "--force",
                               "--set", f"org.name={name}"),
                       check=True, capture_output=True, cwd=folder, env=INSTALLED_ENV)  # fmt: skip
        plans.append(next(out.glob("*.docx")))
    return plans


def body_of(document) -> list:
    """The paragraphs and tables of a document's body (its last section's properties left out)."""
    return [child for child in document.element.body if child.tag in (f"{W}p", f"{W}tbl")]


def text_length(elements: list) -> int:
    return sum(len(t.text or "") for element in elements for t in element.iter(f"{W}t"))


def assemble(plans: list[Path], target: Path, pages: int) -> tuple[int, int, int]:
    """One DOCX of about *pages* pages from copies of *plans*; (copies, paragraphs, characters)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document(str(plans[0]))
    bodies = [body_of(document)] + [body_of(docx.Document(str(plan))) for plan in plans[1:]]
    end = document.element.body[-1]  # the last sectPr: every copy goes before it
    characters, copies = text_length(bodies[0]), 1
    while characters < pages * CHARS_PER_PAGE:
        elements = bodies[copies % len(bodies)]
        end.addprevious(parse_xml(PAGE_BREAK))
        for element in elements:
            end.addprevious(copy.deepcopy(element))
        characters += text_length(elements)
        copies += 1
    document.save(str(target))
    paragraphs = sum(1 for _ in document.element.body.iter(f"{W}p"))
    return copies, paragraphs, characters


def measured_pages(path: Path, folder: Path) -> int | None:
    """Pages as LibreOffice lays the file out (``pdfinfo`` on its PDF), or None without the tools."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdfinfo") is None:
        print("--pages-check: soffice or pdfinfo not found; pages are estimated")
        return None
    profile = folder / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder / "pdf"), str(path)],
                   check=True, capture_output=True, timeout=600)  # fmt: skip
    info = subprocess.run(["pdfinfo", str(folder / "pdf" / (path.stem + ".pdf"))],
                          check=True, capture_output=True, text=True).stdout  # fmt: skip
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(match.group(1)) if match else None


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="pages of the Word file (estimated)")
    parser.add_argument("--rounds", type=int, default=5, help="timed runs of each measurement")
    parser.add_argument("--year", type=int, default=2027, help="plangen lint --year")
    parser.add_argument("--plans", type=int, default=4, help="different plans copied into the file")
    parser.add_argument("--pages-check", action="store_true", help="count real pages (LibreOffice)")
    parser.add_argument("--profile", action="store_true", help="cProfile of read + lint, top 10")
    parser.add_argument("--keep", type=Path, help="also save the Word file here")
    args = parser.parse_args()

    from plangen.lint import builtin, lint_source
    from plangen.readers import read

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        target = folder / f"{args.pages}页计划汇编.docx"
        plans = build_plans(folder, args.plans)
        copies, paragraphs, characters = assemble(plans, target, args.pages)
        if args.keep:
            shutil.copyfile(target, args.keep)
        pages = measured_pages(target, folder) if args.pages_check else None

        def run_lint(path: Path = target) -> dict:
            command = plangen("lint", str(path), "--year", str(args.year), "--format", "json")
            # no check=True: lint exits 1 when it finds errors
            done = subprocess.run(command, capture_output=True, cwd=folder, env=INSTALLED_ENV)
            if done.returncode not in (0, 1):
                sys.exit(
                    f"plangen lint failed (exit {done.returncode}):\n{done.stderr.decode(errors='replace')}"
                )
            result = json.loads(done.stdout)
            if "findings" not in result:
                sys.exit("plangen lint --format json: no 'findings' in its output")
            return result

        result = run_lint()  # warm the file cache and .pyc files
        process = statistics.median(timed(run_lint) for _ in range(args.rounds))
        run_lint(plans[0])
        one_plan = statistics.median(timed(lambda: run_lint(plans[0])) for _ in range(args.rounds))

        rules = builtin()
        source = read(target)  # python-docx imported, as in a real run
        lint_source(source, rules, args.year)
        read_time = statistics.median(timed(lambda: read(target)) for _ in range(args.rounds))
        lint_time = statistics.median(
            timed(lambda: lint_source(source, rules, args.year)) for _ in range(args.rounds)
        )

        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            lint_source(read(target), rules, args.year)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(10)

        size = target.stat().st_size

    shown = f"≈{characters / CHARS_PER_PAGE:.0f} estimated (600 characters a page)"
    if pages is not None:
        shown = f"{pages} laid out by LibreOffice, {shown}"
    print(f"file: {copies} plans copied, {size / 1024:.0f} KB")
    print(f"pages       {shown}")
    print(f"paragraphs  {paragraphs} (w:p, table cells included; lines read: {len(source.lines)})")
    print(f"characters  {characters}")
    print(f"findings    {len(result['findings'])}")
    print(f"plangen lint, whole process   median {process:6.3f} s   ({args.rounds} rounds)")
    print(f"plangen lint, one plan        median {one_plan:6.3f} s   (start-up, imports, one plan)")
    print(f"  in process: read            median {read_time:6.3f} s")
    print(f"  in process: lint_source     median {lint_time:6.3f} s")
    print(f"budget 2.0 s: {'OK' if process < 2.0 else 'over'}")


if __name__ == "__main__":
    main()
