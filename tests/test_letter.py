"""The letter as a reader meets it (HTML text): a deemed letter reads as a graded outcome, the
section 8 sentence is said once, support has its own heading, the team is named."""

from __future__ import annotations

from typing import Any

from reporter.pipeline import Sources, html_of
from reporter.scenarios import text_of
from tests.conftest import DELETE, changed, examined, example

SOURCES = Sources()
SECTION_8 = "under section 8 of the Education Act 2005"


def text(data: dict[str, Any]) -> str:
    return " ".join(text_of(html_of(examined(data), SOURCES)).split())


def in_order(page: str, parts: list[str]) -> None:
    positions = [page.find(part) for part in parts]
    assert -1 not in positions, [p for p, i in zip(parts, positions, strict=True) if i == -1]
    assert positions == sorted(positions), parts


def test_a_deemed_letter_gives_the_outcome_then_the_new_judgements() -> None:
    page = text(example("not-in-category-deemed-graded"))
    in_order(page, [
        "It was the first monitoring inspection since the school’s graded inspection in March 2024",
        "The inspection was deemed to be a graded inspection because safeguarding was found to be "
        "ineffective, so this letter also sets out the school’s new graded judgements.",
        "The outcome of the inspection",
        "Leaders have made insufficient progress to improve the school.",
        "In accordance with section 44(1) of the Education Act 2005",
        "HMCI strongly recommends that the school does not seek to appoint",
        "As the inspection was deemed a graded inspection, inspectors made the following "
        "judgements:",
        "Quality of education Inadequate",
        "Safeguarding Not effective",
        "Main findings",
        "Information about this inspection",
        f"The inspectors carried out this inspection {SECTION_8}. We deemed the inspection",
    ])  # fmt: skip
    assert page.count(SECTION_8) == 1


def test_a_monitoring_letter_says_section_8_in_its_opening_and_nothing_of_deeming() -> None:
    page = text(example("serious-weaknesses"))
    in_order(page, [f"The inspection was carried out {SECTION_8}. It was the first",
                    "The monitoring inspection report", "Main findings"])  # fmt: skip
    assert page.count(SECTION_8) == 1
    for absent in ("deemed", "Information about this inspection", "section 44", "Safeguarding"):
        assert absent not in page


def test_safeguarding_is_stated_once_in_a_deemed_letter_that_reports_on_it() -> None:
    """P99's formal 'Safeguarding is effective' stands; the judgements table does not repeat it."""
    data = changed(
        example("serious-weaknesses-safeguarding"),
        outcome__deemed_graded=True,
        outcome__category_removed=True,
        outcome__judgements={
            "quality_of_education": "good",
            "behaviour_and_attitudes": "good",
            "personal_development": "good",
            "leadership_and_management": "good",
        },
    )
    page = text(data)
    in_order(page, ["Leadership and management Good", "Safeguarding is effective."])
    assert "Safeguarding Effective" not in page


def test_support_has_its_own_heading_after_the_main_findings() -> None:
    page = text(example("special-measures-academy"))
    in_order(page, ["Main findings", "Support for the school", "Horizon Schools Trust has"])
    assert "Support for the school" not in text(example("serious-weaknesses"))


def test_the_team_is_named_lead_inspector_first() -> None:
    page = text(example("not-in-category-deemed-graded"))
    in_order(page, [
        "The inspection team",
        "Mark Ellery, lead inspector (His Majesty’s Inspector)",
        "Ruth Okonjo (Ofsted Inspector)",
        "Ben Carter (Ofsted Inspector)",
        "Yours sincerely",
    ])  # fmt: skip
    alone = text(changed(example("serious-weaknesses"), monitoring__team=DELETE))
    assert "The inspection team" not in alone


def test_the_safeguarding_section_reports_a_new_concern_in_a_monitoring_letter() -> None:
    data = changed(
        example("serious-weaknesses-insufficient"), outcome__safeguarding_effective=False
    )
    in_order(text(data), ["Safeguarding", "Safeguarding is not effective."])


def test_a_non_maintained_special_school_letter_has_no_ect_statement() -> None:
    page = text(example("special-measures-non-maintained-special"))
    assert "continues to require special measures" in page
    assert "early career teachers" not in page
