"""Translated data values: every language written, figures placed from the source text, the
edition's own text chosen, and each problem at the line an editor fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooks.core.problems import ProblemError
from hooks.core.translation import Translation, localize
from hooks.core.yamlfile import load_document

TWO = Translation(language="ar", languages=("en", "ar"), names=(("en", "English"), ("ar", "Arabic")))
ENGLISH = Translation(language="en", languages=("en", "ar"), names=(("en", "English"), ("ar", "Arabic")))
SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {"value": {"x-translated": {"type": "string", "minLength": 1}}},
    },
}


def load(tmp_path: Path, text: str, translation: Translation = TWO):
    file = tmp_path / "facts.yml"
    file.write_text(text, encoding="utf-8")
    return load_document(file, "data/facts.yml", json.loads(json.dumps(SCHEMA)), translation)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ProblemError) as error:
        load(tmp_path, text)
    return [str(problem) for problem in error.value.problems]


def test_the_arabic_edition_reads_the_arabic_text_with_the_source_figures(tmp_path: Path) -> None:
    text = "course:\n  value:\n    en: 3 to 6 sessions\n    ar: من {1} إلى {2} جلسات\n"
    assert load(tmp_path, text).value == {"course": {"value": "من 3 إلى 6 جلسات"}}
    assert load(tmp_path, text, ENGLISH).value == {"course": {"value": "3 to 6 sessions"}}


def test_a_changed_figure_changes_in_both_languages(tmp_path: Path) -> None:
    text = "course:\n  value:\n    en: 4 to 8 sessions\n    ar: من {1} إلى {2} جلسات\n"
    assert load(tmp_path, text).value["course"]["value"] == "من 4 إلى 8 جلسات"
    assert load(tmp_path, text, ENGLISH).value["course"]["value"] == "4 to 8 sessions"


def test_an_edition_with_other_digits_shows_the_figures_in_them(tmp_path: Path) -> None:
    eastern = Translation(language="ar", languages=("en", "ar"), digits="٠١٢٣٤٥٦٧٨٩")
    value = {"en": "24 hours", "ar": "{1} ساعة"}
    assert localize(value, eastern) == "٢٤ ساعة"


def test_a_missing_arabic_text_is_reported_at_its_line(tmp_path: Path) -> None:
    assert problems(tmp_path, "course:\n  value: 3 to 6 sessions\n") == [
        "data/facts.yml:2: 'course.value': has no text in Arabic (ar); write it as 'en:' with this text "
        "and 'ar:' with its translation, each on its own line"
    ]
    assert problems(tmp_path, "course:\n  value:\n    en: Mild\n") == [
        "data/facts.yml:2: 'course.value': has no Arabic text; add 'ar:' with it"
    ]


def test_a_figure_written_by_hand_in_arabic_is_refused(tmp_path: Path) -> None:
    text = "course:\n  value:\n    en: 3 to 6 sessions\n    ar: من 3 إلى {2} جلسات\n"
    assert problems(tmp_path, text) == [
        "data/facts.yml:4: 'course.value.ar': the Arabic text writes the figure '3' by hand; write {1} for "
        "the source text's first number (3), so the figure lives in one place",
        "data/facts.yml:4: 'course.value.ar': the Arabic text leaves out the source text's figure 3; place it with {1}",
    ]


def test_eastern_arabic_digits_are_figures_too(tmp_path: Path) -> None:
    text = "wash:\n  value:\n    en: 24 hours\n    ar: ٢٤ ساعة\n"
    assert "writes the figure '٢' by hand" in problems(tmp_path, text)[0]


def test_a_placeholder_the_source_has_no_figure_for_is_refused(tmp_path: Path) -> None:
    text = "wash:\n  value:\n    en: 24 hours\n    ar: من {1} إلى {2} ساعة\n"
    assert problems(tmp_path, text) == [
        "data/facts.yml:4: 'wash.value.ar': the Arabic text places {2}, but the source text has 1 number; use {1}"
    ]


def test_markers_in_a_translation_may_hold_digits(tmp_path: Path) -> None:
    text = "cell:\n  value:\n    en: After <!-- md:fact week2 -->\n    ar: بعد <!-- md:fact week2 -->\n"
    assert load(tmp_path, text).value["cell"]["value"] == "بعد <!-- md:fact week2 -->"


def test_a_one_language_site_takes_plain_text_and_leaves_other_languages_aside(tmp_path: Path) -> None:
    one = Translation()
    assert load(tmp_path, "a:\n  value: Mild\n", one).value == {"a": {"value": "Mild"}}
    assert load(tmp_path, "a:\n  value:\n    en: Mild\n    ar: خفيف\n", one).value == {"a": {"value": "Mild"}}


def test_a_line_inside_a_translated_value_is_the_line_of_the_editions_text(tmp_path: Path) -> None:
    document = load(tmp_path, "course:\n  value:\n    en: 3 sessions\n    ar: '{1} جلسات'\n")
    assert document.line_of(["course", "value"]) == 4
