"""The text a reader reads: blocks and sentences of a page with their source lines."""

from pathlib import Path

from conftest import ENGLISH_WORDS, SAMPLE_CLINIC, sample_care_cards

from hooks.core.frontmatter import body_first_line, read_front_matter
from hooks.core.templates import escaping_templates
from hooks.pages.text import page_segments, page_sentences, scoring_text
from hooks.project.sitedata import Located, SiteData, Table
from hooks.shortcodes.placements import PageContext, Usage, place_page

TEMPLATES = escaping_templates(Path(__file__).resolve().parents[2] / "overrides" / "markers")


def site_data() -> SiteData:
    return SiteData(
        clinic=SAMPLE_CLINIC,
        facts={"course_sessions": Located("3 to 6 sessions", "data/facts.yml", 1)},
        tables={
            "demo": Table(
                id="demo",
                path="data/tables/demo.yml",
                caption="A demo table",
                columns={"feature": "Feature", "exosomes": "Exosomes"},
                rows={
                    "sessions": {
                        "feature": Located("Sessions", "data/tables/demo.yml", 5),
                        "exosomes": Located("<!-- md:fact course_sessions -->", "data/tables/demo.yml", 6),
                    }
                },
            )
        },
        care_cards=sample_care_cards(),
        references={"demo2023": {"citation": "Demo A. 2023.", "url": "https://doi.org/10.1/x"}},
        glossary={"PRP": "Platelet-rich plasma."},
        interface=ENGLISH_WORDS,
    )


def texts(body: str, **kwargs) -> list[tuple[int, str, str]]:
    return [(s.line, s.kind, s.text) for s in page_segments(body, **kwargs)]


def test_front_matter_is_split_off_and_the_body_line_counted():
    content = "---\naudience: patient\n---\n\n# Title\n"
    meta, body = read_front_matter(content)
    assert meta["audience"] == "patient"
    assert body == "# Title\n"
    assert body_first_line(content, body) == 5


def test_headings_list_items_and_paragraphs_are_blocks_with_their_lines():
    body = '# Title\n\n!!! abstract "Key points"\n\n    - One point.\n    - Two\n\nA paragraph\nthat goes on.\n'
    assert texts(body, first_line=10) == [
        (10, "heading", "Title"),
        (12, "heading", "Key points"),
        (14, "text", "One point."),
        (15, "text", "Two"),
        (17, "text", "A paragraph that goes on."),
    ]


def test_link_addresses_code_comments_and_markup_are_not_read():
    body = (
        "See [the **aftercare** page](aftercare.md){ .button } and ![a photo](x.png) `code`.\n"
        "<!-- an editor's note -->\n\n```\nprint('not text')\n```\n\n*[PRP]: Platelet-rich plasma\n"
        "Visit https://example.com/page today &amp; now.\n"
    )
    assert texts(body) == [(1, "text", "See the aftercare page and ."), (9, "text", "Visit today & now.")]


def test_placed_tables_and_care_cards_are_read_with_the_line_of_their_marker():
    body = "# T\n\nYou need <!-- md:fact course_sessions -->.<!-- md:cite demo2023 -->\n\n<!-- md:table demo -->\n\n<!-- md:care-card urgent -->\n"
    placed = place_page(body, site_data(), TEMPLATES, Usage(), PageContext("docs/t.md"))
    assert texts(body, placements=placed.placements) == [
        (1, "heading", "T"),
        (3, "text", "You need 3 to 6 sessions."),
        (5, "cell", "A demo table"),
        (5, "cell", "Feature"),
        (5, "cell", "Exosomes"),
        (5, "cell", "Sessions"),
        (5, "cell", "3 to 6 sessions"),
        (7, "heading", "Urgent advice: Contact the clinic straight away if:"),
        (7, "card", "you have a high fever"),
        (7, "card", "Call Dalily Medical on +44 20 7946 0000, or NHS 111 on 111 when we are closed."),
    ]


def test_markdown_tables_and_definition_lists():
    body = (
        "| Side effect | How long |\n| --- | --- |\n| Redness | A few hours |\n\nPRP\n: A treatment from your blood.\n"
    )
    assert texts(body) == [
        (1, "cell", "Side effect"),
        (1, "cell", "How long"),
        (3, "cell", "Redness"),
        (3, "cell", "A few hours"),
        (5, "text", "PRP"),
        (6, "definition", "A treatment from your blood."),
    ]


def test_sentences_keep_the_line_they_start_on():
    segments = page_segments("First sentence here. Second one\nruns on. Third\nstarts here.\n", first_line=4)
    assert [(s.line, s.text, s.words) for s in page_sentences(segments)] == [
        (4, "First sentence here.", 3),
        (4, "Second one runs on.", 4),
        (5, "Third starts here.", 3),
    ]


def test_scoring_text_ends_every_block_with_a_full_stop():
    segments = page_segments("# Side effects\n\nYou may want to know:\n\n- a red scalp\n- Is it safe?\n")
    assert scoring_text(segments) == "Side effects.\nYou may want to know.\na red scalp.\nIs it safe?"
