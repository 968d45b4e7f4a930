"""`make review`: what each page needs from a clinician, and what changed since its sign-off.

    python -m hooks.governance.review [--config mkdocs.yml]

Lists every page with its status (needs a sign-off, changed since its sign-off, review overdue by
today's date, or signed), the open questions of CONTENT_DECISIONS.md that touch it, and for a
changed page a diff of its Markdown and each figure or table as signed and as it is now. Exits 1
when the open questions name a page that does not exist, 2 when the project cannot be read.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from hooks.checks.review import review_date
from hooks.core.problems import ProblemError
from hooks.core.yamlfile import read_text
from hooks.governance.pages import read_site
from hooks.governance.questions import Question, open_questions
from hooks.governance.status import CHANGED, changes_report, long_date, page_status, shown_by
from hooks.pages.model import Page
from hooks.project.model import Project

DECISIONS = "CONTENT_DECISIONS.md"


def review_report(project: Project, pages: Sequence[Page], today: datetime.date) -> tuple[list[str], int]:
    """The lines `make review` prints, and how many problems the open questions have."""
    decisions = project.root / DECISIONS
    questions: list[Question] = []
    problems = []
    if decisions.is_file():
        questions, problems = open_questions(
            read_text(decisions, DECISIONS), path=DECISIONS, pages={page.path for page in pages}
        )
    lines = [str(problem) for problem in problems]
    counts = {"need a sign-off": 0, "changed": 0, "overdue": 0, "signed": 0}
    for page in pages:
        signoff = project.signoffs.get(page.path)
        shown = shown_by(page.content, page.placements)
        status = page_status(signoff, shown, words=project.data.interface)
        if signoff is None:
            counts["need a sign-off"] += 1
            lines.append(f"{page.path}: needs a sign-off: not yet reviewed by a clinician")
        else:
            by = f"{long_date(signoff.date)} by {signoff.by}"
            if status.state == CHANGED:
                counts["changed"] += 1
                lines.append(f"{page.path}: needs a new review: changed since its sign-off on {by}")
            if signoff.next_review < today:
                counts["overdue"] += 1
                lines.append(f"{page.path}: needs a new review: review overdue since {long_date(signoff.next_review)}")
            if status.state != CHANGED and signoff.next_review >= today:
                counts["signed"] += 1
                lines.append(f"{page.path}: signed off on {by}; next review due {long_date(signoff.next_review)}")
            if status.state == CHANGED:
                lines += ["    " + line for line in changes_report(signoff.shown, shown, path=page.path)]
        for question in questions:
            if page.path in question.pages:
                lines.append(f"    open question ({DECISIONS}:{question.line}): {question.title}")
    lines.append(f"{len(pages)} pages: " + ", ".join(f"{count} {what}" for what, count in counts.items()))
    return lines, len(problems)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.governance.review", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="the configuration (default: mkdocs.yml)"
    )
    arguments = parser.parse_args(argv)
    today = review_date(os.environ, datetime.date.today())
    try:
        project, pages = read_site(arguments.config, today)
    except ProblemError as error:
        print(error, file=sys.stderr)
        return 2
    lines, problems = review_report(project, pages, today)
    print("\n".join(lines))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
