"""Structure of patient pages: Key points, care cards, the evidence page; and the settings file."""

import re
import shutil
from pathlib import Path

import pytest

from hooks.checks.structure import check_care_cards, check_emergency_card, check_evidence_page, check_key_points
from hooks.core.markdown import blank_out, code_spans
from hooks.core.problems import ProblemError
from hooks.core.yamlfile import load_schema, parse_yaml, validate
from hooks.pages.text import page_segments
from hooks.project.quality import (
    EvidenceSettings,
    KeyPointsSettings,
    Statement,
    check_settings_against_site,
    load_quality_settings,
)
from hooks.shortcodes.grammar import place_markers

PROJECT = Path(__file__).resolve().parents[2]
KEY_POINTS = KeyPointsSettings(title="Key points", min_bullets=3, max_bullets=5, min_words=100)


def key_point_problems(body: str) -> list[str]:
    lines = blank_out(body, code_spans(body)).split("\n")
    return [str(p) for p in check_key_points(lines, path="docs/a.md", first_line=9, settings=KEY_POINTS)]


def placed_words(body: str, name: str) -> set[str]:
    """The first words of the page's `<!-- md:NAME WORD -->` markers outside code."""
    placements, _ = place_markers(body, {name: lambda marker: ""}, path="docs/a.md")
    return {p.marker().words[0] for p in placements if p.name == name}


def box(bullets: int, header: str = '!!! abstract "Key points"') -> str:
    return header + "\n\n" + "".join(f"    - Point {n}.\n" for n in range(bullets)) + "\n"


def test_key_points_box_right_under_the_title_passes():
    assert key_point_problems("# Title\n\n" + box(3) + "Text.\n") == []
    assert key_point_problems("# Title\n\n" + box(5) + "Text.\n") == []


def test_missing_key_points_box_names_the_line_under_the_title():
    assert key_point_problems("# Title\n\nText first.\n") == [
        'docs/a.md:11: no "Key points" box at the top of this patient page; add !!! abstract "Key points" right under the title, with 3 to 5 bullets'
    ]


def test_key_points_box_further_down_must_move_up():
    assert key_point_problems("# Title\n\nText first.\n\n" + box(3)) == [
        'docs/a.md:13: the "Key points" box must open the page; move it right under the title'
    ]


def test_too_many_and_too_few_bullets():
    assert key_point_problems("# Title\n\n" + box(6)) == [
        'docs/a.md:11: "Key points" has 6 bullets; write 3 to 5 (merge bullets or move the detail into the page)'
    ]
    assert key_point_problems("# Title\n\n" + box(2)) == [
        'docs/a.md:11: "Key points" has 2 bullets; write 3 to 5 (sum up the page)'
    ]


def test_nested_bullets_and_text_after_the_box_are_not_counted():
    body = (
        '# T\n\n!!! abstract "Key points"\n\n    - One\n        - nested\n    - Two\n    - Three\n\n- Not in the box\n'
    )
    assert key_point_problems(body) == []


def test_a_collapsed_or_differently_styled_box_is_rewritten():
    assert key_point_problems("# Title\n\n" + box(3, '??? note "Key points"')) == [
        'docs/a.md:11: write the box as !!! abstract "Key points": open, and styled like the other pages'
    ]


def test_care_card_pages_need_all_three_cards():
    assert [
        str(p)
        for p in check_care_cards(
            placed_words("# A\n\n<!-- md:care-card urgent -->\n", "care-card"), path="docs/aftercare.md"
        )
    ] == [
        'docs/aftercare.md:1: no non-urgent "When to get help" card; add <!-- md:care-card non-urgent --> under a "When to get help" heading',
        'docs/aftercare.md:1: no emergency "When to get help" card; add <!-- md:care-card emergency --> under a "When to get help" heading',
    ]
    shown_as_code = "`<!-- md:care-card urgent -->` <!-- md:care-card emergency --> <!-- md:care-card non-urgent -->"
    assert [
        p.message.split(";")[0] for p in check_care_cards(placed_words(shown_as_code, "care-card"), path="docs/a.md")
    ] == ['no urgent "When to get help" card']


EMERGENCY_CARD = (
    "urgent:\n  items:\n    - see [aftercare](aftercare.md)\n"
    'emergency:\n  prefix: "Immediate action required:"\n'
    '  heading: "Call <!-- md:clinic emergency-number --> or go to <!-- md:clinic emergency-place --> now if:"\n'
    "  action: Call <!-- md:clinic emergency-number --> or go to <!-- md:clinic emergency-place -->.\n"
    "  items:\n    - you cannot breathe\n"
)


def test_emergency_card_has_no_link_but_the_way_to_emergency_care():
    document = parse_yaml(
        EMERGENCY_CARD + "    - your face swells, see [our page](side-effects.md)\n    - call https://example.com\n"
        "    - your lips swell for <!-- md:fact swelling --> after <!-- md:clinic phone -->\n",
        "data/care-cards.yml",
    )
    assert [str(p) for p in check_emergency_card(document)] == [
        f"data/care-cards.yml:{line}: a link in the emergency card; remove it: an emergency card has no link but the way to emergency care (the card ends with the emergency number)"
        for line in (10, 11, 12)
    ]
    assert check_emergency_card(parse_yaml(EMERGENCY_CARD, "data/care-cards.yml")) == []


def test_emergency_card_ends_with_the_emergency_number_and_no_other_link():
    text = EMERGENCY_CARD.replace(
        "  action: Call <!-- md:clinic emergency-number --> or go to <!-- md:clinic emergency-place -->.\n",
        "  action: Call <!-- md:clinic phone --> or email <!-- md:clinic email -->.\n",
    )
    assert [str(p) for p in check_emergency_card(parse_yaml(text, "data/care-cards.yml"))] == [
        "data/care-cards.yml:7: a link in the emergency card; remove it: an emergency card has no link but the way to emergency care (the card ends with the emergency number)",
        "data/care-cards.yml:7: the emergency card's last line does not give the emergency number; write <!-- md:clinic emergency-number --> in it",
    ]
    # In the heading, the clinic's details show as plain text: no link.
    assert (
        check_emergency_card(
            parse_yaml(
                text.replace("phone", "emergency-number").replace(" or email <!-- md:clinic email -->", ""),
                "data/care-cards.yml",
            )
        )
        == []
    )


EVIDENCE = EvidenceSettings(
    page="evidence.md",
    cites=("gupta2023", "fda2020"),
    statements=(
        Statement(
            "No exosome product is approved by the FDA.",
            re.compile(r"no exosome products? (is|are) approved by the FDA", re.I),
        ),
    ),
)


def evidence_problems(body: str) -> list[str]:
    segments = page_segments(body)
    cited = placed_words(body, "cite")
    return [str(p) for p in check_evidence_page(cited, segments, path="docs/evidence.md", settings=EVIDENCE)]


def test_evidence_page_cites_its_sources_and_states_the_regulatory_position():
    body = "A review.<!-- md:cite gupta2023 -->\n\n- **No exosome product is approved by the FDA.**<!-- md:cite fda2020 -->\n"
    assert evidence_problems(body) == []


def test_evidence_page_missing_a_citation_and_the_statement():
    assert evidence_problems("A review.<!-- md:cite gupta2023 -->\n\nExosome products are approved by the FDA.\n") == [
        "docs/evidence.md:1: does not cite 'fda2020'; add <!-- md:cite fda2020 --> after the sentence it supports",
        'docs/evidence.md:1: does not state "No exosome product is approved by the FDA."; add that sentence (any wording that matches data/quality.yml)',
    ]


# The settings file ---------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT / "data" / "schemas", tmp_path / "schemas")
    shutil.copy2(PROJECT / "data" / "quality.yml", tmp_path / "quality.yml")
    return tmp_path


def edit_settings(data_dir: Path, old: str, new: str) -> None:
    text = (data_dir / "quality.yml").read_text(encoding="utf-8")
    assert old in text
    (data_dir / "quality.yml").write_text(text.replace(old, new), encoding="utf-8")


def line_of(data_dir: Path, text: str) -> int:
    lines = (data_dir / "quality.yml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_the_real_settings_load():
    settings = load_quality_settings(PROJECT / "data")
    assert settings.care_card_pages == ("side-effects.md", "aftercare.md")
    assert settings.evidence is not None and settings.evidence.cites == ("gupta2023", "queen2025", "fda2019", "fda2020")
    assert (settings.readability.flesch_kincaid.fail, settings.readability.smog.fail) == (8, 9)


def test_settings_name_pages_and_references_that_exist(data_dir: Path):
    edit_settings(data_dir, "    - aftercare.md", "    - aftercar.md")
    edit_settings(data_dir, "fda2019, fda2020]", "fda2019, fda2002]")
    settings = load_quality_settings(data_dir)
    pages = {"side-effects.md", "aftercare.md", "evidence.md"}
    references = {"gupta2023", "queen2025", "fda2019", "fda2020"}
    assert [str(p) for p in check_settings_against_site(settings, pages, references)] == [
        f"data/quality.yml:{line_of(data_dir, 'aftercar.md')}: care-card page 'aftercar.md' is not in docs/; did you mean 'aftercare.md'?",
        f"data/quality.yml:{line_of(data_dir, 'cites:')}: reference 'fda2002' is not in data/references.yml; did you mean 'fda2020'?",
    ]


def test_settings_with_a_wrong_threshold_or_pattern_name_the_line(data_dir: Path):
    edit_settings(data_dir, "min_bullets: 3", "min_bullets: 6")
    edit_settings(data_dir, "en: no exosome", "en: (no exosome")
    with pytest.raises(ProblemError) as error:
        load_quality_settings(data_dir)
    assert str(error.value).splitlines() == [
        f"data/quality.yml:{line_of(data_dir, 'min_bullets')}: 'key_points.min_bullets' (6) is more than 'max_bullets' (5); swap them",
        f"data/quality.yml:{line_of(data_dir, 'pattern:')}: 'pattern' is not a valid regular expression (missing ), unterminated subpattern at position 0); fix it",
    ]


def test_settings_file_is_checked_against_its_schema(data_dir: Path):
    edit_settings(data_dir, "long_sentence_words: 25", "long_sentence_word: 25")
    with pytest.raises(ProblemError) as error:
        load_quality_settings(data_dir)
    assert str(error.value).splitlines() == [
        f"data/quality.yml:{line_of(data_dir, 'readability:')}: 'readability': missing value for 'long_sentence_words'; add 'long_sentence_words:' with its text",
        f"data/quality.yml:{line_of(data_dir, 'long_sentence_word:')}: 'readability': unknown key 'long_sentence_word'; did you mean 'long_sentence_words'?",
    ]


def test_missing_settings_file_says_how_to_create_it(tmp_path: Path):
    with pytest.raises(ProblemError) as error:
        load_quality_settings(tmp_path)
    assert str(error.value) == "data/quality.yml:1: missing file; create it (schema: data/schemas/quality.schema.json)"


def test_care_cards_have_at_most_the_nhs_number_of_bullets():
    """5 on the non-urgent and emergency cards, 6 on the urgent card (with a catch-all)."""
    card = 'prefix: "Advice:"\n  heading: "Call us if:"\n  action: Call us.\n  items:\n'
    six = "".join(f"    - sign {n}\n" for n in range(6))
    seven = six + "    - sign 6\n"
    document = parse_yaml(
        f"non-urgent:\n  {card}{six}urgent:\n  {card}{seven}emergency:\n  {card}{six}", "data/care-cards.yml"
    )
    problems = validate(document, load_schema(PROJECT / "data" / "schemas" / "care-cards.schema.json"))
    assert [str(p) for p in problems] == [
        "data/care-cards.yml:5: 'non-urgent.items': has 6 items, at most 5 allowed; a non-urgent care card has at most 5 bullets (NHS); merge two, or move one into the page text above the card",
        "data/care-cards.yml:16: 'urgent.items': has 7 items, at most 6 allowed; an urgent care card has at most 6 bullets (NHS: 5, or 6 with a catch-all); merge two, or move one into the page text above the card",
        "data/care-cards.yml:28: 'emergency.items': has 6 items, at most 5 allowed; an emergency care card has at most 5 bullets (NHS); merge two, or move one into the page text above the card",
    ]


def test_a_care_card_needs_its_own_wording():
    document = parse_yaml("non-urgent:\n  items:\n    - a sign\n", "data/care-cards.yml")
    problems = validate(document, load_schema(PROJECT / "data" / "schemas" / "care-cards.schema.json"))
    assert [str(p) for p in problems] == [
        "data/care-cards.yml:1: the file: missing value for 'urgent'; add 'urgent:' with its text",
        "data/care-cards.yml:1: the file: missing value for 'emergency'; add 'emergency:' with its text",
        "data/care-cards.yml:1: 'non-urgent': missing value for 'prefix'; add 'prefix:' with its text",
        "data/care-cards.yml:1: 'non-urgent': missing value for 'heading'; add 'heading:' with its text",
        "data/care-cards.yml:1: 'non-urgent': missing value for 'action'; add 'action:' with its text",
    ]
