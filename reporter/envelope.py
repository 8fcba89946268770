"""Will the addressee block show through the envelope window? An estimate from the letter font's
advance widths and the window constants in letter.css, so that `validate` and the preview can
warn without laying out a page. A PDF render measures the laid-out page instead
(``render.window_overflow``); tests/test_envelope.py holds the two to agreement.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

# Liberation Sans Regular advance widths (thousandths of an em) for printable ASCII and the
# typographic punctuation and letters with no base letter, read from the
# font with fontTools (Arial's metrics, which Liberation Sans matches). Other characters take the
# width of their base letter (é as e), else a wide letter's, so the estimate errs towards a warning.
_ASCII = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 "
    "722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 "
    "556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 "
    "260 334 584"
)
WIDTHS = {chr(32 + n): int(w) for n, w in enumerate(_ASCII.split())} | {
    "\u2018": 222, "\u2019": 222, "\u201c": 333, "\u201d": 333, "\u2013": 556, "\u2014": 1000,
    "\u2026": 1000, "ß": 611, "æ": 889, "ø": 611, "Æ": 1000, "Ø": 778, "œ": 944, "Œ": 1000,
    "ł": 222, "Ł": 556,
}  # fmt: skip
WIDE = 944  # W
SIZE_PT, LINE_HEIGHT = 12.0, 1.2  # .addressee in letter.css
MM_PER_PT = 25.4 / 72


def _width(char: str) -> int:
    if char in WIDTHS:
        return WIDTHS[char]
    base = unicodedata.normalize("NFKD", char)[:1]
    return WIDTHS.get(base, WIDE)


def _mm(text: str) -> float:
    return sum(_width(c) for c in text) / 1000 * SIZE_PT * MM_PER_PT


KERNING_SLACK = 1.01  # kerning makes set text a little narrower than the sum of its advances


def lines_needed(text: str, width_mm: float) -> int:
    """Lines a text takes at ``width_mm``, wrapped at spaces, and a long word anywhere (as the
    letter's CSS lets it: overflow-wrap: break-word)."""
    width_mm *= KERNING_SLACK
    lines, current = 1, 0.0
    space = _mm(" ")
    for word in text.split():
        size = _mm(word)
        if current and current + space + size > width_mm:
            lines, current = lines + 1, 0.0
        if size > width_mm:
            extra = math.ceil(size / width_mm) - 1
            lines, current = lines + extra, size - extra * width_mm
        else:
            current += (space if current else 0.0) + size
    return lines


def window(css: Path) -> tuple[float, float] | None:
    """(width, height) of the addressee band in mm, from letter.css's named constants."""
    try:
        text = css.read_text(encoding="utf-8")
    except OSError:
        return None
    found = [re.search(rf"--address-{name}:\s*([0-9.]+)mm", text) for name in ("width", "height")]
    if found[0] is None or found[1] is None:
        return None
    return float(found[0].group(1)), float(found[1].group(1))


def overflow(lines: list[str], css: Path) -> tuple[float, float] | None:
    """(estimated height, window height) in mm when the block is too tall, else None."""
    band = window(css)
    if band is None:
        return None
    width, height = band
    count = sum(lines_needed(line, width) for line in lines)
    needed = count * SIZE_PT * LINE_HEIGHT * MM_PER_PT
    return (round(needed, 1), height) if needed > height + 0.1 else None
