"""The summary for parents: the letter's outcome in plain words, quoted exactly beside them, on
one tagged PDF/UA page, readable by the thresholds that a formal letter fails."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject, NameObject

from reporter.inputs import Category
from reporter.pipeline import (
    Audience,
    Checked,
    Format,
    Sources,
    letter_of,
    render_files,
    summary_html,
    when,
)
from reporter.readability import MAX_SENTENCE_WORDS, MIN_FLESCH, measure, reader_text
from reporter.rules import Case
from reporter.rules.timing import ACADEMY_ORDER
from reporter.summary import FOUND, NEW_PROGRAMME, NEXT, QUOTED_KIND, plain_id
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
    """The window is the one `reporter actions` gives for the next step; it has begun by the
    letter date, so parents are told its end, with the handbook's hedges (P53, P59)."""
    summary = summaries("serious-weaknesses")
    (step,) = [a for a in summary.checked.decision.actions if a.rule in NEXT]
    assert when(step) == "from 10 October 2024 to 5 July 2026"
    text = _pdf_text(summary.pdf_file)
    assert "Inspectors will come back to check on the school again." in text
    assert "A school can have up to 5 of these visits, all by 5 July 2026." in text
    assert "from 10 October 2024" not in text


# What the summaries say, read from their PDFs' text (what a parent reads).
DEEMED = [n for n in NAMES if example(n)["outcome"].get("deemed_graded")]
SINGLE = [n for n in NAMES if not example(n)["monitoring"].get("team")]


def _text(summaries: Callable[[str], Summary], name: str) -> str:
    return _pdf_text(summaries(name).pdf_file)


@pytest.mark.parametrize("name", NAMES)
def test_the_summary_says_only_what_the_handbook_supports(
    name: str, summaries: Callable[[str], Summary]
) -> None:
    """No promise the handbook does not make: pupils' lessons (P40-P44), the 18 to 24 months
    (P59, P113), a bare start date, a web address it gives no source for."""
    text = _text(summaries, name)
    for unsupported in ("Pupils stay", "carry on as usual", "18 months", "stop these checks",
                        "reports.ofsted.gov.uk", "due from", "without a lot of help",
                        "good enough", "got so much better", "check that it"):  # fmt: skip
        assert unsupported not in text, unsupported
    assert "The full letter will be published on the Ofsted reports website." in text
    urn = summaries(name).checked.inspection.school.urn
    assert f"its unique reference number (URN), {urn}." in text
    issued = summaries(name).checked.inspection.monitoring.letter_date
    for day in re.findall(r"from (\d{1,2} \w+ \d{4})", text):
        assert datetime.strptime(day, "%d %B %Y").date() > issued, day


@pytest.mark.parametrize("name", NAMES)
def test_the_visit_is_told_by_the_team_size(name: str, summaries: Callable[[str], Summary]) -> None:
    """One inspector is 'an inspector' and 'the inspector', as the letter's {inspector_noun}."""
    text, one = _text(summaries, name), name in SINGLE
    assert text.count("An inspector from Ofsted came to the school on") == one
    assert text.count("Inspectors from Ofsted came to the school on") == (not one)
    if name in DEEMED:
        nouns = re.findall(r"\b[Tt]he (inspectors?) (?:turned|found)", text)
        assert nouns and set(nouns) == {"inspector" if one else "inspectors"}, nouns


def test_a_single_inspector_is_singular(summaries: Callable[[str], Summary]) -> None:
    assert "special-measures-removed" in SINGLE and "special-measures-removed" in DEEMED
    text = _text(summaries, "special-measures-removed")
    assert "An inspector from Ofsted came to the school on 23 and 24 September 2025." in text
    assert "So the inspector turned the visit into a full inspection." in text
    assert "inspectors turned" not in text


def test_an_academy_order_is_told_with_its_condition(summaries: Callable[[str], Summary]) -> None:
    """A maintained school placed in a category is expected to become an academy (P40, P41);
    inspectors come back only if it is still open 9 months on (P58), as the rule says."""
    summary = summaries("not-in-category-to-serious-weaknesses")
    (step,) = [a for a in summary.checked.decision.actions if a.rule == NEW_PROGRAMME]
    assert step.first is not None and step.last is None  # the rule's open-ended window
    text = _pdf_text(summary.pdf_file)
    assert "The school is due to become an academy." in text
    assert ("If it is still not an academy by 10 November 2025, inspectors will most likely come "
            "back.") in text  # fmt: skip
    assert "Inspectors will come back" not in text
    assert "come back regularly" not in text


def test_a_new_category_without_an_academy_order_is_monitored(
    summaries: Callable[[str], Summary],
) -> None:
    """An academy placed in a category: the first visit 3 to 9 months on (P56), no academy;
    with ineffective safeguarding, soon (P57), worded by the window's end."""
    text = _text(summaries, "special-measures-to-serious-weaknesses")
    assert (
        "Then inspectors will come back, most often 3 to 9 months after the full report comes "
        "out." in text
    )
    assert "academy" not in text.replace("Thornbury Park Academy", "")
    text = _text(summaries, "not-in-category-deemed-graded")
    assert "Inspectors will usually come back soon to check on it." in text
    assert "become an academy" not in text


@pytest.mark.parametrize("name", DEEMED)
def test_a_deemed_summary_lists_each_new_grade(
    name: str, letters: Letters, summaries: Callable[[str], Summary]
) -> None:
    """Every row of the letter's table of new grades, in the summary's words (P115, P121,
    P139), under 'What the inspectors found', and the full report to come."""
    summary, letter = summaries(name), letters.example(name)
    text = _pdf_text(summary.pdf_file)
    rows = letter_of(letter.checked).new_judgements
    assert rows
    found = text.index("What the inspector" if name in SINGLE else "What the inspectors")
    doing = text.index("What the school is doing about it")
    assert found < text.index("The letter gives the school’s new grades:") < doing
    for row in rows:
        words = f"{row.judgement.removesuffix(' provision')}: {row.grade.lower()}"
        assert found < text.index(words) < doing, words
    assert len(summary.html.split('<li data-statement="summary.judgement.')) == len(rows) + 1
    assert "As well as the letter, Ofsted will publish a full inspection report" in text


def test_grades_name_safeguarding_plainly(summaries: Callable[[str], Summary]) -> None:
    assert "Safeguarding: not effective" in _text(summaries, "not-in-category-deemed-graded")
    assert "Safeguarding: effective" in _text(summaries, "serious-weaknesses-removed")
    assert "new grades" not in _text(summaries, "serious-weaknesses")


@pytest.mark.parametrize("name", NAMES)
def test_what_changes_for_pupils_follows_where_the_school_stands(
    name: str, summaries: Callable[[str], Summary]
) -> None:
    """An academy order (P40, P41), more checks in a category (P50), this full inspection's
    findings once out of one (P66), else the last full inspection's."""
    summary = summaries(name)
    case = Case(summary.checked.inspection, "")
    text = _pdf_text(summary.pdf_file)
    ordered = case.after is not Category.NONE and case.inspection.school.type in ACADEMY_ORDER
    assert ("The school is due to become an academy." in text) == ordered
    assert ("Ofsted keeps visiting to check how they are doing." in text) == (
        case.after is not Category.NONE and not ordered
    )
    assert ("the full inspection report will say" in text) == (
        case.after is Category.NONE and case.out.deemed_graded
    )
    assert ("the last full inspection said" in text) == (
        case.after is Category.NONE and not case.out.deemed_graded
    )


def test_a_school_not_in_a_category_had_a_short_visit(summaries: Callable[[str], Summary]) -> None:
    """Usually a single monitoring inspection (P52): not 'the first of these visits'."""
    for name in ("not-in-category-sufficient", "not-in-category-insufficient"):
        text = _text(summaries, name)
        assert "This was a short visit, known as a monitoring inspection." in text
        assert "of these short visits" not in text
    text = _text(summaries, "serious-weaknesses-insufficient")
    assert "This was the second of these short visits" in text
    assert "check whether it is getting better" in text


def test_categories_are_worded_as_the_law_defines_them(
    summaries: Callable[[str], Summary],
) -> None:
    """Serious weaknesses: doing significantly less well (s.44(2), P5), one wording; special
    measures: no acceptable standard, no shown capacity (s.44(1), P31, P34)."""
    serious = "This means it is doing much less well than it should."
    assert serious in _text(summaries, "not-in-category-to-serious-weaknesses")  # placed now
    assert "Schools are placed in it when they do much less well than they should." in (
        _text(summaries, "serious-weaknesses")
    )  # kept in it since the last full inspection: no new finding
    moved = _text(summaries, "special-measures-to-serious-weaknesses")
    assert f"{serious} This is less serious than needing special measures." in moved
    assert "less serious" not in _text(summaries, "not-in-category-to-serious-weaknesses")
    for name in ("special-measures-maintained", "not-in-category-deemed-graded"):
        text = _text(summaries, name)
        assert "give pupils an acceptable standard of education." in text
        assert "lead and govern" in text and "not shown" in text
    progress = _text(summaries, "serious-weaknesses-removed")
    assert (
        "The school had improved enough that it was likely to no longer have serious "
        "weaknesses. So the inspectors turned the visit into a full inspection."
    ) in progress


def test_early_career_teachers_are_explained(summaries: Callable[[str], Summary]) -> None:
    """Teachers in their first two years, called early career teachers; may (P36), may not
    (P37), and an academy is only advised (P35)."""
    called = "teachers in their first two years (called early career teachers)"
    may = _text(summaries, "special-measures-academy")
    assert f"In Ofsted’s view, the school can support {called}. So it may employ them." in may
    may_not = _text(summaries, "special-measures-maintained")
    assert f"The school is not allowed to take on {called} before the next visit." in may_not
    advised = _text(summaries, "not-in-category-deemed-graded")
    assert f"Ofsted strongly advises the school not to take on {called}. This is advice only." in (
        advised
    )


def test_ineffective_safeguarding_is_worded_as_the_letter_says(
    summaries: Callable[[str], Summary],
) -> None:
    summary = summaries("serious-weaknesses-safeguarding")
    edition = summary.checked.edition
    plain = edition["plain.safeguarding.ineffective"]
    assert plain.text == "The school does not do enough to keep pupils safe."
    assert "P130" not in plain.paragraphs and "P100" in plain.paragraphs


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
