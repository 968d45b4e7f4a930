"""MkDocs glue for the `<!-- md:NAME -->` shortcodes: data loaded per build, markers placed per page."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import jinja2
import markdown
import markdown.treeprocessors
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

if TYPE_CHECKING:  # imported by `mkdocs serve` itself; a build has no need of it
    from mkdocs.livereload import LiveReloadServer

# MkDocs puts only hooks/ on sys.path while loading a hook; the pure modules import as `hooks.*`.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks.datafiles import DataError
from hooks.markers import body_first_line, display_path
from hooks.placements import PageContext, Usage, expand_page, marker_templates
from hooks.resultcache import PlacedPage, PlacedPages, fingerprint, inputs_fingerprint
from hooks.sitedata import SiteData, load_site_data
from hooks.staffdocs import DECISIONS, INCLUDED_FILES, include_handlers

log = logging.getLogger("mkdocs.hooks.shortcodes")
# What decides how a page's markers are placed, besides the page itself.
PLACEMENT_INPUTS = ("data/**/*", "overrides/markers/**/*", *INCLUDED_FILES.values())
PLACEMENT_LIBRARIES = ("jinja2", "markupsafe", "pyyaml")


@dataclass
class Build:
    """What one build shares between events; replaced by every on_config."""

    project: Path
    docs: str  # docs_dir as editors name it
    data: SiteData
    templates: jinja2.Environment
    usage: Usage
    placed: PlacedPages  # the pages of the last build, markers placed
    inputs: str  # a hash of everything but the page that decides how its markers are placed


build: Build | None = None


# Hooks ---------------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global build
    project = project_dir(config)
    try:
        data = load_site_data(project / "data")
    except DataError as error:
        raise PluginError(str(error)) from None
    inputs = inputs_fingerprint(project, PLACEMENT_INPUTS, PLACEMENT_LIBRARIES)
    build = Build(
        project,
        display_path(Path(config.docs_dir), project),
        data,
        marker_templates(project / "overrides" / "markers"),
        Usage(),
        PlacedPages(project / ".cache" / "placed" / f"{Path(config.config_file_path).stem}.marshal"),
        inputs,
    )
    config.extra["clinic"] = data.clinic
    config.markdown_extensions.append(TableCaptions())
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert build is not None, "on_config runs first"
    context = PageContext(path=f"{build.docs}/{page.file.src_uri}", depth=page.file.src_uri.count("/"))
    first_line = body_first_line(page.file.content_string, markdown)
    key = fingerprint([build.inputs, context.path, str(context.depth), str(first_line), markdown])
    placed = build.placed.get(key)
    if placed is None:
        usage = Usage(cells=build.usage.cells)  # this page's own, kept with it
        expanded, problems = expand_page(
            markdown,
            build.data,
            build.templates,
            usage,
            context,
            first_line=first_line,
            extra_handlers=include_handlers(build.project),
        )
        placed = PlacedPage(expanded, problems, sorted(usage.tables), sorted(usage.facts))
        build.placed.put(key, placed)
    build.usage.tables.update(placed.tables)
    build.usage.facts.update(placed.facts)
    for problem in placed.problems:
        log.warning(str(problem))
    return placed.markdown


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    assert build is not None
    # The theme's ~50 templates are compiled once, not on every build and preview rebuild (0.6 s).
    # Jinja checks each against a hash of its source, so an edited template is compiled again.
    templates = build.project / ".cache" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(templates))
    for file in files.documentation_pages(inclusion=InclusionLevel.is_excluded):
        record_usage(file)
    for table in sorted(set(build.data.tables) - build.usage.tables):
        log.warning(
            f"{build.data.tables[table].path}:1: table '{table}' is not used by any page; place it with <!-- md:table {table} --> or delete the file"
        )
    for fact in sorted(set(build.data.facts) - build.usage.facts):
        located = build.data.facts[fact]
        log.warning(
            f"{located.path}:{located.line}: fact '{fact}' is not used by any page; place it with <!-- md:fact {fact} --> or remove it"
        )
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    assert build is not None
    build.placed.save()
    log.debug(f"placed the markers of {len(build.placed.used)} pages, {build.placed.reused} as at an earlier build")


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    server.watch(str(project_dir(config) / "data"))
    server.watch(str(project_dir(config) / DECISIONS))
    return server


# Helpers ---


def record_usage(file: File) -> None:
    """Count the data a page left out of this build uses (the staff pages of the public site), so
    data only they place is not reported unused; their problems are reported by the build that has them."""
    assert build is not None
    body, _ = get_data(file.content_string)
    context = PageContext(path="docs/" + file.src_uri, depth=file.src_uri.count("/"))
    expand_page(body, build.data, build.templates, build.usage, context, extra_handlers=include_handlers(build.project))


class TableCaptions(markdown.Extension):
    """md_in_html reads <caption> of the data tables as a block, like <thead> and <td>; a Markdown
    table (the included content-decisions record has some) gets its section heading as caption."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if "caption" not in md.block_level_elements:
            md.block_level_elements.append("caption")
        md.treeprocessors.register(CaptionFromHeading(md), "table_caption_from_heading", 4)


class CaptionFromHeading(markdown.treeprocessors.Treeprocessor):
    """Give each uncaptioned top-level table the text of the heading above it as its caption."""

    def run(self, root: ElementTree.Element) -> None:
        heading = ""
        for element in root:
            if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                heading = "".join(element.itertext()).strip()
            elif element.tag == "table" and element.find("caption") is None and heading:
                caption = ElementTree.Element("caption")
                caption.text = heading
                element.insert(0, caption)


# Paths -------------------------------------------------------------------------------------


def project_dir(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml: data/ and overrides/ are found from here, not from the cwd."""
    return Path(config.config_file_path).resolve().parent
