"""The glossary: every abbreviation on the site is explained, its tooltip opens on hover and on
keyboard focus, every term is used, and the glossary page lists them all."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator

import markdown
import pytest
import yaml
from browsers import CHROMIUM, LAUNCH_ARGS
from conftest import ENGLISH_WORDS, MINIMAL_PAGE, PROJECT, BuildResult

from hooks.core.problems import Problem, Source
from hooks.core.templates import escaping_templates
from hooks.glossary.focus import FocusableAbbreviations
from hooks.glossary.terms import abbreviation_problem, first_line_of, running_text, unknown_abbreviations, unused_terms
from hooks.project.sitedata import SiteData
from hooks.shortcodes.placements import PageContext, Usage, glossary_sections, place_page, term_anchor

GLOSSARY = {"PRP": "Platelet-rich plasma.", "MSCs": "Mesenchymal stem cells.", "dermal papilla": "A hair root's base."}


# Finding abbreviations -------------------------------------------------------------------------


def test_abbreviations_are_two_capitals_or_more_with_an_optional_plural():
    text = "PRP, MSCs and XYZs; A&E, B12, W1A 0AA, CO2 and I are not; COVID-19 and the FDA's are."
    assert unknown_abbreviations(text, GLOSSARY) == ["XYZs", "COVID", "FDA"]


def test_capitals_inside_a_longer_word_are_not_an_abbreviation():
    text = "McDONALD, iOS, naïveABC, ÉTAT, _XYZ, XYZ_1, ABCé, PRPs2; but (QRS) and, last, TUV"
    assert unknown_abbreviations(text, GLOSSARY) == ["QRS", "TUV"]


def test_a_plural_needs_its_own_entry_as_its_tooltip_does():
    assert unknown_abbreviations("PRPs and MSCs", GLOSSARY) == ["PRPs"]


def test_running_text_leaves_out_code_comments_tags_and_the_sources_list():
    html = (
        '<p>Ask about <abbr title="Platelet-rich plasma.">PRP</abbr> &amp; XYZ.</p>'
        "<pre><code>ABC</code></pre><p><code>DEF</code></p><!-- GHI -->"
        '<ol class="references"><li id="ref-a">Gupta AK, Rapaport JA. 2023.</li></ol><p>After.</p>'
    )
    assert running_text(html).split() == ["Ask", "about", "PRP", "&", "XYZ.", "After."]


def test_first_line_skips_code_spans_fences_and_markers():
    text = "line one\n`XYZ` in code\n```\nXYZ fenced\n```\n<!-- md:fact XYZ -->\nXYZs plural\nthe XYZ here\n"
    assert first_line_of("XYZ", text) == 8
    assert first_line_of("ABC", text) is None


def test_problem_names_the_first_source_that_uses_the_word():
    sources = [
        Source("docs/procedure.md", "---\ntitle: x\n---\n# Procedure\n"),
        Source("data/tables/demo.yml", "caption: A\nrows:\n  a:\n    b: The XYZ\n"),
    ]
    assert str(abbreviation_problem("XYZ", sources, "data/glossary.yml")) == (
        "data/tables/demo.yml:4: abbreviation 'XYZ' is not in data/glossary.yml; add it with its meaning"
    )
    assert abbreviation_problem("QQ", sources, "data/glossary.yml") == Problem(
        "docs/procedure.md", 1, "abbreviation 'QQ' is not in data/glossary.yml; add it with its meaning"
    )


def test_unused_terms_match_whole_words_and_lower_case_terms_in_any_case():
    texts = ["Dermal papilla cells.", "PRP and prp-like", "exosomes"]
    assert unused_terms(["PRP", "dermal papilla", "exosome", "prp", "MSCs"], texts) == ["exosome", "MSCs"]


# Keyboard focus --------------------------------------------------------------------------------


def test_first_use_of_each_abbreviation_outside_links_takes_focus():
    source = (
        "[About PRP](prp.md): PRP helps. MSCs and PRP again.\n\n"
        "*[PRP]: Platelet-rich plasma.\n*[MSCs]: Mesenchymal stem cells.\n"
    )
    html = markdown.markdown(source, extensions=["abbr", FocusableAbbreviations()])
    assert html == (
        '<p><a href="prp.md">About <abbr title="Platelet-rich plasma.">PRP</abbr></a>: '
        '<abbr tabindex="0" title="Platelet-rich plasma.">PRP</abbr> helps. '
        '<abbr tabindex="0" title="Mesenchymal stem cells.">MSCs</abbr> and '
        '<abbr title="Platelet-rich plasma.">PRP</abbr> again.</p>'
    )


# The glossary page -----------------------------------------------------------------------------


def test_sections_sort_terms_ignoring_case_under_their_first_letter():
    sections = glossary_sections({"minoxidil": "A medicine.", "MSCs": "Stem  cells.", "dermal papilla": "Base."})
    assert [(letter, [(e.term, e.meaning, e.anchor) for e in entries]) for letter, entries in sections] == [
        ("D", [("dermal papilla", "Base.", "term-dermal-papilla")]),
        ("M", [("minoxidil", "A medicine.", "term-minoxidil"), ("MSCs", "Stem cells.", "term-mscs")]),
    ]
    assert term_anchor("cell-free") == "term-cell-free"


def glossary_data() -> SiteData:
    return SiteData(
        clinic={},
        facts={},
        tables={},
        care_cards={},
        references={},
        glossary={"PRP": "Platelet-rich plasma."},
        interface=ENGLISH_WORDS,
    )


def test_glossary_marker_places_every_term_with_its_meaning_and_anchor():
    templates = escaping_templates(PROJECT / "overrides" / "markers")
    placed = place_page("<!-- md:glossary -->", glossary_data(), templates, Usage(), PageContext("docs/g.md"))
    text, problems = placed.markdown, placed.problems
    assert problems == []
    assert text == (
        "\n\n## P\n\n"
        '<dl class="glossary" markdown>\n'
        '<dt id="term-prp" markdown="span">PRP</dt>\n'
        '<dd markdown="span">Platelet-rich plasma.</dd>\n'
        "</dl>\n\n\n\n"
        "*[PRP]: Platelet-rich plasma.\n"
    )


def test_glossary_marker_takes_no_words():
    templates = escaping_templates(PROJECT / "overrides" / "markers")
    problems = place_page(
        "<!-- md:glossary PRP -->", glossary_data(), templates, Usage(), PageContext("docs/g.md"), first_line=4
    ).problems
    assert [str(p) for p in problems] == ["docs/g.md:4: 'md:glossary' takes no words; write <!-- md:glossary -->"]


# In the build ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_unknown_abbreviation_fails_the_build_with_page_and_line(build_temp_site):
    page = MINIMAL_PAGE + "\nAsk about XYZ, not `ABC` in code.\n\nPRP is known.\n"
    result = build_temp_site({"docs/index.md": page})
    assert result.returncode == 1
    assert result.messages == [
        "docs/index.md:13: abbreviation 'XYZ' is not in data/glossary.yml; add it with its meaning",
        "Aborted with 1 warnings in strict mode!",
    ]


@pytest.mark.slow
def test_abbreviation_from_a_data_file_names_the_data_file_once(build_temp_site):
    table = (
        "caption: A demo table\ncolumns:\n  feature: Feature\n  exosomes: Exosomes\n"
        "rows:\n  sessions:\n    feature: Sessions\n    exosomes: <!-- md:fact course_sessions -->\n"
        "  pain:\n    feature: Pain\n    exosomes: Mild, says the WHO\n"
    )
    pages = {
        "docs/index.md": MINIMAL_PAGE + "\nSee [the second page](second.md).\n",
        "docs/second.md": MINIMAL_PAGE.replace("# Demo", "# Second"),
    }
    result = build_temp_site({"data/tables/demo.yml": table, **pages})
    assert result.returncode == 1
    assert result.messages == [
        "data/tables/demo.yml:11: abbreviation 'WHO' is not in data/glossary.yml; add it with its meaning",
        "Aborted with 1 warnings in strict mode!",
    ]


@pytest.mark.slow
def test_every_abbreviation_has_a_focusable_tooltip_on_every_page_of_both_builds(real_site, staff_site):
    assert (real_site.returncode, staff_site.returncode) == (0, 0), real_site.output + staff_site.output
    glossary = yaml.safe_load((PROJECT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    pages = sorted(real_site.site.rglob("index.html")) + sorted(staff_site.site.rglob("index.html"))
    checked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        words = re.findall(r'<abbr (?:tabindex="0" )?title="[^"]*">([^<]+)</abbr>', html)
        outside_links = re.sub(r"<a\b.*?</a>", "", html, flags=re.S)
        focusable = re.findall(r'<abbr tabindex="0" title="[^"]*">([^<]+)</abbr>', outside_links)
        assert all(word in glossary for word in words), page
        assert sorted(focusable) == sorted(set(focusable)), f"{page}: an abbreviation is focusable twice"
        assert set(focusable) == set(re.findall(r"<abbr [^>]*>([^<]+)</abbr>", outside_links)), page
        assert not [link for link in re.findall(r"<a\b.*?</a>", html, flags=re.S) if "<abbr tabindex" in link], page
        checked += len(words)
    assert checked > 40


@pytest.mark.slow
def test_every_glossary_term_is_used_on_a_page_of_the_site(real_site, staff_site):
    """On either build, outside the glossary page itself (which lists every term)."""
    glossary = yaml.safe_load((PROJECT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    texts = [
        running_text(page.read_text(encoding="utf-8"))
        for build in (real_site, staff_site)
        for page in build.site.rglob("index.html")
        if page.parent.name != "glossary"
    ]
    assert len(texts) > 15
    assert unused_terms(glossary, texts) == []


@pytest.mark.slow
def test_glossary_page_lists_every_term_and_is_in_the_public_nav(real_site):
    glossary = yaml.safe_load((PROJECT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    html = real_site.html("glossary/")
    terms = re.findall(r'<dt id="([^"]+)">(?:<abbr[^>]*>)?([^<]+)', html)
    assert sorted(term for _, term in terms) == sorted(glossary)
    assert all(anchor == term_anchor(term) for anchor, term in terms)
    assert '<h1 id="glossary">Glossary</h1>' in html
    settings = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {"Glossary": "glossary.md"} in settings["nav"]


# In the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_site(real_site: BuildResult) -> Iterator[str]:
    """The public build on a free port of 127.0.0.1."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(real_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_tab_key_reaches_an_abbreviation_and_shows_its_meaning_without_axe_violations(served_site):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package chromium (`make system-test`)")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page()
        page.goto(served_site + "procedure/", wait_until="networkidle")
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") == "ABBR":
                break
        assert page.evaluate("document.activeElement.textContent") == "PRP"
        tooltip = page.locator(".md-tooltip2--active")
        tooltip.wait_for()
        assert tooltip.inner_text() == "Platelet-rich plasma. A treatment made from your own blood."
        results = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag22aa", "best-practice"]}}
        )
        # Violations of the focusable abbreviations themselves; the page's other findings belong to
        # the accessibility tests of every page.
        abbr_violations = [
            violation["id"]
            for violation in results.response["violations"]
            for node in violation["nodes"]
            if page.evaluate("(s) => document.querySelector(s).matches('abbr[tabindex]')", node["target"][0])
        ]
        assert abbr_violations == []
        browser.close()
