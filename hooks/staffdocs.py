"""The staff reference: the Staff section of its nav, and the records its pages show as they are.

`<!-- md:include-decisions -->` places CONTENT_DECISIONS.md (the content engineer's record of source
conflicts and the answers chosen) on a staff page, never copied into docs/. Pure: no MkDocs import;
tested directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hooks.datafiles import DataError
from hooks.markers import Handler, Marker, MarkerError, Problem

DECISIONS = "CONTENT_DECISIONS.md"
# Marker name -> file of the project folder it places.
INCLUDED_FILES = {"include-decisions": DECISIONS}


def include_file(project: Path, name: str) -> Handler:
    """A handler placing the Markdown of `project/name`; a missing file fails the page."""

    def place(marker: Marker) -> str:
        marker.check_options([])
        if marker.words:
            raise MarkerError(f"'md:{marker.name}' takes no words; write <!-- md:{marker.name} -->")
        path = project / name
        if not path.is_file():
            raise MarkerError(
                f"'md:{marker.name}': {name} is missing from the project folder; restore it or remove the marker"
            )
        return "\n\n" + path.read_text(encoding="utf-8").strip() + "\n\n"

    return place


def include_handlers(project: Path) -> dict[str, Handler]:
    """The include markers of the site, each bound to its file in `project`."""
    return {name: include_file(project, file) for name, file in INCLUDED_FILES.items()}


def with_staff_section(nav: list[Any], section: Any, *, config_file: str, config_text: str) -> list[Any]:
    """The patient nav followed by a 'Staff' section, so the staff nav never drifts from the patient one.

    `section` is `extra.staff_nav` of the staff configuration (`config_file`, whose text gives the
    line of a problem): a list of `Title: staff/page.md`.
    """
    if not isinstance(section, list) or not section:
        line = next(
            (n for n, text in enumerate(config_text.splitlines(), 1) if text.strip().startswith("staff_nav:")), 1
        )
        message = "'extra.staff_nav' must be a list of 'Title: staff/page.md' entries; write one per staff page"
        raise DataError([Problem(config_file, line, message)])
    return [*nav, {"Staff": section}]
