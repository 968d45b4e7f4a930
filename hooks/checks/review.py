"""The audience of each page, and the date a build judges review dates against.

Every page says in its front matter who it is for: `audience: patient` or `audience: staff`. Who
reviewed a page and when is not written in its front matter: a clinician's sign-off is a record of
`data/signoffs.yml` (hooks/governance). The build date comes from SOURCE_DATE_EPOCH when set, so a
build of the same commit gives the same result. No MkDocs import here.
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
    """SOURCE_DATE_EPOCH is set but is not a number of seconds."""


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
