"""Errors a user can cause, each positioned at file:line:column, and their exit codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from svcstd.i18n import Message

EXIT_OK = 0
EXIT_GATE = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3


class WorkerEnded(RuntimeError):
    """A worker process of a batch ended without sending its result: killed, by a person
    or by the system when memory ran out. Neither bad input nor a bug in svcstd."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"a worker process ended without its result (exit code {exitcode})")
        self.exitcode = exitcode


class Location(NamedTuple):
    """A place in a file; ``line`` and ``column`` are 1-based. A tuple, so that the
    loader can make one per value cheaply and problems sort by file, line, column.
    Line 0 means no place in a file: a command-line argument such as ``--profile``."""

    file: str
    line: int = 1
    column: int = 1

    @classmethod
    def argument(cls, name: str) -> Location:
        """A command-line argument (or its value), which has no line or column."""
        return cls(name, 0, 0)

    def __str__(self) -> str:
        return self.file if self.line == 0 else f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, where it is, and (optionally) what to do about it."""

    location: Location
    message: Message
    pointer: str | None = None
    hint: Message | None = None

    def render(self, lang: str) -> str:
        return f"{self.location}: {self.render_message(lang)}"

    def render_message(self, lang: str) -> str:
        """The message without the location: what is wrong, where in the data, what to do."""
        text = self.message.render(lang)
        if self.pointer:
            text += f" [{self.pointer}]"
        if self.hint is not None:
            text += f"\n    {self.hint.render(lang)}"
        return text


@dataclass
class InputError(Exception):
    """Bad input or usage (exit code 2): one or more positioned problems."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A problem of a whole file (line 0, such as "N more problems") comes after its lines.
        # A sorted copy: the caller's list is left as it was.
        self.problems = sorted(
            self.problems,
            key=lambda problem: (problem.location.file, problem.location.line or 1 << 62, problem.location.column),
        )
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        return "\n".join(problem.render(lang) for problem in self.problems)
