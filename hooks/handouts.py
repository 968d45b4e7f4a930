"""MkDocs glue for the printed patient handouts (PDF), made at the end of the build.

`data/handouts.yml` says which pages become a PDF in `handouts/` of the site. Each PDF is
registered as a site file from the start (a small placeholder PDF), so links to it are valid in
every build; `mkdocs build` replaces the placeholders with the real handouts at on_post_build,
`mkdocs serve` keeps them unless HANDOUTS=1. PDFs are cached in `.cache/handouts/` (or
$HANDOUTS_CACHE) by a hash of their print HTML.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jinja2
import markdown as markdown_lib
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

# MkDocs puts only hooks/ on sys.path while loading a hook; the pure modules import as `hooks.*`.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks.datafiles import DataError
from hooks.handout_config import (
    MAX_PAGES,
    Handout,
    HandoutSettings,
    first_heading,
    handout_list,
    load_handout_settings,
    should_build_pdfs,
)
from hooks.handout_pdf import (
    CARE_CARDS,
    HandoutError,
    HandoutPage,
    RenderedPdf,
    handout_html,
    placeholder_pdf,
    prepare_article,
    prune_cache,
    publish,
    render_handout,
)
from hooks.markers import display_path
from hooks.placements import PageContext, Usage, expand_page, marker_templates
from hooks.sitedata import load_site_data

log = logging.getLogger("mkdocs.hooks.handouts")

# Layouts tried in turn until a handout fits on MAX_PAGES sheets: one column with whole tables,
# then tables split between rows, then two columns (overrides/handouts/handout-style.html).
LAYOUTS = ("single", "split-tables", "columns")
PLACEHOLDER = placeholder_pdf(
    "Printable handout",
    [
        "This preview does not make the printed handouts, so it stays fast.",
        "Run `make build` (or `HANDOUTS=1 mkdocs serve`) to make them.",
    ],
)


@dataclass
class Build:
    """What one build shares between events; replaced by every on_config."""

    project: Path
    templates: jinja2.Environment
    make_pdfs: bool
    settings: HandoutSettings | None = None
    pages: dict[str, HandoutPage] = field(default_factory=dict)
    # The HTML of the care cards a page lacks, by the kinds missing.
    cards: dict[tuple[str, ...], str] = field(default_factory=dict)


# The MkDocs command of this process, from on_startup: it outlives the rebuilds of `mkdocs serve`.
startup_command: str | None = None
build: Build | None = None


# Hooks ---------------------------------------------------------------------------------------


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    global startup_command
    startup_command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global build
    project = Path(config.config_file_path).resolve().parent
    build = Build(
        project=project,
        templates=marker_templates(project / "overrides" / "handouts"),
        make_pdfs=should_build_pdfs(startup_command, os.environ.get("HANDOUTS")),
    )
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    assert build is not None, "on_config runs first"
    pages = [file.src_uri for file in files.documentation_pages()]
    data = build.project / "data"
    try:
        build.settings = load_handout_settings(
            data / "handouts.yml", "data/handouts.yml", data / "schemas" / "handouts.schema.json", pages
        )
    except DataError as error:
        raise PluginError(str(error)) from None
    # Registered from the start, so MkDocs and the link checks know the PDFs exist.
    for handout in build.settings.handouts:
        files.append(File.generated(config, handout.src_uri, content=PLACEHOLDER))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert build is not None and build.settings is not None
    if page.file.src_uri != build.settings.list_page:
        return markdown
    titles = {handout.page: page_title(handout, files) for handout in build.settings.handouts}
    return markdown.rstrip() + handout_list(build.settings, titles, page.file.src_uri)


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    assert build is not None and build.settings is not None
    handout = build.settings.for_page(page.file.src_uri)
    if handout is None:
        return context
    url = page.canonical_url or page.abs_url or page.url
    build.pages[handout.page] = HandoutPage(
        article=prepare_article(page.content or "", url),
        url=url,
        lang=config.theme["language"],
        description=page.meta.get("description"),
        reviewed=page.meta.get("reviewed"),
        next_review=page.meta.get("next_review"),
    )
    # overrides/main.html shows the "Printable handout (PDF)" link, and one to the list, from these.
    list_page = nav_file(build.settings.list_page, nav)
    context["handout"] = {"pdf": handout.src_uri, "list": list_page.url if list_page else None}
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    assert build is not None and build.settings is not None
    settings = build.settings
    if not build.make_pdfs:
        log.info(
            f"Handouts: not made in this preview, {len(settings.handouts)} placeholder PDFs instead; set HANDOUTS=1 to make them"
        )
        return
    # One cache per configuration: the staff reference prints other addresses than the patient site.
    cache = Path(os.environ.get("HANDOUTS_CACHE") or build.project / ".cache" / "handouts")
    cache = cache / Path(config.config_file_path).stem
    kept: set[Path] = set()
    for handout in settings.handouts:
        rendered, layout = make_handout(handout, config, cache, kept)
        publish(rendered.path, Path(config.site_dir) / handout.src_uri)
        how = "reused from the cache" if rendered.reused else "made"
        log.info(f"Handout {handout.src_uri}: {sheets(rendered.pages)}, layout '{layout}', {how}")
        if rendered.pages > MAX_PAGES:
            log.warning(
                f"{docs_path(handout, config, build.project)}:1: its printed handout {handout.src_uri} has {sheets(rendered.pages)}, "
                f"more than {MAX_PAGES}; shorten the page or remove it from {settings.path} (line {handout.line})"
            )
    prune_cache(cache, [Path(handout.file).stem for handout in settings.handouts], kept)


# Helpers -------------------------------------------------------------------------------------


def make_handout(handout: Handout, config: MkDocsConfig, cache: Path, kept: set[Path]) -> tuple[RenderedPdf, str]:
    """The PDF of one handout in the first layout that fits on MAX_PAGES sheets (else the last).

    Every layout tried is added to `kept`: pruning those that did not fit would render them again
    on every rebuild.
    """
    assert build is not None and build.settings is not None
    page = build.pages.get(handout.page)
    if page is None:
        raise PluginError(
            f"{build.settings.path}:{handout.line}: page '{handout.page}' was not built, so its handout cannot be made; check the page is not excluded"
        )
    missing = tuple(kind for kind in CARE_CARDS if kind not in page.article.care_cards)
    if missing not in build.cards:
        build.cards[missing] = care_cards_html(missing, config, build.project) if missing else ""
    base_url = (Path(config.site_dir) / page_folder(handout, config)).resolve().as_uri() + "/"
    for layout in LAYOUTS:
        html = handout_html(
            build.templates,
            page,
            clinic=config.extra["clinic"],
            missing_cards=build.cards[missing],
            paper=build.settings.css_page_size,
            layout=layout,
            notice=config.copyright,
        )
        try:
            rendered = render_handout(html, name=handout.file, cache_dir=cache, base_url=base_url)
        except HandoutError as error:
            raise PluginError(
                f"{build.settings.path}:{handout.line}: handout '{handout.file}' failed: {error}"
            ) from None
        kept.update({rendered.path, rendered.path.with_suffix(".json")})
        if rendered.pages <= MAX_PAGES:
            break
    return rendered, layout


def sheets(pages: int) -> str:
    """'1 page', '2 pages'."""
    return f"{pages} page" if pages == 1 else f"{pages} pages"


def docs_path(handout: Handout, config: MkDocsConfig, project: Path) -> str:
    """A handout's page as an editor names it: docs/aftercare.md."""
    return display_path(Path(config.docs_dir) / handout.page, project)


def page_title(handout: Handout, files: Files) -> str:
    """A handout page's title, from its `# Heading` (pages are not rendered yet at this point)."""
    file = files.get_file_from_path(handout.page)
    body, _ = get_data(file.content_string) if file is not None else ("", {})
    return first_heading(body) or Path(handout.page).stem.replace("-", " ").capitalize()


def nav_file(src_uri: str | None, nav: Navigation) -> File | None:
    """The file of a page of the nav by its path in docs/."""
    return next((page.file for page in nav.pages if src_uri and page.file.src_uri == src_uri), None)


def page_folder(handout: Handout, config: MkDocsConfig) -> str:
    """The folder of the site the page's HTML is in, so relative image paths resolve."""
    stem = handout.page.removesuffix(".md")
    if not config.use_directory_urls or stem == "index" or stem.endswith("/index"):
        return os.path.dirname(stem)
    return stem


def care_cards_html(kinds: tuple[str, ...], config: MkDocsConfig, project: Path) -> str:
    """The care cards a page lacks, placed by the same shortcodes and Markdown as on the site."""
    source = "\n\n".join(f"<!-- md:care-card {kind} -->" for kind in kinds)
    try:
        data = load_site_data(project / "data")
    except DataError as error:
        raise PluginError(str(error)) from None
    templates = marker_templates(project / "overrides" / "markers")
    expanded, problems = expand_page(source, data, templates, Usage(), PageContext(path="data/care-cards.yml"))
    for problem in problems:
        log.warning(str(problem))
    md = markdown_lib.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    return md.convert(expanded)
