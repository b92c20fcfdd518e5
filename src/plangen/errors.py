"""Errors a user can act on, and the one table of exit codes.

Every expected failure is a :class:`PlanError` carrying where it happened, so the CLI can print
``错误：path:line：message`` and ``提示：hint`` instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1  # some items of a batch failed, or lint found problems
EXIT_INPUT = 2  # bad input, refused overwrite, usage error
EXIT_INTERNAL = 3  # a bug in plangen
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # SIGTERM (128 + SIGTERM)


class PlanError(Exception):
    """A problem in the user's input, with its location and a hint on how to fix it."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def located(self, path: str | Path | None, line: int | None = None) -> PlanError:
        """Fill in a location the raiser did not know; keeps one already set."""
        if self.path is None:
            self.path = path
            if self.line is None:
                self.line = line
        return self

    def where(self, cwd: Path | None = None) -> str:
        """``path:line`` as the user should read it (relative to *cwd* when inside it)."""
        if self.path is None:
            return ""
        shown = str(self.path)
        if isinstance(self.path, Path) and cwd is not None:
            try:
                shown = str(self.path.resolve().relative_to(cwd.resolve()))
            except (ValueError, OSError):
                shown = str(self.path)
        return f"{shown}:{self.line}" if self.line else shown

    def __str__(self) -> str:
        where = self.where()
        return f"{where}：{self.message}" if where else self.message


class PlanErrors(PlanError):
    """Several problems found in one pass; reported together so users fix them in one go."""

    def __init__(self, errors: list[PlanError]) -> None:
        first = errors[0]
        super().__init__(first.message, first.path, first.line, first.hint)
        self.errors = errors

    @staticmethod
    def raise_if_any(errors: list[PlanError]) -> None:
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise PlanErrors(errors)


def shorten(value: object, limit: int = 40) -> str:
    """A user's value as quoted in a message: one line, at most *limit* characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def translate(message: str, table: dict[str, str]) -> str:
    """The Chinese text for a library's English *message*, by prefix; the message itself if unknown."""
    return next((chinese for english, chinese in table.items() if message.startswith(english)), message)


def flatten(error: PlanError) -> list[PlanError]:
    """The individual problems inside *error*."""
    return list(error.errors) if isinstance(error, PlanErrors) else [error]
