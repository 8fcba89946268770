"""The envelope-window estimate (validate, the preview) agrees with the laid-out page (render)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.envelope import lines_needed
from reporter.pipeline import Sources, html_of, window_estimate
from reporter.render import layout, window_overflow
from tests.conftest import changed, examined, example, long_letter

SW = example("serious-weaknesses")
SOURCES = Sources()
CASES: dict[str, dict[str, Any]] = {
    "four address lines": SW,
    "five address lines": changed(SW, school__address=["1 Brook Street", "Eastham", "Lowfield",
                                                       "Northshire", "NS4 7QT"]),
    "six address lines": changed(SW, school__address=["Unit 4", "1 Brook Street", "Eastham",
                                                      "Lowfield", "Northshire", "NS4 7QT"]),
    "a school name that wraps": changed(
        SW, school__name="The Blessed Cardinal John Henry Newman Roman Catholic Voluntary Aided "
        "Primary School and Nursery"),
    "a long name, four short lines": changed(
        SW, school__headteacher__name="Mrs Wilhelmina Featherstonehaugh-Cholmondeley"),
    "a school name just inside the width": example("not-in-category-sufficient"),
    "everything at its limit": long_letter(),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_the_estimate_warns_exactly_when_the_laid_out_page_overflows(name: str) -> None:
    checked = examined(CASES[name])
    measured = window_overflow(layout(html_of(checked, SOURCES), SOURCES.templates))
    estimated = window_estimate(checked, SOURCES)
    assert (estimated is not None) == (measured is not None), (estimated, measured)


def test_wrapping_counts_words_and_breaks_a_long_one() -> None:
    assert lines_needed("Brook Street", 85) == 1
    assert lines_needed("word " * 30, 85) > 2
    assert lines_needed("W" * 60, 85) == 3  # 60 x 4.0mm, broken anywhere


def test_validate_warns_about_the_window(write_input: Callable[..., Path]) -> None:
    path = write_input(CASES["six address lines"])
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert f"warning: {path}: school.address: the addressee block" in result.output
    assert "would be about" in result.output
