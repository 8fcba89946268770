"""The input's vocabularies: the values a field may take. Apart from the pydantic model in
reporter.inputs so that the command line can offer them as choices without building the model
(a run that renders nothing new imports neither pydantic nor Jinja)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ECT", "Category", "Grade", "Progress", "SchoolType"]


class SchoolType(StrEnum):
    """The kind of school."""

    MAINTAINED = "maintained"
    ACADEMY = "academy"
    MAINTAINED_NURSERY = "maintained_nursery"
    NON_MAINTAINED_SPECIAL = "non_maintained_special"
    PUPIL_REFERRAL_UNIT = "pupil_referral_unit"


class Category(StrEnum):
    """A category of concern (P29, P31-P34), or none."""

    NONE = "none"
    SERIOUS_WEAKNESSES = "serious_weaknesses"
    SPECIAL_MEASURES = "special_measures"


class Grade(StrEnum):
    """A graded inspection's grade."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"


class Progress(StrEnum):
    """The monitoring inspection's single judgement (P110, P111, P118)."""

    SUFFICIENT = "sufficient"
    INSUFFICIENT = "insufficient"


class ECT(StrEnum):
    """Whether the school may appoint early career teachers (P36-P38)."""

    MAY_APPOINT = "may_appoint"
    MAY_NOT_APPOINT = "may_not_appoint"
