"""The project's own Jinja templates (shortcodes, handouts): escaping by default, strict about
undefined names. No MkDocs import here."""

from __future__ import annotations

from pathlib import Path

import jinja2


def escaping_templates(directory: Path) -> jinja2.Environment:
    """A Jinja environment of the templates of `directory`: every value is escaped unless marked safe."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
