"""Fuzzing every file and option a user can hand plangen (see ``fuzzing.py`` for the promise).

Families: plan specs, blocks, templates, libraries, options and holidays for build/validate/blocks/
templates/schema/schedule; and for the newer commands — batch rosters (CSV in every dialect and encoding
Excel and WPS write, damaged and hostile ones; XLSX from openpyxl and hostile zips), lint and import
inputs (text, Markdown, Word files made with python-docx then mutated as XML and as bytes, zip bombs,
long single lines, web pages, traditional characters, files that are not a plan), the wizard's answers
files and its --data options; plangen meetings on plans whose meetings: section is mistyped and on
members lists (CSV in the encodings Excel and WPS write, XLSX, damaged, hostile, thousands of rows),
with the options typed and mistyped, last run's papers there, one filled in by hand — also run on
their own (:func:`test_fuzz_meetings`, PLANGEN_FUZZ/2 seeds in the long run). The new families are
held to 300 MB of peak memory per case.

The default run tries a few dozen cases and stops at the first broken promise, shrunk by hypothesis.
The long run tries many, checks every promise and reports every class it finds (case, problems, stderr)::

    PLANGEN_FUZZ=10000 PLANGEN_FUZZ_REPORT=fuzz.json python -m pytest tests/test_fuzz.py -s

On two cores 10,000 cases take about 20–40 minutes (each hang costs ``HANG_SECONDS``). To rerun one
reported case, rebuild it from its seed with ``fuzzing.make_case(random.Random(seed))`` (a meetings
case: ``make_case(random.Random(seed), fuzzing.MEETINGS_FAMILIES)``) and
``fuzzing.prepare(case, folder)``, then run its argv in that folder.
"""

from __future__ import annotations

import collections
import json
import os
import random
import time

import pytest
from fuzzing import MEETINGS_FAMILIES, Runner, make_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LONG = int(os.environ.get("PLANGEN_FUZZ", "0") or 0)


@pytest.fixture(scope="module")
def runner():
    runner = Runner()
    yield runner
    runner.close()


def test_fuzz(runner: Runner) -> None:
    _fuzz(runner, None, 40)


def test_fuzz_meetings(runner: Runner) -> None:
    """plangen meetings on its own: a plan's meetings: section, members lists and the options; the
    run over every family holds these too, a few a run."""
    _fuzz(runner, MEETINGS_FAMILIES, 25, seeds=range(1_000_000, 1_000_000 + LONG // 2))


def _fuzz(runner: Runner, kinds: list[str] | None, examples: int, seeds: range | None = None) -> None:
    """*examples* cases of *kinds* (all: None); the long run takes *seeds* (by default PLANGEN_FUZZ's)."""
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
        for seed in seeds or range(LONG):
            case = make_case(random.Random(seed), kinds)
            outcome, problems = runner.run(case)
            tally(case, outcome)
            if problems:
                failures.append(record(seed, case, outcome, problems))
        _summary(counts, failures, started, slowest, kinds)
        return

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,  # the default run is the same on every machine
        suppress_health_check=list(HealthCheck),
    )
    @given(st.randoms(use_true_random=False))
    def one(rng) -> None:
        case = make_case(rng, kinds)
        outcome, problems = runner.run(case)
        tally(case, outcome)
        if problems:
            raise AssertionError(
                json.dumps(record(None, case, outcome, problems), ensure_ascii=False, indent=1)
            )

    one()
    _summary(counts, failures, started, slowest, kinds)


def _summary(counts: collections.Counter[str], failures: list[dict[str, object]], started: float,
             slowest: float, kinds: list[str] | None) -> None:  # fmt: skip
    summary = {
        "counts": dict(sorted(counts.items())),
        "failures": len(failures),
        "slowest_case_seconds": round(slowest, 2),
        "minutes": round((time.perf_counter() - started) / 60, 1),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if LONG and os.environ.get("PLANGEN_FUZZ_REPORT"):  # fuzz.json, and fuzz.meetings.json for those alone
        report = os.environ["PLANGEN_FUZZ_REPORT"]
        if kinds:
            report = f"{os.path.splitext(report)[0]}.{kinds[0]}.json"
        with open(report, "w", encoding="utf-8") as handle:
            json.dump({"summary": summary, "failures": failures}, handle, ensure_ascii=False, indent=1)
    assert not failures, json.dumps(failures[:5], ensure_ascii=False, indent=1)
    assert counts["exit 0"] and counts["exit 2"]  # the fuzzer reaches both sides of the promise
