"""The one kind of problem every check reports, and the one did-you-mean they all use.

A problem names the file and line an editor changes, then says what is wrong and what to do:
`docs/aftercare.md:14: unknown fact 'no_wsh'; did you mean 'no_wash'?`. No MkDocs import here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing a content editor must fix, printed compiler-style."""

    path: str
    line: int
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}" if self.column else f"{self.line}"
        return f"{self.path}:{where}: {self.message}"


class ProblemError(Exception):
    """Input the build cannot go on with (a broken data file, a missing schema); str() is one
    compiler-style line per problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Source:
    """A file a problem may be placed in: its path as an editor names it, and its text."""

    path: str
    text: str


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelt word, if one is close enough.

    A choice equal to the word is the only one that scores 1.0, so it is the answer without
    scoring the others (a broken link's suggestions may weigh every page of the site)."""
    choices = list(choices)
    if word in choices:
        return word
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for a close match, else the list of valid choices."""
    choices = sorted(choices)
    close = closest(word, choices)
    if close is not None:
        return f"; did you mean '{close}'?"
    if not choices:
        return ""
    return "; use one of: " + ", ".join(choices)


def display_path(path: Path, project: Path) -> str:
    """A path as an editor names it, from the project folder: docs/procedure.md, data/tables/comparison.yml."""
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def line_at(text: str, offset: int) -> int:
    """The 1-based line of the character at `offset`."""
    return text.count("\n", 0, offset) + 1
