"""What every patient page must have: a "Key points" box at the top, "When to get help" cards where
they are needed, and an evidence page that cites its sources and states the regulatory position.

Checks read the page as written (markers and all), so each problem has the line an editor sees.
No MkDocs import here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hooks.datafiles import Document
from hooks.markers import MARKER, Problem, code_spans, parse_marker
from hooks.pagetext import Segment, blank_out
from hooks.qualitysettings import EvidenceSettings, KeyPointsSettings

ADMONITION = re.compile(r'^(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
BULLET = re.compile(r"^ {4}(?:[-*+]|\d+[.)])[ \t]+\S")
TITLE = re.compile(r"^#[ \t]+\S")
CARE_CARDS = ("urgent", "emergency")
# What a link looks like in a care card item: Markdown or HTML links, addresses, shortcodes.
LINK = re.compile(r"\]\(|<a[\s>]|https?://|www\.|mailto:|tel:|<!--\s*md:", re.I)


def visible_lines(body: str) -> list[str]:
    """The lines of a page body with code blocks blanked: markers shown as code are not markers."""
    return blank_out(body, code_spans(body)).split("\n")


def check_key_points(body: str, *, path: str, first_line: int, settings: KeyPointsSettings) -> list[Problem]:
    """A patient page opens, right under its title, with `!!! abstract "Key points"` of 3 to 5 bullets."""
    lines = visible_lines(body)
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


def page_markers(body: str, name: str) -> list[tuple[str, int]]:
    """(first word, line offset in body) of each `<!-- md:NAME ... -->` outside code."""
    text = blank_out(body, code_spans(body))
    found = []
    for match in MARKER.finditer(text):
        if match["name"] == name:
            marker = parse_marker(name, match["args"], text.count("\n", 0, match.start()))
            found.append((marker.words[0] if marker.words else "", marker.line))
    return found


def check_care_cards(body: str, *, path: str) -> list[Problem]:
    """A page that needs them shows both "When to get help" cards."""
    placed = {word for word, _ in page_markers(body, "care-card")}
    return [
        Problem(
            path,
            1,
            f'no {kind} "When to get help" card; add <!-- md:care-card {kind} --> under a "When to get help" heading',
        )
        for kind in CARE_CARDS
        if kind not in placed
    ]


def check_emergency_card(document: Document) -> list[Problem]:
    """The emergency card has no link but the way to emergency care, which the card adds itself."""
    items = ((document.value or {}).get("emergency") or {}).get("items") or []
    return [
        Problem(
            document.path,
            document.line_of(["emergency", "items", index]),
            "a link in the emergency card; remove it: an emergency card has no link but the way to emergency care (the card ends with the emergency number)",
        )
        for index, item in enumerate(items)
        if isinstance(item, str) and LINK.search(item)
    ]


def check_evidence_page(
    body: str, segments: Iterable[Segment], *, path: str, settings: EvidenceSettings
) -> list[Problem]:
    """The evidence page cites each required source and makes each required statement."""
    cited = {word for word, _ in page_markers(body, "cite")}
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
