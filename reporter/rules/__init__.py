"""The handbook's rules: whether an input is consistent, which formal statements it selects, and
what the lead inspector owes afterwards.

Each rule is a small function registered with the paragraph(s) of the *School monitoring
handbook* it rests on (``registry.py``), in five groups, one module each: ``consistency``
(errors), ``timing`` and ``advice`` (warnings), ``selection`` (statements) and ``actions``.
Pure functions of the validated input; no I/O. ``reporter statements list --rules`` lists them all.
"""

from __future__ import annotations

from reporter.rules import actions, advice, consistency, selection, timing
from reporter.rules.registry import (
    HANDBOOK_2024,
    RULES,
    Action,
    Case,
    Decision,
    Group,
    Rule,
    Selection,
    decide,
    in_force,
)

GROUPS = (consistency, timing, advice, selection, actions)  # imported for their registrations

__all__ = [
    "HANDBOOK_2024",
    "RULES",
    "Action",
    "Case",
    "Decision",
    "Group",
    "Rule",
    "Selection",
    "decide",
    "in_force",
]
