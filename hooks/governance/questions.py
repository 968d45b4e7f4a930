"""The open questions of CONTENT_DECISIONS.md and the pages each touches. No MkDocs import here.

The convention: under the heading `## Open questions`, each `### heading` is one question, and a
line `Pages: docs/a.md, docs/b.md` under it names the pages it touches.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from hooks.core.problems import Problem, suggest

SECTION = "## Open questions"
PAGES = re.compile(r"^Pages:\s*(?P<pages>.*)$")


@dataclass(frozen=True)
class Question:
    title: str
    line: int
    pages: tuple[str, ...]


def open_questions(text: str, *, path: str, pages: Collection[str]) -> tuple[list[Question], list[Problem]]:
    """The questions of the section, and a problem for each one without pages or naming no page of
    `pages` (docs/x.md)."""
    questions: list[Question] = []
    problems: list[Problem] = []
    inside = False
    title, start, named = "", 0, []
    for number, line in enumerate([*text.splitlines(), "## end"], start=1):
        if line.startswith(("## ", "### ")) and title:
            if not named:
                problems.append(
                    Problem(path, start, f"open question '{title}' names no page; add a line 'Pages: docs/x.md'")
                )
            questions.append(Question(title, start, tuple(named)))
            title = ""
        if line.startswith("## "):
            inside = line.strip() == SECTION
        elif inside and line.startswith("### "):
            title, start, named = line[4:].strip(), number, []
        elif inside and title and (match := PAGES.match(line)):
            for page in filter(None, (name.strip() for name in match["pages"].split(","))):
                if page in pages:
                    named.append(page)
                else:
                    problems.append(Problem(path, number, f"'{page}' is no page of the site{suggest(page, pages)}"))
    return questions, problems
