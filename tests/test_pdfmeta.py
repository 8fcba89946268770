"""The PDF's claims and provenance: PDF/A-3a and PDF/UA-1 identification, the same bytes for the
same input, and a trace back to what made the file."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from reporter import __version__
from reporter.errors import TemplateError
from reporter.pipeline import Format, Sources, render_files
from reporter.render import render_pdf
from reporter.resources import templates_dir
from tests.conftest import (
    EXAMPLES,
    ROOT,
    Letters,
    Rendered,
    changed,
    example,
    long_letter,
    minimal_page,
    pdf_as,
    pdf_dict,
    write_yaml,
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


# --- The tag tree made whole (issue 13): one element per table and list, the IDTree ---


def crossing_letter() -> dict[str, Any]:
    """A letter whose narrative has a 40-row table and a 25-item list, each crossing a page."""
    paragraph = "Leaders have made changes to the curriculum and to how it is taught. " * 12
    rows = "".join(f"| Subject {n} | Grade {n} |\n" for n in range(1, 41))
    items = "".join(f"- item {n} of the list\n" for n in range(1, 26))
    narrative = (
        f"{paragraph}\n\n{paragraph}\n\n| Subject | Grade |\n|---|---|\n{rows}\n"
        f"Then a list.\n\n{items}"
    )
    return changed(example("serious-weaknesses"), narrative={"main_findings": narrative})


@pytest.fixture(scope="module")
def crossing(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    folder = tmp_path_factory.mktemp("crossing")
    return Rendered(write_yaml(folder / "crossing.yaml", crossing_letter()), folder / "out")


@dataclass
class Element:
    """A structure element as a reader finds it: its type, page, attributes and parent, its
    kids in order, and its own marked content as (page index, MCID)."""

    ref: int
    kind: str
    page: int | None
    attributes: dict[str, Any]
    parent: int | None
    kids: list[Element] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)
    id: str | None = None

    def walk(self) -> Iterator[Element]:
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all(self, kind: str) -> list[Element]:
        return [element for element in self.walk() if element.kind == kind]


class TagTree:
    """A tagged PDF's structure tree, its ParentTree, its IDTree and its marked content, read with
    pypdf, so that the tests check what a reader of the file finds."""

    def __init__(self, data: bytes) -> None:
        self.reader = reader = PdfReader(io.BytesIO(data))
        self.pages = {}
        for number, page in enumerate(reader.pages):
            assert page.indirect_reference is not None
            self.pages[page.indirect_reference.idnum] = number
        self.tree = pdf_dict(reader.root_object, "/StructTreeRoot")
        self.tree_number = reader.root_object.raw_get("/StructTreeRoot").idnum
        (document,) = pdf_as(ArrayObject, self.tree["/K"])
        self.document = self._element(document, None, None)
        self.text: dict[tuple[int, int], str] = {}
        self.marked: dict[int, list[int | None]] = {}  # page → MCIDs in content order (None: art.)
        self.artifact_text: dict[int, str] = {}
        for number, page in enumerate(reader.pages):
            self._read_content(number, page)

    def _element(self, reference: Any, parent: int | None, page: int | None) -> Element:
        found = pdf_as(DictionaryObject, reference)
        assert pdf_as(NameObject, found["/Type"]) == "/StructElem"
        if "/Pg" in found:
            page = self.pages[found.raw_get("/Pg").idnum]
        attributes = pdf_dict(found["/A"]) if "/A" in found else {}
        element = Element(
            reference.idnum, str(found["/S"])[1:], page, dict(attributes), parent,
            id=str(found["/ID"]) if "/ID" in found else None,
        )  # fmt: skip
        assert found.raw_get("/P").idnum == (parent or self.tree_number)
        kids = found.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            if isinstance(kid, int):
                assert page is not None
                element.content.append((page, kid))
            elif kid is not None and pdf_as(DictionaryObject, kid).get("/Type") == "/MCR":
                mcr = pdf_as(DictionaryObject, kid)
                mcr_page = self.pages[mcr.raw_get("/Pg").idnum] if "/Pg" in mcr else page
                assert mcr_page is not None
                element.content.append((mcr_page, pdf_as(int, mcr["/MCID"])))
            elif kid is not None and pdf_as(DictionaryObject, kid).get("/Type") != "/OBJR":
                element.kids.append(self._element(kid, element.ref, page))
        return element

    def _read_content(self, number: int, page: Any) -> None:
        stack: list[int | None] = []
        order: list[int | None] = []

        def before(op: bytes, args: Any, *_: Any) -> None:
            if op == b"BDC":
                mcid = args[1].get("/MCID") if hasattr(args[1], "get") else None
                stack.append(mcid)
                order.append(mcid)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC":
                stack.pop()

        def text(found: str, *_: Any) -> None:
            if stack and stack[-1] is not None:
                key = (number, stack[-1])
                self.text[key] = self.text.get(key, "") + found
            elif stack:
                self.artifact_text[number] = self.artifact_text.get(number, "") + found

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        self.marked[number] = order

    def words(self, element: Element) -> str:
        """The words tagged under an element, in the tree's order."""
        parts = [self.text.get(key, "") for key in element.content]
        parts += [self.words(kid) for kid in element.kids]
        return " ".join(" ".join(parts).split())

    def id_tree(self) -> dict[str, int]:
        names = pdf_as(ArrayObject, pdf_dict(self.tree, "/IDTree")["/Names"])
        keys = [str(key) for key in names[0::2]]
        assert keys == sorted(keys), "a name tree's keys are in order (ISO 32000-1 7.9.6)"
        return {str(k): ref.idnum for k, ref in zip(names[0::2], names[1::2], strict=True)}

    def check_parent_tree(self) -> None:
        """Every MCID on every page belongs to exactly one element of the tree, and the
        ParentTree names that element; no other marked content has an MCID."""
        holders: dict[tuple[int, int], int] = {}
        for element in self.document.walk():
            for key in element.content:
                assert key not in holders, f"MCID {key} in two elements"
                holders[key] = element.ref
        nums = pdf_as(ArrayObject, pdf_dict(self.tree, "/ParentTree")["/Nums"])
        for number in self.pages.values():
            assert nums[2 * number] == number
            parents = pdf_as(ArrayObject, nums[2 * number + 1])
            in_content = [mcid for mcid in self.marked[number] if mcid is not None]
            assert sorted(in_content) == sorted(m for p, m in holders if p == number)
            for mcid in in_content:
                assert parents[mcid].idnum == holders[(number, mcid)], (number, mcid)


def test_a_table_and_a_list_that_cross_a_page_are_one_each(crossing: Rendered) -> None:
    tags = TagTree(crossing.pdf)
    (table,) = tags.document.all("Table")
    assert len({cell.page for cell in table.all("TD")}) >= 2, "the table must cross a page"
    assert [kid.kind for kid in table.kids] == ["THead", "TBody"]
    rows = [tags.words(row) for row in table.all("TR")]
    assert rows == ["Subject Grade", *(f"Subject {n} Grade {n}" for n in range(1, 41))]
    (narrative_list,) = [lst for lst in tags.document.all("L") if "item 1 of" in tags.words(lst)]
    assert len({item.page for item in narrative_list.kids}) >= 2, "the list must cross a page"
    assert [tags.words(item) for item in narrative_list.kids] == [
        f"• item {n} of the list" for n in range(1, 26)
    ]
    assert all([k.kind for k in item.kids] == ["Lbl", "LBody"] for item in narrative_list.kids)
    # The header row repeated at the top of the later page is drawn, but as an artefact.
    later = max(cell.page or 0 for cell in table.all("TD"))
    assert tags.artifact_text[later].startswith("Subject Grade")
    tags.check_parent_tree()


def test_a_list_with_nested_lists_that_crosses_a_page_stays_whole(
    tmp_path: Path, write_input: Callable[..., Path]
) -> None:
    """WeasyPrint moves a list nested in an item to after the item, so where an item and its
    list cross a page, the nested list's first part stands between the item's two parts."""
    items = "".join(f"- item {n}\n    - sub {n}a\n    - sub {n}b\n" for n in range(1, 30))
    narrative = f"{'Leaders have made changes. ' * 60}\n\n{items}"
    data = changed(example("serious-weaknesses"), narrative={"main_findings": narrative})
    tags = TagTree(_pdf(write_input(data), tmp_path))
    outer_lists = [
        lst
        for lst in tags.document.all("L")
        if any("item" in tags.words(kid) for kid in lst.kids if kid.kind == "LI")
    ]
    assert len(outer_lists) == 1, "one list, nested lists and all"
    outer = outer_lists[0]
    assert len({item.page for item in outer.all("LI")}) >= 2, "the list must cross a page"
    assert [kid.kind for kid in outer.kids] == ["LI", "L"] * 29
    assert [tags.words(kid).split()[-2:] for kid in outer.kids if kid.kind == "LI"] == [
        ["item", str(n)] for n in range(1, 30)
    ]
    lists = [kid for kid in outer.kids if kid.kind == "L"]
    assert [[tags.words(item).split()[-1] for item in lst.kids] for lst in lists] == [
        [f"{n}a", f"{n}b"] for n in range(1, 30)
    ]
    tags.check_parent_tree()


def test_the_long_letter_has_one_table_per_markdown_table_and_one_list_per_list(
    letters: Letters,
) -> None:
    data = long_letter()
    narratives = list(data["narrative"].values())
    markdown_tables = sum(text.count("|---|---|") for text in narratives)
    markdown_lists = sum(text.count("\n\n- ") for text in narratives)
    tags = TagTree(letters.long().pdf)
    tables = tags.document.all("Table")
    assert len(tables) == markdown_tables == 20
    assert {len(table.all("THead")) for table in tables} == {1}
    assert {len(table.all("TH")) for table in tables} == {2}
    full = [t for t in tables if len(t.all("TR")) == 4]  # the 20 000 characters cut the last one
    assert len(full) >= markdown_tables - 2
    for table in full:
        rows = [tags.words(row) for row in table.all("TR")]
        assert rows[:3] == ["Subject Progress", "English Strong", "Mathematics Developing"]
    areas_and_team = 2
    assert len(tags.document.all("L")) == markdown_lists + areas_and_team
    tags.check_parent_tree()


def test_every_header_id_is_in_the_id_tree_and_every_headers_names_one(
    letters: Letters, crossing: Rendered
) -> None:
    for data in (
        letters.long().pdf,
        crossing.pdf,
        letters.example("serious-weaknesses-removed").pdf,
    ):
        tags = TagTree(data)
        named = tags.id_tree()
        elements = {element.ref: element for element in tags.document.walk()}
        ids = {element.id: element.ref for element in elements.values() if element.id}
        assert named == ids and named
        for table in tags.document.all("Table"):
            in_table = {cell.id for cell in table.all("TH")}
            for cell in table.all("TD"):
                headers = [str(h) for h in cell.attributes["/Headers"]]
                assert headers and set(headers) <= in_table, headers
            for cell in table.all("TH"):  # the letter's and Markdown's are column headers
                assert str(cell.attributes["/Scope"]) == "/Column"
                assert str(cell.attributes["/O"]) == "/Table"


def test_no_empty_non_struct_elements(letters: Letters, crossing: Rendered) -> None:
    for data in (letters.long().pdf, crossing.pdf, letters.example("serious-weaknesses").pdf):
        tags = TagTree(data)
        empty = [e for e in tags.document.all("NonStruct") if not e.kids and not e.content]
        assert not empty


def test_a_letter_without_a_table_has_no_id_tree(letters: Letters) -> None:
    tags = TagTree(letters.example("serious-weaknesses").pdf)
    assert not tags.document.all("Table")
    assert "/IDTree" not in tags.tree


def test_the_web_address_is_a_tagged_link_and_the_letter_one_part(letters: Letters) -> None:
    """PDF/UA-1 7.18.5: a link annotation sits in a Link element (through an OBJR) that the
    annotation's StructParent names, with a /Contents description. The HTML's <main> is a Part
    after the letterhead; the letter's body is in it."""
    tags = TagTree(letters.example("serious-weaknesses").pdf)
    assert [kid.kind for kid in tags.document.kids] == ["NonStruct", "Part"]
    (link,) = tags.document.all("Link")
    assert tags.words(link) == "www.gov.uk/ofsted"
    (annotation,) = pdf_as(ArrayObject, tags.reader.pages[0]["/Annots"])
    found = pdf_as(DictionaryObject, annotation)
    assert pdf_as(str, pdf_dict(found, "/A")["/URI"]) == "https://www.gov.uk/ofsted"
    assert pdf_as(str, found["/Contents"]) == "https://www.gov.uk/ofsted"
    holder = pdf_as(DictionaryObject, tags.reader.get_object(link.ref))
    kids = pdf_as(ArrayObject, holder["/K"])
    (objr,) = [pdf_as(DictionaryObject, kid) for kid in kids if not isinstance(kid, int)]
    assert pdf_as(NameObject, objr["/Type"]) == "/OBJR"
    assert objr.raw_get("/Obj").idnum == annotation.idnum
    nums = pdf_as(ArrayObject, pdf_dict(tags.tree, "/ParentTree")["/Nums"])
    parents = dict(zip(nums[0::2], nums[1::2], strict=True))
    assert parents[found["/StructParent"]].idnum == link.ref
    (part,) = tags.document.all("Part")
    assert {"H1", "H2", "P"} <= {element.kind for element in part.walk()}
