"""Page layout, checked on WeasyPrint's laid-out pages (the boxes the PDF is drawn from) and on the
PDF itself: the window-envelope block, page breaks, and a letter of more than ten pages."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from reporter.pipeline import Sources, check, html_of
from reporter.render import layout
from reporter.resources import templates_dir
from tests.conftest import EXAMPLES, Letters, changed, example

SOURCES = Sources()
MM = 25.4 / 96  # WeasyPrint lays out in CSS px
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _constants() -> dict[str, float]:
    """The named mm constants in letter.css (``--address-top: 50mm;`` → {"address-top": 50})."""
    css = (templates_dir() / "letter.css").read_text(encoding="utf-8")
    return {name: float(mm) for name, mm in re.findall(r"--([\w-]+):\s*([\d.]+)mm", css)}


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _find(page: Any, tag: str, cls: str | None = None) -> Any:
    return next(
        b
        for b in _boxes(page._page_box)
        if b.element_tag == tag and (cls is None or cls in (b.element.get("class") or ""))
    )


def _laid_out(path: Path) -> Any:
    return layout(html_of(check(path, SOURCES), SOURCES), SOURCES.templates)


def _inputs() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("path", _inputs(), ids=lambda p: p.stem)
def test_address_and_date_sit_where_the_envelope_window_is(path: Path, letters: Letters) -> None:
    c = _constants()
    page = letters.example(path.stem).document.pages[0]
    address = _find(page, "address")
    left, top = address.content_box_x() * MM, address.content_box_y() * MM
    assert left == pytest.approx(c["address-left"], abs=0.5)
    assert top == pytest.approx(c["address-top"], abs=0.5)
    assert address.width * MM == pytest.approx(c["address-width"], abs=0.5)
    assert top + address.height * MM <= c["address-top"] + c["address-height"]
    date = _find(page, "p", "date")
    date_top = date.content_box_y() * MM
    assert c["address-top"] <= date_top <= c["address-top"] + c["address-height"]
    text = next(b for b in _boxes(date) if type(b).__name__ == "TextBox")
    assert text.position_x * MM >= c["address-left"] + c["address-width"]  # not in the window
    letterhead = _find(page, "header")
    assert (letterhead.content_box_y() + letterhead.children[0].height) * MM <= c["address-top"]


def _lines_per_page(document: Any) -> dict[Any, list[int]]:
    """For each block element, how many of its lines fall on each page it spans."""
    counts: dict[Any, list[int]] = defaultdict(list)
    for page in document.pages:
        here: dict[Any, int] = defaultdict(int)
        for box in _boxes(page._page_box):
            if type(box).__name__ == "LineBox" and box.element is not None:
                here[box.element] += 1
        for element, n in here.items():
            counts[element].append(n)
    return counts


def _last_line_element(page: Any) -> Any:
    lines = [
        b for b in _boxes(page._page_box) if type(b).__name__ == "LineBox" and b.element is not None
    ]
    in_flow = [b for b in lines if not _in_margin(page, b)]
    return in_flow[-1].element


def _in_margin(page: Any, line: Any) -> bool:
    return any(
        type(b).__name__ == "MarginBox" and line in list(_boxes(b)) for b in page._page_box.children
    )


def _check_breaks(document: Any) -> None:
    for number, page in enumerate(document.pages[:-1], start=1):
        last = _last_line_element(page)
        assert last.tag not in HEADINGS, f"page {number} ends with a heading: {last.text!r}"
    for element, per_page in _lines_per_page(document).items():
        if len(per_page) > 1 and element.tag in {"p", "li"}:
            assert min(per_page) >= 2, f"{element.tag} split {per_page}: a line stranded"


@pytest.mark.parametrize("path", _inputs(), ids=lambda p: p.stem)
def test_no_heading_ends_a_page_and_no_line_is_stranded(path: Path, letters: Letters) -> None:
    _check_breaks(letters.example(path.stem).document)


def test_a_letter_of_many_pages_breaks_well_and_numbers_every_page(letters: Letters) -> None:
    letter = letters.long()
    _check_breaks(letter.document)
    reader = PdfReader(io.BytesIO(letter.pdf))
    total = len(reader.pages)
    assert total >= 10
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {total}" in page.extract_text()


def test_long_names_and_addresses_wrap_inside_the_text_column(letters: Letters) -> None:
    c = _constants()
    document = letters.long().document
    right_edge = 210 - c["page-left"]  # A4, equal side margins
    for page in document.pages:
        for box in _boxes(page._page_box):
            if type(box).__name__ == "TextBox":
                assert (box.position_x + box.width) * MM <= right_edge + 0.5, box.text[:40]
    address = _find(document.pages[0], "address")
    for line in address.children:
        assert (line.position_x + line.width) * MM <= c["address-left"] + c["address-width"] + 0.5


def test_headings_keep_with_what_follows_wherever_the_page_breaks(
    write_input: Callable[..., Path],
) -> None:
    """Filler of growing length moves a heading through every position near the page foot."""
    sentence = "Pupils read widely and often, and talk about what they have read with confidence. "
    for extra in range(0, 16):
        narrative = f"{sentence * (12 + extra * 3)}\n\n# Reading\n\n{sentence * 4}\n\n## Books\n\n"
        narrative += f"{sentence * 4}"
        data = changed(example("serious-weaknesses"), narrative__main_findings=narrative)
        _check_breaks(_laid_out(write_input(data, f"input-{extra}.yaml")))
