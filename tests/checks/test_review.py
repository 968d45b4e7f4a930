"""Review metadata: audience, reviewer and review dates of every page, checked against the build date."""

import datetime

import pytest

from hooks.checks.review import (
    BuildDateError,
    add_years,
    build_date,
    check_review,
    review_date,
    shown_review_dates,
)
from hooks.core.frontmatter import read_front_matter

TODAY = datetime.date(2026, 11, 24)


def problems(front_matter: str) -> list[str]:
    content = f"---\n{front_matter}---\n# Page\n" if front_matter is not None else "# Page\n"
    meta, _ = read_front_matter(content)
    return [str(p) for p in check_review(meta, content, path="docs/a.md", today=TODAY, max_years=3)]


GOOD = "audience: patient\nreviewed: 2026-11-24\nnext_review: 2027-11-24\nreviewer: Consultant dermatologist\n"


def test_complete_metadata_passes():
    assert problems(GOOD) == []


def test_missing_key_is_reported_at_the_closing_line_of_the_front_matter():
    assert problems(GOOD.replace("reviewer: Consultant dermatologist\n", "")) == [
        "docs/a.md:5: front matter: 'reviewer' is missing; add 'reviewer:' with the role of the clinician who approved the page, e.g. Consultant dermatologist"
    ]


def test_empty_key_is_reported_at_its_own_line():
    assert problems(GOOD.replace("reviewer: Consultant dermatologist", "reviewer:")) == [
        "docs/a.md:5: front matter: 'reviewer' is empty; add 'reviewer:' with the role of the clinician who approved the page, e.g. Consultant dermatologist"
    ]


def test_page_without_front_matter_is_told_how_to_add_it():
    assert problems(None)[0] == (
        "docs/a.md:1: front matter: 'audience' is missing; add front matter between two '---' lines at the top, with 'audience: patient' or 'audience: staff'"
    )
    assert len(problems(None)) == 4


def test_unknown_audience_suggests_the_known_one():
    assert problems(GOOD.replace("audience: patient", "audience: patients")) == [
        "docs/a.md:2: front matter: audience 'patients' is not known; did you mean 'patient'?"
    ]


def test_date_that_is_not_a_date():
    assert problems(GOOD.replace("reviewed: 2026-11-24", "reviewed: 24 November 2026")) == [
        "docs/a.md:3: front matter: 'reviewed' is '24 November 2026', not a date; write it as YYYY-MM-DD"
    ]


def test_next_review_before_the_build_date_is_overdue():
    front_matter = GOOD.replace("reviewed: 2026-11-24", "reviewed: 2024-01-10").replace(
        "next_review: 2027-11-24", "next_review: 2026-11-23"
    )
    assert problems(front_matter) == [
        "docs/a.md:4: review overdue: 'next_review' is 2026-11-23, before today (2026-11-24); have a clinician review the page, then update 'reviewed' and 'next_review'"
    ]


def test_next_review_on_the_build_date_is_not_overdue():
    front_matter = GOOD.replace("reviewed: 2026-11-24", "reviewed: 2025-11-24").replace(
        "next_review: 2027-11-24", "next_review: 2026-11-24"
    )
    assert problems(front_matter) == []


def test_next_review_more_than_three_years_after_reviewed():
    assert problems(GOOD.replace("next_review: 2027-11-24", "next_review: 2029-11-25")) == [
        "docs/a.md:4: 'next_review' (2029-11-25) is more than 3 years after 'reviewed' (2026-11-24); set it on or before 2029-11-24"
    ]
    assert problems(GOOD.replace("next_review: 2027-11-24", "next_review: 2029-11-24")) == []


def test_next_review_not_after_reviewed():
    front_matter = GOOD.replace("reviewed: 2026-11-24", "reviewed: 2027-12-01")
    assert problems(front_matter) == [
        "docs/a.md:4: 'next_review' (2027-11-24) is not after 'reviewed' (2027-12-01); set the date the next review is due"
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


def test_leap_day_plus_three_years_is_the_28th():
    assert add_years(datetime.date(2028, 2, 29), 3) == datetime.date(2031, 2, 28)


def test_footer_shows_dates_only_when_both_are_dates():
    assert shown_review_dates({"reviewed": TODAY, "next_review": TODAY})
    assert not shown_review_dates({"reviewed": TODAY})
    assert not shown_review_dates({"reviewed": "soon", "next_review": TODAY})


def test_reviews_are_judged_against_today_or_review_date_never_the_commit_date():
    commit = {"SOURCE_DATE_EPOCH": "1795478400"}  # 2026-11-24
    assert review_date(commit, datetime.date(2026, 12, 5)) == datetime.date(2026, 12, 5)
    assert review_date({**commit, "REVIEW_DATE": "2027-01-31"}, TODAY) == datetime.date(2027, 1, 31)
    with pytest.raises(BuildDateError) as error:
        review_date({"REVIEW_DATE": "31/01/2027"}, TODAY)
    assert str(error.value) == "REVIEW_DATE='31/01/2027' is not a date; unset it or write it as YYYY-MM-DD"
