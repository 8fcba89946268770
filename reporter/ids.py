"""Every statement id that code names, in one typed table.

The statement library (``statements/EDITION/*.yaml``) holds each statement's wording and the
handbook paragraphs it rests on; code names a statement only through this table, and
``reporter statements check`` makes sure every edition has each one its rules can select.
Templates name the rest of the letter's furniture by string, and the check covers those too.
"""

from __future__ import annotations

from enum import StrEnum


class StatementId(StrEnum):
    # The single progress judgement (P110, P111, P118).
    PROGRESS_NONE_SUFFICIENT = "progress.not_in_category.sufficient"
    PROGRESS_NONE_INSUFFICIENT = "progress.not_in_category.insufficient"
    PROGRESS_SW_SUFFICIENT = "progress.serious_weaknesses.sufficient"
    PROGRESS_SW_INSUFFICIENT = "progress.serious_weaknesses.insufficient"
    PROGRESS_SM_SUFFICIENT = "progress.special_measures.sufficient"
    PROGRESS_SM_INSUFFICIENT = "progress.special_measures.insufficient"
    # A category removed by a deemed graded inspection (P115, P121, P143).
    REMOVAL_SW = "removal.section_13_5"
    REMOVAL_SM = "removal.section_13_4"
    # A deemed graded inspection that places or keeps the school in a category: the opinion the
    # report must state (Education Act 2005 s.13(3)(b)), in the words of s.44.
    CATEGORY_SM = "category.section_44_1"
    CATEGORY_SW = "category.section_44_2"
    # The deemed inspection's "Information about this inspection" (P142).
    DEEMING = "deeming.section_5"
    # Early career teachers in a school that requires special measures (P36-P38).
    ECT_MAINTAINED_MAY = "ect.maintained.may_appoint"
    ECT_MAINTAINED_MAY_NOT = "ect.maintained.may_not_appoint"
    ECT_ACADEMY_MAY = "ect.academy.may_appoint"
    ECT_ACADEMY_MAY_NOT = "ect.academy.may_not_appoint"
    # Safeguarding, reported where it was previously ineffective (P96-P99).
    SAFEGUARDING_EFFECTIVE = "safeguarding.effective"
    SAFEGUARDING_INEFFECTIVE = "safeguarding.ineffective"
    # Letter furniture that code, not a template, chooses.
    LETTER_TITLE = "letter.title"
    LETTER_REASON_CATEGORY = "letter.reason.category"
    LETTER_REASON_NOT_IN_CATEGORY = "letter.reason.not_in_category"
    # Why a deemed inspection was deemed (the opening of a deemed letter, P144).
    DEEMED_PROGRESS = "letter.deemed.progress"
    DEEMED_SAFEGUARDING = "letter.deemed.safeguarding"
    DEEMED_CONCERNS = "letter.deemed.concerns"
    DEEMED_IMPROVED = "letter.deemed.improved"
