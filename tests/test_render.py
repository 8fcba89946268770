"""Rendering: the HTML draft is standalone and complete; the PDF's own text holds the statements."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reporter.pipeline import Format, Sources, check, explain, html_of, render_files
from tests.conftest import EXAMPLES

SOURCES = Sources()


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return _words(" ".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_pdf_text_holds_every_selected_statement(path: Path, tmp_path: Path) -> None:
    checked, written = render_files(path, tmp_path, Format.ALL, SOURCES)
    assert sorted(p.suffix for p in written) == [".html", ".pdf"]
    pdf = next(p for p in written if p.suffix == ".pdf")
    text = _pdf_text(pdf)
    statements = explain(checked)["statements"]
    assert statements
    for statement in statements:
        assert _words(statement["text"]) in text, statement["id"]
    reader = PdfReader(pdf)
    assert reader.metadata is not None
    assert reader.metadata.title == f"Monitoring inspection of {checked.inspection.school.name}"
    pages = len(reader.pages)
    assert f"Page {pages} of {pages}" in text


def test_pdf_has_the_letter_in_order(tmp_path: Path) -> None:
    _, written = render_files(
        EXAMPLES / "serious-weaknesses-removed.yaml", tmp_path, Format.PDF, SOURCES
    )
    text = _pdf_text(written[0])
    order = [
        "Ofsted Piccadilly Gate",
        "Mrs Helen Okafor Headteacher Hollin Brook Community Primary School Brook Street",
        "2 June 2025",
        "Dear Mrs Okafor",
        "Monitoring inspection of Hollin Brook Community Primary School",
        "took place on 13 and 14 May 2025",
        "section 8 of the Education Act 2005. It was the second monitoring inspection since the "
        "school was judged to have serious weaknesses in January 2024.",
        "In accordance with section 13(5)",
        "Information about this inspection",
        "The inspectors carried out this inspection under section 8",
        "Behaviour and attitudes Good",
        "I am copying this letter to the chair of the governing body and the Secretary of State",
        "This letter will be published on the Ofsted reports website.",
        "Yours sincerely Daniel Whitcombe His Majesty’s Inspector",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [p for p, i in zip(order, positions, strict=True) if i == -1]
    assert positions == sorted(positions)
    assert "Leaders have made progress" not in text


def test_one_inspector_is_the_inspector(tmp_path: Path) -> None:
    html = html_of(check(EXAMPLES / "special-measures-removed.yaml", SOURCES), SOURCES)
    assert "The inspector carried out this inspection" in html
    assert "The inspectors carried out" not in html


def test_html_is_standalone() -> None:
    html = html_of(check(EXAMPLES / "serious-weaknesses.yaml", SOURCES), SOURCES)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert "<title>Monitoring inspection of Hollin Brook Community Primary School</title>" in html
    assert "<style>" in html and "@page" in html
    assert not re.search(r"""(src|href)\s*=|<link|@import|url\(""", html)


def test_pdf_fonts_are_the_documented_ones_and_embedded(tmp_path: Path) -> None:
    _, written = render_files(EXAMPLES / "serious-weaknesses.yaml", tmp_path, Format.PDF, SOURCES)
    data = written[0].read_bytes()
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts == {"Liberation-Sans", "Liberation-Sans-Bold"}
