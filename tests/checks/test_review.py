"""Front matter of every page: its audience, and no review written there (a review is a sign-off,
tests/governance); the build date from SOURCE_DATE_EPOCH."""

import datetime

import pytest

from hooks.checks.review import BuildDateError, build_date, check_review, review_date
from hooks.core.frontmatter import read_front_matter

TODAY = datetime.date(2026, 11, 24)


def problems(front_matter: str | None) -> list[str]:
    content = f"---\n{front_matter}---\n# Page\n" if front_matter is not None else "# Page\n"
    meta, _ = read_front_matter(content)
    return [str(p) for p in check_review(meta, content, path="docs/a.md")]


GOOD = "title: A page\naudience: patient\n"


def test_an_audience_is_all_a_page_needs():
    assert problems(GOOD) == []


def test_missing_audience_is_reported_at_the_closing_line_of_the_front_matter():
    assert problems("title: A page\n") == [
        "docs/a.md:3: front matter: 'audience' is missing; add 'audience: patient' or 'audience: staff'"
    ]


def test_empty_audience_is_reported_at_its_own_line():
    assert problems("audience:\ntitle: A page\n") == [
        "docs/a.md:2: front matter: 'audience' is empty; add 'audience: patient' or 'audience: staff'"
    ]


def test_page_without_front_matter_is_told_how_to_add_it():
    assert problems(None) == [
        "docs/a.md:1: front matter: 'audience' is missing; add front matter between two '---' lines at the top, with 'audience: patient' or 'audience: staff'"
    ]


def test_unknown_audience_suggests_the_known_one():
    assert problems(GOOD.replace("audience: patient", "audience: patients")) == [
        "docs/a.md:3: front matter: audience 'patients' is not known; did you mean 'patient'?"
    ]


def test_a_review_written_in_front_matter_is_refused_at_its_line():
    front_matter = GOOD + "reviewed: 2026-11-24\nnext_review: 2027-11-24\nreviewer: Consultant dermatologist\n"
    assert problems(front_matter) == [
        f"docs/a.md:{line}: front matter: '{key}' is not how a review is recorded; remove it: a clinician's review is a sign-off (make sign-off)"
        for line, key in [(4, "reviewed"), (5, "next_review"), (6, "reviewer")]
    ]


def test_build_date_comes_from_source_date_epoch_in_utc():
    assert build_date({"SOURCE_DATE_EPOCH": "1795478400"}, TODAY.replace(year=2030)) == datetime.date(2026, 11, 24)
    assert build_date({"SOURCE_DATE_EPOCH": "1795564799"}, TODAY) == datetime.date(2026, 11, 24)
    assert build_date({}, TODAY) == TODAY
    assert build_date({"SOURCE_DATE_EPOCH": ""}, TODAY) == TODAY


def test_build_date_that_is_not_a_number_is_an_error_that_says_what_to_do():
    with pytest.raises(BuildDateError) as error:
        build_date({"SOURCE_DATE_EPOCH": "yesterday"}, TODAY)
    assert str(error.value) == (
        "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970; unset it or set it to e.g. $(git log -1 --format=%ct)"
    )


def test_reviews_are_judged_against_today_or_review_date_never_the_commit_date():
    commit = {"SOURCE_DATE_EPOCH": "1795478400"}  # 2026-11-24
    assert review_date(commit, datetime.date(2026, 12, 5)) == datetime.date(2026, 12, 5)
    assert review_date({**commit, "REVIEW_DATE": "2027-01-31"}, TODAY) == datetime.date(2027, 1, 31)
    with pytest.raises(BuildDateError) as error:
        review_date({"REVIEW_DATE": "31/01/2027"}, TODAY)
    assert str(error.value) == "REVIEW_DATE='31/01/2027' is not a date; unset it or write it as YYYY-MM-DD"
