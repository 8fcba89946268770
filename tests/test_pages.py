"""Every letter looked at as pictures: each example (and a letter of many pages) is rendered to
PNG-like page images with poppler's pdftoppm, as a reader would see them, and each page must
have something on it and nothing outside the text column but the page number."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from reporter.pipeline import Format, Sources, render_files
from tests.conftest import EXAMPLES, Letters, long_letter

SOURCES = Sources()
DPI = 40
INK = 160  # grey level below which a pixel counts as ink (0 black, 255 white)
# Text column of the A4 page in mm (letter.css: margins 20mm at the sides and top, 22mm at the
# foot), with 1mm of tolerance for anti-aliasing; the page number sits centred in the foot.
COLUMN = (19.0, 19.0, 191.0, 276.0)  # left, top, right, bottom
FOOTER = (60.0, 276.0, 150.0, 297.0)


def _pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and grey pixels of a binary PGM (P5) file, as pdftoppm -gray writes."""
    data = path.read_bytes()
    fields: list[bytes] = []
    at = 0
    while len(fields) < 4:
        while data[at : at + 1].isspace():
            at += 1
        end = at
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    assert fields[0] == b"P5" and fields[3] == b"255"
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[at + 1 : at + 1 + width * height]


def _ink(width: int, height: int, pixels: bytes) -> tuple[int, list[tuple[float, float]]]:
    """How many dark pixels the text column holds, and where (in mm) ink falls outside both it
    and the footer."""
    per_mm = DPI / 25.4
    column, outside = 0, []
    for y in range(height):
        row = pixels[y * width : (y + 1) * width]
        for x, value in enumerate(row):
            if value < INK:
                at = (x / per_mm, y / per_mm)
                if _inside(at, COLUMN):
                    column += 1
                elif not _inside(at, FOOTER):
                    outside.append(at)
    return column, outside


def _inside(at: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= at[0] <= box[2] and box[1] <= at[1] <= box[3]


def _pages(pdf: Path, out: Path) -> list[Path]:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: scripts/setup installs Debian's poppler-utils"
    subprocess.run([pdftoppm, "-gray", "-r", str(DPI), str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page-*.pgm"))


def _look(pdf: Path, out: Path) -> int:
    images = _pages(pdf, out)
    assert len(images) == len(PdfReader(pdf).pages)
    for number, image in enumerate(images, start=1):
        width, height, pixels = _pgm(image)
        assert (width, height) == (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))
        ink, stray = _ink(width, height, pixels)
        assert ink > 300, f"page {number} is blank but for its number: {ink} dark pixels"
        assert not stray, f"page {number} has ink outside the text column at {stray[:5]} (mm)"
    return len(images)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_looks_right_page_by_page(
    path: Path, letters: Letters, tmp_path: Path
) -> None:
    assert 1 <= _look(letters.example(path.stem).pdf_file, tmp_path) <= 3


def test_a_letter_of_many_pages_looks_right(letters: Letters, tmp_path: Path) -> None:
    assert _look(letters.long().pdf_file, tmp_path) >= 10


@pytest.mark.parametrize(
    ("old", "new", "caught"),
    [
        ("overflow-wrap: break-word;", "", "ink outside the text column"),
        (
            ".closing { break-inside: avoid; }",
            ".closing { break-before: page; color: #fff; }",
            "is blank",
        ),
    ],
    ids=["long word runs off the page", "last page shows nothing"],
)
def test_the_look_check_can_fail(
    old: str, new: str, caught: str, tmp_path: Path, write_input: Callable[..., Path]
) -> None:
    """A template that lets a long word run off the page, or leaves a page empty, is caught."""
    templates = tmp_path / "templates"
    shutil.copytree(SOURCES.templates, templates)
    css = templates / "letter.css"
    text = css.read_text(encoding="utf-8")
    assert old in text
    css.write_text(text.replace(old, new, 1), encoding="utf-8")
    sources = Sources(templates=templates, statements=SOURCES.statements)
    _, written = render_files(write_input(long_letter()), tmp_path / "out", Format.PDF, sources)
    with pytest.raises(AssertionError, match=caught):
        _look(written[0], tmp_path)
