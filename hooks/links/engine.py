"""The build engine's own link warnings (MkDocs' validation), matched against what the cross-link
check reports, so an editor hears of each broken link once, with its line. Plain text in, plain
text out: no MkDocs import here."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hooks.links.check import Finding

MKDOCS_LINK = re.compile(
    r"^Doc file '(?P<page>.+?)' contains (?:a|an absolute|an unrecognized relative) link (?:to )?'(?P<target>.*?)'(?:, | which )"
)
MKDOCS_NAV = re.compile(r"^A reference to '(?P<target>.+?)' is included in the 'nav' configuration, which is not found")
MKDOCS_OMITTED = re.compile(
    r'^The following pages exist in the docs directory, but are not included in the "nav" configuration:'
)


def is_mkdocs_link_warning(message: str) -> bool:
    """A message of MkDocs' link and nav validation, which this checker may report better."""
    return bool(MKDOCS_LINK.match(message) or MKDOCS_NAV.match(message) or MKDOCS_OMITTED.match(message))


def covered(findings: Iterable[Finding]) -> set[tuple[str, str]]:
    """What the findings say in MkDocs' terms (see Finding.covers)."""
    return {pair for finding in findings for pair in finding.covers}


def reported_by(message: str, reported: set[tuple[str, str]]) -> bool:
    """True when the checker reports, with its line, what a MkDocs validation message says."""
    if match := MKDOCS_LINK.match(message):
        return (match["page"], match["target"]) in reported
    if match := MKDOCS_NAV.match(message):
        return ("nav", match["target"]) in reported
    if MKDOCS_OMITTED.match(message):
        pages = [line.strip()[2:] for line in message.splitlines()[1:] if line.strip().startswith("- ")]
        return bool(pages) and all(("page", page.replace("\\", "/")) in reported for page in pages)
    return False
