"""What the shortcodes place: tables, facts, clinic details, care cards and citations, exactly."""

import dataclasses
from pathlib import Path

import pytest
from conftest import ENGLISH_WORDS, SAMPLE_CLINIC, sample_care_cards

from hooks.core.problems import Problem
from hooks.core.templates import escaping_templates
from hooks.project.sitedata import Located, SiteData, Table
from hooks.shortcodes.placements import PageContext, Usage, place_page, relink

TEMPLATES = escaping_templates(Path(__file__).resolve().parents[2] / "overrides" / "markers")


def located(text: str, line: int = 5) -> Located:
    return Located(text, "data/tables/comparison.yml", line)


@pytest.fixture
def data() -> SiteData:
    table = Table(
        id="comparison",
        path="data/tables/comparison.yml",
        caption="Exosomes and PRP",
        columns={"feature": "Feature", "exosomes": "Exosomes", "prp": "PRP"},
        rows={
            "sessions": {
                "feature": located("Sessions"),
                "exosomes": located("<!-- md:fact course_sessions -->"),
                "prp": located("3 to 6"),
            },
            "pain": {
                "feature": located("Pain"),
                "exosomes": located("*Mild* <script>alert(1)</script>"),
                "prp": located("[Mild](side-effects.md)"),
            },
        },
    )
    return SiteData(
        clinic=SAMPLE_CLINIC,
        facts={"course_sessions": Located("3 to 6 sessions", "data/facts.yml", 2)},
        tables={"comparison": table},
        care_cards=sample_care_cards(),
        references={"gupta2023": {"citation": "Gupta AK et al. 2023.", "url": "https://doi.org/10.1111/jocd.15869"}},
        glossary={"PRP": "Platelet-rich plasma.", "dermal papilla": "The base of a hair root."},
        interface=ENGLISH_WORDS,
    )


def place(markdown: str, data: SiteData, depth: int = 0) -> tuple[str, list[str]]:
    placed = place_page(markdown, data, TEMPLATES, Usage(), PageContext("docs/page.md", depth), first_line=3)
    text, problems = placed.markdown, placed.problems
    return text, [str(p) for p in problems]


def test_whole_table_has_caption_column_headers_and_row_headers(data):
    """Three columns make a wide table: each data cell is labelled with its column heading, for a
    phone to show the rows as cards, and roles keep it a table for screen readers."""
    text, problems = place("<!-- md:table comparison -->", data)
    assert problems == []
    assert text.split("\n\n*[PRP]")[0] == (
        "\n\n"
        '<div class="clinic-table clinic-table--cards" role="region" aria-labelledby="table-comparison-3" tabindex="0" markdown>\n'
        '<table role="table" markdown>\n'
        '<caption id="table-comparison-3" markdown="span">Exosomes and PRP</caption>\n'
        '<thead role="rowgroup" markdown>\n'
        '<tr role="row" markdown><th scope="col" role="columnheader" markdown="span">Feature</th>'
        '<th scope="col" role="columnheader" markdown="span">Exosomes</th>'
        '<th scope="col" role="columnheader" markdown="span">PRP</th></tr>\n'
        "</thead>\n"
        '<tbody role="rowgroup" markdown>\n'
        '<tr role="row" markdown><th scope="row" role="rowheader" markdown="span">Sessions</th>'
        '<td role="cell" data-label="Exosomes" markdown="span">3 to 6 sessions</td>'
        '<td role="cell" data-label="PRP" markdown="span">3 to 6</td></tr>\n'
        '<tr role="row" markdown><th scope="row" role="rowheader" markdown="span">Pain</th>'
        '<td role="cell" data-label="Exosomes" markdown="span">*Mild* &lt;script&gt;alert(1)&lt;/script&gt;</td>'
        '<td role="cell" data-label="PRP" markdown="span">[Mild](side-effects.md)</td></tr>\n'
        "</tbody>\n"
        "</table>\n"
        "</div>\n\n"
    )


def test_a_table_of_two_columns_stays_a_table_on_a_phone(data):
    text, problems = place('<!-- md:table comparison columns="feature,prp" -->', data)
    assert problems == []
    assert '<div class="clinic-table" role="region"' in text
    assert 'role="table"' not in text and "data-label" not in text
    assert '<tr markdown><th scope="row" markdown="span">Sessions</th><td markdown="span">3 to 6</td></tr>' in text


def test_a_cell_s_label_is_its_column_heading_as_escaped_plain_text(data):
    data.tables["comparison"].columns["prp"] = '*PRP* & "co" [more](faq.md)'
    text, problems = place("<!-- md:table comparison -->", data)
    assert problems == []
    assert '<td role="cell" data-label="PRP &amp; &#34;co&#34; more" markdown="span">3 to 6</td>' in text


def test_subset_of_rows_and_columns_in_the_asked_order(data):
    text, problems = place('<!-- md:table comparison rows="pain" columns="feature,prp" -->', data)
    assert problems == []
    assert (
        '<tr markdown><th scope="row" markdown="span">Pain</th><td markdown="span">[Mild](side-effects.md)</td></tr>'
        in text
    )
    assert "Sessions" not in text and "Exosomes</th>" not in text


def test_unknown_table_row_and_column_are_named_with_suggestions(data):
    _, problems = place(
        '<!-- md:table comparsion -->\n<!-- md:table comparison rows="pian" -->\n<!-- md:table comparison columns="feature,prpp" -->',
        data,
    )
    assert problems == [
        "docs/page.md:3: unknown table 'comparsion'; did you mean 'comparison'?",
        "docs/page.md:4: table 'comparison' has no row 'pian'; did you mean 'pain'?",
        "docs/page.md:5: table 'comparison' has no column 'prpp'; did you mean 'prp'?",
    ]


def test_unknown_fact_in_a_table_cell_names_the_data_file(data):
    data.tables["comparison"].rows["pain"]["prp"] = located("<!-- md:fact course_sesions -->", line=14)
    _, problems = place("<!-- md:table comparison -->", data)
    assert problems == ["data/tables/comparison.yml:14: unknown fact 'course_sesions'; did you mean 'course_sessions'?"]


def test_fact_in_prose_is_escaped_text(data):
    text, problems = place("You need <!-- md:fact course_sessions -->.", data)
    assert text.startswith("You need 3 to 6 sessions.")
    assert problems == []


def test_data_links_are_made_relative_to_pages_in_folders():
    assert (
        relink("[a](side-effects.md#x) [b](https://x.org) [c](#top)", 1)
        == "[a](../side-effects.md#x) [b](https://x.org) [c](#top)"
    )


def test_clinic_phone_is_a_tel_link(data):
    text, _ = place("Call <!-- md:clinic phone -->.", data)
    assert text.startswith("Call [+44 20 7946 0000](tel:+442079460000).")


def test_urgent_care_card_states_urgency_in_words(data):
    text, _ = place("<!-- md:care-card urgent -->", data)
    assert (
        '<h3 class="care-card__heading" markdown="span"><span class="visually-hidden">Urgent advice: </span>Contact the clinic straight away if:</h3>'
        in text
    )
    assert '<li markdown="span">you have a high fever</li>' in text
    assert (
        "Call Dalily Medical on [+44 20 7946 0000](tel:+442079460000), or NHS 111 on [111](tel:111) when we are closed."
        in text
    )


def test_emergency_card_links_only_to_emergency_care(data):
    text, _ = place("<!-- md:care-card emergency -->", data)
    assert "Immediate action required: </span>Call 999 or go to A&amp;E now if:" in text
    assert "Call [999](tel:999) or go to A&amp;E." in text
    assert text.count("](") == 1


def test_citations_are_numbered_and_listed_once_under_sources(data):
    text, problems = place("A <!-- md:cite gupta2023 --> and again <!-- md:cite gupta2023 -->.", data)
    assert problems == []
    assert text.count('<sup class="citation">[<a href="#ref-gupta2023" title="Source 1">1</a>]</sup>') == 2
    assert (
        '## Sources {#sources}\n\n<ol class="references" lang="en" markdown>\n<li id="ref-gupta2023" markdown="span">Gupta AK et al. 2023. [doi.org/10.1111/jocd.15869](https://doi.org/10.1111/jocd.15869)</li>\n</ol>'
        in text
    )


def test_every_page_gets_the_abbreviations_of_the_glossary(data):
    text, _ = place("PRP helps.", data)
    assert text.endswith("\n\n*[PRP]: Platelet-rich plasma.\n")
    assert "dermal papilla]" not in text


def test_usage_records_what_pages_placed(data):
    usage = Usage()
    place_page("<!-- md:table comparison -->", data, TEMPLATES, usage, PageContext("docs/page.md"))
    assert usage.tables == {"comparison"} and usage.facts == {"course_sessions"}


def test_problem_formats_like_a_compiler():
    assert str(Problem("docs/a.md", 3, "bad")) == "docs/a.md:3: bad"


def test_facts_are_placed_in_care_card_bullets(data):
    item = Located("your swelling lasts more than <!-- md:fact course_sessions -->", "data/care-cards.yml", 12)
    data.care_cards["urgent"] = dataclasses.replace(data.care_cards["urgent"], items=(item,))
    text, problems = place("<!-- md:care-card urgent -->", data)
    assert problems == []
    assert '<li markdown="span">your swelling lasts more than 3 to 6 sessions</li>' in text
