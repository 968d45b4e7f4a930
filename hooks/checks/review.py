"""Clinical review metadata: who reviewed each page, when, and when it is due again.

Every page carries `audience`, `reviewed`, `next_review` and `reviewer` in its front matter (the NHS
standard for creating health content: clinical approval and a planned review cycle). A build is
dated from the last commit (SOURCE_DATE_EPOCH) so its output is reproducible, but a review is
overdue against the real calendar: "overdue" is judged against today (or REVIEW_DATE), never the
commit date, so an old commit built today still reports the reviews due since. Only a warning
depends on today, so two successful builds of one commit stay byte-identical. No MkDocs import here.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from hooks.core.frontmatter import key_lines
from hooks.core.problems import Problem, suggest

AUDIENCES = ("patient", "staff")
REQUIRED_KEYS = {
    "audience": "'audience: patient' or 'audience: staff'",
    "reviewed": "'reviewed: YYYY-MM-DD', the date of the last clinical review",
    "next_review": "'next_review: YYYY-MM-DD', at most {years} years after 'reviewed'",
    "reviewer": "'reviewer:' with the role of the clinician who approved the page, e.g. Consultant dermatologist",
}


class BuildDateError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a number of seconds, or REVIEW_DATE is not a date."""


def build_date(environ: Mapping[str, str], today: datetime.date) -> datetime.date:
    """The date the site is built for: SOURCE_DATE_EPOCH (UTC) when set, else `today`."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return today
    try:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise BuildDateError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970; unset it or set it to e.g. $(git log -1 --format=%ct)"
        ) from None


def review_date(environ: Mapping[str, str], today: datetime.date) -> datetime.date:
    """The date review dates are judged against: REVIEW_DATE (YYYY-MM-DD) when set, else `today`.

    Never the commit date of SOURCE_DATE_EPOCH, which is checked here all the same, so that a
    broken value is told in words before MkDocs reads it.
    """
    build_date(environ, today)
    written = environ.get("REVIEW_DATE", "").strip()
    if not written:
        return today
    try:
        return datetime.date.fromisoformat(written)
    except ValueError:
        raise BuildDateError(f"REVIEW_DATE={written!r} is not a date; unset it or write it as YYYY-MM-DD") from None


def check_review(
    meta: Mapping[str, Any], content: str, *, path: str, today: datetime.date, max_years: int
) -> list[Problem]:
    """Every problem with a page's review metadata, each at the line of its front matter key."""
    written = key_lines(content)
    lines, closing = written.keys, written.closing
    problems: list[Problem] = []
    for key, example in REQUIRED_KEYS.items():
        if meta.get(key) in (None, ""):
            where = lines.get(key, closing)
            what = "is empty" if key in lines else "is missing"
            how = "add" if closing > 1 else "add front matter between two '---' lines at the top, with"
            problems.append(
                Problem(path, where, f"front matter: '{key}' {what}; {how} {example.format(years=max_years)}")
            )
    audience = meta.get("audience")
    if audience not in (None, "") and audience not in AUDIENCES:
        problems.append(
            Problem(
                path,
                lines.get("audience", closing),
                f"front matter: audience '{audience}' is not known{suggest(str(audience), AUDIENCES)}",
            )
        )
    dates = {}
    for key in ("reviewed", "next_review"):
        value = meta.get(key)
        if value in (None, ""):
            continue
        if isinstance(value, datetime.datetime):
            value = value.date()
        if not isinstance(value, datetime.date):
            problems.append(
                Problem(
                    path,
                    lines.get(key, closing),
                    f"front matter: '{key}' is {value!r}, not a date; write it as YYYY-MM-DD",
                )
            )
            continue
        dates[key] = value
    reviewed, next_review = dates.get("reviewed"), dates.get("next_review")
    if next_review is not None and next_review < today:
        problems.append(
            Problem(
                path,
                lines.get("next_review", closing),
                f"review overdue: 'next_review' is {next_review.isoformat()}, before today ({today.isoformat()}); "
                "have a clinician review the page, then update 'reviewed' and 'next_review'",
            )
        )
    if reviewed is not None and next_review is not None:
        latest = add_years(reviewed, max_years)
        if next_review <= reviewed:
            problems.append(
                Problem(
                    path,
                    lines.get("next_review", closing),
                    f"'next_review' ({next_review.isoformat()}) is not after 'reviewed' ({reviewed.isoformat()}); set the date the next review is due",
                )
            )
        elif next_review > latest:
            problems.append(
                Problem(
                    path,
                    lines.get("next_review", closing),
                    f"'next_review' ({next_review.isoformat()}) is more than {max_years} years after 'reviewed' ({reviewed.isoformat()}); set it on or before {latest.isoformat()}",
                )
            )
    return sorted(problems, key=lambda p: p.line)


def shown_review_dates(meta: Mapping[str, Any]) -> bool:
    """Whether the page footer can show "Page last reviewed … · Next review due …": both are dates."""
    return all(isinstance(meta.get(key), datetime.date) for key in ("reviewed", "next_review"))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
