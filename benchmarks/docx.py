"""DOCX speed, printed beside pandoc converting the same Markdown (ratios, no assertions).

1. the DOCX writer alone, per plan (IR → bytes);
2. 100 plans in one process: compose + DOCX + Markdown + write, per plan;
3. one plan as a whole process (``plangen build -f docx,md``, default options);
against pandoc turning the plan's Markdown into DOCX, one process per plan.
Run: ``python benchmarks/docx.py [plans]``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# plangen as installed: Python's compiled bytecode kept (pip writes it at install; a developer's
# PYTHONDONTWRITEBYTECODE would make every run recompile the edited modules)
INSTALLED_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
EXAMPLE = REPO / "examples" / "hospital-branch.yaml"


def plangen_command() -> list[str]:
    """How a user starts plangen: the console script installed beside this Python (``-m plangen``
    where there is none, as in a bare checkout)."""
    script = shutil.which("plangen", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "plangen"]


def pandoc() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if not found:
            sys.exit("pandoc is needed for the comparison (pip install pypandoc-binary)")
        return found


def median_time(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    plans = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    from plangen.compose import Composer
    from plangen.library import Library
    from plangen.pipeline import Builder, BuildOptions
    from plangen.schema.load import load_spec
    from plangen.writers import docx, markdown

    library = Library.default(environ={})
    spec, source = load_spec(EXAMPLE)
    doc = Composer(library).compose(spec, source)
    md_text = markdown.render(doc)

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        md_file = folder / "plan.md"
        md_file.write_text(md_text, encoding="utf-8")
        pandoc_path = pandoc()

        def run_pandoc() -> None:
            subprocess.run([pandoc_path, str(md_file), "-o", str(folder / "pandoc.docx")], check=True)

        run_pandoc()
        pandoc_time = median_time(run_pandoc, 10)

        docx.render(doc)  # build the static parts once, as a real run does
        writer_time = median_time(lambda: docx.render(doc), 50)

        builder = Builder(library, folder)
        specs = []
        for number in range(plans):
            path = folder / f"spec{number}.yaml"
            path.write_text(EXAMPLE.read_text(encoding="utf-8").replace("内科第一党支部", f"第{number}党支部"),
                            encoding="utf-8")  # fmt: skip
            specs.append(path)
        options = BuildOptions(out_dir=folder / "out", formats=["docx", "md"])
        started = time.perf_counter()
        for path in specs:
            builder.build(path, options)
        batch_time = (time.perf_counter() - started) / plans

        command = [*plangen_command(), "build", str(EXAMPLE), "-o", str(folder / "one"), "-f", "docx,md",
                   "--force"]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, env=INSTALLED_ENV)  # warm the caches
        process_time = median_time(
            lambda: subprocess.run(command, check=True, capture_output=True, env=INSTALLED_ENV), 10
        )

    print(f"plan: {len(md_text)} characters of Markdown, {len(doc.body)} paragraphs")
    print(f"pandoc md→docx, one process per plan   {pandoc_time * 1000:8.1f} ms   1.00")
    print(
        f"plangen DOCX writer per plan           {writer_time * 1000:8.1f} ms   {writer_time / pandoc_time:5.3f}"
    )
    print(f"plangen DOCX+MD, {plans} plans in a process {batch_time * 1000:8.1f} ms   {batch_time / pandoc_time:5.3f}"
          f"   ({pandoc_time / batch_time:.0f}× faster than pandoc per plan)")  # fmt: skip
    print(f"plangen build DOCX+MD, whole process   {process_time * 1000:8.1f} ms   {process_time / pandoc_time:5.2f}"
          "   (budget ≤ 2× pandoc)")  # fmt: skip


if __name__ == "__main__":
    main()
