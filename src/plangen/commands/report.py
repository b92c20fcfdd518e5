"""What a command did (black's batch Report): each outcome is said as it happens — through the
injected environment, so a run stopped by Ctrl-C has already shown what it finished — and counted;
the summary line and the exit code follow from the counts, in one place, for every command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..environment import shown
from ..errors import EXIT_FAILED, EXIT_INPUT, EXIT_OK, PlanError

if TYPE_CHECKING:
    from ..environment import Env


@dataclass
class Report:
    env: Env
    failed: int = 0  # inputs that could not be handled at all: exit 2
    findings: int = 0  # outcomes that are handled but not good (lint errors, failed batch rows): exit 1
    summary: str = ""  # the closing line, said on stdout, or on stderr when something failed
    summary_to_stderr: bool | None = None  # None: stderr exactly when something failed
    code: int | None = None  # an exit code the counts do not express (a stopped batch)

    def say(self, text: str) -> None:
        """An outcome line on stdout."""
        self.env.say(text)

    def made(self, path: Path) -> None:
        """A file written: “已生成：path”."""
        self.env.say(f"已生成：{self.shown(path)}")

    def note(self, text: str) -> None:
        """Something the user should know, on stderr."""
        self.env.warn(text)

    def problem(self, error: PlanError, path: Path | None = None) -> None:
        """An input that failed: printed as ``错误：path:line：message`` and counted."""
        self.failed += 1
        self.env.report(error if error.path is not None or path is None else error.located(path))

    def write(self, text: str) -> None:
        """Data for another program (JSON) on stdout, as it is."""
        self.env.stdout.write(text)

    def shown(self, path: Path) -> str:
        return shown(path, self.env.cwd)

    @property
    def exit_code(self) -> int:
        if self.code is not None:
            return self.code
        if self.failed:
            return EXIT_INPUT
        return EXIT_FAILED if self.findings else EXIT_OK

    def finish(self) -> int:
        """Say the summary and return the exit code: what the CLI does with every Report."""
        if self.summary:
            to_stderr = self.summary_to_stderr
            if to_stderr is None:
                to_stderr = bool(self.failed or self.findings)
            (self.env.warn if to_stderr else self.env.say)(self.summary)
        return self.exit_code
