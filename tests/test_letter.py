"""Assembling the letter: dates and names in words, and narrative Markdown made safe."""

from __future__ import annotations

import re
from datetime import date

import pytest

from reporter.inputs import Person
from reporter.letter import date_span, join_words, long_date, narrative_html, salutation


def test_long_date_is_british() -> None:
    assert long_date(date(2024, 10, 8)) == "8 October 2024"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        ([date(2024, 10, 8)], "8 October 2024"),
        ([date(2024, 10, 9), date(2024, 10, 8)], "8 and 9 October 2024"),
        ([date(2024, 10, 8), date(2024, 10, 9), date(2024, 10, 10)], "8, 9 and 10 October 2024"),
        ([date(2024, 9, 30), date(2024, 10, 1)], "30 September and 1 October 2024"),
        ([date(2024, 12, 31), date(2025, 1, 1)], "31 December 2024 and 1 January 2025"),
    ],
)
def test_date_span(days: list[date], words: str) -> None:
    assert date_span(days) == words


def test_join_words() -> None:
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mrs Helen Okafor", "Mrs Okafor"),
        ("Dr. Amara Nwosu", "Dr. Nwosu"),
        ("Sam Ortega", "Sam Ortega"),
    ],
)
def test_salutation(name: str, expected: str) -> None:
    assert salutation(Person(name=name, role="Headteacher")) == expected


def test_salutation_override() -> None:
    assert salutation(Person(name="Mrs Helen Okafor", role="x"), "Helen") == "Helen"


def test_narrative_subset() -> None:
    html = narrative_html("# Reading\n\nPupils **read** *often*.\n\n- one\n- two\n\n1. first\n")
    assert html == (
        "<h3>Reading</h3>\n<p>Pupils <strong>read</strong> <em>often</em>.</p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol>\n<li>first</li>\n</ol>"
    )


@pytest.mark.parametrize(
    ("markdown", "must_not_contain", "must_contain"),
    [
        ("<script>alert(1)</script>", "<script", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src="file:///etc/passwd">', "<img", "&lt;img"),
        ("![x](http://127.0.0.1/x.png)", "<img", ""),
        ("[click](javascript:alert(1))", "<a", "click"),
        ("<http://example.org/>", "href", ""),
        ("{{ 7*7 }}", "49", "{{ 7*7 }}"),
    ],
)
def test_narrative_input_comes_out_as_text(
    markdown: str, must_not_contain: str, must_contain: str
) -> None:
    html = narrative_html(markdown)
    assert must_not_contain not in html
    assert must_contain in html


def test_narrative_headings_sit_below_the_letters_and_skip_no_level() -> None:
    html = narrative_html("# A\n\n### B\n\n## C\n\n###### D\n\n# E")
    assert re.findall(r"<(h\d)>", html) == ["h3", "h4", "h4", "h5", "h3"]


def test_a_lone_paragraph_in_a_list_item_is_lifted_into_it() -> None:
    assert narrative_html("- a\n\n- b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    assert narrative_html("Improve **reading**.", item=True) == "Improve <strong>reading</strong>."
    assert narrative_html("One.\n\nTwo.", item=True) == "<p>One.</p>\n<p>Two.</p>"
