"""What a letter is made with (the templates and the statement library) and in which formats.
Light to import: the statement library is loaded, and pydantic imported, only when a letter
needs it, so that a batch whose letters are all unchanged starts quickly."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from reporter.resources import statements_dir, templates_dir

if TYPE_CHECKING:
    from reporter.statements import Library


class Format(StrEnum):
    PDF = "pdf"
    HTML = "html"
    ALL = "all"


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
