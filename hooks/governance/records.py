"""The sign-off records of `data/signoffs.yml`: read, checked and written. No MkDocs import here.

A record holds who reviewed a page (name and role), when, when the next review is due, and what
the page showed when it was signed: its Markdown (`text`) and the text each of its markers placed
(`shown`). The fingerprint is a SHA-256 of those two, so a record edited by hand is caught, and
`make review` can show, line by line and figure by figure, what changed since.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hooks.core.problems import Problem, ProblemError
from hooks.core.yamlfile import load_document, load_schema, read_text

SIGNOFFS = "signoffs.yml"
SIGN_OFF_COMMAND = 'make sign-off PAGE={page} REVIEWER="Name, role"'


@dataclass(frozen=True)
class Shown:
    """What a page shows: its Markdown, and the text each marker placed ('fact KEY' -> text)."""

    text: str
    placed: Mapping[str, str]

    @property
    def fingerprint(self) -> str:
        canonical = json.dumps({"text": self.text, "shown": dict(self.placed)}, sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SignOff:
    """One clinician's sign-off of one page."""

    page: str  # docs/aftercare.md
    reviewer: str
    role: str
    date: datetime.date
    next_review: datetime.date
    shown: Shown
    line: int = 1  # of its record in data/signoffs.yml

    @property
    def by(self) -> str:
        return f"{self.reviewer}, {self.role}"


def load_signoffs(data_dir: Path, *, project_root: Path, max_years: int) -> dict[str, SignOff]:
    """Every record of `data/signoffs.yml` by page; ProblemError lists every broken one with its line."""
    display = f"data/{SIGNOFFS}"
    if not (data_dir / SIGNOFFS).is_file():
        raise ProblemError([Problem(display, 1, "missing file; create it with its schema line, no record in it")])
    document = load_document(data_dir / SIGNOFFS, display, load_schema(data_dir / "schemas" / "signoffs.schema.json"))
    records: dict[str, SignOff] = {}
    problems: list[Problem] = []
    for page, value in (document.value or {}).items():
        line = document.line_of([page])
        dates = {}
        for key in ("date", "next_review"):
            if isinstance(value[key], datetime.date):
                dates[key] = value[key]
            else:
                where = document.line_of([page, key])
                problems.append(
                    Problem(display, where, f"'{key}' is {value[key]!r}, not a date; write it as YYYY-MM-DD")
                )
        record_problems = [Problem(display, line, message) for message in record_rules(page, value, dates, max_years)]
        if not (project_root / page).is_file():
            record_problems.append(
                Problem(display, line, f"'{page}' is no page of the site; remove its record or restore the page")
            )
        problems += record_problems
        if len(dates) == 2 and not record_problems:
            shown = Shown(value["text"], value["shown"])
            records[page] = SignOff(
                page, value["reviewer"], value["role"], dates["date"], dates["next_review"], shown, line
            )
    if problems:
        raise ProblemError(sorted(problems, key=lambda problem: problem.line))
    return records


def record_rules(page: str, value: Mapping[str, Any], dates: Mapping[str, datetime.date], max_years: int) -> list[str]:
    """What is wrong with one record beyond its schema: the review cycle and the fingerprint."""
    found = []
    reviewed, next_review = dates.get("date"), dates.get("next_review")
    if reviewed is not None and next_review is not None:
        latest = add_years(reviewed, max_years)
        if next_review <= reviewed:
            found.append(
                f"'next_review' ({next_review}) is not after the review date ({reviewed}); sign the page again"
            )
        elif next_review > latest:
            found.append(
                f"'next_review' ({next_review}) is more than {max_years} years after the review date ({reviewed}); "
                f"set it on or before {latest}"
            )
    if Shown(value["text"], value["shown"]).fingerprint != value["fingerprint"]:
        found.append(
            f"the record of '{page}' does not match its fingerprint (edited by hand?); "
            f"have the page reviewed and signed again: {SIGN_OFF_COMMAND.format(page=page)}"
        )
    return found


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def write_signoff(data_dir: Path, signoff: SignOff) -> None:
    """Add or replace the record of one page in `data/signoffs.yml`, keeping its comment header."""
    path = data_dir / SIGNOFFS
    text = read_text(path, f"data/{SIGNOFFS}") if path.is_file() else ""
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    records = yaml.safe_load(text) or {}
    records[signoff.page] = {
        "reviewer": signoff.reviewer,
        "role": signoff.role,
        "date": signoff.date,
        "next_review": signoff.next_review,
        "fingerprint": signoff.shown.fingerprint,
        "text": signoff.shown.text,
        "shown": dict(signoff.shown.placed),
    }
    body = yaml.dump(dict(sorted(records.items())), Dumper=BlockDumper, sort_keys=False, allow_unicode=True, width=120)
    path.write_text("\n".join([*header, body]), encoding="utf-8")


class BlockDumper(yaml.SafeDumper):
    """Writes text of several lines as a `|` block, so a record reads like the page it holds."""


BlockDumper.add_representer(
    str,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None),
)


def run_refusable(work: Callable[[], list[str]], done: Callable[[], str]) -> int:
    """Run a command that records something (a sign-off, a translation) and may refuse: 0 when it
    did (printing `done()`), 1 with its reasons when it refused, 2 when the project has problems."""
    try:
        refused = work()
    except ProblemError as error:
        print(error, file=sys.stderr)
        return 2
    for reason in refused:
        print(reason, file=sys.stderr)
    if not refused:
        print(done())
    return 1 if refused else 0
