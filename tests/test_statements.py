"""The statement library: it loads, its statutory wording is the handbook's, and it is clean."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from reporter.errors import LibraryError
from reporter.pipeline import Sources
from reporter.statements import Edition, load_library
from tests.conftest import FIXTURES

# Crown copyright, Open Government Licence v3.0: see the README.md beside it.
HANDBOOK = FIXTURES / "handbook" / "school-monitoring-handbook-2024-09.txt"
# House wording, documented in its note: the handbook gives no formal sentence for this case.
NOT_FROM_HANDBOOK = {"safeguarding.ineffective"}
FORMAL = ("progress.", "removal.", "deeming.", "ect.", "safeguarding.")
# Statutory wording whose source is the Education Act 2005, as Ofsted's graded reports print it.
FROM_THE_ACT = ("category.",)
ACT = FIXTURES / "sources" / "education-act-2005.md"
# The handbook's own spelling of the placeholders.
AS_IN_HANDBOOK = {"{school}": "[The school]", "{inspector_noun}": "inspector(s)"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def edition() -> Edition:
    found = Sources().library().edition_for(date(2024, 9, 16))
    assert found is not None
    return found


def test_library_has_one_edition_in_force_from_16_september_2024() -> None:
    library = Sources().library()
    assert [e.effective_from for e in library.editions] == [date(2024, 9, 16)]
    assert library.edition_for(date(2024, 9, 15)) is None
    assert library.edition_for(date(2030, 1, 1)) is library.editions[0]


def test_statutory_wording_is_copied_from_the_handbook() -> None:
    handbook = _norm(HANDBOOK.read_text(encoding="utf-8"))
    checked = 0
    for sid, statement in edition().statements.items():
        if not sid.startswith(FORMAL) or sid in NOT_FROM_HANDBOOK:
            continue
        text = statement.text
        for placeholder, original in AS_IN_HANDBOOK.items():
            text = text.replace(placeholder, original)
        # The handbook lists the ECT statements without a full stop; the letter ends a sentence.
        assert _norm(text).rstrip(".") in handbook, sid
        checked += 1
    assert checked == 14


def test_no_ocr_artefacts_in_any_statement() -> None:
    artefact = re.compile(r"[«¢»]|\w\.\(|CEQO|RfE|\d+/31")
    for sid, statement in edition().statements.items():
        assert not artefact.search(statement.text), sid


def test_every_statement_cites_paragraphs_or_is_furniture() -> None:
    for sid, statement in edition().statements.items():
        if sid.startswith(FORMAL):
            assert statement.paragraphs, sid
        if sid.startswith(FROM_THE_ACT):
            assert statement.locked and "Education Act 2005 s.13(3)(b), s.44(" in statement.source


def test_category_statements_are_copied_from_the_act_source() -> None:
    """The s.44 sentences, word for word as the sources note gives them (and the Act's
    subsection matches the category)."""
    source = _norm(ACT.read_text(encoding="utf-8"))
    found = {sid: s for sid, s in edition().statements.items() if sid.startswith(FROM_THE_ACT)}
    assert set(found) == {"category.section_44_1", "category.section_44_2"}
    for sid, statement in found.items():
        assert _norm(statement.text) in source, sid
        assert f"section 44({sid[-1]})" in statement.text


def test_placeholders_are_filled_in_one_pass() -> None:
    statement = edition()["progress.serious_weaknesses.insufficient"]
    text = statement.fill({"school": "{inspector_noun} School"})
    assert text.startswith("{inspector_noun} School continues to have serious weaknesses.")


def _library(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "lib" / "2024-09-16"
    folder.mkdir(parents=True)
    (folder / "edition.yaml").write_text("title: Test\neffective_from: 2024-09-16\n")
    (folder / "family.yaml").write_text(body)
    return tmp_path / "lib"


def test_unknown_placeholder_and_duplicate_id_are_reported_together(tmp_path: Path) -> None:
    root = _library(
        tmp_path,
        "family: x\nstatements:\n"
        "  - {id: a.one, text: 'Hello {headteacher}'}\n"
        "  - {id: a.one, text: 'Again'}\n",
    )
    with pytest.raises(LibraryError) as caught:
        load_library(root)
    messages = [p.message for p in caught.value.problems]
    assert any("unknown placeholder {headteacher}" in m for m in messages)
    assert any("duplicate statement id" in m for m in messages)


def test_malformed_family_file_names_the_file(tmp_path: Path) -> None:
    root = _library(tmp_path, "family: x\nstatements: [{id: a, txt: oops}]\n")
    with pytest.raises(LibraryError) as caught:
        load_library(root)
    assert {p.where.rsplit("/", 1)[-1] for p in caught.value.problems} == {"family.yaml:2"}
    assert {p.field for p in caught.value.problems} >= {"statements.0.txt", "statements.0.text"}
