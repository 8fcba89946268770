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

from reporter.errors import LibraryError, Problem

LETTER_FONT = "Liberation Sans"  # the first family in templates/letter.css (a test checks)
STYLES = ("Regular", "Bold")  # body text, and headings (the school's name is in the title)
NOT_PRINTED = {"\n", "\r", "\t"}  # line breaks and tabs in Markdown lay out, they print nothing


@cache
def printable(family: str = LETTER_FONT) -> frozenset[int]:
    """Code points that every style of the letter's font has a glyph for."""
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency, used here for the cmap

    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise LibraryError(
            [Problem("fc-match", "", "fontconfig is not installed: run scripts/setup")]
        )
    maps = []
    for style in STYLES:
        found = subprocess.run(
            [fc_match, "-f", "%{family}\n%{file}", f"{family}:style={style}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split("\n")
        if len(found) < 2 or family not in found[0].split(","):
            raise LibraryError(
                [
                    Problem(
                        family,
                        style,
                        f"the letter's font is not installed (fontconfig offers {found[0]!r}): "
                        "run scripts/setup, which installs Debian's fonts-liberation2",
                    )
                ]
            )
        with TTFont(found[1], lazy=True) as font:
            maps.append(set(font.getBestCmap()))
    return frozenset(set.intersection(*maps))


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


def unprintable(model: BaseModel, file: str) -> list[Problem]:
    """One problem per field holding characters the letter's font cannot print."""
    repertoire = printable()
    problems = []
    for field, text in _strings(model):
        missing = sorted({c for c in text if ord(c) not in repertoire and c not in NOT_PRINTED})
        if missing:
            named = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, '?')})" for c in missing)
            problems.append(
                Problem(
                    file,
                    field,
                    f"{named}: the letter's font ({LETTER_FONT}) has no glyph for this, so it "
                    "would print as an empty box or in another typeface; write it another way",
                )
            )
    return problems
