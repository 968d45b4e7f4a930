"""Plain-language lint: claims a clinic must not make, "you" not "patients", glossary terms explained."""

import shutil
from pathlib import Path

import pytest

from hooks.checks.language import check_glossary_terms, check_phrases
from hooks.core.problems import ProblemError
from hooks.pages.text import page_segments, page_sentences
from hooks.project.rules import glossary_terms, load_language_rules

PROJECT = Path(__file__).resolve().parents[2]
RULES = load_language_rules(PROJECT / "data")


def phrase_problems(body: str) -> list[str]:
    sentences = page_sentences(page_segments(body, first_line=10))
    return [str(p) for p in check_phrases(sentences, RULES, path="docs/a.md")]


def test_claims_a_clinic_must_not_make_are_named_with_line_and_advice():
    body = "# Results are guaranteed\n\nIt has no side effects.\nIt is 100% natural and FDA-approved.\n\nA miracle cure. It is very safe.\n"
    assert phrase_problems(body) == [
        'docs/a.md:10: "guaranteed": a promise no treatment can keep; say what the studies found, or that results differ from person to person',
        'docs/a.md:12: "no side effects": every treatment has side effects; name the common side effects and how long they last',
        'docs/a.md:13: "100% natural": "natural" does not mean safe; say where the product comes from (for example "made from stem cells")',
        'docs/a.md:13: "FDA-approved": no exosome product is approved by the FDA; write "No exosome product is approved by the FDA", or remove the claim',
        'docs/a.md:15: "cure": a claim of a cure the evidence does not support; say what the treatment may do ("may help hair grow") or that it does not cure hair loss',
        'docs/a.md:15: "miracle": a claim of a miracle the evidence does not support; describe what the studies found, in plain numbers',
        'docs/a.md:15: "very safe": a safety claim no treatment can make; say which side effects are common and which are rare',
    ]


def test_a_negation_earlier_in_the_sentence_makes_an_honest_statement():
    body = (
        "No exosome product is approved by the FDA.\n\nExosomes are not FDA approved.\n\n"
        "Results are not guaranteed. It does not cure hair loss. No treatment is completely safe.\n\n"
        "It isn't a miracle.\n"
    )
    assert phrase_problems(body) == []


def test_a_negation_after_the_claim_or_in_another_sentence_does_not_count():
    assert phrase_problems("It is not cheap. Results are guaranteed.\n\nApproved by the FDA, and not painful.\n") == [
        'docs/a.md:10: "guaranteed": a promise no treatment can keep; say what the studies found, or that results differ from person to person',
        'docs/a.md:12: "Approved by the FDA": no exosome product is approved by the FDA; write "No exosome product is approved by the FDA", or remove the claim',
    ]


def test_no_side_effects_is_a_claim_even_after_a_negation():
    assert len(phrase_problems("It is not true that there are no side effects at all.\n")) == 1


def test_patients_are_addressed_as_you():
    assert phrase_problems("Patients may feel a tingle.\n\nThe patient’s scalp is cleaned. Be patient.\n") == [
        'docs/a.md:10: "Patients": speaks about the reader instead of to them; address the reader as "you" ("you may feel a slight tingle")',
        'docs/a.md:12: "patient’s": speaks about the reader instead of to them; address the reader as "you" ("you may feel a slight tingle")',
    ]


def test_whole_words_only():
    assert phrase_problems("Secure the dressing. A manicure. Outpatients. Uncured.\n") == []


def test_a_claim_in_a_placed_table_cell_or_card_is_found_too():
    assert phrase_problems("| Feature | Exosomes |\n| --- | --- |\n| Safety | Completely safe |\n") == [
        'docs/a.md:12: "Completely safe": a safety claim no treatment can make; say which side effects are common and which are rare'
    ]


def test_rules_file_is_checked_against_its_schema(tmp_path: Path):
    shutil.copytree(PROJECT / "data" / "schemas", tmp_path / "schemas")
    text = (PROJECT / "data" / "language-rules.yml").read_text(encoding="utf-8")
    (tmp_path / "language-rules.yml").write_text(text.replace("    negation: allowed\n", "    negation: yes\n", 1))
    with pytest.raises(ProblemError) as error:
        load_language_rules(tmp_path)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row == "    negation: allowed")
    assert (
        str(error.value)
        == f"data/language-rules.yml:{line}: 'rules.guarantee.negation': True is not allowed; use one of: allowed"
    )


# Glossary terms explained on first use -------------------------------------------------------

GLOSSARY = {
    "PRP": "Platelet-rich plasma. A treatment made from your own blood.",
    "exosomes": "Tiny packets that cells send out.",
    "exosome": "A tiny packet that a cell sends out.",
    "plasma": "The clear, yellow liquid part of your blood.",
    "platelet-rich plasma": "Plasma with many platelets in it.",
    "follicle": "The small pocket in your skin that a hair grows from.",
    "lidocaine": "A medicine that numbs the skin.",
    "niacinamide": "A form of vitamin B3.",
    "peptides": "Small pieces of protein.",
    "caffeine": "The stimulant in coffee.",
    "MedWatch": "The FDA's system for reporting problems.",
}
# How English pages explain a term: the project's own rules.
EXPLANATIONS = RULES.explanations
TERMS = glossary_terms(GLOSSARY, everyday=("caffeine",), explanations=EXPLANATIONS)


def glossary_problems(body: str) -> list[str]:
    segments = page_segments(body, first_line=10)
    return [str(p) for p in check_glossary_terms(segments, TERMS, path="docs/a.md", explanations=EXPLANATIONS)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Your hair roots (follicles) need time.",
        "Exosomes (tiny packets that cells send out) may help.",
        "Exosomes are tiny packets that cells send out.",
        "Lidocaine: a medicine that numbs the skin.",
        "Lidocaine — a medicine that numbs the skin — is used.",
        "It holds lidocaine, a medicine that numbs the skin.",
        "It holds a numbing medicine called lidocaine.",
        "Look for niacinamide. It is a form of vitamin B3.",
        "Look for peptides or niacinamide. Peptides are small pieces of protein. Niacinamide is a form of vitamin B3.",
        "Report problems to its reporting system, known as MedWatch.",
        "**Exosomes** are tiny packets.",
        "Exosome products, which are made from tiny packets, are new.",
    ],
)
def test_ways_a_term_is_explained_on_first_use(sentence: str):
    assert glossary_problems(sentence + "\n") == []


def test_unexplained_first_use_names_line_and_suggests_the_meaning():
    assert glossary_problems("# Exosomes\n\nWe use\nexosomes for hair. They help hair grow.\n") == [
        'docs/a.md:13: "exosomes" is not explained where this page first uses it; explain it in the same sentence, e.g. "exosomes (tiny packets that cells send out)"'
    ]


def test_only_the_first_use_on_the_page_counts_and_plurals_are_one_term():
    assert glossary_problems("Exosomes are tiny packets.\n\nOne exosome product. More exosomes.\n") == []


def test_headings_table_cells_and_abbreviations_need_no_explanation_there():
    body = "# About exosomes\n\n| Follicle |\n| --- |\n| lidocaine |\n\nPRP may help. Exosomes are tiny packets.\n"
    assert glossary_problems(body) == []


def test_a_use_inside_a_longer_term_is_a_use_of_the_longer_term():
    body = "PRP means platelet-rich plasma. It is made from your own blood.\n\nThe plasma goes back in.\n"
    assert glossary_problems(body) == [
        'docs/a.md:12: "plasma" is not explained where this page first uses it; explain it in the same sentence, e.g. "plasma (the clear, yellow liquid part of your blood)"'
    ]


def test_an_explanation_two_blocks_later_is_too_far():
    assert glossary_problems("- Ask about lidocaine.\n- Ask about fillers.\n\nLidocaine is a numbing medicine.\n") == [
        'docs/a.md:10: "lidocaine" is not explained where this page first uses it; explain it in the same sentence, e.g. "lidocaine (a medicine that numbs the skin)"'
    ]


def test_everyday_terms_and_terms_with_capitals_match_as_written():
    assert glossary_problems("Coffee has caffeine. A medwatch is not MedWatch, which is a reporting system.\n") == []
