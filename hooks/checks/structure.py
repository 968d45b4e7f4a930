"""What every patient page must have: a "Key points" box at the top, "When to get help" cards where
they are needed, and an evidence page that cites its sources and states the regulatory position.

Checks read the page as written (markers and all), so each problem has the line an editor sees.
No MkDocs import here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from hooks.core.markdown import ADMONITION
from hooks.core.problems import Problem
from hooks.core.yamlfile import Document
from hooks.pages.text import Segment
from hooks.project.quality import EvidenceSettings, KeyPointsSettings
from hooks.project.sitedata import CARE_CARD_KINDS

BULLET = re.compile(r"^ {4}(?:[-*+]|\d+[.)])[ \t]+\S")
TITLE = re.compile(r"^#[ \t]+\S")
# What a link looks like in a care card text: Markdown or HTML links, addresses.
LINK = re.compile(r"\]\(|<a[\s>]|https?://|www\.|mailto:|tel:", re.I)
# A marker of a care card text, by name and first word: `clinic emergency-number`.
CARD_MARKER = re.compile(r"<!--\s*md:(?P<name>[\w-]*)\s*(?P<word>[^\s\"]*)")
# The markers each part of the emergency card may hold: a fact places a figure, the clinic's details
# show as plain text in a heading, and the last line gives the way to emergency care, nothing else.
EMERGENCY_NUMBER = "clinic emergency-number"
EMERGENCY_MARKERS = {
    "prefix": ("fact",),
    "heading": ("fact", "clinic"),
    "items": ("fact",),
    "action": ("fact", EMERGENCY_NUMBER, "clinic emergency-place"),
}
NO_LINK = "a link in the emergency card; remove it: an emergency card has no link but the way to emergency care (the card ends with the emergency number)"


def check_key_points(lines: list[str], *, path: str, first_line: int, settings: KeyPointsSettings) -> list[Problem]:
    """A patient page opens, right under its title, with `!!! abstract "Key points"` of 3 to 5 bullets.

    `lines` are the lines of the page body with its code blanked out (the page model's).
    """
    wanted = f'!!! abstract "{settings.title}"'
    filled = [index for index, line in enumerate(lines) if line.strip()]
    if filled and TITLE.match(lines[filled[0]]):
        filled = filled[1:]
    top = filled[0] if filled else 0
    boxes = [
        index
        for index, line in enumerate(lines)
        if (match := ADMONITION.match(line)) and (match["title"] or "").strip().lower() == settings.title.lower()
    ]
    if not boxes:
        return [
            Problem(
                path,
                first_line + top,
                f'no "{settings.title}" box at the top of this patient page; add {wanted} right under the title, with {settings.min_bullets} to {settings.max_bullets} bullets',
            )
        ]
    box = boxes[0]
    problems = []
    if box != top:
        problems.append(
            Problem(
                path, first_line + box, f'the "{settings.title}" box must open the page; move it right under the title'
            )
        )
    match = ADMONITION.match(lines[box])
    assert match is not None
    if match["marker"] != "!!!" or match["type"] != "abstract":
        problems.append(
            Problem(path, first_line + box, f"write the box as {wanted}: open, and styled like the other pages")
        )
    bullets = count_box_bullets(lines, box)
    if not settings.min_bullets <= bullets <= settings.max_bullets:
        fix = "merge bullets or move the detail into the page" if bullets > settings.max_bullets else "sum up the page"
        problems.append(
            Problem(
                path,
                first_line + box,
                f'"{settings.title}" has {bullets} bullet{"s" if bullets != 1 else ""}; write {settings.min_bullets} to {settings.max_bullets} ({fix})',
            )
        )
    return problems


def count_box_bullets(lines: list[str], box: int) -> int:
    """Top-level list items of the admonition that starts on line index `box`."""
    count = 0
    for line in lines[box + 1 :]:
        expanded = line.expandtabs(4)
        if expanded.strip() and not expanded.startswith("    "):
            break
        if BULLET.match(expanded):
            count += 1
    return count


def check_care_cards(placed: Collection[str], *, path: str) -> list[Problem]:
    """A page that needs them shows both "When to get help" cards; `placed` are the kinds it places."""
    return [
        Problem(
            path,
            1,
            f'no {kind} "When to get help" card; add <!-- md:care-card {kind} --> under a "When to get help" heading',
        )
        for kind in CARE_CARD_KINDS
        if kind not in placed
    ]


def check_emergency_card(document: Document) -> list[Problem]:
    """The emergency card has no link but the way to emergency care: its last line gives the
    emergency number (<!-- md:clinic emergency-number -->), and nothing else links anywhere."""
    card = (document.value or {}).get("emergency") or {}
    if not isinstance(card, dict):
        return []
    problems = []
    for part, allowed in EMERGENCY_MARKERS.items():
        texts = card.get(part)
        keyed = list(enumerate(texts)) if isinstance(texts, list) else [(None, texts)]
        for index, text in keyed:
            keys = ["emergency", part] + ([index] if index is not None else [])
            if isinstance(text, str) and links_in(text, allowed):
                problems.append(Problem(document.path, document.line_of(keys), NO_LINK))
    action = card.get("action")
    if isinstance(action, str) and not any(marker_key(m) == EMERGENCY_NUMBER for m in CARD_MARKER.finditer(action)):
        problems.append(
            Problem(
                document.path,
                document.line_of(["emergency", "action"]),
                f"the emergency card's last line does not give the emergency number; write <!-- md:{EMERGENCY_NUMBER} --> in it",
            )
        )
    return sorted(problems, key=lambda p: p.line)


def links_in(text: str, allowed: tuple[str, ...]) -> bool:
    """Whether a care card text links anywhere: a link, an address, or a marker other than `allowed`
    (a name such as `fact`, or a name and its first word such as `clinic emergency-number`)."""
    return bool(LINK.search(text)) or any(
        match["name"] not in allowed and marker_key(match) not in allowed for match in CARD_MARKER.finditer(text)
    )


def marker_key(match: re.Match[str]) -> str:
    """`clinic emergency-number` for <!-- md:clinic emergency-number -->."""
    return f"{match['name']} {match['word']}".strip()


def check_evidence_page(
    cited: Collection[str], segments: Iterable[Segment], *, path: str, settings: EvidenceSettings
) -> list[Problem]:
    """The evidence page cites each required source and makes each required statement; `cited`
    are the references the page cites."""
    problems = [
        Problem(
            path, 1, f"does not cite '{reference}'; add <!-- md:cite {reference} --> after the sentence it supports"
        )
        for reference in settings.cites
        if reference not in cited
    ]
    text = " ".join(segment.text for segment in segments)
    problems.extend(
        Problem(
            path, 1, f'does not state "{statement.say}"; add that sentence (any wording that matches data/quality.yml)'
        )
        for statement in settings.statements
        if not statement.pattern.search(text)
    )
    return problems
