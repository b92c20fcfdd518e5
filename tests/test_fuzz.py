"""Fuzzing every file and option a user can hand plangen (see ``fuzzing.py`` for the promise).

Families: plan specs, blocks, templates, libraries, options and holidays for build/validate/blocks/
templates/schema/schedule; and for the newer commands — batch rosters (CSV in every dialect and encoding
Excel and WPS write, damaged and hostile ones; XLSX from openpyxl and hostile zips), lint and import
inputs (text, Markdown, Word files made with python-docx then mutated as XML and as bytes, zip bombs,
long single lines, web pages, traditional characters, files that are not a plan), the wizard's answers
files and its --data options. The new families are held to 300 MB of peak memory per case.

The default run tries a few dozen cases and stops at the first broken promise, shrunk by hypothesis.
The long run tries many, checks every promise and reports every class it finds (case, problems, stderr)::

    PLANGEN_FUZZ=10000 PLANGEN_FUZZ_REPORT=fuzz.json python -m pytest tests/test_fuzz.py -s

On two cores 10,000 cases take about 20–40 minutes (each hang costs ``HANG_SECONDS``). To rerun one
reported case, rebuild it from its seed with ``fuzzing.make_case(random.Random(seed))`` and
``fuzzing.prepare(case, folder)``, then run its argv in that folder.
"""

from __future__ import annotations

import collections
import json
import os
import random
import time

import pytest
from fuzzing import Runner, make_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LONG = int(os.environ.get("PLANGEN_FUZZ", "0") or 0)


@pytest.fixture(scope="module")
def runner():
    runner = Runner()
    yield runner
    runner.close()


def test_fuzz(runner: Runner) -> None:
    counts: collections.Counter[str] = collections.Counter()
    failures: list[dict[str, object]] = []
    started = time.perf_counter()
    slowest = 0.0

    def record(seed: object, case, outcome, problems) -> dict[str, object]:
        return {"seed": seed, "case": json.loads(case.describe()), "problems": problems,
                "stderr": outcome.err[-1500:]}  # fmt: skip

    def tally(case, outcome) -> None:
        nonlocal slowest
        counts["cases"] += 1
        counts[f"kind {case.kind}"] += 1
        counts[f"exit {outcome.code}"] += 1
        counts["hangs"] += outcome.hang
        slowest = max(slowest, outcome.seconds)

    if LONG:  # plain seeds: every case rebuilt from its seed alone, no engine replaying draws
        for seed in range(LONG):
            case = make_case(random.Random(seed))
            outcome, problems = runner.run(case)
            tally(case, outcome)
            if problems:
                failures.append(record(seed, case, outcome, problems))
        _summary(counts, failures, started, slowest)
        return

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        derandomize=True,  # the default run is the same on every machine
        suppress_health_check=list(HealthCheck),
    )
    @given(st.randoms(use_true_random=False))
    def one(rng) -> None:
        case = make_case(rng)
        outcome, problems = runner.run(case)
        tally(case, outcome)
        if problems:
            raise AssertionError(
                json.dumps(record(None, case, outcome, problems), ensure_ascii=False, indent=1)
            )

    one()
    _summary(counts, failures, started, slowest)


def _summary(counts: collections.Counter[str], failures: list[dict[str, object]], started: float,
             slowest: float) -> None:  # fmt: skip
    summary = {
        "counts": dict(sorted(counts.items())),
        "failures": len(failures),
        "slowest_case_seconds": round(slowest, 2),
        "minutes": round((time.perf_counter() - started) / 60, 1),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if LONG and os.environ.get("PLANGEN_FUZZ_REPORT"):
        with open(os.environ["PLANGEN_FUZZ_REPORT"], "w", encoding="utf-8") as handle:
            json.dump({"summary": summary, "failures": failures}, handle, ensure_ascii=False, indent=1)
    assert not failures, json.dumps(failures[:5], ensure_ascii=False, indent=1)
    assert counts["exit 0"] and counts["exit 2"]  # the fuzzer reaches both sides of the promise
