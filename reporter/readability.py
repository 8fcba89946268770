"""How easy the summary for parents is to read, measured on its text as a reader sees it: every
heading and paragraph of the page, but not the quoted formal statements, which are the law's
words and are not meant to be plain. Flesch reading ease by textstat (imported only here: it
costs a second), and the longest sentence in words.

The thresholds are ones the shipped plain wording meets and a formal letter does not (README:
the summary for parents gives both figures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

MIN_FLESCH = 70.0  # "fairly easy" on Flesch's scale: the summaries score 70-81, the letters 44-61
MAX_SENTENCE_WORDS = 25  # summaries: longest sentences of 17-22 words; letters: 33-61
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "title"}
_SKIPPED = {"blockquote", "head", "style", "script"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class _Reader(HTMLParser):
    """The blocks of text a reader of the page meets, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS or tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping -= 1
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []


def reader_text(page: str) -> list[str]:
    """The page's headings and paragraphs as text, without the quoted formal wording."""
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return reader.blocks


@dataclass(frozen=True)
class Measure:
    flesch: float
    longest_words: int
    longest: str

    @property
    def plain(self) -> bool:
        return self.flesch >= MIN_FLESCH and self.longest_words <= MAX_SENTENCE_WORDS


def sentences(blocks: list[str]) -> list[str]:
    """A heading or other block without a full stop still ends where it ends."""
    return [s for block in blocks for s in _SENTENCE_END.split(block) if s]


def measure(blocks: list[str]) -> Measure:
    import textstat

    found = sentences(blocks)
    text = " ".join(s if s[-1] in ".!?" else s + "." for s in found)
    counts = [(int(textstat.lexicon_count(s)), s) for s in found] or [(0, "")]
    longest_words, longest = max(counts, key=lambda pair: pair[0])
    return Measure(round(float(textstat.flesch_reading_ease(text)), 1), longest_words, longest)
