"""Narrative Markdown made safe: the allowed subset, input shown as text, PDF/UA structure."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.narrative import narrative_html


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


@pytest.mark.parametrize(
    ("markdown_levels", "html_levels"),
    [
        # issue 13: C was filed under B (h3, h4, h4)
        ([2, 3, 2], [3, 4, 3]),
        ([1, 2, 1], [3, 4, 3]),
        ([2, 2, 2], [3, 3, 3]),
        ([3, 4, 3, 4], [3, 4, 3, 4]),  # the long letter's ### / #### blocks, repeated
        ([1, 3, 5, 3, 1], [3, 4, 5, 4, 3]),
        ([2, 4, 3, 2], [3, 4, 4, 3]),  # a deeper, then a shallower child: both under A
        ([3, 2, 3], [3, 3, 4]),  # a first heading deeper than the next: they are siblings
        ([1, 2, 3, 4, 5, 6, 2], [3, 4, 5, 6, 6, 6, 4]),  # no level below h6
    ],
    ids=lambda levels: "".join(map(str, levels)),
)
def test_sibling_headings_stay_siblings(markdown_levels: list[int], html_levels: list[int]) -> None:
    text = "\n\n".join(f"{'#' * level} Heading {n}" for n, level in enumerate(markdown_levels))
    found = [int(level) for level in re.findall(r"<h(\d)>", narrative_html(text))]
    assert found == html_levels
    steps = [b - a for a, b in zip([2, *found], found, strict=False)]
    assert all(step <= 1 for step in steps), "a level was skipped"


def test_a_lone_paragraph_in_a_list_item_is_lifted_into_it() -> None:
    assert narrative_html("- a\n\n- b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    assert narrative_html("Improve **reading**.", item=True) == "Improve <strong>reading</strong>."
    assert narrative_html("One.\n\nTwo.", item=True) == "<p>One.</p>\n<p>Two.</p>"


MARKDOWNISH = "ab .,'\"-*_[]()!`\\#<>&:/\n"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=MARKDOWNISH, max_size=60), st.booleans())
def test_leaving_out_patterns_a_text_cannot_match_changes_nothing(text: str, item: bool) -> None:
    """The converter chosen by the characters a text lacks gives the HTML that the converter
    with every pattern gives."""
    import html

    import nh3

    from reporter.narrative import NARRATIVE_TAGS, _converter

    whole = _converter(item, frozenset()).reset().convert(html.escape(text, quote=False))
    expected = nh3.clean(whole, tags=NARRATIVE_TAGS, attributes={}, url_schemes=set(),
                         link_rel=None)  # fmt: skip
    assert narrative_html(text, item) == expected
