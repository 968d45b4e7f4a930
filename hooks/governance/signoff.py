"""`make sign-off`: record a clinician's review of one page in data/signoffs.yml.

    python -m hooks.governance.signoff docs/aftercare.md --reviewer "Name, role" [--next-review YYYY-MM-DD]

Run it only once the clinician named has reviewed the page as it is now. The record holds the
page's Markdown and the text of every fact, table, care card, reference and included file it
shows, with their fingerprint: the page says "Page last reviewed" only while it shows exactly that.
A page with a problem of its own (a marker that does not place, a content check that fails) is
not signed. The review date is today's; the next review is due `review.max_years` later
(data/quality.yml) unless an earlier date is given.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Sequence
from pathlib import Path

from hooks.checks.content import check_page_content
from hooks.core.problems import suggest
from hooks.governance.pages import read_site
from hooks.governance.records import SignOff, add_years, run_refusable, write_signoff
from hooks.governance.status import long_date, shown_by
from hooks.project.model import DATA

EXAMPLE = 'REVIEWER="Dr Jane Smith, Consultant dermatologist"'


def sign_off(
    config_path: Path, page_path: str, reviewer: str, *, today: datetime.date, next_review: datetime.date | None
) -> list[str]:
    """Sign one page off; the reasons it was refused, or an empty list once its record is written."""
    name, _, role = (part.strip() for part in reviewer.partition(","))
    if not name or not role or reviewer.strip() == "Name, role":
        return [f"REVIEWER={reviewer!r}: give the clinician's name and role, e.g. {EXAMPLE}"]
    project, pages = read_site(config_path, today)
    page = next((page for page in pages if page.path == page_path), None)
    if page is None:
        return [f"{page_path}: no such page{suggest(page_path, [page.path for page in pages])}"]
    problems = page.problems + check_page_content(project, page).warnings
    if problems:
        return [*map(str, problems), f"{page_path}: not signed: fix the {len(problems)} problems above first"]
    latest = add_years(today, project.quality.max_review_years)
    due = next_review or latest
    if not today < due <= latest:
        return [f"next review {due}: give a date after today and on or before {latest}"]
    signoff = SignOff(page.path, name, role, today, due, shown_by(page.content, page.placements))
    write_signoff(project.root / DATA, signoff)
    return []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.governance.signoff", description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="the page, as editors name it: docs/aftercare.md")
    parser.add_argument("--reviewer", required=True, help='the clinician who reviewed it: "Name, role"')
    parser.add_argument("--next-review", type=datetime.date.fromisoformat, help="YYYY-MM-DD, if sooner than the cycle")
    parser.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="the configuration (default: mkdocs.yml)"
    )
    arguments = parser.parse_args(argv)
    today = datetime.date.today()
    return run_refusable(
        lambda: sign_off(
            arguments.config, arguments.page, arguments.reviewer, today=today, next_review=arguments.next_review
        ),
        lambda: f"{arguments.page}: signed off by {arguments.reviewer.strip()} on {long_date(today)}",
    )


if __name__ == "__main__":
    sys.exit(main())
