"""Characters the letter's font cannot print are refused at validation, naming the field."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.errors import SetupError
from reporter.glyphs import LETTER_FONT, STYLES, printable
from reporter.resources import templates_dir
from tests.conftest import changed, example


def test_letter_css_is_set_in_the_font_checked() -> None:
    css = (templates_dir() / "letter.css").read_text(encoding="utf-8")
    families = re.findall(r"font-family:\s*\"([^\"]+)\"", css)
    assert families and set(families) == {LETTER_FONT}


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("school__name", "Hollin Brook 学校 Primary School", "'学' (U+5B66 CJK UNIFIED IDEOGRAPH"),
        ("school__headteacher__name", "Mrs Helen Okafor 😀", "U+1F600 GRINNING FACE"),
        ("narrative__evidence", "Inspectors met co\u2011leaders.", "U+2011 NON-BREAKING HYPHEN"),
        ("copies_to", ["the chair of governors ✓"], "U+2713 CHECK MARK"),
    ],
)
def test_unprintable_characters_are_refused_with_their_field(
    field: str, value: object, shown: str, write_input: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_input(changed(example("serious-weaknesses"), **{field: value}))
    result = CliRunner().invoke(main, ["render", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    dotted = field.replace("__", ".") + (".0" if isinstance(value, list) else "")
    assert f"{path}: {dotted}: " in result.output
    assert shown in result.output and f"the letter's font ({LETTER_FONT})" in result.output
    assert not (tmp_path / "out").exists()


def test_names_in_latin_greek_and_cyrillic_scripts_and_markdown_layout_are_accepted(
    write_input: Callable[..., Path],
) -> None:
    data = changed(
        example("serious-weaknesses"),
        school__headteacher__name="Dr Siân Ní Bhriain-Øster Ŵ Ğ Ș Ț ß Ελένη Ольга",
        narrative__evidence="Inspectors met leaders.\n\n\t- and pupils \u2013 “often”…",
    )
    result = CliRunner().invoke(main, ["validate", str(write_input(data))])
    assert result.exit_code == 0, result.output


def test_a_missing_letter_font_is_reported_not_substituted() -> None:
    with pytest.raises(SetupError, match="the letter's font is not installed"):
        printable("No Such Font Family")


def test_fontconfig_repertoire_matches_the_font_files_and_covers_every_latin_letter() -> None:
    """What fontconfig reports is what the font files' own character maps hold (read here with
    fontTools, a test dependency), and it has every letter of U+00C0 to U+024F."""
    from fontTools.ttLib import TTFont

    maps = []
    for style in STYLES:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{LETTER_FONT}:style={style}"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "LiberationSans" in found.stdout, found.stdout
        maps.append(set(TTFont(found.stdout).getBestCmap()))
    own = set.intersection(*maps)
    repertoire = printable()
    visible = {c for c in own if c >= 0x20}  # fontconfig leaves out control characters
    assert repertoire == visible, sorted(repertoire ^ visible)[:10]
    letters = [c for c in range(0xC0, 0x250) if unicodedata.category(chr(c)).startswith("L")]
    assert len(letters) == 398 and not [c for c in letters if c not in repertoire]
