"""The author's narrative Markdown made into the safe HTML subset the letter, and its tagged
PDF, accept. Kept apart from the English wording helpers: this is the part that touches untrusted
text. Pure; no I/O.
"""

from __future__ import annotations

import html
import re
from functools import cache
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# The narrative subset (docs in README): paragraphs, headings below the letter's own, emphasis,
# lists and tables. Anything else, raw HTML included, comes out as text or not at all.
NARRATIVE_TAGS = {
    "p", "h3", "h4", "h5", "h6", "strong", "em", "ul", "ol", "li", "br",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip

SECTION_HEADING = 2  # the letter's own section headings are <h2>; narrative ones go below


class _Tidy(Treeprocessor):
    """Shape narrative Markdown into structure a PDF/UA checker accepts.

    Headings: a heading's level is its depth among the headings it sits under, counted from the
    section's <h2>: the first heading is <h3> whatever its number of ``#``, one with more ``#``
    than the heading before goes one level below it, and one with as many or fewer goes back to
    the level of the last heading with as many or fewer (``## A``, ``### B``, ``## C`` is <h3>,
    <h4>, <h3>). So siblings stay siblings and no level is skipped, as the outline screen readers
    navigate by needs; below <h6> they stay <h6>.
    Lists: a lone paragraph is lifted into its list item (or into the caller's ``<li>``), so the
    tagged PDF has LI > LBody rather than LI > P."""

    def __init__(self, md: markdown.Markdown, whole: bool) -> None:
        super().__init__(md)
        self.whole = whole

    def run(self, root: Element) -> None:
        open_levels: list[int] = []  # the Markdown levels of the headings this one is under
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                level = int(element.tag[1])
                while open_levels and open_levels[-1] >= level:
                    open_levels.pop()
                open_levels.append(level)
                element.tag = f"h{min(SECTION_HEADING + len(open_levels), 6)}"
        holders = [*root.iter("li"), *([root] if self.whole else [])]
        for holder in holders:
            if len(holder) == 1 and holder[0].tag == "p" and not (holder.text or "").strip():
                paragraph = holder[0]
                holder.remove(paragraph)
                holder.text = paragraph.text
                holder.extend(paragraph)


class _TidyExtension(Extension):
    def __init__(self, whole: bool) -> None:
        super().__init__()
        self.whole = whole

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Tidy(md, self.whole), "tidy_for_pdf_ua", 0)


@cache
def _converter(item: bool, absent: frozenset[str] = frozenset()) -> markdown.Markdown:
    """One converter per kind, reset between texts: building one registers every processor
    again, a third of the narrative's time (one process renders one letter at a time).
    ``absent``: characters the text lacks, whose patterns are left out (see _TRIGGERS)."""
    converter = markdown.Markdown(
        extensions=[
            "tables",
            "sane_lists",
            "smarty",  # typed quotes and apostrophes become typographic ones, as the library's
            _TidyExtension(whole=item),
        ],
        output_format="html",
    )
    for name in (*_NEED_A_LESS_THAN, *(n for c in sorted(absent) for n in _TRIGGERS[c])):
        converter.inlinePatterns.deregister(name)
    return converter


# Inline patterns that match only text holding "<", which narrative_html escapes before Markdown
# sees it: they never match, and searching for them was a fifth of the narrative's time.
_NEED_A_LESS_THAN = ("autolink", "automail", "html")
# Inline patterns that need a character most narrative never has: each is searched for in every
# run of text, so a text without the character is converted without them (the same HTML, as
# inline text is only ever cut from the source).
_TRIGGERS = {
    "[": ("reference", "link", "image_link", "image_reference", "short_reference",
          "short_image_ref"),
    "`": ("backtick",),
    "\\": ("escape",),
}  # fmt: skip


def narrative_html(text: str, item: bool = False) -> Markup:
    """Markdown to sanitised HTML. Input is escaped first, so raw HTML is shown as text.

    ``item``: the text is one list item of the letter's own (areas for improvement)."""
    escaped = html.escape(text, quote=False)
    absent = frozenset(c for c in _TRIGGERS if c not in escaped)
    rendered = _converter(item, absent).reset().convert(escaped)
    cleaned = nh3.clean(
        rendered, tags=NARRATIVE_TAGS, attributes={}, url_schemes=set(), link_rel=None
    )
    return Markup(cleaned)
