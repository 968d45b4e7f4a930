"""MkDocs glue for the glossary: every abbreviation on a page is in data/glossary.yml, and its
tooltip opens on keyboard focus as well as on hover."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# MkDocs puts only hooks/ on sys.path while loading a hook; the pure modules import as `hooks.*`.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks.datafiles import DataError, load_document, load_schema
from hooks.markers import MARKER, Problem
from hooks.staffdocs import INCLUDED_FILES
from hooks.terms import FocusableAbbreviations, Source, abbreviation_problem, unknown_abbreviations, visible_text

log = logging.getLogger("mkdocs.hooks.glossary")

GLOSSARY = "data/glossary.yml"


@dataclass
class Build:
    """What one build shares between events; replaced by every on_config."""

    project: Path
    glossary: dict[str, str]
    reported: set[Problem] = field(default_factory=set)


build: Build | None = None


# Hooks ---------------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global build
    project = Path(config.config_file_path).resolve().parent
    try:
        document = load_document(
            project / GLOSSARY, GLOSSARY, load_schema(project / "data" / "schemas" / "glossary.schema.json")
        )
    except (DataError, OSError) as error:
        raise PluginError(str(error)) from None
    build = Build(project, document.value)
    config.markdown_extensions.append(FocusableAbbreviations())
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert build is not None, "on_config runs first"
    words = unknown_abbreviations(visible_text(html), build.glossary)
    if words:
        path = (Path(config.docs_dir).relative_to(build.project) / page.file.src_uri).as_posix()
        sources = [Source(path, page.file.content_string), *other_sources(page.file.content_string)]
        for word in words:
            problem = abbreviation_problem(word, sources, GLOSSARY)
            # A word from a data file shows on every page that places it: report it once.
            if problem not in build.reported:
                build.reported.add(problem)
                log.warning(str(problem))
    return html


# Helpers -------------------------------------------------------------------------------------


def other_sources(page_markdown: str) -> list[Source]:
    """Where a page's placed text comes from: the records it includes, then the data files."""
    assert build is not None
    used = {marker["name"] for marker in MARKER.finditer(page_markdown)}
    files = [build.project / name for marker, name in INCLUDED_FILES.items() if marker in used]
    data = build.project / "data"
    files += sorted(data.glob("*.yml")) + sorted((data / "tables").glob("*.yml"))
    return [
        Source(file.relative_to(build.project).as_posix(), file.read_text(encoding="utf-8"))
        for file in files
        if file.is_file()
    ]
