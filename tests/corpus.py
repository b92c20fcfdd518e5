"""A corpus of what plangen writes: every example for 2026, 2027 and 2028 (DOCX, Markdown, .ics, CSV),
a batch of the example roster with its combined volume, an import of a legacy plan and the schedule
listing. A restructuring must leave every byte as it was: test_corpus compares the corpus with the
digests in tests/data/corpus.json.

Run as a script to see what changed, or to record the digests after a change meant to alter output:
    python tests/corpus.py              # compare (exit 1 on a difference)
    python tests/corpus.py --update     # write tests/data/corpus.json
    python tests/corpus.py --office     # the same with LibreOffice's pages (not recorded: they follow
                                        # the LibreOffice version; compare two checkouts' listings)
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
LEGACY = Path(__file__).resolve().parent / "data" / "samples" / "legacy-plan.txt"
DIGESTS = Path(__file__).resolve().parent / "data" / "corpus.json"
YEARS = (2026, 2027, 2028)
EPOCH = "1795480000"  # the build time written into the document properties


def _run(args: list[str], cwd: Path, office: bool) -> str:
    from plangen.cli import Env, main

    out, err = io.StringIO(), io.StringIO()
    environ = {"SOURCE_DATE_EPOCH": EPOCH, "PLANGEN_OFFICE": "1" if office else "0"}
    code = main(args, Env(stdout=out, stderr=err, cwd=cwd, environ=environ))
    if code != 0:
        raise RuntimeError(f"plangen {' '.join(args)} → {code}\n{err.getvalue()}")
    return out.getvalue()


def build(folder: Path, office: bool = False) -> dict[str, str]:
    """Make the corpus in *folder*; {relative path: sha256} of every file made (and of the schedule
    listing and the import's JSON, which are printed)."""
    for spec in sorted(EXAMPLES.glob("*.yaml")):
        for year in YEARS:
            out = folder / "build" / f"{spec.stem}-{year}"
            _run(
                ["build", str(spec), "--year", str(year), "-f", "docx,md,ics,csv", "-o", str(out)],
                folder,
                office,
            )
    printed = folder / "printed"
    printed.mkdir()
    for year in YEARS:
        listing = _run(
            ["schedule", str(EXAMPLES / "hospital-branch.yaml"), "--year", str(year)], folder, office
        )
        (printed / f"schedule-{year}.txt").write_text(listing, encoding="utf-8")
    _run(
        [
            "batch", str(EXAMPLES / "roster.csv"), "--spec", str(EXAMPLES / "hospital-branch.yaml"),
            "-o", str(folder / "batch"), "--year", "2028", "--jobs", "1",
            "--combine", str(folder / "volume.docx"),
        ],
        folder,
        office,
    )  # fmt: skip
    _run(["import", str(LEGACY), "-o", str(folder / "import")], folder, office)
    (printed / "import.json").write_text(
        _run(["import", str(LEGACY), "--json"], folder, office), encoding="utf-8"
    )
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".plangen" not in path.parts  # a batch's own state: paths, times
    }


def differences(recorded: dict[str, str], made: dict[str, str]) -> list[str]:
    """What is missing, new or changed, one line each."""
    lines = [f"缺少 {name}" for name in recorded.keys() - made.keys()]
    lines += [f"多出 {name}" for name in made.keys() - recorded.keys()]
    lines += [f"改变 {name}" for name in recorded.keys() & made.keys() if recorded[name] != made[name]]
    return sorted(lines)


def main(argv: list[str]) -> int:
    office = "--office" in argv
    folder = Path(tempfile.mkdtemp(prefix="plangen-corpus-"))
    try:
        made = build(folder, office)
    finally:
        if "--keep" in argv:
            print(folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if office:
        for name, digest in made.items():
            print(digest, name)
        return 0
    if "--update" in argv:
        DIGESTS.write_text(json.dumps(made, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(made)} files recorded in {DIGESTS.relative_to(REPO)}")
        return 0
    changed = differences(json.loads(DIGESTS.read_text(encoding="utf-8")), made)
    print("\n".join(changed) or f"{len(made)} files as recorded")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
