"""Records placed on a page as they are: `<!-- md:include-decisions -->` places CONTENT_DECISIONS.md
(the record of source conflicts and the answers chosen) on a staff page, never copied into docs/.

The project model reads each included file once per build; these handlers place its text. No
MkDocs import here.
"""

from __future__ import annotations

from collections.abc import Mapping

from hooks.core.problems import Source
from hooks.project.model import INCLUDED_FILES
from hooks.shortcodes.grammar import Handler, Marker, MarkerError


def include_handler(name: str, source: Source | None) -> Handler:
    """A handler placing the Markdown of the file `name` (None when it is missing: the page fails)."""

    def place(marker: Marker) -> str:
        marker.check_options([])
        if marker.words:
            raise MarkerError(f"'md:{marker.name}' takes no words; write <!-- md:{marker.name} -->")
        if source is None:
            raise MarkerError(
                f"'md:{marker.name}': {name} is missing from the project folder; restore it or remove the marker"
            )
        return "\n\n" + source.text.strip() + "\n\n"

    return place


def include_handlers(included: Mapping[str, Source | None]) -> dict[str, Handler]:
    """The include markers of the site, each bound to the text of its file (see INCLUDED_FILES)."""
    return {marker: include_handler(INCLUDED_FILES[marker], source) for marker, source in included.items()}
