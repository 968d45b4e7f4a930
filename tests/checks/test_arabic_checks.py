"""The content checks of an Arabic page: claims in Arabic, long sentences counted in Arabic words,
glossary terms with the Arabic article, and the OSMAN reading ease, which needs no download."""

from __future__ import annotations

import socket

import pytest
from conftest import PROJECT

from hooks.checks.language import check_glossary_terms, check_phrases
from hooks.checks.readability import osman_score, readability_problems, score_page
from hooks.core.problems import ProblemError
from hooks.pages.text import page_segments, page_sentences
from hooks.project.languages import load_languages
from hooks.project.quality import load_quality_settings
from hooks.project.rules import glossary_terms, load_language_rules

ARABIC = load_languages(PROJECT / "data").translation("ar")
RULES = load_language_rules(PROJECT / "data", translation=ARABIC)
SETTINGS = load_quality_settings(PROJECT / "data", translation=ARABIC).readability


def test_a_claim_in_arabic_is_named_with_its_line_and_a_negated_one_is_not():
    body = "# النتائج\n\nالنتائج مضمونة مع هذا العلاج.\n\nالنتائج ليست مضمونة.\n"
    problems = [
        str(p) for p in check_phrases(page_sentences(page_segments(body, first_line=5)), RULES, path="docs/ar/x.md")
    ]
    assert len(problems) == 1
    assert problems[0].startswith('docs/ar/x.md:7: "مضمونة": a promise no treatment can keep;')


def test_a_long_arabic_sentence_is_counted_in_arabic_words():
    sentence = " ".join(["كلمة"] * 30) + "."
    short = " ".join(["اغسل شعرك بلطف."] * 30)  # a page long enough to score
    segments = page_segments(f"# عنوان\n\n{sentence}\n\n{short}\n", first_line=1)
    score = score_page(segments, path="docs/ar/x.md", settings=SETTINGS)
    warnings, _ = readability_problems(score, SETTINGS)
    assert [str(w).split(":")[1] for w in warnings] == ["3"]
    assert "sentence of 30 words (more than 25)" in str(warnings[0])


def test_a_glossary_term_with_the_arabic_article_must_be_explained_where_first_used():
    terms = glossary_terms({"إكسوسومات": "حويصلات صغيرة جدًا."}, explanations=RULES.explanations)
    explained = "# عنوان\n\nالإكسوسومات هي حويصلات صغيرة تطلقها الخلايا.\n"
    bare = "# عنوان\n\nتحتوي الحقنة على الإكسوسومات من خلايا متبرّع بها.\n"
    assert (
        check_glossary_terms(page_segments(explained, first_line=1), terms, path="p", explanations=RULES.explanations)
        == []
    )
    problems = check_glossary_terms(page_segments(bare, first_line=1), terms, path="p", explanations=RULES.explanations)
    assert [str(p) for p in problems] == [
        'p:3: "الإكسوسومات" is not explained where this page first uses it; explain it in the same sentence, '
        'e.g. "إكسوسومات (حويصلات صغيرة جدًا)"'
    ]


def test_arabic_pages_are_scored_with_osman_and_a_hard_page_is_noted(monkeypatch):
    easy = "\n\n".join(["الشعر ينمو ببطء. اغسله بلطف. لا تستخدم الحرارة."] * 20)
    hard = "\n\n".join(["الاستراتيجيات العلاجية المستحدثة تستهدف الميكانيكيات الالتهابية المتشعبة والمتداخلة."] * 20)
    for text, noted in ((easy, False), (hard, True)):
        score = score_page(page_segments(f"# عنوان\n\n{text}\n", first_line=1), path="p", settings=SETTINGS)
        assert score.osman is not None and score.scored
        warnings, notes = readability_problems(score, SETTINGS)
        assert any("OSMAN reading ease" in str(p) for p in warnings + notes) == noted, score.osman


def test_osman_needs_no_download(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert osman_score("الشعر ينمو ببطء. اغسله بلطف.") > 0


@pytest.mark.parametrize("digits", ["٣", "۳"])
def test_the_arabic_edition_writes_no_figure_of_its_own_in_a_page(digits):
    """The pages place figures from data/facts.yml: no Arabic-Indic digit is written in them."""
    for page in sorted((PROJECT / "docs" / "ar").glob("*.md")):
        assert digits not in page.read_text(encoding="utf-8"), page.name


def test_a_broken_pattern_of_how_terms_are_explained_is_named_at_its_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "schemas").symlink_to(PROJECT / "data" / "schemas")
    rules = (PROJECT / "data" / "language-rules.yml").read_text(encoding="utf-8")
    broken = rules.replace("    ar: '\\s+(?:هو|هي", "    ar: '(\\s+(?:هو|هي", 1)
    assert broken != rules
    (data / "language-rules.yml").write_text(broken, encoding="utf-8")
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if text.startswith("    ar: '(\\s+(?:هو|هي"))
    with pytest.raises(ProblemError) as error:
        load_language_rules(data, translation=ARABIC)
    assert [str(problem) for problem in error.value.problems] == [
        f"data/language-rules.yml:{line}: 'explanations.term_is' is not a valid regular expression "
        "(missing ), unterminated subpattern at position 0); fix it"
    ]
