"""The summary for parents: the letter's outcome in plain words, quoted exactly beside them, on
one tagged PDF/UA page, readable by the thresholds that a formal letter fails."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject, NameObject

from reporter.pipeline import Audience, Checked, Format, Sources, render_files, summary_html, when
from reporter.readability import MAX_SENTENCE_WORDS, MIN_FLESCH, measure, reader_text
from reporter.summary import FOUND, NEXT, QUOTED_KIND, plain_id
from reporter.wording import typographic
from tests.conftest import EXAMPLES, Letters, changed, examined, example, pdf_as, pdf_dict
from tests.test_render import _Headings, _pdf_text, _struct, _words, _words_under

NAMES = [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))]


class Summary:
    """One example's summary, rendered as `render --audience parents --final` writes it."""

    def __init__(self, source: Path, out: Path) -> None:
        self.checked, written = render_files(
            source, out, Format.ALL, Sources(), audience=Audience.PARENTS, final=True
        )
        self.html_file, self.pdf_file = sorted(written, key=lambda p: p.suffix)
        self.html = self.html_file.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Summary]:
    """Each example's summary, rendered at most once in a test session."""
    folder = tmp_path_factory.mktemp("summaries")
    made: dict[str, Summary] = {}

    def summary(name: str) -> Summary:
        if name not in made:
            made[name] = Summary(EXAMPLES / f"{name}.yaml", folder / name)
        return made[name]

    return summary


class _Quotes(HTMLParser):
    """The formal statements a summary quotes: (id, words) from each blockquote."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.quotes: list[tuple[str, str]] = []
        self._in: str | None = None
        self._quote = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote":
            self._in = dict(attrs)["data-statement"]
        self._quote |= tag == "q" and self._in is not None

    def handle_endtag(self, tag: str) -> None:
        if tag == "q" and self._in:
            self.quotes.append((self._in, _words("".join(self._text))))
            self._quote, self._text = False, []
        if tag == "blockquote":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._quote:
            self._text.append(data)


def quotes(page: str) -> list[tuple[str, str]]:
    parser = _Quotes()
    parser.feed(page)
    return parser.quotes


def _outcome_ids(checked: Checked) -> list[str]:
    return [s.statement_id.value for s in checked.decision.selections
            if s.slot in (*QUOTED_KIND, *FOUND)]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_the_summary_states_the_letters_outcome_in_its_words(
    name: str, letters: Letters, summaries: Callable[[str], Summary]
) -> None:
    """What the summary quotes is what the letter's PDF says, word for word, and it quotes every
    formal statement of the outcome and no other."""
    summary, letter = summaries(name), letters.example(name)
    letter_text, summary_text = _pdf_text(letter.pdf_file), _pdf_text(summary.pdf_file)
    quoted = quotes(summary.html)
    assert sorted(sid for sid, _ in quoted) == sorted(_outcome_ids(letter.checked))
    for sid, words in quoted:
        assert words in letter_text, sid
        assert f"“{words}”" in summary_text, sid
        plain = summary.checked.edition[plain_id(sid)]
        assert _words(html.unescape(plain.text)) in _words(html.unescape(summary.html)), sid


@pytest.mark.parametrize("name", NAMES)
def test_the_summary_is_one_page(name: str, summaries: Callable[[str], Summary]) -> None:
    assert len(PdfReader(summaries(name).pdf_file).pages) == 1


@pytest.mark.parametrize("name", NAMES)
def test_the_summary_is_readable_and_the_letter_is_not(
    name: str, letters: Letters, summaries: Callable[[str], Summary]
) -> None:
    """The thresholds tell plain from formal: every summary meets them, no letter does."""
    found = measure(reader_text(summaries(name).html))
    assert found.flesch >= MIN_FLESCH, found
    assert found.longest_words <= MAX_SENTENCE_WORDS, found
    assert not measure(reader_text(letters.example(name).html)).plain


def test_readability_leaves_out_the_quoted_law() -> None:
    page = (
        "<html><head><title>T</title></head><body><h1>A heading</h1><p>One short line.</p>"
        "<blockquote><p>In accordance with section 44(1) of the Education Act 2005 …</p>"
        "</blockquote></body></html>"
    )
    assert reader_text(page) == ["A heading", "One short line."]


def test_the_summary_says_what_comes_next_and_when(summaries: Callable[[str], Summary]) -> None:
    """The window is the one `reporter actions` gives for the next step."""
    summary = summaries("serious-weaknesses")
    (step,) = [a for a in summary.checked.decision.actions if a.rule in NEXT]
    assert when(step) == "from 10 October 2024 to 5 July 2026"
    text = _pdf_text(summary.pdf_file)
    assert "some time from 10 October 2024 to 5 July 2026." in text
    assert "search for the school’s name or its number, 107733." in text.lower()


@pytest.mark.parametrize("name", ["serious-weaknesses", "special-measures-to-serious-weaknesses"])
def test_the_summary_pdf_is_tagged_for_pdf_ua(
    name: str, summaries: Callable[[str], Summary]
) -> None:
    summary = summaries(name)
    reader = PdfReader(io.BytesIO(summary.pdf_file.read_bytes()))
    root = reader.root_object
    assert pdf_as(NameObject, pdf_dict(root, "/StructTreeRoot")["/Type"]) == "/StructTreeRoot"
    assert pdf_dict(root, "/MarkInfo")["/Marked"] == BooleanObject(True)
    assert pdf_as(str, root["/Lang"]) == "en-GB"
    assert pdf_dict(root, "/ViewerPreferences")["/DisplayDocTitle"] == BooleanObject(True)
    school = typographic(summary.checked.inspection.school.name)
    assert reader.xmp_metadata is not None
    title = f"{school}: a summary for parents"
    assert reader.xmp_metadata.dc_title == {"x-default": title}
    assert b"pdfuaid:part" in reader.xmp_metadata.stream.get_data()
    elements = list(_struct(root["/StructTreeRoot"]))
    parser = _Headings()
    parser.feed(summary.html)
    tagged = _words_under(reader, elements, ("H1", "H2", "H3", "H4", "H5", "H6"))
    assert tagged == [(kind, " ".join(html.unescape(t).split())) for kind, t in parser.headings]
    assert [k for k, _ in tagged] == ["H1", "H2", "H2", "H2", "H2", "H2"]
    assert "BlockQuote" in [kind for kind, _ in elements]


def test_names_with_markup_or_template_syntax_print_as_text() -> None:
    data = changed(example("serious-weaknesses"),
                   school__name="<script>alert(1)</script> {{ 7*7 }} School")  # fmt: skip
    page = summary_html(examined(data), Sources())
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} School" in page
    assert not re.search(r"\b49\b", page)
