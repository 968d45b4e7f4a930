"""Sign-offs in whole builds of a small site: each status a page shows and each transition (sign,
edit the text, edit a figure, undo the edit, overdue by today's date), `make release` failing and
passing, `make sign-off` refusing, and `make review`. Every sign-off here is a test name's."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL_DATA, MINIMAL_PAGE, PROJECT, make_site, mkdocs_env, run_mkdocs

from hooks.governance.records import add_years

REVIEWER = "Test Reviewer, test role"
TODAY = datetime.date.today()  # sign-offs are dated today, whatever SOURCE_DATE_EPOCH says
# These tests judge reviews against today too, not the fixed REVIEW_DATE of the other tests.
TODAY_ENV = {"REVIEW_DATE": ""}
VENV = Path(sys.executable).parent.parent
UNSIGNED_NOTE = (
    '<p class="admonition-title">Not yet reviewed by a clinician</p>\n'
    "      <p>The clinic&#39;s doctors have not yet checked this page, so ask your doctor before you act on it.</p>"
)
CHANGED_TITLE = '<p class="admonition-title">Changed since its last clinical review</p>'


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def signed_line(day: datetime.date = TODAY) -> str:
    due = (
        day.replace(year=day.year + 3)
        if not (day.month == 2 and day.day == 29)
        else day.replace(year=day.year + 3, day=28)
    )
    return (
        f'<p class="page-review">Page last reviewed: {long_date(day)} · Next review due: {long_date(due)}'
        " · Reviewed by: Test Reviewer, test role</p>"
    )


def run(root: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=root,
        capture_output=True,
        text=True,
        env=mkdocs_env(**TODAY_ENV),
        timeout=600,
    )


def sign(root: Path, page: str = "docs/index.md", reviewer: str = REVIEWER) -> subprocess.CompletedProcess:
    return run(root, "hooks.governance.signoff", page, "--reviewer", reviewer)


def make(root: Path, target: str) -> subprocess.CompletedProcess:
    """A target of the Makefile in the temp site, with this machine's virtual environment."""
    shutil.copy2(PROJECT / "Makefile", root / "Makefile")
    return subprocess.run(
        ["make", "--no-print-directory", target, f"VENV={VENV}", "-o", f"{VENV}/bin/mkdocs", "-o", "system-build"],
        cwd=root,
        capture_output=True,
        text=True,
        env=mkdocs_env(HANDOUTS="0", **TODAY_ENV),
        timeout=600,
    )


def release_fails_with(root: Path, message: str) -> None:
    result = make(root, "release")
    assert result.returncode != 0
    assert f"WARNING -  {message}" in result.stderr.splitlines()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {"docs/index.md": MINIMAL_PAGE})


def test_sign_edit_text_edit_figure_undo_each_show_their_status(site):
    unsigned = run_mkdocs(site)
    assert unsigned.returncode == 0, unsigned.output
    assert UNSIGNED_NOTE in unsigned.html()
    assert "Page last reviewed" not in unsigned.html()

    signed = sign(site)
    assert (signed.returncode, signed.stdout, signed.stderr) == (
        0,
        f"docs/index.md: signed off by {REVIEWER} on {long_date(TODAY)}\n",
        "",
    )
    record = yaml.safe_load((site / "data" / "signoffs.yml").read_text(encoding="utf-8"))["docs/index.md"]
    assert (record["reviewer"], record["role"], record["date"]) == ("Test Reviewer", "test role", TODAY)
    assert record["text"] == MINIMAL_PAGE
    assert record["shown"]["fact course_sessions"] == "3 to 6 sessions"
    result = run_mkdocs(site)
    assert result.messages == []
    assert signed_line() in result.html()
    assert "admonition-title" not in result.html()

    (site / "docs" / "index.md").write_text(MINIMAL_PAGE.replace("You need", "Most people need"), encoding="utf-8")
    edited = run_mkdocs(site).html()
    assert CHANGED_TITLE in edited
    assert (
        f"<p>A clinician last checked this page on {long_date(TODAY)}, but it has changed since, "
        "so ask your doctor before you act on it.</p>"
    ) in edited
    assert "Page last reviewed" not in edited

    (site / "docs" / "index.md").write_text(MINIMAL_PAGE, encoding="utf-8")
    assert signed_line() in run_mkdocs(site).html()

    facts = site / "data" / "facts.yml"
    facts.write_text(MINIMAL_DATA["data/facts.yml"].replace("3 to 6", "4 to 8"), encoding="utf-8")
    assert CHANGED_TITLE in run_mkdocs(site).html()

    facts.write_text(MINIMAL_DATA["data/facts.yml"], encoding="utf-8")
    back = run_mkdocs(site)
    assert signed_line() in back.html()
    assert "admonition-title" not in back.html()


def test_release_fails_naming_each_page_until_every_patient_page_is_signed_and_current(site):
    (site / "docs" / "wash.md").write_text(MINIMAL_PAGE.replace("# Demo", "# Wash"), encoding="utf-8")
    (site / "docs" / "index.md").write_text(MINIMAL_PAGE + "\n[Wash](wash.md)\n", encoding="utf-8")
    settings = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["nav"] = ["index.md", "wash.md"]
    (site / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    assert run_mkdocs(site).returncode == 0  # a preview build only shows the statuses

    unsigned = make(site, "release")
    assert unsigned.returncode != 0
    assert [line.split("-  ", 1)[1] for line in unsigned.stderr.splitlines() if line.startswith("WARNING")] == [
        'docs/index.md:1: not signed off by a clinician; have a clinician review it, then: make sign-off PAGE=docs/index.md REVIEWER="Name, role"',
        'docs/wash.md:1: not signed off by a clinician; have a clinician review it, then: make sign-off PAGE=docs/wash.md REVIEWER="Name, role"',
    ]

    assert sign(site).returncode == 0
    assert sign(site, "docs/wash.md").returncode == 0
    released = make(site, "release")
    assert released.returncode == 0, released.stderr
    assert "WARNING" not in released.stderr
    assert signed_line() in (site / "site" / "wash" / "index.html").read_text(encoding="utf-8")

    facts = site / "data" / "facts.yml"
    facts.write_text(MINIMAL_DATA["data/facts.yml"].replace("3 to 6", "4 to 8"), encoding="utf-8")
    release_fails_with(
        site,
        f"docs/wash.md:1: changed since its sign-off on {long_date(TODAY)} (fact course_sessions, table demo); "
        "have it reviewed again: make review",
    )


def test_a_review_overdue_by_todays_date_fails_release_whatever_the_commit_date(site):
    assert sign(site).returncode == 0
    signoffs = site / "data" / "signoffs.yml"
    reviewed, due = TODAY - datetime.timedelta(days=400), TODAY - datetime.timedelta(days=1)
    text = signoffs.read_text(encoding="utf-8")
    text = text.replace(f"date: {TODAY}", f"date: {reviewed}").replace(
        f"next_review: {add_years(TODAY, 3)}", f"next_review: {due}"
    )
    signoffs.write_text(text, encoding="utf-8")
    # The build date of the tests (SOURCE_DATE_EPOCH) is 24 November 2026; the review is judged today.
    release_fails_with(
        site,
        f"docs/index.md:1: review overdue since {long_date(due)}; have a clinician review it again, "
        'then: make sign-off PAGE=docs/index.md REVIEWER="Name, role"',
    )
    assert run_mkdocs(site).returncode == 0  # still shown, with its dates, in a preview build


def test_a_broken_record_is_a_problem_at_its_line(site):
    assert sign(site).returncode == 0
    signoffs = site / "data" / "signoffs.yml"
    text = signoffs.read_text(encoding="utf-8")
    signoffs.write_text(text.replace("3 to 6 sessions", "3 to 9 sessions"), encoding="utf-8")
    result = run_mkdocs(site)
    assert result.returncode == 1
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row == "docs/index.md:")
    assert (
        f"data/signoffs.yml:{line}: the record of 'docs/index.md' does not match its fingerprint (edited by hand?); "
        'have the page reviewed and signed again: make sign-off PAGE=docs/index.md REVIEWER="Name, role"'
    ) in result.output
    assert "Traceback" not in result.output


def test_sign_off_refuses_a_page_with_problems_a_missing_role_or_page(site):
    broken = MINIMAL_PAGE.replace("<!-- md:table demo -->", "<!-- md:table dmeo -->")
    (site / "docs" / "index.md").write_text(broken, encoding="utf-8")
    refused = sign(site)
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "docs/index.md:11: unknown table 'dmeo'; did you mean 'demo'?",
        "docs/index.md: not signed: fix the 1 problems above first",
    ]
    assert sign(site, reviewer="Test Reviewer").stderr == (
        "REVIEWER='Test Reviewer': give the clinician's name and role, e.g. "
        'REVIEWER="Dr Jane Smith, Consultant dermatologist"\n'
    )
    assert sign(site, page="docs/indx.md").stderr == "docs/indx.md: no such page; did you mean 'docs/index.md'?\n"
    assert "docs/index.md" not in (site / "data" / "signoffs.yml").read_text(encoding="utf-8")


def test_review_lists_what_each_page_needs_what_changed_and_its_open_questions(site):
    (site / "docs" / "wash.md").write_text(MINIMAL_PAGE.replace("# Demo", "# Wash"), encoding="utf-8")
    (site / "CONTENT_DECISIONS.md").write_text(
        "# Decisions\n\n## Open questions\n\n### How many sessions?\n\nPages: docs/index.md\n\n## Other\n",
        encoding="utf-8",
    )
    assert sign(site).returncode == 0
    (site / "docs" / "index.md").write_text(MINIMAL_PAGE.replace("You need", "Most people need"), encoding="utf-8")
    facts = site / "data" / "facts.yml"
    facts.write_text(MINIMAL_DATA["data/facts.yml"].replace("3 to 6", "4 to 8"), encoding="utf-8")
    review = make(site, "review")
    assert review.returncode == 0, review.stderr
    assert review.stdout.splitlines()[1:] == [
        f"docs/index.md: needs a new review: changed since its sign-off on {long_date(TODAY)} by {REVIEWER}",
        "    --- docs/index.md (as signed)",
        "    +++ docs/index.md (now)",
        "    @@ -6,6 +6,6 @@",
        "     ---",
        "     # Demo",
        "     ",
        "    -You need <!-- md:fact course_sessions -->.",
        "    +Most people need <!-- md:fact course_sessions -->.",
        "     ",
        "     <!-- md:table demo -->",
        "    <!-- md:fact course_sessions -->",
        "      signed: 3 to 6 sessions",
        "      now:    4 to 8 sessions",
        "    <!-- md:table demo -->",
        "      --- signed",
        "      +++ now",
        "      @@ -3 +3 @@",
        "      -Sessions | 3 to 6 sessions",
        "      +Sessions | 4 to 8 sessions",
        "    open question (CONTENT_DECISIONS.md:5): How many sessions?",
        "docs/wash.md: needs a sign-off: not yet reviewed by a clinician",
        "2 pages: 1 need a sign-off, 1 changed, 0 overdue, 0 signed",
    ]
