"""What the commands may touch of the outside world — streams, folder, environment variables —
in one object the tests replace (httpie's injected environment). Imported by the face (cli) and by
what prints for it (usage); it imports nothing of either."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import PlanError, flatten
from .textio import UNPRINTABLE

if TYPE_CHECKING:
    from rich.console import Console

    from .library import Library


def visible(text: str) -> str:
    """*text* with control characters (line breaks included) shown as ``\\xNN``: a file name or key
    from the user must not move the cursor, clear the screen, reverse or split the line it is on."""
    return UNPRINTABLE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text
    )


def silence_stdout() -> None:
    """Point stdout at the null device so the interpreter's final flush cannot fail again (a pipe
    whose reader left, a terminal that closed)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # an injected stream without a file descriptor
        pass


def shown(path: Path | str, cwd: Path) -> str:
    """*path* as the user should read it: relative to *cwd* when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except (ValueError, OSError):
        return str(path)


@dataclass
class Env:
    """What the commands may touch of the outside world; tests pass their own."""

    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    stdin: IO[str] | None = field(default_factory=lambda: sys.stdin)
    cwd: Path = field(default_factory=Path.cwd)
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    debug: bool = False
    _out: Console | None = None

    @property
    def out(self) -> Console:
        if self._out is None:
            from rich.console import Console

            self._out = Console(file=self.stdout, highlight=False, soft_wrap=True)
        return self._out

    @property
    def interactive(self) -> bool:
        """A person can answer questions: standard input and output are both terminals."""
        try:
            return bool(self.stdin and self.stdin.isatty() and self.stdout.isatty())
        except (ValueError, OSError):  # closed or detached streams
            return False

    def say(self, text: str) -> None:
        """A plain line on stdout (rich is only for tables: it costs ~50 ms to import)."""
        self.stdout.write(visible(text) + "\n")

    def warn(self, text: str) -> None:
        self.stderr.write(visible(text) + "\n")

    def library(self, extra: list[Path] | None) -> Library:
        from .library import Library

        paths = [p if p.is_absolute() else self.cwd / p for p in (extra or [])]
        return Library.default(paths, self.environ)

    def office(self, no_office: bool = False) -> bool:
        """Use LibreOffice to check the contents pages: not with --no-office or PLANGEN_OFFICE=0."""
        return not no_office and self.environ.get("PLANGEN_OFFICE", "1") != "0"

    def path(self, value: Path) -> Path:
        return value if value.is_absolute() else self.cwd / value

    def report(self, error: PlanError) -> None:
        """Print ``错误：path:line：message`` and ``提示：hint`` for each problem."""
        if self.debug and error.__traceback__ is not None:
            import traceback

            traceback.print_exception(error, file=self.stderr)
        for problem in flatten(error):
            where = problem.where(self.cwd)
            self.warn(f"错误：{where}：{problem.message}" if where else f"错误：{problem.message}")
            if problem.hint:
                self.warn(f"提示：{problem.hint}")
