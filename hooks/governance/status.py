"""The review status a page shows, from its sign-off and what it shows now. No MkDocs import here.

A page is signed only while it shows exactly what its clinician signed: the same Markdown and the
same text from every marker it places (a fact, a table, a care card, a reference, an included
file). The text a marker placed is compared, not the data file it came from, because that is what
the reader sees: a change to a fact the page does not place leaves it signed, while a change to a
table's template that alters what the page shows needs a new review.
"""

from __future__ import annotations

import datetime
import difflib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hooks.core.problems import Problem
from hooks.governance.records import SIGN_OFF_COMMAND, Shown, SignOff
from hooks.shortcodes.grammar import Placement

SIGNED, UNSIGNED, CHANGED = "signed", "unsigned", "changed"
TEXT = "the text"


@dataclass(frozen=True)
class ReviewStatus:
    """The one review status of a page: signed and unchanged, never signed, or changed since, in
    the reader's words (`words`: data/interface.yml, in the page's language)."""

    state: str
    signoff: SignOff | None = None
    changed: tuple[str, ...] = ()  # what differs from the sign-off: "the text", "fact course_sessions"
    staff: bool = False  # a staff page: its note speaks to staff
    words: Mapping[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str | None:
        """The heading of the note shown at the top of a page that is not signed as it is."""
        return {UNSIGNED: self.words.get("unsigned_title"), CHANGED: self.words.get("changed_title")}.get(self.state)

    @property
    def notice(self) -> str | None:
        """What the note means for the reader, in one sentence."""
        staff = "_staff" if self.staff else ""
        if self.state == UNSIGNED:
            return self.words[f"unsigned_notice{staff}"]
        if self.state == CHANGED and self.signoff is not None:
            return self.words[f"changed_notice{staff}"].replace("{date}", long_date(self.signoff.date, self.words))
        return None

    @property
    def line(self) -> str | None:
        """The NHS line at the bottom of a signed page."""
        if self.state != SIGNED or self.signoff is None:
            return None
        signoff = self.signoff
        return (
            self.words["review_line"]
            .replace("{date}", long_date(signoff.date, self.words))
            .replace("{next}", long_date(signoff.next_review, self.words))
            .replace("{by}", signoff.by)
        )


def shown_by(content: str, placements: Iterable[Placement]) -> Shown:
    """What a page shows: its file (front matter included) and the text each of its markers placed."""
    placed = {f"{placement.name} {placement.args.strip()}".strip(): placement.output for placement in placements}
    return Shown(content.replace("\r\n", "\n"), dict(sorted(placed.items())))


def page_status(
    signoff: SignOff | None, shown: Shown, *, words: Mapping[str, str], staff: bool = False
) -> ReviewStatus:
    """The status of a page showing `shown`, signed off by `signoff` (None: never); `staff` for a
    staff page; `words` the reader's words for it (data/interface.yml)."""
    if signoff is None:
        return ReviewStatus(UNSIGNED, staff=staff, words=words)
    if signoff.shown.fingerprint == shown.fingerprint:
        return ReviewStatus(SIGNED, signoff, staff=staff, words=words)
    return ReviewStatus(CHANGED, signoff, tuple(what_changed(signoff.shown, shown)), staff=staff, words=words)


def what_changed(before: Shown, now: Shown) -> list[str]:
    """The parts of a page that differ: "the text", then each marker whose text is not the same."""
    found = [TEXT] if before.text != now.text else []
    markers = sorted(set(before.placed) | set(now.placed))
    return found + [marker for marker in markers if before.placed.get(marker) != now.placed.get(marker)]


def release_problems(path: str, status: ReviewStatus, today: datetime.date) -> list[Problem]:
    """Why a patient page cannot be published today: not signed, changed since, or overdue."""
    sign_off = SIGN_OFF_COMMAND.format(page=path)
    if status.signoff is None:
        return [Problem(path, 1, f"not signed off by a clinician; have a clinician review it, then: {sign_off}")]
    signoff = status.signoff
    problems = []
    if status.state == CHANGED:
        what = ", ".join(status.changed)
        problems.append(
            Problem(
                path,
                1,
                f"changed since its sign-off on {long_date(signoff.date)} ({what}); have it reviewed again: make review",
            )
        )
    if signoff.next_review < today:
        problems.append(
            Problem(
                path,
                1,
                f"review overdue since {long_date(signoff.next_review)}; have a clinician review it again, then: {sign_off}",
            )
        )
    return problems


def changes_report(before: Shown, now: Shown, *, path: str) -> list[str]:
    """The lines `make review` prints for a changed page: a unified diff of its Markdown, then each
    marker whose text changed, as signed and as it is now (a table row by row)."""
    lines = []
    if before.text != now.text:
        lines += diff(before.text, now.text, f"{path} (as signed)", f"{path} (now)", context=3)
    for marker in what_changed(before, now):
        if marker == TEXT:
            continue
        old, new = readable(before.placed.get(marker)), readable(now.placed.get(marker))
        lines.append(f"<!-- md:{marker} -->")
        if len(old) <= 1 and len(new) <= 1:
            lines += [
                f"  signed: {' '.join(old) or '(not on the page)'}",
                f"  now:    {' '.join(new) or '(not on the page)'}",
            ]
        else:
            lines += ["  " + line for line in diff("\n".join(old), "\n".join(new), "signed", "now", context=0)]
    return lines


def diff(before: str, after: str, old_name: str, new_name: str, *, context: int) -> list[str]:
    return list(
        difflib.unified_diff(before.splitlines(), after.splitlines(), old_name, new_name, n=context, lineterm="")
    )


def readable(placed: str | None) -> list[str]:
    """What a marker placed, as a reader reads it: one line per table row, list item or paragraph,
    cells separated by ' | ', without markup."""
    if placed is None:
        return []
    text = re.sub(r"</t[hd]>\s*", " | ", placed)
    text = re.sub(r"</(tr|li|p|caption|h\d|div)>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return [" ".join(line.split()).strip(" |") for line in text.splitlines() if line.strip(" |\t")]


def long_date(day: datetime.date, words: Mapping[str, str] | None = None) -> str:
    """24 November 2026, in the month names of `words` (data/interface.yml) when given."""
    if words is None:
        return f"{day.day} {day:%B %Y}"
    return f"{day.day} {words['months'].split()[day.month - 1]} {day.year}"
