"""The cross-link checker on small sites made of HTML strings, and on the real site's built HTML."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.core.problems import Source
from hooks.links.check import NavEntry, PageInfo, SiteIndex, check_site, occurrences
from hooks.links.engine import covered, reported_by
from hooks.links.scan import Link, scan_html
from hooks.links.site import index_built_site, nav_entries

FRONT = "---\naudience: patient\n---\n"  # pages start with 3 lines of front matter


def html(content: str, theme: str = "") -> str:
    """A built page as Material lays it out: the theme around the page's article."""
    return f'<html><body><header>{theme}</header><article class="md-content__inner md-typeset">{content}</article></body></html>'


def dest_of(src: str) -> str:
    stem = src.removesuffix(".md")
    return "index.html" if stem == "index" else stem.removesuffix("index") + "/index.html"


def make_site(
    pages: Mapping[str, tuple[str, str]],
    *,
    theme: str = "",
    files: Mapping[str, str] | None = None,
    not_in_nav: tuple[str, ...] = (),
    **settings: object,
) -> SiteIndex:
    """A site of pages given as src_uri -> (Markdown, rendered content), every page linking home."""
    site = SiteIndex(**settings)  # type: ignore[arg-type]
    for src, (markdown, content) in pages.items():
        dest = dest_of(src)
        title = re.search(r"^# (.+)$", markdown, re.M)
        site.pages[dest] = PageInfo(
            src, dest, "docs/" + src, markdown, title=title[1] if title else "", in_nav=src not in not_in_nav
        )
        site.scans[dest] = scan_html(html(content, theme))
    site.files = dict(files or {})
    return site


def messages(site: SiteIndex) -> list[str]:
    return [str(finding) for finding in check_site(site)]


HOME_MD = FRONT + "# Exosome injections\n\nSee [aftercare](aftercare.md) and [side effects](side-effects.md).\n"
HOME_HTML = '<h1 id="exosome-injections">Exosome injections</h1><p>See <a href="aftercare/">aftercare</a> and <a href="side-effects/">side effects</a>.</p>'
AFTERCARE_MD = FRONT + "# Aftercare\n\n## Wash your hair\n\nGo [home](index.md).\n"
AFTERCARE_HTML = (
    '<h1 id="aftercare">Aftercare</h1><h2 id="wash-your-hair">Wash your hair</h2><p>Go <a href="..">home</a>.</p>'
)


def site_with(side_effects_md: str, side_effects_html: str, **settings: object) -> SiteIndex:
    """Home, aftercare and a side-effects page under test, all linked to one another."""
    return make_site(
        {
            "index.md": (HOME_MD, HOME_HTML),
            "aftercare.md": (AFTERCARE_MD, AFTERCARE_HTML),
            "side-effects.md": (side_effects_md, side_effects_html),
        },
        **settings,  # type: ignore[arg-type]
    )


def side_effects(markdown_line: str, html_line: str, **settings: object) -> list[str]:
    """The messages for one line of the side-effects page (line 6 of its file)."""
    markdown = FRONT + "# Side effects\n\n" + markdown_line + "\n"
    content = '<h1 id="side-effects">Side effects</h1><h2 id="when-to-get-help">When to get help</h2>' + html_line
    return messages(site_with(markdown, content, **settings))


# Reading the HTML ------------------------------------------------------------------------------


def test_scan_separates_page_content_from_the_theme_and_counts_ids():
    scan = scan_html(
        html(
            '<p id="a"><a href="x/">X</a><img src="i.png" alt="I"><a name="old"></a><span id="a"></span></p>',
            theme='<a href=".." aria-label="Home"><svg></svg></a><link href="s.css">',
        )
    )
    assert scan.links == (
        Link("x/", "X", "", True),
        Link("i.png", None, "", True, request=True),
        Link("..", "", "Home", False),
        Link("s.css", None, "", False),
    )
    assert dict(scan.ids) == {"a": 2, "old": 1}


def test_scan_reads_an_element_that_names_an_address_and_an_id_once():
    scan = scan_html(
        html('<a id="x" href="y/">Y</a><img id="i" src="i.png" alt="I">', theme='<a id="t" href="z/">Z</a>')
    )
    assert [link.url for link in scan.links] == ["y/", "i.png", "z/"]
    assert dict(scan.ids) == {"x": 1, "i": 1, "t": 1}


def test_an_image_with_an_id_is_not_a_duplicate_id():
    site = make_site(
        {
            "index.md": (
                FRONT + "# Home\n\n![Scalp](scalp.png){#scalp}\n",
                '<h1 id="home">Home</h1><img id="scalp" src="scalp.png" alt="Scalp">',
            )
        },
        files={"scalp.png": "scalp.png"},
    )
    assert not [message for message in messages(site) if "used 2 times" in message]


def test_scan_leaves_out_the_theme_table_of_contents_of_the_page():
    # The checker passes over a theme link to a heading of the page: the scan does not keep it.
    scan = scan_html(
        html(
            '<h2 id="wash">Wash</h2>',
            theme='<a href="#wash">Wash</a><a href="#wash" aria-label="Wash"> </a><a href="#wash"> </a>'
            '<a href="#gone">Gone</a><link href="#wash">',
        )
    )
    assert scan.links == (
        Link("#wash", "", "", False),
        Link("#gone", "Gone", "", False),
        Link("#wash", None, "", False),
    )


def test_scan_tells_what_the_browser_fetches_from_what_the_reader_follows():
    scan = scan_html(
        html(
            '<a href="https://a.example/">A</a><img srcset="s1.png 1x, https://b.example/s2.png 2x" alt="S">'
            '<video poster="p.png"></video><object data="o.svg"></object><form action="/send"></form>'
            "<p style=\"background: url('bg.png')\">P</p><style>@import 'x.css'; b { background: url(y.png) }</style>"
            '<pre class="mermaid">graph TD</pre>',
            theme='<link rel="canonical" href="c/"><link rel="icon" href="f.ico"><link rel="dns-prefetch" href="//d.example">',
        )
    )
    assert [(link.url, link.request) for link in scan.links] == [
        ("https://a.example/", False),
        ("s1.png", True),
        ("https://b.example/s2.png", True),
        ("p.png", True),
        ("o.svg", True),
        ("/send", True),
        ("bg.png", True),
        ("x.css", True),
        ("y.png", True),
        ("c/", False),
        ("f.ico", True),
        ("//d.example", True),
    ]
    assert scan.diagrams == 1


def test_link_text_of_an_image_link_is_its_alt_text():
    scan = scan_html(html('<a href="x/"><img src="i.png" alt="Aftercare leaflet"></a>'))
    assert scan.links[0] == Link("x/", "Aftercare leaflet", "", True)


def test_white_space_around_a_linked_image_is_not_link_text():
    scan = scan_html(
        html('<a href="x/">\n  <img src="i.png" alt="Aftercare leaflet">\n</a> <a href="y/"> Side   effects\n</a>')
    )
    assert [link.text for link in scan.links if link.text is not None] == ["Aftercare leaflet", "Side effects"]


# Links to pages, files and anchors -------------------------------------------------------------


@given(
    text=st.text("ab./#%-é x\n()", max_size=24),
    needle=st.text("ab./#", min_size=1, max_size=3),
    loose=st.booleans(),
)
def test_a_link_is_placed_only_where_it_stands_whole(text, needle, loose):
    # 'a/b' is not in 'xa/b' or 'a/b.md' or 'a/bc'; a loose needle (a fragment, a link text) is anywhere.
    before, after = ("", "") if loose else (r"(?<![\w./#%-])", r"(?![\w/#%-]|\.\w)")
    expected = [match.start() for match in re.finditer(before + re.escape(needle) + after, text)]
    assert occurrences(needle, text, loose=loose) == expected


def test_a_site_whose_links_all_work_has_no_problem():
    assert (
        side_effects(
            "Read [when to get help](#when-to-get-help) and [aftercare](aftercare.md#wash-your-hair).",
            '<a href="#when-to-get-help">when to get help</a><a href="../aftercare/#wash-your-hair">aftercare</a>',
        )
        == []
    )


def test_missing_page_names_the_line_counting_front_matter_and_suggests_the_markdown_file():
    assert side_effects("See [aftercare](aftercar.md).", '<a href="aftercar.md">aftercare</a>') == [
        "docs/side-effects.md:6: link 'aftercar.md': no such page or file in the site; did you mean 'aftercare.md'?"
    ]


def test_missing_page_in_raw_html_suggests_the_built_address():
    assert side_effects('<a href="../aftercre/">Aftercare</a>', '<a href="../aftercre/">Aftercare</a>') == [
        "docs/side-effects.md:6: link '../aftercre/': no such page or file in the site; did you mean '../aftercare/'?"
    ]


def test_missing_anchor_on_another_page_suggests_the_closest_id():
    assert side_effects(
        "[Washing](aftercare.md#wash-your-hiar)", '<a href="../aftercare/#wash-your-hiar">Washing</a>'
    ) == [
        "docs/side-effects.md:6: link 'aftercare.md#wash-your-hiar': no such anchor in aftercare.md; did you mean 'wash-your-hair'?"
    ]


def test_an_anchor_of_the_parent_folders_page_is_looked_for_on_that_page():
    # The side-effects page has the id `when-to-get-help`; the home page has not.
    assert side_effects(
        "[Home](index.md#exosome-injections) or [help](index.md#when-to-get-help)",
        '<a href="../#exosome-injections">Home</a> or <a href="../#when-to-get-help">help</a>',
    ) == [
        "docs/side-effects.md:6: link 'index.md#when-to-get-help': no such anchor in index.md; link to a heading of that page"
    ]


def test_anchors_are_case_sensitive():
    assert side_effects(
        "[Washing](aftercare.md#Wash-your-hair)", '<a href="../aftercare/#Wash-your-hair">Washing</a>'
    ) == [
        "docs/side-effects.md:6: link 'aftercare.md#Wash-your-hair': no such anchor in aftercare.md, anchors are case-sensitive; did you mean 'wash-your-hair'?"
    ]


def test_missing_anchor_on_the_same_page():
    assert side_effects("[Get help](#when-to-get-hlp)", '<a href="#when-to-get-hlp">Get help</a>') == [
        "docs/side-effects.md:6: link '#when-to-get-hlp': no such anchor on this page; did you mean 'when-to-get-help'?"
    ]


def test_same_page_link_written_as_the_markdown_file():
    assert side_effects("[Get help](side-effects.md#get-help)", '<a href="./#get-help">Get help</a>') == [
        "docs/side-effects.md:6: link 'side-effects.md#get-help': no such anchor on this page; did you mean 'when-to-get-help'?"
    ]


def test_two_identical_broken_links_are_two_problems_on_their_own_lines():
    markdown = FRONT + "# Side effects\n\n[One](nope.md)\n\n[Two](nope.md)\n"
    content = '<h1 id="side-effects">Side effects</h1><a href="nope.md">One</a><a href="nope.md">Two</a>'
    assert messages(site_with(markdown, content)) == [
        "docs/side-effects.md:6: link 'nope.md': no such page or file in the site; fix the path or remove the link",
        "docs/side-effects.md:8: link 'nope.md': no such page or file in the site; fix the path or remove the link",
    ]


def test_files_written_after_the_pages_count_when_they_exist_in_the_site_folder():
    built = {"handouts/aftercare.pdf"}
    line = "[Aftercare leaflet (PDF)](handouts/aftercare.pdf) and [the other one](handouts/aftercar.pdf)"
    rendered = '<a href="../handouts/aftercare.pdf">Aftercare leaflet (PDF)</a><a href="../handouts/aftercar.pdf">the other one</a>'
    listdir = {"handouts": ["handouts/aftercare.pdf"]}.get
    assert side_effects(line, rendered, exists=lambda dest: dest in built, listdir=lambda f: listdir(f, [])) == [
        "docs/side-effects.md:6: link '../handouts/aftercar.pdf': no such page or file in the site; did you mean '../handouts/aftercare.pdf'?"
    ]


def test_fragment_of_a_built_html_file_that_is_not_a_page_is_read_from_the_site_folder():
    line = '<a href="../404.html#nope">Missing page</a>'
    read = {"404.html": '<h1 id="page-not-found">Page not found</h1>'}.get
    assert side_effects(line, line, files={"404.html": "404.html"}, read=read) == [
        "docs/side-effects.md:6: link '../404.html#nope': no such anchor in 404.html; link to a heading of that page"
    ]


def test_link_from_a_data_table_names_the_data_file_and_line():
    table = "caption: Side effects\ncolumns:\n  effect: Effect\nrows:\n  redness:\n    effect: See [aftercare](aftercare.md#wash)\n"
    markdown_line = "<!-- md:table side-effects -->"
    rendered = '<table><tr><td>See <a href="../aftercare/#wash">aftercare</a></td></tr></table>'
    data = [Source("data/tables/side-effects.yml", table), Source("data/facts.yml", "x:\n  value: aftercare.md#wash\n")]
    assert side_effects(markdown_line, rendered, data=data) == [
        "data/tables/side-effects.yml:6: link 'aftercare.md#wash': no such anchor in aftercare.md; link to a heading of that page"
    ]


def test_absolute_links_are_checked_and_flagged_with_the_relative_spelling():
    assert side_effects(
        "[Aftercare](/exosomes/aftercare/) and [prices](/exosomes/prices/)",
        '<a href="/exosomes/aftercare/">Aftercare</a><a href="/exosomes/prices/">prices</a>',
        site_url="https://clinic.example/exosomes/",
    ) == [
        "docs/side-effects.md:6: link '/exosomes/aftercare/': absolute link, it breaks when the site moves; did you mean 'aftercare.md'?",
        "docs/side-effects.md:6: link '/exosomes/prices/': no such page or file in the site; fix the path or remove the link",
    ]


def test_a_full_address_of_the_site_itself_is_checked_like_an_internal_link():
    line = '<a href="https://clinic.example/exosomes/aftercare/#wash-your-hare">Aftercare</a>'
    assert side_effects(line, line, site_url="https://clinic.example/exosomes/") == [
        "docs/side-effects.md:6: link 'https://clinic.example/exosomes/aftercare/#wash-your-hare': no such anchor in aftercare.md; did you mean 'wash-your-hair'?"
    ]


# Link text -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["click here", "Here", "Read more…", "this page"])
def test_vague_link_text_is_reported_with_the_target_page_title(text):
    assert side_effects(f"For aftercare [{text}](aftercare.md).", f'<a href="../aftercare/">{text}</a>') == [
        f"docs/side-effects.md:6: link 'aftercare.md': link text '{text}' does not say where the link goes; use text such as 'Aftercare'"
    ]


def test_bare_url_as_link_text():
    line = "<https://www.nhs.uk/conditions/hair-loss/>"
    rendered = '<a href="https://www.nhs.uk/conditions/hair-loss/">https://www.nhs.uk/conditions/hair-loss/</a>'
    assert side_effects(line, rendered) == [
        "docs/side-effects.md:6: link 'https://www.nhs.uk/conditions/hair-loss/': link text is a bare URL; say where the link goes instead"
    ]


def test_empty_link_text_unless_an_image_alt_or_aria_label_names_the_link():
    line = '[](aftercare.md) [![Aftercare](a.png)](aftercare.md) <a href="../aftercare/" aria-label="Aftercare"></a>'
    rendered = (
        '<a href="../aftercare/"></a><a href="../aftercare/"><img src="../a.png" alt="Aftercare"></a>'
        '<a href="../aftercare/" aria-label="Aftercare"></a>'
    )
    assert side_effects(line, rendered, files={"a.png": "a.png"}) == [
        "docs/side-effects.md:6: link 'aftercare.md': empty link text; add link text, an image with alt text or an aria-label"
    ]


# External links, email and phone ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://www.nhs.uk/", "insecure http link; did you mean 'https://www.nhs.uk/'?"),
        ("//www.nhs.uk/", "link without a scheme; did you mean 'https://www.nhs.uk/'?"),
        ("htps://www.nhs.uk/", "unknown link type 'htps:'; did you mean 'https:'?"),
        ("mailto:hair@clinic", "malformed email link; write mailto: and an address, e.g. 'mailto:name@example.org'"),
        ("mailto:", "malformed email link; write mailto: and an address, e.g. 'mailto:name@example.org'"),
        (
            "tel:+44 20 7946 0000",
            "malformed phone link; write tel: and the number without spaces, e.g. 'tel:+442079460000'",
        ),
        ("tel:call-us", "malformed phone link; write tel: and the number without spaces, e.g. 'tel:+442079460000'"),
    ],
)
def test_external_links_must_be_https_and_well_formed(url, problem):
    line = f'<a href="{url}">Contact</a>'
    assert side_effects(line, line) == [f"docs/side-effects.md:6: link '{url}': {problem}"]


@pytest.mark.parametrize(
    "url",
    ["https://www.nhs.uk/", "mailto:hair@dalily-medical.example?subject=Aftercare", "tel:+442079460000", "tel:999"],
)
def test_https_and_well_formed_mailto_and_tel_links_pass(url):
    line = f'<a href="{url}">Contact the clinic</a>'
    assert side_effects(line, line) == []


# Pages, nav and ids ----------------------------------------------------------------------------


def test_pages_missing_from_the_nav_orphans_and_unlinked_pages_are_told_apart():
    site = make_site(
        {
            "index.md": (HOME_MD, HOME_HTML + '<a href="extra/">Extra</a>'),
            "aftercare.md": (AFTERCARE_MD, AFTERCARE_HTML),
            "side-effects.md": (FRONT + "# Side effects\n", "<h1>Side effects</h1>"),
            "extra.md": (FRONT + "# Extra\n", "<h1>Extra</h1>"),
            "orphan.md": (FRONT + "# Orphan\n", "<h1>Orphan</h1>"),
            "unlinked.md": (FRONT + "# Unlinked\n", "<h1>Unlinked</h1>"),
        },
        not_in_nav=("extra.md", "orphan.md"),
        config_path="mkdocs.yml",
    )
    assert messages(site) == [
        "docs/extra.md:1: page is not in the nav; add it to 'nav' in mkdocs.yml",
        "docs/orphan.md:1: orphan page: not in the nav and no other page links to it; add it to 'nav' in mkdocs.yml and link to it from a related page",
        "docs/unlinked.md:1: no other page links to this page; link to it from a related page",
    ]


def test_home_page_and_staff_pages_need_no_link_from_another_page():
    site = make_site({"index.md": (FRONT + "# Home\n", "<h1>Home</h1>")})
    staff = PageInfo("staff/notes.md", "staff/notes/index.html", "docs/staff/notes.md", patient=False)
    site.pages[staff.dest_uri] = staff
    site.scans[staff.dest_uri] = scan_html(html("<h1>Notes</h1>"))
    assert messages(site) == []


def test_nav_entries_carry_their_line_in_the_configuration():
    config = "site_name: X\nnav:\n  - Home: index.md\n  - Care:\n      - Aftercare: aftercare.md\n  - 'https://www.nhs.uk/'\n"
    nav = [{"Home": "index.md"}, {"Care": [{"Aftercare": "aftercare.md"}]}, "https://www.nhs.uk/"]
    assert nav_entries(nav, config) == [
        NavEntry("Home", "index.md", 3),
        NavEntry("Aftercare", "aftercare.md", 5),
        NavEntry(None, "https://www.nhs.uk/", 6),
    ]


def test_nav_entry_naming_no_page_is_reported_once_on_its_line_not_on_every_page():
    site = site_with(FRONT + "# Side effects\n", "<h1>Side effects</h1>")
    for dest in site.scans:  # the theme's nav links the entry from every page
        link = "../" * dest.count("/") + "prices.md"
        site.scans[dest] = scan_html(html(HOME_HTML if dest == "index.html" else "", f'<a href="{link}">Prices</a>'))
    site.nav = [NavEntry("Home", "index.md", 3), NavEntry("Prices", "prices.md", 4), NavEntry(None, "http://x.org/", 5)]
    assert messages(site) == [
        "mkdocs.yml:4: nav entry 'prices.md': no such page in docs/; fix the path or remove the entry",
        "mkdocs.yml:5: nav entry 'http://x.org/': insecure http link; did you mean 'https://x.org/'?",
    ]


def test_duplicate_ids_name_the_line_of_the_second():
    markdown = FRONT + '# Side effects\n\n<p id="dose">One.</p>\n\n<p id="dose">Two.</p>\n'
    content = '<h1 id="side-effects">Side effects</h1><p id="dose">One.</p><p id="dose">Two.</p>'
    assert messages(site_with(markdown, content)) == [
        "docs/side-effects.md:8: id 'dose' is used 2 times on this page; make each id unique"
    ]


# Links the theme adds --------------------------------------------------------------------------


def test_broken_theme_link_written_in_a_template_names_the_template_line_once():
    template = Source("overrides/partials/copyright.html", '<div>\n  <a href="terms.html">Terms of use</a>\n</div>\n')
    site = site_with(
        FRONT + "# Side effects\n",
        "<h1>Side effects</h1>",
        theme='<a href="terms.html">Terms of use</a>',
        template_sources=[template],
    )
    assert messages(site) == [
        "overrides/partials/copyright.html:2: link 'terms.html': no such page or file in the site; fix the path or remove the link"
    ]


def test_broken_theme_link_not_in_our_templates_names_the_first_page_with_line_1_once():
    site = site_with(
        FRONT + "# Side effects\n", "<h1>Side effects</h1>", theme='<a href="assets/missing.css">Styles</a>'
    )
    # From every page the link leads elsewhere; each target is one problem.
    assert messages(site) == [
        "docs/aftercare.md:1: link 'assets/missing.css': no such page or file in the site (added by the theme around the page); fix the path or remove the link",
        "docs/index.md:1: link 'assets/missing.css': no such page or file in the site (added by the theme around the page); fix the path or remove the link",
        "docs/side-effects.md:1: link 'assets/missing.css': no such page or file in the site (added by the theme around the page); fix the path or remove the link",
    ]
    same_target = site_with(
        FRONT + "# Side effects\n", "<h1>Side effects</h1>", theme='<link href="/exosomes/missing.css">'
    )
    same_target.site_url = "https://clinic.example/exosomes/"
    assert len(messages(same_target)) == 1


# MkDocs' own validation ------------------------------------------------------------------------


def test_mkdocs_warnings_for_links_the_checker_reports_are_recognised_as_duplicates():
    findings = covered(
        check_site(
            site_with(FRONT + "# Side effects\n\n[Care](aftercare.md#nope)\n", '<a href="../aftercare/#nope">Care</a>')
        )
    )
    pages = "side-effects.md"
    assert reported_by(
        f"Doc file '{pages}' contains a link 'aftercare.md#nope', but the doc 'aftercare.md' does not contain an anchor '#nope'.",
        findings,
    )
    assert not reported_by(
        f"Doc file '{pages}' contains an unrecognized relative link 'aftercare/', it was left as is.", findings
    )
    assert not reported_by("Doc file 'index.md' contains a link 'aftercare.md#nope', but ...", findings)


def test_mkdocs_nav_warnings_are_duplicates_only_when_every_page_is_reported():
    site = make_site(
        {"index.md": (HOME_MD, HOME_HTML), "aftercare.md": (AFTERCARE_MD, AFTERCARE_HTML)},
        not_in_nav=("aftercare.md",),
    )
    site.nav = [NavEntry(None, "prices.md", 3)]
    findings = covered(check_site(site))
    omitted = (
        'The following pages exist in the docs directory, but are not included in the "nav" configuration:\n  - {}'
    )
    assert reported_by(omitted.format("aftercare.md"), findings)
    assert not reported_by(omitted.format("aftercare.md\n  - side-effects.md"), findings)
    assert reported_by(
        "A reference to 'prices.md' is included in the 'nav' configuration, which is not found in the documentation files.",
        findings,
    )


def test_a_data_table_placed_on_two_pages_is_one_problem_that_covers_both_pages():
    table = Source("data/tables/t.yml", "rows:\n  a:\n    b: '[x](nope.md)'\n")
    marker = "\n<!-- md:table t -->\n"
    site = make_site(
        {
            "index.md": (HOME_MD + marker, HOME_HTML + '<a href="nope.md">x</a>'),
            "aftercare.md": (AFTERCARE_MD + marker, AFTERCARE_HTML + '<a href="nope.md">x</a>'),
            "side-effects.md": (FRONT + "# Side effects\n", "<h1>Side effects</h1>"),
        },
        data=[table],
    )
    findings = check_site(site)
    assert [str(f) for f in findings] == [
        "data/tables/t.yml:3: link 'nope.md': no such page or file in the site; fix the path or remove the link"
    ]
    assert {("index.md", "nope.md"), ("aftercare.md", "nope.md")} <= findings[0].covers


# The real site ---------------------------------------------------------------------------------

MUTATIONS = st.sampled_from(["path", "fragment", "case"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), mutation=MUTATIONS)
def test_random_link_and_anchor_mutations_of_the_real_site_are_caught(real_site, data, mutation):
    site = index_built_site(real_site.site, real_site.root / "docs")
    assert check_site(site) == [], "the real site's own links all work"
    pages = sorted(dest for dest, scan in site.scans.items() if internal_links(scan.links))
    dest = data.draw(st.sampled_from(pages), label="page")
    original = data.draw(st.sampled_from(internal_links(site.scans[dest].links)), label="link")
    mutated = mutate(original, mutation, data, site.scans)
    html_text = (real_site.site / dest).read_text(encoding="utf-8")
    site.scans[dest] = scan_html(html_text.replace(f'href="{original}"', f'href="{mutated}"', 1))
    assert any(f"link '{mutated}'" in str(finding) for finding in check_site(site)), mutated


def internal_links(links: tuple[Link, ...]) -> list[str]:
    """The content links of a page that lead to a page of the site (not a file), as rendered."""
    return sorted(
        {
            link.url
            for link in links
            if link.in_content and link.text and re.match(r"^(\.\./)*[\w-]*(/|\.\.)?(#|$)", link.url)
        }
    )


def mutate(url: str, mutation: str, data: st.DataObject, scans: Mapping[str, object]) -> str:
    """A link that cannot work: a misspelt page, an unknown anchor, or an anchor in the wrong case."""
    path, _, fragment = url.partition("#")
    letters = data.draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=4), label="letters")
    if mutation == "path" and path.rstrip("/") not in ("", ".", ".."):
        return (
            path.rstrip("/")
            + "-"
            + letters
            + ("/" if path.endswith("/") else "")
            + (f"#{fragment}" if fragment else "")
        )
    if mutation == "case" and any(ch.isalpha() for ch in fragment):
        return f"{path}#{fragment.upper()}"
    return f"{path}#zz-{letters}"


def test_local_preview_address_is_not_an_insecure_link():
    from hooks.links.check import judge_external

    assert judge_external("http://127.0.0.1:8000/exosomes/", "http") is None
    assert judge_external("http://localhost:8000/", "http") is None
    assert judge_external("http://127.0.0.1.evil.example/", "http") is not None
    assert judge_external("http://example.org/", "http").what == "insecure http link"


def test_the_site_address_mkdocs_serve_gives_is_checked_as_the_site_itself():
    line = '<a href="http://127.0.0.1:8000/exosomes/aftercare/#wash-your-hare">Aftercare</a>'
    assert side_effects(line, line, site_url="http://127.0.0.1:8000/exosomes/") == [
        "docs/side-effects.md:6: link 'http://127.0.0.1:8000/exosomes/aftercare/#wash-your-hare': no such anchor in aftercare.md; did you mean 'wash-your-hair'?"
    ]
    insecure = '<a href="http://clinic.example/exosomes/aftercare/">Aftercare</a>'
    assert side_effects(insecure, insecure, site_url="https://clinic.example/exosomes/") == [
        "docs/side-effects.md:6: link 'http://clinic.example/exosomes/aftercare/': insecure http link; did you mean 'https://clinic.example/exosomes/aftercare/'?"
    ]
