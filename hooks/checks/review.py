"""The audience of each page, and the date a build judges review dates against.

Every page says in its front matter who it is for: `audience: patient` or `audience: staff`. Who
reviewed a page and when is not written in its front matter: a clinician's sign-off is a record of
`data/signoffs.yml` (hooks/governance). A build is dated
from the last commit (SOURCE_DATE_EPOCH) so its output is reproducible, but reviews are judged
against today (or REVIEW_DATE), never the commit date. No MkDocs import here.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from hooks.core.frontmatter import key_lines
from hooks.core.problems import Problem, suggest

AUDIENCES = ("patient", "staff")
# Front matter keys that once claimed a review nobody recorded: a review is a sign-off now.
INVENTED_REVIEW = ("reviewed", "next_review", "reviewer")


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


def check_review(meta: Mapping[str, Any], content: str, *, path: str) -> list[Problem]:
    """Every problem with a page's audience, and any review written in its front matter, at the line
    of its key."""
    written = key_lines(content)
    lines, closing = written.keys, written.closing
    problems = [
        Problem(
            path,
            lines.get(key, closing),
            f"front matter: '{key}' is not how a review is recorded; remove it: a clinician's review is a sign-off (make sign-off)",
        )
        for key in INVENTED_REVIEW
        if key in meta
    ]
    audience = meta.get("audience")
    if audience in (None, ""):
        what = "is empty" if "audience" in lines else "is missing"
        how = "add" if closing > 1 else "add front matter between two '---' lines at the top, with"
        example = "'audience: patient' or 'audience: staff'"
        problems.append(
            Problem(path, lines.get("audience", closing), f"front matter: 'audience' {what}; {how} {example}")
        )
    elif audience not in AUDIENCES:
        problems.append(
            Problem(
                path,
                lines.get("audience", closing),
                f"front matter: audience '{audience}' is not known{suggest(str(audience), AUDIENCES)}",
            )
        )
    return sorted(problems, key=lambda problem: problem.line)
