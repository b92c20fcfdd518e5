"""Start-up time of ``plangen --help`` as a ratio to a bare two-command typer app (budget ≤ 1.2).

Both run as fresh processes with the same interpreter, interleaved, many times; the ratio of the
medians is printed. Run: ``python benchmarks/startup.py [rounds]``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    print(name)


@app.command()
def bye(name: str) -> None:
    print(name)


app()
"""


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE, encoding="utf-8")
        commands = {
            "typer (2 commands)": [sys.executable, str(bare), "--help"],
            "plangen --help": [
                sys.executable,
                "-c",
                "import sys; from plangen.cli import main; sys.exit(main())",
                "--help",
            ],
        }
        for command in commands.values():  # warm the file cache and .pyc files
            timed(command)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                samples[name].append(timed(command))
    bare_median = statistics.median(samples["typer (2 commands)"])
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:20s} median {median * 1000:7.1f} ms   ratio {median / bare_median:5.2f}")
    ratio = statistics.median(samples["plangen --help"]) / bare_median
    print(
        f"plangen --help / bare typer = {ratio:.2f} (budget ≤ 1.20): {'OK' if ratio <= 1.2 else 'OVER BUDGET'}"
    )


if __name__ == "__main__":
    main()
