"""The staff reference: built from the same source by mkdocs.staff.yml, its pages and search never
reach the patient site, and its pages place patient content and the decisions record, never copy them."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL_PAGE, PROJECT, BuildResult, make_site, mkdocs_env, run_mkdocs

from hooks.core.problems import ProblemError, Source
from hooks.shortcodes.grammar import Marker, MarkerError
from hooks.shortcodes.includes import include_handler
from hooks.staff.nav import with_staff_section

DECISIONS = "CONTENT_DECISIONS.md"

STAFF_DOCS = PROJECT / "docs" / "staff"
STAFF_PAGES = sorted(path.relative_to(PROJECT / "docs").as_posix() for path in STAFF_DOCS.glob("*.md"))
BANNER = "Staff only — not for patients."
FRONT_MATTER = {"audience": "staff"}
PAGE = """---
audience: {audience}
---
# {title}

{body}
"""
# A small temp site: the patient nav has the home page; the staff build adds its staff pages.
PATIENT_NAV = {"nav": ["index.md"]}


def staff_config(*pages: str) -> str:
    """A staff configuration for a temp site with these staff pages."""
    section = "".join(f"    - {page}\n" for page in pages)
    return (
        f"INHERIT: mkdocs.yml\nsite_name: Staff\nexclude_docs: ''\nextra:\n  audience: staff\n  staff_nav:\n{section}"
    )


def settings(name: str) -> dict:
    return yaml.safe_load((PROJECT / name).read_text(encoding="utf-8"))


def search_index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def staff_page_titles() -> list[str]:
    """The H1 of each staff page as written, or of the record it includes."""
    titles = []
    for page in STAFF_PAGES:
        text = (PROJECT / "docs" / page).read_text(encoding="utf-8")
        if "<!-- md:include-decisions -->" in text:
            text = (PROJECT / DECISIONS).read_text(encoding="utf-8")
        titles.append(re.search(r"^# (.+)$", text, re.M)[1])
    return titles


# Include markers -------------------------------------------------------------------------------


def test_include_places_the_file_as_it_is():
    place = include_handler(DECISIONS, Source(DECISIONS, "# Decisions\n\nChosen: 3 to 6.\n"))
    assert place(Marker("include-decisions", line=9)) == "\n\n# Decisions\n\nChosen: 3 to 6.\n\n"


def test_include_of_a_missing_file_says_which_and_what_to_do():
    place = include_handler(DECISIONS, None)
    with pytest.raises(MarkerError) as error:
        place(Marker("include-decisions", line=9))
    assert str(error.value) == (
        "'md:include-decisions': CONTENT_DECISIONS.md is missing from the project folder; restore it or remove the marker"
    )


def test_include_takes_no_words():
    with pytest.raises(MarkerError) as error:
        include_handler(DECISIONS, Source(DECISIONS, "# D\n"))(Marker("include-decisions", words=("faq.md",)))
    assert str(error.value) == "'md:include-decisions' takes no words; write <!-- md:include-decisions -->"


# The staff pages as written --------------------------------------------------------------------


def test_staff_pages_say_they_are_for_staff_and_claim_no_review():
    assert len(STAFF_PAGES) == 12
    for page in STAFF_PAGES:
        meta = yaml.safe_load((PROJECT / "docs" / page).read_text(encoding="utf-8").split("---")[1])
        assert {key: str(meta.get(key)) for key in FRONT_MATTER} == FRONT_MATTER, page
        assert not {"reviewed", "next_review", "reviewer"} & set(meta), page


def test_staff_nav_lists_every_staff_page_and_leaves_the_patient_nav_to_mkdocs_yml():
    staff = settings("mkdocs.staff.yml")
    assert "nav" not in staff
    assert sorted(path for entry in staff["extra"]["staff_nav"] for path in entry.values()) == STAFF_PAGES


def test_staff_section_follows_the_patient_nav():
    nav = [{"Home": "index.md"}, {"FAQ": "faq.md"}]
    section = [{"Escalation": "staff/escalation.md"}]
    assert with_staff_section(nav, section, config_file="mkdocs.staff.yml", config_text="") == [
        {"Home": "index.md"},
        {"FAQ": "faq.md"},
        {"Staff": [{"Escalation": "staff/escalation.md"}]},
    ]


def test_staff_section_that_is_not_a_list_names_the_config_line():
    text = "INHERIT: mkdocs.yml\nextra:\n  staff_nav: staff/escalation.md\n"
    with pytest.raises(ProblemError) as error:
        with_staff_section([], "staff/escalation.md", config_file="mkdocs.staff.yml", config_text=text)
    assert str(error.value) == (
        "mkdocs.staff.yml:3: 'extra.staff_nav' must be a list of 'Title: staff/page.md' entries; write one per staff page"
    )


def test_staff_pages_quote_no_sentence_of_a_patient_page():
    """Patient content reaches staff pages through shortcodes and links, never as a copy (the FAQ
    questions are repeated as headings on purpose)."""
    patient_text = " ".join(
        " ".join(path.read_text(encoding="utf-8").split()) for path in (PROJECT / "docs").glob("*.md")
    )
    copied = []
    for page in STAFF_PAGES:
        prose = re.sub(r"<!--.*?-->|\[[^\]]*\]\([^)]*\)", " ", (PROJECT / "docs" / page).read_text(encoding="utf-8"))
        prose = re.sub(r"^#.*$", " ", prose, flags=re.M)
        for sentence in re.split(r"(?<=[.:;!?])\s+|\n", prose):
            words = re.sub(r"^[-#\s\[\]x0-9.]+", "", sentence).split()
            if len(words) >= 6 and " ".join(words) in patient_text:
                copied.append(f"{page}: {' '.join(words)}")
    assert copied == []


def test_no_staff_page_copies_the_decisions_record():
    record = (PROJECT / DECISIONS).read_text(encoding="utf-8")
    first_heading = re.search(r"^# (.+)$", record, re.M)[1]
    assert not [path for path in (PROJECT / "docs").rglob("*.md") if first_heading in path.read_text(encoding="utf-8")]


# The two real builds ---------------------------------------------------------------------------


@pytest.mark.slow
def test_both_builds_are_strict_and_clean(real_site, staff_site):
    assert (real_site.returncode, real_site.messages) == (0, [])
    assert (staff_site.returncode, staff_site.messages) == (0, [])


@pytest.mark.slow
def test_public_site_has_no_staff_page_no_link_to_one_and_no_staff_text_in_search(real_site):
    site = real_site.site
    assert (site / "index.html").is_file()
    assert not (site / "staff").exists()
    linked = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.suffix in {".html", ".xml", ".json", ".js"} and re.search(r"staff/", path.read_text(encoding="utf-8"))
    ]
    assert linked == []
    index = search_index(site)
    assert len(index) > 50
    assert [entry["location"] for entry in index if entry["location"].startswith("staff/")] == []
    text = json.dumps(index, ensure_ascii=False)
    titles = staff_page_titles()
    assert len(titles) == len(STAFF_PAGES)
    assert [phrase for phrase in [BANNER, "Staff only", *titles] if phrase in text] == []


@pytest.mark.slow
def test_staff_site_has_every_staff_page_with_its_banner_and_in_its_search(staff_site):
    site = staff_site.site
    index = search_index(site)
    for page in STAFF_PAGES:
        url = page.removesuffix(".md") + "/"
        assert BANNER in staff_site.html(url), url
        assert url in {entry["location"] for entry in index}, url
    indexed_titles = {entry["title"] for entry in index}
    assert set(staff_page_titles()) <= indexed_titles
    # The nav: every patient page of mkdocs.yml, then the Staff section.
    nav_links = re.findall(r'<a href="([^"]+)" class="md-nav__link', staff_site.html("staff/escalation/"))
    patient = [path for item in settings("mkdocs.yml")["nav"] for path in item.values()]
    wanted = ["../../" + path.removesuffix(".md") + "/" for path in patient if path != "index.md"]
    assert "../.." in nav_links
    assert [link for link in wanted if link not in nav_links] == []
    assert re.search(r">\s*Staff\s*<", staff_site.html("staff/escalation/"))
    # Patient pages are in the staff search too, without the banner.
    assert "procedure/" in {entry["location"] for entry in index}
    assert BANNER not in staff_site.html("procedure/")


@pytest.mark.slow
def test_staff_site_looks_different_and_asks_search_engines_to_stay_away(real_site, staff_site):
    staff, public = staff_site.html(""), real_site.html("")
    assert (
        "<title>Exosome injections for hair loss - Dalily Medical – Staff reference (not for patients)</title>" in staff
    )
    assert 'data-md-color-primary="deep-purple"' in staff
    assert 'data-md-color-primary="teal"' in public
    assert '<meta name="robots" content="noindex, nofollow">' in staff
    assert 'name="robots"' not in public


@pytest.mark.slow
def test_staff_pages_place_patient_figures_cards_tables_and_the_decisions_record(staff_site):
    protocol = staff_site.html("staff/session-protocol/")
    assert protocol.count('class="task-list-item"') >= 20
    assert 'class="clinic-table"' in protocol
    escalation = staff_site.html("staff/escalation/")
    assert 'class="care-card care-card--urgent"' in escalation
    assert 'class="care-card care-card--emergency"' in escalation
    answers = staff_site.html("staff/answering-patients/")
    faq_questions = re.findall(r"^## (.+)$", (PROJECT / "docs" / "faq.md").read_text(encoding="utf-8"), re.M)
    assert len(faq_questions) > 10
    headings = [re.sub(r"<[^>]+>", "", heading) for heading in re.findall(r"<h2[^>]*>(.*?)</h2>", answers)]
    assert [question for question in faq_questions if question not in headings] == []
    decisions = staff_site.html("staff/content-decisions/")
    record = (PROJECT / DECISIONS).read_text(encoding="utf-8")
    headings = [re.sub(r"<[^>]+>", "", heading) for heading in re.findall(r"<h2[^>]*>(.*?)</h2>", decisions)]
    record_headings = re.findall(r"^## (.+)$", record, re.M)
    assert len(record_headings) > 3
    assert [heading for heading in record_headings if heading not in html.unescape(" ".join(headings))] == []


# Temp sites ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_data_only_a_staff_page_places_is_not_reported_unused_on_the_public_site(tmp_path):
    staff_page = PAGE.format(audience="staff", title="Staff", body="Sessions: <!-- md:fact staff_only -->.")
    files = {
        "data/facts.yml": "course_sessions:\n  value: 3 to 6 sessions\nstaff_only:\n  value: 12 minutes\n",
        "docs/staff/x.md": staff_page,
        "mkdocs.staff.yml": staff_config("staff/x.md"),
        "docs/index.md": MINIMAL_PAGE,
    }
    root = make_site(tmp_path, files, config=PATIENT_NAV)
    public = run_mkdocs(root, site_dir="public")
    assert (public.returncode, public.messages) == (0, []), public.output
    assert not (public.site / "staff").exists()
    staff = run_mkdocs(root, config="mkdocs.staff.yml", site_dir="staff")
    assert (staff.returncode, staff.messages) == (0, [])
    assert "Sessions: 12 minutes." in staff.html("staff/x/")


@pytest.mark.slow
def test_unused_data_is_still_reported_when_no_page_of_either_kind_places_it(build_temp_site):
    result = build_temp_site(
        {
            "data/facts.yml": "course_sessions:\n  value: 3 to 6 sessions\nstaff_only:\n  value: 12 minutes\n",
            "docs/staff/x.md": PAGE.format(audience="staff", title="Staff", body="No figures here."),
        },
        config=PATIENT_NAV,
    )
    assert result.messages == [
        "data/facts.yml:3: fact 'staff_only' is not used by any page; place it with <!-- md:fact staff_only --> or remove it",
        "Aborted with 1 warnings in strict mode!",
    ]


def build_decisions_page(tmp_path: Path, files: dict[str, str | None]) -> BuildResult:
    """The staff build of a temp site whose one staff page places the decisions record."""
    page = PAGE.format(audience="staff", title="Decisions", body="<!-- md:include-decisions -->")
    site = {"docs/index.md": MINIMAL_PAGE, "docs/staff/decisions.md": page}
    site["mkdocs.staff.yml"] = staff_config("staff/decisions.md")
    return run_mkdocs(make_site(tmp_path, site | files, config=PATIENT_NAV), config="mkdocs.staff.yml")


@pytest.mark.slow
def test_missing_decisions_record_fails_the_staff_build_with_page_and_line(tmp_path):
    result = build_decisions_page(tmp_path, {DECISIONS: None})
    assert result.returncode == 1
    assert result.messages == [
        "docs/staff/decisions.md:6: 'md:include-decisions': CONTENT_DECISIONS.md is missing from the project folder; restore it or remove the marker",
        "Aborted with 1 warnings in strict mode!",
    ]


@pytest.mark.slow
def test_abbreviation_in_the_decisions_record_names_the_record_and_its_line(tmp_path):
    files = {
        # The word is in a data file too: the record the page includes comes first.
        "data/glossary.yml": "PRP: Platelet-rich plasma.\n# XYZ is explained in the decisions record.\n",
        DECISIONS: "## Readability\n\nMeasured with `make ABC`:\nevery page scores XYZ 5.1 to 7.0.\n",
    }
    result = build_decisions_page(tmp_path, files)
    assert result.messages == [
        "CONTENT_DECISIONS.md:4: abbreviation 'XYZ' is not in data/glossary.yml; add it with its meaning",
        "Aborted with 1 warnings in strict mode!",
    ]


def make_staff(root: Path) -> subprocess.CompletedProcess:
    """`make staff` in a copy of the project, with this machine's virtual environment."""
    venv = PROJECT / ".venv"
    command = [
        "make",
        "--no-print-directory",
        "staff",
        f"VENV={venv}",
        "-o",
        f"{venv}/bin/mkdocs",
        "-o",
        "system-build",
    ]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=mkdocs_env(), timeout=600)


@pytest.mark.slow
def test_make_staff_builds_site_staff_and_a_failed_build_leaves_it_untouched(tmp_path):
    files = {
        "docs/index.md": MINIMAL_PAGE,
        "docs/staff/x.md": PAGE.format(audience="staff", title="Staff", body="For staff."),
        "mkdocs.staff.yml": staff_config("staff/x.md"),
    }
    root = make_site(tmp_path, files, config=PATIENT_NAV)
    shutil.copy2(PROJECT / "Makefile", root / "Makefile")
    shutil.copy2(PROJECT / "requirements.txt", root / "requirements.txt")
    good = make_staff(root)
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.endswith("Built the staff reference into site-staff/\n")
    before = (root / "site-staff" / "staff" / "x" / "index.html").read_bytes()
    assert BANNER.encode() in before
    assert not (root / "site").exists()

    (root / "docs" / "staff" / "x.md").write_text(
        PAGE.format(audience="staff", title="Staff", body="<!-- md:fact missing -->"), encoding="utf-8"
    )
    bad = make_staff(root)
    assert bad.returncode != 0
    assert "docs/staff/x.md:6: unknown fact 'missing'; use one of: course_sessions" in bad.stdout + bad.stderr
    assert (root / "site-staff" / "staff" / "x" / "index.html").read_bytes() == before
    assert not (root / ".site-staff-build").exists()


# Staff text in the public build ------------------------------------------------------------------

STAFF_SECRET = "Draw up 2 ml of the vial for each session."


def test_a_staff_page_outside_docs_staff_fails_the_public_build_and_publishes_none_of_its_text(build_temp_site):
    copy = PAGE.format(audience="staff", title="Session protocol", body=STAFF_SECRET)
    result = build_temp_site({"docs/copy.md": copy})
    assert result.returncode == 1
    assert result.messages[0] == (
        "docs/copy.md:2: a staff page (audience: staff) in the public build; move it under docs/staff/, "
        "or set 'audience: patient' if it is written for patients"
    )
    assert STAFF_SECRET not in (result.site / "copy" / "index.html").read_text(encoding="utf-8")
    assert STAFF_SECRET not in json.dumps(search_index(result.site))


def test_the_decisions_record_placed_on_a_public_page_fails_with_page_and_line_and_is_not_published(
    build_temp_site,
):
    result = build_temp_site({"docs/index.md": MINIMAL_PAGE + "\n<!-- md:include-decisions -->\n"})
    assert result.returncode == 1
    assert result.messages == [
        "docs/index.md:13: 'md:include-decisions' places CONTENT_DECISIONS.md, a staff-only record, in the public "
        "build; remove the marker, or move the page under docs/staff/",
        "Aborted with 1 warnings in strict mode!",
    ]
    assert "Content decisions for clinical review" not in result.html()
    assert "Content decisions for clinical review" not in json.dumps(search_index(result.site))


@pytest.mark.slow
def test_an_unsigned_staff_page_tells_staff_to_check_with_the_clinical_lead(staff_site):
    html = staff_site.html("staff/consent/")
    assert "The clinic&#39;s doctors have not yet checked this page, so check it with the clinical lead" in html
    assert "ask your doctor" not in html
