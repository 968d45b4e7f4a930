"""What a patient needs beyond the text: help when the clinic is closed, the price or how to ask for
it, a way to tell the clinic what to improve, and handouts that lead back to the patients' site."""

from __future__ import annotations

import re
from urllib.parse import quote

import pypdf
import pytest
import yaml
from conftest import ENGLISH_CLINIC, ENGLISH_WORDS, PROJECT, SAMPLE_CLINIC, in_language, sample_care_cards
from selectolax.lexbor import LexborHTMLParser

from hooks.core.templates import escaping_templates
from hooks.project.sitedata import Located, SiteData
from hooks.shortcodes.placements import PageContext, Usage, place_page

TEMPLATES = escaping_templates(PROJECT / "overrides" / "markers")
CLINIC = ENGLISH_CLINIC
REAL_CARDS = (PROJECT / "data" / "care-cards.yml").read_text(encoding="utf-8")
FACTS = {
    key: entry["value"]
    for key, entry in in_language(yaml.safe_load((PROJECT / "data" / "facts.yml").read_text(encoding="utf-8"))).items()
}
WORDS = yaml.safe_load((PROJECT / "data" / "interface.yml").read_text(encoding="utf-8"))


def placed(markdown: str, cards: str | None = None, facts: dict[str, Located] | None = None, **clinic: object) -> str:
    data = SiteData(
        clinic={**SAMPLE_CLINIC, **clinic},
        facts=facts or {},
        tables={},
        care_cards=sample_care_cards(cards),
        references={},
        glossary={},
        interface=ENGLISH_WORDS,
    )
    result = place_page(markdown, data, TEMPLATES, Usage(), PageContext("docs/page.md"))
    assert result.problems == []
    return result.markdown


def test_the_urgent_card_says_who_to_call_when_the_clinic_is_closed():
    card = placed("<!-- md:care-card urgent -->", out_of_hours={"name": "NHS 111", "number": "111"})
    assert (
        "Call Dalily Medical on [+44 20 7946 0000](tel:+442079460000), or NHS 111 on [111](tel:111) when we are closed."
        in card
    )
    emergency = placed("<!-- md:care-card emergency -->", out_of_hours={"name": "NHS 111", "number": "111"})
    assert "when we are closed" not in emergency and "[999](tel:999)" in emergency


def test_the_non_urgent_card_sends_readers_to_the_clinic_in_its_opening_hours():
    facts = {key: Located(value, "data/facts.yml", 1) for key, value in FACTS.items()}
    card = placed("<!-- md:care-card non-urgent -->", cards=REAL_CARDS, facts=facts, hours="Monday to Friday, 9 to 5")
    assert (
        '<div class="care-card care-card--non-urgent" markdown>\n'
        '<h3 class="care-card__heading" markdown="span"><span class="visually-hidden">Non-urgent advice: </span>'
        "Contact the clinic in opening hours if:</h3>\n"
        "<ul markdown>\n"
        '<li markdown="span">mild redness lasts longer than a few hours</li>\n'
        '<li markdown="span">mild itching lasts longer than 1 to 2 days</li>\n'
        '<li markdown="span">you have questions about hair shedding in the first weeks after a session</li>\n'
        "</ul>\n"
        '<p class="care-card__action" markdown="span">Call Dalily Medical on [+44 20 7946 0000](tel:+442079460000) '
        "(open Monday to Friday, 9 to 5) or email [hair@example.org](mailto:hair@example.org).</p>\n"
        "</div>"
    ) in card


def test_the_price_is_the_clinic_s_or_an_invitation_to_ask():
    assert placed("<!-- md:clinic price -->", price="") == ENGLISH_WORDS["ask_for_price"]
    assert placed("<!-- md:clinic price -->", price="£1,800 for 4 sessions <b>") == "£1,800 for 4 sessions &lt;b&gt;"


def test_the_shipped_clinic_names_its_out_of_hours_route_and_no_price_yet():
    assert CLINIC["out_of_hours"] == {"name": "NHS 111", "number": "111"}
    assert CLINIC["price"] == ""  # the clinic states it; until then the pages say to ask


@pytest.mark.slow
def test_every_page_asks_for_feedback_by_email_to_the_clinic_with_its_address(real_site):
    pages = sorted(real_site.site.rglob("index.html"))
    assert len(pages) > 20  # both editions
    for page in pages:
        html = page.read_text(encoding="utf-8")
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)[1]
        language = "ar" if page.relative_to(real_site.site).parts[0] == "ar" else "en"
        subject = quote(WORDS["feedback_subject"][language].replace("{address}", canonical), safe="")
        assert f'href="mailto:{CLINIC["email"]}?subject={subject.replace("%2F", "/")}"' in html, page


@pytest.mark.slow
def test_the_staff_build_prints_the_patients_address_on_patient_handouts(staff_site):
    public = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    staff = yaml.safe_load((PROJECT / "mkdocs.staff.yml").read_text(encoding="utf-8"))["site_url"]
    text = pypdf.PdfReader(staff_site.site / "handouts" / "aftercare.pdf").pages[0].extract_text()
    address = public.split("://", 1)[1]
    assert address.replace("/", "") in re.sub(r"\s", "", text).replace("/", "")
    assert staff.split("://", 1)[1].split("/")[0] not in text


@pytest.mark.slow
def test_the_care_card_pages_show_the_three_nhs_levels_in_order(real_site):
    for url in ("side-effects/", "aftercare/"):
        cards = LexborHTMLParser(real_site.html(url)).css("article .care-card")
        assert [card.attrs["class"] for card in cards] == [
            "care-card care-card--non-urgent",
            "care-card care-card--urgent",
            "care-card care-card--emergency",
        ], url
        assert [" ".join(card.css_first("h3").text().split()) for card in cards] == [
            "Non-urgent advice: Contact the clinic in opening hours if:",
            "Urgent advice: Contact the clinic straight away if:",
            f"Immediate action required: Call {CLINIC['emergency']['number']} or go to {CLINIC['emergency']['place']} now if:",
        ], url
        assert "mild itching lasts longer than 1 to 2 days" in cards[0].text()
        # The emergency card links only to the emergency number; its heading holds no link.
        assert [a.attrs["href"] for a in cards[2].css("a")] == [f"tel:{CLINIC['emergency']['number']}"]
