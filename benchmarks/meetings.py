"""A year's meeting papers for one branch, printed beside pandoc (ratios, no assertions).

1. ``plangen meetings`` as a user runs it — the console script, default options (one DOCX per
   meeting), the example hospital branch with its 23 members, so its 党小组会 get a file per group —
   into a fresh folder, as a whole process: the median of several runs;
2. a rerun into the same folder (nothing changed: every file is read and compared, none written);
3. pandoc turning the same papers' Markdown (``-f md``) into DOCX, one process per meeting, as a
   secretary's script over a folder of Markdown would.

Run: ``python benchmarks/meetings.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def _sibling(name: str):
    """benchmarks/<name>.py by path (benchmarks/docx.py would shadow python-docx on sys.path)."""
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_docx = _sibling("docx")
REPO, pandoc, plangen_command, INSTALLED_ENV = (
    _docx.REPO,
    _docx.pandoc,
    _docx.plangen_command,
    _docx.INSTALLED_ENV,
)
EXAMPLE = REPO / "examples" / "hospital-branch.yaml"
MEMBERS = REPO / "examples" / "members.csv"


def _run(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run([*plangen_command(), *args], cwd=cwd, env=INSTALLED_ENV, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        args = ["meetings", str(EXAMPLE), "--members", str(MEMBERS)]
        fresh, rerun = [], []
        for number in range(repeat):
            out = root / f"run{number}"
            fresh.append(_run([*args, "-o", str(out)], root))
            rerun.append(_run([*args, "-o", str(out)], root))
        files = len(list((root / "run0").glob("*.docx")))
        markdown = root / "md"
        _run([*args, "-o", str(markdown), "-f", "md"], root)
        sources = sorted(markdown.glob("*.md"))
        program = pandoc()
        started = time.perf_counter()
        for source in sources:
            subprocess.run([program, str(source), "-o", str(source.with_suffix(".docx"))], check=True)
        pandoc_time = time.perf_counter() - started
        shutil.rmtree(root, ignore_errors=True)
    first, again = sorted(fresh)[len(fresh) // 2], sorted(rerun)[len(rerun) // 2]
    print(f"plangen meetings（{files} 个会议文件，默认选项，整个进程）：中位数 {first:.2f} s")
    print(f"再次运行（无变化，全部比对、不写入）：中位数 {again:.2f} s")
    print(f"pandoc 逐个转换同样的 Markdown（{len(sources)} 个进程）：{pandoc_time:.2f} s")
    print(f"比值：plangen / pandoc = {first / pandoc_time:.2f}")


if __name__ == "__main__":
    main()
