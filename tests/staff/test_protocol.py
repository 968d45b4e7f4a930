"""The clinic's protocol values on the staff pages: a placeholder shows as "To be set by the clinic",
a release build refuses it naming the file and line, a set value passes, and no protocol value
reaches the patient site; the printed staff forms are tagged and the checklist is one page."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from conftest import ENGLISH_WORDS, MINIMAL_PAGE, PROJECT, SAMPLE_CLINIC, make_site, mkdocs_env, run_mkdocs
from test_staff import PAGE, PATIENT_NAV, staff_config

from hooks.core.problems import ProblemError
from hooks.core.templates import escaping_templates
from hooks.project.sitedata import SiteData
from hooks.project.staffdata import StaffData, load_staff_data
from hooks.shortcodes.placements import PageContext, Usage, place_page, unused_data
from hooks.staff.protocol import is_release, placeholder_problems

TEMPLATES = escaping_templates(PROJECT / "overrides" / "markers")
PROTOCOL = """# The clinic's values.
product_name:
  label: Product
  value: Brand X <serum>
needle_gauge:
  label: Needle gauge
  placeholder: true
"""
PLACEHOLDER_HTML = (
    '<mark class="protocol-placeholder" title="Needle gauge: not set yet in data/protocol.yml, line 5">'
    "To be set by the clinic</mark>"
)
RELEASE_MESSAGE = (
    "data/protocol.yml:5: 'needle_gauge' is still a placeholder; "
    "set the clinic's value before publishing the staff reference"
)


def staff_data(tmp_path: Path, protocol: str = PROTOCOL, competencies: str | None = None) -> StaffData:
    """The staff data of a data folder holding these files, with the project's schemas."""
    shutil.copytree(PROJECT / "data" / "schemas", tmp_path / "schemas")
    (tmp_path / "protocol.yml").write_text(protocol, encoding="utf-8")
    if competencies is not None:
        (tmp_path / "competencies.yml").write_text(competencies, encoding="utf-8")
    return load_staff_data(tmp_path)


def staff_site_data(staff: StaffData) -> SiteData:
    """Site data with nothing but the clinic, the staff values and the site's words."""
    return SiteData(
        clinic=SAMPLE_CLINIC,
        facts={},
        tables={},
        care_cards={},
        references={},
        glossary={},
        staff=staff,
        interface=ENGLISH_WORDS,
    )


def place(markdown: str, staff: StaffData, usage: Usage | None = None) -> tuple[str, list[str]]:
    data = staff_site_data(staff)
    placed = place_page(markdown, data, TEMPLATES, usage or Usage(), PageContext("docs/staff/x.md", 1))
    return placed.markdown, [str(problem) for problem in placed.problems]


# Placing values ---------------------------------------------------------------------------------


def test_placeholder_shows_to_be_set_by_the_clinic_marked(tmp_path):
    text, problems = place("Gauge: <!-- md:protocol needle_gauge -->.", staff_data(tmp_path))
    assert (text.split("\n")[0], problems) == (f"Gauge: {PLACEHOLDER_HTML}.", [])


def test_set_value_shows_as_escaped_text(tmp_path):
    text, problems = place("Product: <!-- md:protocol product_name -->.", staff_data(tmp_path))
    assert (text.split("\n")[0], problems) == ("Product: Brand X &lt;serum&gt;.", [])


def test_unknown_protocol_key_names_page_line_and_the_closest_key(tmp_path):
    _, problems = place("Intro.\n\nGauge: <!-- md:protocol needle_guage -->", staff_data(tmp_path))
    assert problems == ["docs/staff/x.md:3: unknown protocol value 'needle_guage'; did you mean 'needle_gauge'?"]


def test_protocol_value_no_page_places_is_reported_unused(tmp_path):
    staff = staff_data(tmp_path)
    usage = Usage()
    place("<!-- md:protocol needle_gauge -->", staff, usage)
    data = staff_site_data(staff)
    assert [str(problem) for problem in unused_data(data, usage)] == [
        "data/protocol.yml:2: protocol value 'product_name' is not used by any page; "
        "place it with <!-- md:protocol product_name --> or remove it"
    ]


# The data file ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "  value: 30G\n  placeholder: true\n",
            "data/protocol.yml:1: 'needle_gauge': has both 'value:' and 'placeholder: true'; "
            "remove 'placeholder: true' once the value is set",
        ),
        (
            "  note: ask the lead\n",
            "data/protocol.yml:1: 'needle_gauge': has no value; "
            "write 'value:' with the clinic's value, or 'placeholder: true' until it is set",
        ),
        (
            "  value: TO BE SET BY THE CLINIC\n",
            "data/protocol.yml:3: 'needle_gauge': the value 'TO BE SET BY THE CLINIC' reads like a placeholder; "
            "write the clinic's value, or remove 'value:' and write 'placeholder: true'",
        ),
    ],
)
def test_a_value_that_could_pass_for_set_is_refused_at_its_line(tmp_path, entry, message):
    with pytest.raises(ProblemError) as error:
        staff_data(tmp_path, "needle_gauge:\n  label: Needle gauge\n" + entry)
    assert str(error.value) == message


def test_competency_without_who_signs_it_off_names_its_line(tmp_path):
    with pytest.raises(ProblemError) as error:
        staff_data(tmp_path, competencies="competencies:\n  - skill: Takes consent\n    shown_by: Observed\n")
    assert str(error.value) == (
        "data/competencies.yml:2: 'competencies.0': missing value for 'signed_off_by'; add 'signed_off_by:' with its text"
    )


def test_a_site_without_staff_data_files_has_none(tmp_path):
    assert load_staff_data(tmp_path) == StaffData({}, ())


# The release check -----------------------------------------------------------------------------


def test_release_check_names_each_placeholder_with_file_and_line(tmp_path):
    assert [str(problem) for problem in placeholder_problems(staff_data(tmp_path).protocol)] == [RELEASE_MESSAGE]


def test_release_check_passes_when_every_value_is_set(tmp_path):
    set_values = PROTOCOL.replace("  placeholder: true\n", "  value: 30G\n")
    assert placeholder_problems(staff_data(tmp_path, set_values).protocol) == []


@pytest.mark.parametrize(("value", "release"), [("1", True), ("yes", True), ("0", False), ("", False)])
def test_release_switch(value, release):
    assert is_release({"RELEASE": value}) is release
    assert is_release({}) is False


def test_the_shipped_protocol_marks_every_unset_value_as_a_placeholder():
    protocol = load_staff_data(PROJECT / "data").protocol
    assert len(protocol) > 20
    assert protocol["needle_gauge"].is_placeholder
    assert protocol["adrenaline_dose"].is_placeholder  # never a dose written by the site


# Builds ----------------------------------------------------------------------------------------

TOKEN = "Zeta-Serum-7781"  # a set value no other file holds
STAFF_PAGE = PAGE.format(
    audience="staff",
    title="Protocol",
    body="Product: <!-- md:protocol product_name -->. Gauge: <!-- md:protocol needle_gauge -->.",
)


def protocol_site(tmp_path: Path, protocol: str) -> Path:
    files = {
        "docs/index.md": MINIMAL_PAGE,
        "docs/staff/protocol.md": STAFF_PAGE,
        "mkdocs.staff.yml": staff_config("staff/protocol.md"),
        "data/protocol.yml": protocol.replace("Brand X <serum>", TOKEN),
    }
    return make_site(tmp_path, files, config=PATIENT_NAV)


def signed(root: Path) -> Path:
    """The patient page of a temp site signed off under a test name, as a release build needs."""
    command = [
        sys.executable,
        "-m",
        "hooks.governance.signoff",
        "docs/index.md",
        "--reviewer",
        "Test Reviewer, test role",
    ]
    completed = subprocess.run(command, cwd=root, capture_output=True, text=True, env=mkdocs_env(), check=False)
    assert completed.returncode == 0, completed.stderr
    return root


@pytest.mark.slow
def test_staff_build_shows_placeholders_and_a_release_build_refuses_them(tmp_path):
    root = signed(protocol_site(tmp_path, PROTOCOL))
    staff = run_mkdocs(root, config="mkdocs.staff.yml", site_dir="staff")
    assert (staff.returncode, staff.messages) == (0, []), staff.output
    assert f"Product: {TOKEN}. Gauge: {PLACEHOLDER_HTML}." in staff.html("staff/protocol/")
    release = run_mkdocs(root, config="mkdocs.staff.yml", site_dir="release", env=mkdocs_env(RELEASE="1"))
    assert (release.returncode, release.messages) == (1, [RELEASE_MESSAGE, "Aborted with 1 warnings in strict mode!"])


@pytest.mark.slow
def test_release_build_passes_once_every_value_is_set(tmp_path):
    root = signed(protocol_site(tmp_path, PROTOCOL.replace("  placeholder: true\n", "  value: 30G\n")))
    release = run_mkdocs(root, config="mkdocs.staff.yml", site_dir="release", env=mkdocs_env(RELEASE="1"))
    assert (release.returncode, release.messages) == (0, []), release.output
    assert "To be set by the clinic" not in release.html("staff/protocol/")


@pytest.mark.slow
def test_no_protocol_value_reaches_the_patient_site_or_its_search(tmp_path):
    root = signed(protocol_site(tmp_path, PROTOCOL))
    # The patient site is not a staff reference: a release of it is not held up by a placeholder.
    public = run_mkdocs(root, env=mkdocs_env(RELEASE="1"))
    assert (public.returncode, public.messages) == (0, []), public.output
    leaked = [
        path.relative_to(public.site).as_posix()
        for path in public.site.rglob("*")
        if path.is_file() and any(word in path.read_bytes() for word in (TOKEN.encode(), b"To be set by the clinic"))
    ]
    assert leaked == []
    assert (public.site / "search" / "search_index.json").is_file()
    assert not (public.site / "assets" / "checklists.js").exists()


# The real builds -------------------------------------------------------------------------------


@pytest.mark.slow
def test_treatment_room_checklist_is_one_tagged_page_and_the_competency_form_is_tagged(staff_site):
    for name, most in [("treatment-room-checklist.pdf", 1), ("competency-record.pdf", 2)]:
        reader = pypdf.PdfReader(staff_site.site / "handouts" / name)
        catalog = reader.trailer["/Root"]
        assert len(reader.pages) <= most, name
        assert bool(catalog["/MarkInfo"]["/Marked"]), name
        assert "/StructTreeRoot" in catalog, name
        text = reader.pages[0].extract_text()
        assert "Staff only — not for patients." in text, name
    checklist = pypdf.PdfReader(staff_site.site / "handouts" / "treatment-room-checklist.pdf")
    assert checklist.metadata.title == "Treatment-room checklist"
    assert "When to get help" not in checklist.pages[0].extract_text()  # no patient care cards
    assert "To be set by the clinic" in checklist.pages[0].extract_text()
    # The patient list of handouts leaves the staff forms out.
    assert "treatment-room-checklist.pdf" not in staff_site.html("handouts/")


@pytest.mark.slow
def test_public_site_has_no_staff_form_no_placeholder_and_no_checklist_script(real_site):
    site = real_site.site
    assert not (site / "handouts" / "treatment-room-checklist.pdf").exists()
    assert not (site / "handouts" / "competency-record.pdf").exists()
    assert not (site / "assets" / "checklists.js").exists()
    pages = [path for path in site.rglob("*") if path.suffix in {".html", ".json", ".xml"}]
    assert [path.name for path in pages if "To be set by the clinic" in path.read_text(encoding="utf-8")] == []
