"""The release check of the staff reference: it is not published while a protocol value of
`data/protocol.yml` is still a placeholder. No MkDocs import here."""

from __future__ import annotations

from collections.abc import Mapping

from hooks.core.problems import Problem
from hooks.project.staffdata import ProtocolValue

# The environment switch of a release build (`make release-staff`; `make release` uses the same).
RELEASE = "RELEASE"


def is_release(environ: Mapping[str, str]) -> bool:
    """Whether this build is a release: RELEASE=1 (or yes, true, on)."""
    return environ.get(RELEASE, "").strip().lower() in {"1", "yes", "true", "on"}


def placeholder_problems(protocol: Mapping[str, ProtocolValue]) -> list[Problem]:
    """One problem per protocol value that is still a placeholder, at the line of its key."""
    return [
        Problem(
            item.path,
            item.line,
            f"'{item.key}' is still a placeholder; set the clinic's value before publishing the staff reference",
        )
        for item in sorted(protocol.values(), key=lambda item: item.line)
        if item.is_placeholder
    ]
