"""Can the letter's font print every character of an input?

A character the font lacks prints as an empty box (the .notdef glyph, which PDF/A forbids) or, at
best, in another typeface picked by fontconfig. So free text is checked against the character map
of the font the letter is set in, and a character it lacks is an input error naming the field.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel

from reporter.errors import Problem, SetupError

LETTER_FONT = "Liberation Sans"  # the first family in templates/letter.css (a test checks)
STYLES = ("Regular", "Bold")  # body text, and headings (the school's name is in the title)
NOT_PRINTED = {"\n", "\r", "\t"}  # line breaks and tabs in Markdown lay out, they print nothing


@cache
def printable(family: str = LETTER_FONT) -> frozenset[int]:
    """Code points that every style of the letter's font has a glyph for, from fontconfig (the
    library that also picks the font for the PDF): one ``fc-list`` call, ranges in hex."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise SetupError([Problem("fc-list", "", "fontconfig is missing: run scripts/setup")])
    listed = subprocess.run(
        [fc_list, "-f", "%{style}\t%{charset}\n", family],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    charsets = {}
    for line in listed.splitlines():
        styles, _, ranges = line.partition("\t")
        for style in styles.split(","):
            charsets[style] = _code_points(ranges)
    missing = [style for style in STYLES if style not in charsets]
    if missing:
        raise SetupError(
            [
                Problem(
                    family,
                    style,
                    "the letter's font is not installed in this style: run scripts/setup, which "
                    "installs Debian's fonts-liberation2",
                )
                for style in missing
            ]
        )
    return frozenset(set.intersection(*(charsets[style] for style in STYLES)))


def _code_points(ranges: str) -> set[int]:
    """fontconfig's charset ("20-7e a0-36f 374") as a set of code points."""
    points: set[int] = set()
    for part in ranges.split():
        first, _, last = part.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str, str]]:
    if isinstance(value, str) and not isinstance(value, Enum):
        yield ".".join(str(part) for part in path), value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
    elif not isinstance(value, int | float | date | Enum | None):
        raise TypeError(f"no glyph check for {type(value).__name__} at {path}")


def missing(text: str) -> list[str]:
    """The characters of ``text`` the letter's font has no glyph for, each once, in order."""
    repertoire = printable()
    return sorted(c for c in set(text) if ord(c) not in repertoire and c not in NOT_PRINTED)


def unprintable(model: BaseModel, file: str) -> list[Problem]:
    """One problem per field holding characters the letter's font cannot print."""
    problems = []
    for field, text in _strings(model):
        if lacking := missing(text):
            named = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, '?')})" for c in lacking)
            problems.append(
                Problem(
                    file,
                    field,
                    f"{named}: the letter's font ({LETTER_FONT}) has no glyph for this, so it "
                    "would print as an empty box or in another typeface; write it another way",
                )
            )
    return problems
