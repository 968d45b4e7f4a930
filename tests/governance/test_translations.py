"""The source version each translated page translates: recorded by `make translated`, and a
translation whose source page changed since is named, in the editor's words."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from hooks.core.problems import ProblemError
from hooks.governance.translations import (
    fingerprint,
    load_translations,
    record_translation,
    translation_state,
)

DAY = datetime.date(2026, 12, 5)


def project(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "ar").mkdir(parents=True)
    (tmp_path / "data" / "schemas").mkdir(parents=True)
    schemas = Path(__file__).resolve().parents[2] / "data" / "schemas"
    (tmp_path / "data" / "schemas" / "translations.schema.json").write_text(
        (schemas / "translations.schema.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "docs" / "aftercare.md").write_text("# Aftercare\n\nWash gently.\n", encoding="utf-8")
    (tmp_path / "docs" / "ar" / "aftercare.md").write_text("# العناية\n", encoding="utf-8")
    return tmp_path


def test_a_recorded_translation_is_up_to_date_until_its_source_page_changes(tmp_path: Path):
    root = project(tmp_path)
    assert record_translation(root, "docs/ar/aftercare.md", docs="docs", today=DAY, editions=["ar"]) == []
    records = load_translations(root / "data")
    assert records["docs/ar/aftercare.md"].source == "docs/aftercare.md"
    text = (root / "docs" / "aftercare.md").read_text(encoding="utf-8")
    assert translation_state("docs/ar/aftercare.md", "docs/aftercare.md", text, records).up_to_date
    changed = translation_state("docs/ar/aftercare.md", "docs/aftercare.md", text + "\nNew advice.\n", records)
    assert not changed.up_to_date
    assert str(changed.release_problem()) == (
        "docs/ar/aftercare.md:1: translation of docs/aftercare.md is out of date: docs/aftercare.md changed since it "
        "was translated on 2026-12-05; bring the translation in line with it, then: make translated PAGE=docs/ar/aftercare.md"
    )


def test_a_translation_never_recorded_cannot_be_released(tmp_path: Path):
    state = translation_state("docs/ar/faq.md", "docs/faq.md", "# FAQ\n", {})
    assert str(state.release_problem()) == (
        "docs/ar/faq.md:1: translation of docs/faq.md has no record of the version it translates; "
        "check it against docs/faq.md, then: make translated PAGE=docs/ar/faq.md"
    )


def test_line_endings_do_not_change_a_fingerprint():
    assert fingerprint("a\r\nb\n") == fingerprint("a\nb\n")


def test_only_a_translated_page_that_exists_is_recorded(tmp_path: Path):
    root = project(tmp_path)
    assert record_translation(root, "docs/aftercare.md", docs="docs", today=DAY, editions=["ar"]) == [
        "docs/aftercare.md: not a translated page; name one as docs/CODE/page.md, CODE one of: ar"
    ]
    assert record_translation(root, "docs/ar/aftercar.md", docs="docs", today=DAY, editions=["ar"]) == [
        "docs/ar/aftercar.md: no such page; did you mean 'docs/ar/aftercare.md'?"
    ]
    assert not (root / "data" / "translations.yml").exists()


def test_a_record_edited_by_hand_is_named_at_its_line(tmp_path: Path):
    root = project(tmp_path)
    (root / "data" / "translations.yml").write_text(
        f"docs/ar/aftercare.md:\n  source: docs/aftercare.md\n  fingerprint: {fingerprint('x')}\n  date: last week\n",
        encoding="utf-8",
    )
    with pytest.raises(ProblemError) as error:
        load_translations(root / "data")
    assert [str(problem) for problem in error.value.problems] == [
        "data/translations.yml:4: 'docs/ar/aftercare.md.date': 'last week' is not a date; "
        "do not edit a record by hand: make translated"
    ]
