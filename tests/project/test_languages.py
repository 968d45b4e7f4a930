"""The languages of the site: each edition's address and switch link, the pages of another edition
a link may lead to, and what an edition lacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROJECT

from hooks.core.problems import ProblemError
from hooks.project.languages import (
    ONE_LANGUAGE,
    build_language_problem,
    editions,
    load_languages,
    other_edition_page,
    untranslated_pages,
)

LANGUAGES = load_languages(PROJECT / "data")


def test_the_site_is_english_then_arabic_right_to_left():
    assert LANGUAGES.codes == ("en", "ar")
    assert LANGUAGES.get("ar").direction == "rtl"
    assert LANGUAGES.get("ar").native_name == "العربية"


def test_without_a_languages_file_the_site_is_english_only(tmp_path: Path):
    assert load_languages(tmp_path) == ONE_LANGUAGE


def test_each_edition_is_named_in_its_own_language_with_its_address_and_link():
    root = "https://clinic.example/exosomes/"
    assert editions(LANGUAGES, "en", root) == [
        {"code": "en", "name": "English", "url": root, "link": "", "current": "true"},
        {"code": "ar", "name": "العربية", "url": root + "ar/", "link": "ar/", "current": ""},
    ]
    assert [edition["link"] for edition in editions(LANGUAGES, "ar", root)] == ["../", "../ar/"]


def test_a_link_to_the_same_page_of_the_other_edition_is_a_page_of_the_site(tmp_path: Path):
    for page in ("docs/aftercare.md", "docs/index.md", "docs/ar/aftercare.md", "docs/ar/index.md"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("# x\n", encoding="utf-8")
    docs = tmp_path / "docs"
    assert other_edition_page("ar/aftercare/index.html", LANGUAGES, "en", docs)
    assert other_edition_page("ar/index.html", LANGUAGES, "en", docs)
    assert other_edition_page("../aftercare/index.html", LANGUAGES, "ar", docs)
    assert other_edition_page("../index.html", LANGUAGES, "ar", docs)
    assert not other_edition_page("ar/procedure/index.html", LANGUAGES, "en", docs)
    assert not other_edition_page("aftercare/index.html", LANGUAGES, "en", docs)  # this edition's own
    assert not other_edition_page("../../index.html", LANGUAGES, "ar", docs)  # outside the site


def test_a_source_page_without_its_translation_is_named():
    problems = untranslated_pages(["index.md", "aftercare.md"], ["index.md"], docs="docs", code="ar", name="Arabic")
    assert [str(problem) for problem in problems] == [
        "docs/ar/aftercare.md:1: missing: the Arabic edition has no translation of docs/aftercare.md; "
        "translate it into docs/ar/aftercare.md (same file name)"
    ]


def test_a_configuration_in_a_language_the_site_lacks_is_named_with_a_did_you_mean():
    assert str(build_language_problem(LANGUAGES, "ara", "mkdocs.ar.yml", 37)) == (
        "mkdocs.ar.yml:37: theme language 'ara' is not a language of the site (data/languages.yml); "
        "add it there, or use another; did you mean 'ar'?"
    )
    assert build_language_problem(LANGUAGES, "ar", "mkdocs.ar.yml", 37) is None


def refused(folder: Path, languages: str) -> list[str]:
    """The messages of a data/languages.yml that is refused (its schema beside it, as in data/)."""
    (folder / "schemas").symlink_to(PROJECT / "data" / "schemas")
    (folder / "languages.yml").write_text(languages, encoding="utf-8")
    with pytest.raises(ProblemError) as error:
        load_languages(folder)
    return [str(problem) for problem in error.value.problems]


def test_a_language_code_that_is_not_one_is_refused_at_its_line(tmp_path: Path):
    languages = "en:\n  name: English\n  native_name: English\nArabic:\n  name: Arabic\n  native_name: العربية\n"
    assert refused(tmp_path, languages) == [
        "data/languages.yml:4: 'Arabic': 'Arabic' is not allowed; use the language's two-letter code (ISO 639-1), e.g. 'ar'"
    ]


def test_a_search_setting_that_is_not_true_or_false_is_refused_at_its_line(tmp_path: Path):
    languages = (
        "en:\n  name: English\n  native_name: English\n"
        "ar:\n  name: Arabic\n  native_name: العربية\n  search_ignores_marks: often\n"
    )
    assert refused(tmp_path, languages) == [
        "data/languages.yml:7: 'ar.search_ignores_marks': expected true or false, found text; fix the value"
    ]
