"""Errors that reach the user.

    ReporterError            anything the user can fix; the CLI prints it and exits 1
    ├── InputError           an input file is unreadable, malformed or breaks a handbook rule
    ├── LibraryError         the statement library is broken (a template author's fix)
    ├── TemplateError        a letter template is broken (a template author's fix)
    ├── OutputError          the output folder cannot be written (a read-only folder, a file)
    └── SetupError           the machine lacks something reporter needs (run scripts/setup)

Each carries a list of :class:`Problem`, so that every fault in a file is reported at once.
Any other exception is a bug and is shown as one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One fault: where it is, what is wrong, and the handbook paragraph(s) it breaks, if any."""

    file: str
    field: str
    message: str
    paragraphs: tuple[str, ...] = ()
    line: int | None = None

    @property
    def paragraph(self) -> str | None:
        """The citation as printed: 'P60, P140'."""
        return ", ".join(self.paragraphs) or None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        cite = f" (handbook {self.paragraph})" if self.paragraphs else ""
        field = f"{self.field}: " if self.field else ""
        return f"{self.where}: {field}{self.message}{cite}"


class ReporterError(Exception):
    """A fault the user can fix, carrying every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InputError(ReporterError):
    """An input file that cannot become a letter."""


class LibraryError(ReporterError):
    """A statement library that cannot be used."""


class TemplateError(ReporterError):
    """A letter template that cannot be rendered."""


class OutputError(ReporterError):
    """Letters cannot be written where they were asked to go."""


class SetupError(ReporterError):
    """Something the machine must provide is missing: not the input's fault, nor an author's."""
