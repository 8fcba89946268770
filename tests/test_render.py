"""Rendering: the HTML draft is standalone and complete; the PDF's own text holds the statements."""

from __future__ import annotations

import html
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, ContentStream, DictionaryObject, NameObject

from reporter.pipeline import Format, Sources, check, explain, html_of, render_files
from reporter.wording import typographic
from tests.conftest import EXAMPLES, Letters, changed, example, pdf_as, pdf_dict

SOURCES = Sources()


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return _words(" ".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_pdf_text_holds_every_selected_statement(path: Path, letters: Letters) -> None:
    letter = letters.example(path.stem)
    checked, written = letter.checked, letter.written
    assert sorted(p.suffix for p in written) == [".html", ".pdf"]
    pdf = next(p for p in written if p.suffix == ".pdf")
    text = _pdf_text(pdf)
    statements = explain(checked).statements
    assert statements
    for statement in statements:
        assert _words(statement.text) in text, statement.id
    reader = PdfReader(pdf)
    assert reader.metadata is not None
    school = typographic(checked.inspection.school.name)
    assert reader.metadata.title == f"Monitoring inspection of {school}"
    pages = len(reader.pages)
    assert f"Page {pages} of {pages}" in text


def test_pdf_has_the_letter_in_order(letters: Letters) -> None:
    text = _pdf_text(letters.example("serious-weaknesses-removed").pdf_file)
    order = [
        "Ofsted Piccadilly Gate",
        "Mrs Helen Okafor Headteacher Hollin Brook Community Primary School Brook Street",
        "2 June 2025",
        "Dear Mrs Okafor",
        "Monitoring inspection of Hollin Brook Community Primary School",
        "took place on 13 and 14 May 2025",
        "It was the second monitoring inspection since the school was judged to have serious "
        "weaknesses in November 2023. The inspection was deemed to be a graded inspection because "
        "the school’s progress made it likely that it would no longer have serious weaknesses, so "
        "this letter also sets out the school’s new graded judgements.",
        "The outcome of the inspection",
        "In accordance with section 13(5)",
        "As the inspection was deemed a graded inspection, inspectors made the following "
        "judgements:",
        "Behaviour and attitudes Good",
        "Safeguarding Effective",
        "Main findings",
        "Information about this inspection",
        "The inspectors carried out this inspection under section 8",
        "The inspection team",
        "Daniel Whitcombe, lead inspector (His Majesty’s Inspector)",
        "Priya Adeyemi (Ofsted Inspector)",
        "I am copying this letter to the chair of the governing body and the Secretary of State",
        "This letter will be published on the Ofsted reports website.",
        "Yours sincerely Daniel Whitcombe His Majesty’s Inspector",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [p for p, i in zip(order, positions, strict=True) if i == -1]
    assert positions == sorted(positions)
    assert "Leaders have made progress" not in text
    assert text.count("under section 8 of the Education Act 2005") == 1  # P142 says it, once


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
    # It loads nothing. Its one link, the letterhead's web address, is not a load (the letter's
    # fetcher refuses all but its assets, so a fetch would fail the render).
    ofsted = '<a href="https://www.gov.uk/ofsted">'
    assert html.count(ofsted) == 1
    assert not re.search(r"""(src|href)\s*=|<link|@import|url\(""", html.replace(ofsted, ""))


def _fonts(reader: PdfReader) -> set[str]:
    """The fonts of every page, each asserted embedded (a font program in its descriptor)."""
    fonts = set()
    for page in reader.pages:
        for font in pdf_dict(page, "/Resources", "/Font").values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


def test_pdf_fonts_are_the_documented_ones_and_embedded(letters: Letters) -> None:
    reader = PdfReader(io.BytesIO(letters.example("serious-weaknesses").pdf))
    assert _fonts(reader) == {"Liberation-Sans", "Liberation-Sans-Bold"}


# --- Accessibility: the tagged structure of the real PDF (PDF/UA-1) ---


class _Headings(HTMLParser):
    """The letter's headings and lists, in document order, from the HTML that made the PDF."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]|ul|ol|table", tag):
            self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self._in = tag
            self.headings.append((tag.upper(), ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            kind, text = self.headings[-1]
            self.headings[-1] = (kind, text + data)


def _page_marked_text(page: Any) -> dict[int, str]:
    """The text of each marked-content sequence of one page, by MCID."""
    texts: dict[int, str] = defaultdict(str)
    stack: list[int | None] = []

    def before(op: bytes, args: Any, *_: Any) -> None:
        if op == b"BDC":
            stack.append(args[1].get("/MCID") if hasattr(args[1], "get") else None)
        elif op == b"BMC":
            stack.append(None)
        elif op == b"EMC" and stack:
            stack.pop()

    def text(found: str, *_: Any) -> None:
        if stack and stack[-1] is not None:
            texts[stack[-1]] += found

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def _marked_text(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page number, MCID)."""
    return {
        (number, mcid): text
        for number, page in enumerate(reader.pages)
        for mcid, text in _page_marked_text(page).items()
    }


def _words_under(
    reader: PdfReader, elements: list[tuple[str, Any]], kinds: tuple[str, ...]
) -> list[tuple[str, str]]:
    """Each element of the given kinds, in reading order, with the words tagged under it."""
    texts = _marked_text(reader)
    pages = {}
    for number, page in enumerate(reader.pages):
        assert page.indirect_reference is not None
        pages[page.indirect_reference.idnum] = number
    return [(s, _element_text(e, texts, pages)) for s, e in elements if s in kinds]


def _element_text(element: Any, texts: dict[tuple[int, int], str], pages: dict[int, int]) -> str:
    """The words of a structure element: the marked content of its subtree, in order."""
    words = []
    page = pages.get(element.raw_get("/Pg").idnum) if "/Pg" in element else None
    kids = element.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        if isinstance(kid, int) and page is not None:
            words.append(texts.get((page, kid), ""))
        elif kid is not None and isinstance(kid.get_object(), DictionaryObject):
            words.append(_element_text(kid.get_object(), texts, pages))
    return " ".join(" ".join(words).split())


def _html_structure(page: str) -> list[str]:
    parser = _Headings()
    parser.feed(page)
    names = {"ul": "L", "ol": "L", "table": "Table"}
    return [names.get(tag, tag.upper()) for tag in parser.tags]


def _collapsed(kinds: list[str]) -> list[str]:
    return [k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1] or k.startswith("H")]


def _struct(node: Any) -> Iterator[tuple[str, Any]]:
    """Every structure element under ``node``, depth first (= reading order), with its type."""
    kids = node.get("/K")
    kids = kids if isinstance(kids, ArrayObject) else [kids]
    for kid in kids:
        kid = kid.get_object() if kid is not None else None
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield str(kid["/S"])[1:], kid
            yield from _struct(kid)


def _rendered(path: Path, tmp_path: Path) -> tuple[str, bytes]:
    checked = check(path, SOURCES)
    page = html_of(checked, SOURCES)
    _, written = render_files(path, tmp_path / "out", Format.PDF, SOURCES)
    return page, written[0].read_bytes()


@pytest.mark.parametrize("name", [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_pdf_is_tagged_for_pdf_ua(name: str, letters: Letters) -> None:
    letter = letters.example(name)
    page, data = letter.html, letter.pdf
    reader = PdfReader(io.BytesIO(data))
    root = reader.root_object
    assert pdf_as(NameObject, pdf_dict(root, "/StructTreeRoot")["/Type"]) == "/StructTreeRoot"
    assert pdf_dict(root, "/MarkInfo")["/Marked"] == BooleanObject(True)
    assert pdf_as(str, root["/Lang"]) == "en-GB"
    assert pdf_dict(root, "/ViewerPreferences")["/DisplayDocTitle"] == BooleanObject(True)
    school = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))["school"]
    assert reader.xmp_metadata is not None
    assert reader.xmp_metadata.dc_title == {
        "x-default": f"Monitoring inspection of {typographic(school['name'])}"
    }
    elements = list(_struct(root["/StructTreeRoot"]))
    assert elements[0][0] == "Document"
    # Headings, lists and tables are real structure, in the letter's order (WeasyPrint tags a
    # list or table that crosses a page as two, hence the collapsing of repeats).
    found = [s for s, _ in elements if re.fullmatch(r"H[1-6]|L|Table", s)]
    assert _collapsed(found) == _collapsed(_html_structure(page))
    assert found.count("H1") == 1
    # Each heading tag holds the words of the letter's heading at that place.
    parser = _Headings()
    parser.feed(page)
    tagged = _words_under(reader, elements, ("H1", "H2", "H3", "H4", "H5", "H6"))
    expected = [(kind, " ".join(html.unescape(text).split())) for kind, text in parser.headings]
    assert tagged == expected
    # PDF/UA: a list item holds a label and a body, nothing else; a table has header cells.
    for kind, element in elements:
        children = [s for s, _ in _struct(element)]
        if kind == "LI":
            direct = [str(k.get_object()["/S"])[1:] for k in element["/K"]]
            assert set(direct) <= {"Lbl", "LBody"}, direct
        if kind == "Table":
            assert "TH" in children


def test_narrative_markdown_becomes_tagged_structure(
    tmp_path: Path, write_input: Callable[..., Path]
) -> None:
    narrative = (
        "# Reading\n\nPupils read daily.\n\n### Phonics\n\n- first\n- second\n\n"
        "1. one\n2. two\n\n| Year | Books |\n|---|---|\n| 3 | 12 |\n"
    )
    data = changed(example("serious-weaknesses"), narrative__main_findings=narrative)
    _, pdf = _rendered(write_input(data), tmp_path)
    reader = PdfReader(io.BytesIO(pdf))
    elements = list(_struct(pdf_dict(reader.root_object, "/StructTreeRoot")))
    kinds = [s for s, _ in elements]
    found = [s for s in kinds if re.fullmatch(r"H[1-6]|L|Table", s)]
    assert found[:6] == ["H1", "H2", "H2", "H3", "H4", "L"]
    assert found[6:8] == ["L", "Table"]
    assert {"LI", "Lbl", "LBody", "TR", "TH", "TD"} <= set(kinds)
    words = _words_under(reader, elements, ("H3", "H4", "TH"))
    assert words == [("H3", "Reading"), ("H4", "Phonics"), ("TH", "Year"), ("TH", "Books")]


def test_accented_names_use_the_embedded_letter_font(letters: Letters) -> None:
    reader = PdfReader(io.BytesIO(letters.long().pdf))
    text = _words(reader.pages[0].extract_text())
    for name in (
        "Ŵyddfa",
        "Zoë",
        "Brontë\u2013Łukasiewicz",
        "Église",
        "Ærø",
        "Çelik",
        "Siân",
        "Øster",
    ):
        assert name in text, name
    assert _fonts(reader) == {"Liberation-Sans", "Liberation-Sans-Bold"}


@pytest.mark.parametrize("name", [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))])
def test_page_numbers_are_artifacts_and_all_other_text_is_in_the_tree(
    name: str, letters: Letters
) -> None:
    reader = PdfReader(io.BytesIO(letters.example(name).pdf))
    tree = pdf_dict(reader.root_object, "/StructTreeRoot")
    reachable_ids = {element.indirect_reference.idnum for _, element in _struct(tree)}
    assert reachable_ids
    nums = pdf_as(ArrayObject, pdf_dict(tree, "/ParentTree")["/Nums"])
    for page_number, page in enumerate(reader.pages):
        assert nums[2 * page_number] == page_number
        parents = nums[2 * page_number + 1]
        artifact_text, depth, in_artifact = 0, 0, False
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BDC":
                mcid = operands[1]["/MCID"]
                assert parents[mcid].idnum in reachable_ids, f"page {page_number + 1}: {mcid}"
            if operator == b"BMC" and operands[0] == "/Artifact":
                in_artifact, depth = True, 0
            elif operator in (b"BMC", b"BDC") and in_artifact:
                depth += 1
            elif operator == b"EMC" and in_artifact:
                in_artifact, depth = depth > 0, depth - 1
            elif operator in (b"Tj", b"TJ") and in_artifact:
                artifact_text += 1
        assert artifact_text == 1, f"page {page_number + 1}: the page number, and only it"


@pytest.mark.parametrize("name", ["serious-weaknesses", "special-measures-removed"])
def test_the_stylesheet_parsed_once_makes_the_same_pdf(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The letter's stylesheet is parsed once per process and given to WeasyPrint apart from the
    page; the PDF must be byte for byte the one WeasyPrint makes from the page's own <style>."""
    from reporter import render

    page = html_of(check(EXAMPLES / f"{name}.yaml", SOURCES), SOURCES)
    lifted = render.render_pdf(page, SOURCES.templates)
    assert render._lifted(page)[1] is not None
    monkeypatch.setattr(render, "_lifted", lambda page: (page, None))
    assert render.render_pdf(page, SOURCES.templates) == lifted


@pytest.mark.parametrize(
    "page",
    [
        "<style>p { color: red !important }</style><p>x</p>",  # outranks the author's own
        "<style>p {}</style><style>h1 {}</style>",  # two sheets: their order counts
        '<style>p {}</style><p style="color: red">x</p>',  # an attribute is the author's too
        '<link rel="stylesheet" href="letter.css"><style>p {}</style>',
    ],
)
def test_a_stylesheet_is_left_in_the_page_when_lifting_could_change_the_cascade(
    page: str,
) -> None:
    from reporter.render import _lifted

    assert _lifted(page) == (page, None)
