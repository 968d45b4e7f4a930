"""Records placed on a page as they are: `<!-- md:include-decisions -->` places CONTENT_DECISIONS.md
(the record of source conflicts and the answers chosen) on a staff page, never copied into docs/.
The records are staff-only: outside the staff build a marker is an error and places nothing.

The project model reads each included file once per build; these handlers place its text. No
MkDocs import here.
"""

from __future__ import annotations

from collections.abc import Mapping

from hooks.core.problems import Source
from hooks.project.model import INCLUDED_FILES
from hooks.shortcodes.grammar import Handler, Marker, MarkerError


def include_handler(name: str, source: Source | None, *, staff_build: bool = True) -> Handler:
    """A handler placing the Markdown of the file `name` (None when it is missing: the page fails);
    outside the staff build it places nothing and says so."""

    def place(marker: Marker) -> str:
        marker.check_options([])
        if marker.words:
            raise MarkerError(f"'md:{marker.name}' takes no words; write <!-- md:{marker.name} -->")
        if not staff_build:
            raise MarkerError(
                f"'md:{marker.name}' places {name}, a staff-only record, in the public build; "
                "remove the marker, or move the page under docs/staff/"
            )
        if source is None:
            raise MarkerError(
                f"'md:{marker.name}': {name} is missing from the project folder; restore it or remove the marker"
            )
        return "\n\n" + source.text.strip() + "\n\n"

    return place


def include_handlers(included: Mapping[str, Source | None], *, staff_build: bool) -> dict[str, Handler]:
    """The include markers of the site, each bound to the text of its file (see INCLUDED_FILES)."""
    return {
        marker: include_handler(INCLUDED_FILES[marker], source, staff_build=staff_build)
        for marker, source in included.items()
    }
