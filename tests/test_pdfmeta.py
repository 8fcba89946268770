"""The PDF's claims and provenance: PDF/A-3a and PDF/UA-1 identification, the same bytes for the
same input, and a trace back to what made the file."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, NameObject, StreamObject

from reporter import __version__
from reporter.errors import TemplateError
from reporter.pipeline import Format, Sources, render_files
from reporter.render import render_pdf
from reporter.resources import templates_dir
from tests.conftest import (
    EXAMPLES,
    ROOT,
    Letters,
    changed,
    example,
    minimal_page,
    pdf_as,
    pdf_dict,
)

SOURCES = Sources()
EXAMPLE = EXAMPLES / "serious-weaknesses.yaml"


def _pdf(path: Path, out: Path) -> bytes:
    _, written = render_files(path, out, Format.PDF, SOURCES)
    return written[0].read_bytes()


def _xmp(data: bytes) -> str:
    metadata = PdfReader(io.BytesIO(data)).root_object["/Metadata"]
    return pdf_as(StreamObject, metadata).get_data().decode("utf-8")


def test_same_input_same_bytes_across_processes(tmp_path: Path) -> None:
    """Two separate runs, so no cache of this process can hide a clock or a random id."""
    for run in ("a", "b"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "reporter",
                "render",
                str(EXAMPLE),
                "--out",
                str(tmp_path / run),
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
    first, second = (next((tmp_path / run).glob("*.pdf")).read_bytes() for run in ("a", "b"))
    assert first == second


def test_dates_come_from_the_letter_and_the_id_from_the_content(
    letters: Letters, tmp_path: Path, write_input: Callable[..., Path]
) -> None:
    data = letters.example(EXAMPLE.stem).pdf
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    # letter_date: 2024-10-28
    assert pdf_as(str, reader.metadata["/CreationDate"]) == "D:20241028000000Z"
    assert pdf_as(str, reader.metadata["/ModDate"]) == "D:20241028000000Z"
    assert "<xmp:CreateDate>2024-10-28T00:00:00Z</xmp:CreateDate>" in _xmp(data)
    first_id = pdf_as(ArrayObject, reader.trailer["/ID"])[0]
    assert re.fullmatch(r"[0-9a-f]{32}", str(first_id))

    later = changed(example("serious-weaknesses"), monitoring__letter_date="2024-10-29")
    path = write_input(later)
    other = PdfReader(io.BytesIO(_pdf(path, tmp_path / "b")))
    assert other.metadata is not None
    assert pdf_as(str, other.metadata["/CreationDate"]) == "D:20241029000000Z"
    assert pdf_as(ArrayObject, other.trailer["/ID"])[0] != first_id


def test_pdf_records_what_made_it(letters: Letters) -> None:
    data = letters.example(EXAMPLE.stem).pdf
    digest = hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    info = PdfReader(io.BytesIO(data)).metadata
    assert info is not None
    assert pdf_as(str, info["/ReporterVersion"]) == __version__
    assert pdf_as(str, info["/StatementEdition"]) == "2024-09-16"
    assert pdf_as(str, info["/InputSHA256"]) == digest
    assert pdf_as(str, info["/Creator"]) == f"reporter {__version__}"
    xmp = _xmp(data)
    assert f"<reporter:InputSHA256>{digest}</reporter:InputSHA256>" in xmp
    assert "<reporter:StatementEdition>2024-09-16</reporter:StatementEdition>" in xmp
    assert f"<reporter:ReporterVersion>{__version__}</reporter:ReporterVersion>" in xmp


def test_pdf_declares_pdf_a_3a_and_pdf_ua_1_with_extension_schemas(letters: Letters) -> None:
    data = letters.example(EXAMPLE.stem).pdf
    assert data.startswith(b"%PDF-1.7")
    xmp = _xmp(data)
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert 'pdfuaid:part="1"' in xmp
    # PDF/A allows properties outside its own schemas only when an extension schema declares them.
    for prefix in ("pdfuaid", "reporter"):
        assert f"<pdfaSchema:prefix>{prefix}</pdfaSchema:prefix>" in xmp
    reader = PdfReader(io.BytesIO(data))
    intents = pdf_as(ArrayObject, reader.root_object["/OutputIntents"])
    assert pdf_as(NameObject, pdf_dict(intents[0])["/S"]) == "/GTS_PDFA1"
    assert reader.metadata is not None
    assert pdf_as(str, reader.metadata["/Author"]) == "Ofsted"
    assert pdf_as(str, reader.metadata["/Subject"]) == (
        "Ofsted monitoring inspection letter to Hollin Brook Community Primary School "
        "(URN 107733) on the inspection of 8 and 9 October 2024"
    )
    assert "URN 107733" in pdf_as(str, reader.metadata["/Keywords"])
    assert "2024-10-08" in pdf_as(str, reader.metadata["/Keywords"])


@pytest.mark.parametrize(
    ("removed", "element"),
    [
        ('<meta name="reporter-input" content="x">', '<meta name="reporter-input">'),
        ('lang="en-GB"', "<html lang>"),
        ("<title>t</title>", "<title>"),
    ],
)
def test_a_template_without_what_the_pdf_needs_is_refused(removed: str, element: str) -> None:
    page = minimal_page()
    assert removed in page
    with pytest.raises(TemplateError) as caught:
        render_pdf(page.replace(removed, ""), templates_dir())
    problem = caught.value.problems[0]
    assert problem.file.endswith("letter.html.j2")
    assert problem.field == element
    assert "the letter template must keep this" in problem.message


def test_a_letter_in_a_batch_is_the_same_file_as_alone(tmp_path: Path) -> None:
    """Caches shared across a batch (fonts, templates) must not leak into a letter's bytes."""
    inputs = sorted(EXAMPLES.glob("*.yaml"))
    alone = inputs[-1]
    subprocess.run(
        [sys.executable, "-m", "reporter", "render", str(alone), "--out", str(tmp_path / "alone")],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    for path in inputs:
        render_files(path, tmp_path / "batch", Format.PDF, SOURCES)
    single = next((tmp_path / "alone").glob("*.pdf"))
    assert (tmp_path / "batch" / single.name).read_bytes() == single.read_bytes()
