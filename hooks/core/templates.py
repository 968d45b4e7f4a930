"""The project's own Jinja templates (shortcodes, handouts): escaping by default, strict about
undefined names. No MkDocs import here."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import jinja2
from markupsafe import Markup, escape


def escaping_templates(directory: Path) -> jinja2.Environment:
    """A Jinja environment of the templates of `directory`: every value is escaped unless marked safe."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


FIELD = re.compile(r"\{([a-z_]+)\}")


def fill(text: str, values: Mapping[str, str]) -> Markup:
    """A text of data/interface.yml, escaped, with its {fields} replaced by `values`, which the
    caller has escaped (or made into safe markup such as a link)."""
    return Markup(FIELD.sub(lambda m: str(values.get(m.group(1), m.group(0))), str(escape(text))))
