"""What a letter is made with (the templates and the statement library) and in which formats.
Light to import: the statement library is loaded, and pydantic imported, only when a letter
needs it, so that a batch whose letters are all unchanged starts quickly."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from reporter.errors import InputError, Problem
from reporter.resources import statements_dir, templates_dir

if TYPE_CHECKING:
    from reporter.statements import Library


class Format(StrEnum):
    PDF = "pdf"
    HTML = "html"
    ALL = "all"


class Audience(StrEnum):
    """Who the files are for: the school (the letter), parents (the summary), or both."""

    SCHOOL = "school"
    PARENTS = "parents"
    ALL = "all"

    @property
    def school(self) -> bool:
        return self is not Audience.PARENTS

    @property
    def parents(self) -> bool:
        return self is not Audience.SCHOOL


# The outcome is not published or shared with parents until the final report is sent to the
# school: the summary for parents waits for --final.
NOT_BEFORE_THE_FINAL_REPORT = ("P116", "P122", "P128")


def refuse_unless_final(audience: Audience, final: bool) -> None:
    """Refuse, before anything is written, a summary for parents that is not yet allowed."""
    if audience.parents and not final:
        raise InputError(
            [
                Problem(
                    f"--audience {audience.value}",
                    "",
                    "the summary for parents is made only with --final, once the final report "
                    "has been sent to the school: until then the outcome must not be published "
                    "or shared with parents. Nothing was written",
                    NOT_BEFORE_THE_FINAL_REPORT,
                )
            ]
        )


@dataclass(frozen=True)
class Sources:
    """The templates and statement library a letter is made with (the shipped ones by default)."""

    templates: Path = field(default_factory=templates_dir)
    statements: Path = field(default_factory=statements_dir)

    def library(self) -> Library:
        return library(self.statements.resolve())


@cache
def library(root: Path) -> Library:
    from reporter.statements import load_library

    return load_library(root)
