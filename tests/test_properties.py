"""Property-based: random inputs, valid or not, never raise anything but the project's own
validation error, and a valid one always renders with its school's name shown as text."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from reporter.errors import InputError
from reporter.pipeline import Sources, examine, html_of
from reporter.wording import typographic
from tests.conftest import changed, example

SOURCES = Sources()
LIBRARY = SOURCES.library()
BASE = example("serious-weaknesses")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    return found


PATHS = _paths(BASE)


def _letter_or_input_error(data: Any) -> str | None:
    try:
        checked = examine("random.yaml", data, LIBRARY)
    except InputError as exc:
        assert exc.problems and all(p.file == "random.yaml" for p in exc.problems)
        return None
    return html_of(checked, SOURCES)


@SETTINGS
@given(json_values)
def test_any_data_is_an_input_error_or_a_letter(data: Any) -> None:
    _letter_or_input_error(data)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=3))
def test_a_valid_input_with_random_fields_replaced(replacements: list[Any]) -> None:
    data = BASE
    for path, value in replacements:
        data = changed(data, **{"__".join(path): value})
    _letter_or_input_error(data)


grades = st.sampled_from(["outstanding", "good", "requires_improvement", "inadequate"])
KEY = ("quality_of_education", "behaviour_and_attitudes", "personal_development",
       "leadership_and_management")  # fmt: skip


@st.composite
def situations(draw: st.DrawFn) -> tuple[dict[str, Any], str, int]:
    """Inputs that are mostly consistent, so that most of them become letters."""
    name = draw(st.text(min_size=1, max_size=60).filter(lambda s: s.strip()))
    category = draw(st.sampled_from(["none", "serious_weaknesses", "special_measures"]))
    previous = {k: draw(grades) for k in KEY}
    if category == "special_measures":
        previous["quality_of_education"] = "inadequate"
    elif category == "serious_weaknesses":
        previous["behaviour_and_attitudes"] = "inadequate"
    else:
        previous = {
            k: "requires_improvement" if g == "inadequate" else g for k, g in previous.items()
        }
        previous["leadership_and_management"] = "requires_improvement"
    deemed = draw(st.booleans())
    progress = draw(st.sampled_from(["sufficient", "insufficient"]))
    removed = category != "none" and deemed and progress == "sufficient" and draw(st.booleans())
    if category != "none" and deemed:
        progress = "sufficient"
    outcome: dict[str, Any] = {"progress": progress, "deemed_graded": deemed,
                               "category_removed": removed}  # fmt: skip
    if category == "special_measures" and not removed:
        outcome["ect"] = draw(st.sampled_from(["may_appoint", "may_not_appoint"]))
    was_safe = category == "none" or draw(st.booleans())
    if not was_safe:
        outcome["safeguarding_effective"] = removed or draw(st.booleans())
    if deemed and draw(st.booleans()):
        outcome["judgements"] = {k: "good" if removed else draw(grades) for k in KEY}
    team = draw(st.integers(min_value=0, max_value=3))
    data = changed(
        BASE,
        school__name=name,
        school__type=draw(st.sampled_from(["maintained", "academy", "pupil_referral_unit"])),
        previous_inspection__category=category,
        previous_inspection__judgements=previous,
        previous_inspection__safeguarding_effective=was_safe,
        monitoring__team=[{"name": f"Inspector {n}", "role": "HMI"} for n in range(team)],
        outcome=outcome,
    )
    return data, name, team


@SETTINGS
@given(situations())
def test_combinations_of_judgements(situation: tuple[dict[str, Any], str, int]) -> None:
    data, name, team = situation
    page = _letter_or_input_error(data)
    event("letter" if page is not None else "input error")
    if page is not None:
        shown = escape(typographic(name.strip()))  # straight quotes print curly
        assert f"Monitoring inspection of {shown}</h1>" in page
        if data["outcome"]["deemed_graded"]:
            noun = "inspector" if team == 0 else "inspectors"
            assert f"The {noun} carried out this inspection" in page
