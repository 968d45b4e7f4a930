"""MkDocs glue for the cross-link validator: every link, anchor and page of the rendered site.

Each page's final HTML is read in on_post_page (theme and overrides included), or its record
taken from the last build if its HTML is unchanged (hooks/pagerecords.py); everything is checked
at on_post_build, when the handouts and the search index exist too. MkDocs' own link
warnings are held back meanwhile and shown only if the validator does not report the same link.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

# MkDocs puts only hooks/ on sys.path while loading a hook; the pure modules import as `hooks.*`.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks.linkcheck import (
    PageInfo,
    SiteIndex,
    SiteReader,
    Source,
    check_site,
    covered,
    is_mkdocs_link_warning,
    list_folder,
    nav_entries,
    reported_by,
    scan_html,
)
from hooks.markers import display_path
from hooks.pagerecords import RecordFile, ResultFile, stamp

log = logging.getLogger("mkdocs.hooks.crosslinks")
T = TypeVar("T")
# Where MkDocs' own validation logs broken links and nav entries.
MKDOCS_VALIDATION = ("mkdocs.structure.pages", "mkdocs.structure.nav")


class HeldWarnings(logging.Filter):
    """Holds MkDocs' link and nav warnings back until the validator has said what it reports."""

    crosslinks = True  # recognised by a later build of the same process, which removes it

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if is_mkdocs_link_warning(record.getMessage()):
            self.records.append(record)
            return False
        return True


@dataclass
class Build:
    """What one build collects for the check; replaced by every on_config."""

    project: Path
    docs: str  # docs_dir as editors name it
    site: SiteIndex
    held: HeldWarnings
    records: RecordFile  # what the last build read of each page
    results: ResultFile  # what the last build's check found on each page
    reader: SiteReader  # remembers the theme from page to page
    nav_pages: set[str] = field(default_factory=set)
    sources: dict[str, File] = field(default_factory=dict)  # the Markdown files of the built pages
    seconds: float = 0.0  # processor time spent in this hook: its share of the build


build: Build | None = None


# Hooks ---------------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global build
    started = time.process_time()
    remove_filters()
    build = without_cycle_collection(start_build, config)
    build.seconds += time.process_time() - started
    return config


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    assert build is not None, "on_config runs first"
    build.nav_pages = {page.file.src_uri for page in nav.pages}
    return nav


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    assert build is not None
    # Every page too: a `--dirty` rebuild renders only the pages that changed.
    build.site.files = {file.dest_uri: file.src_uri for file in files if not file.inclusion.is_excluded()}
    return env


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    assert build is not None
    if template_name.endswith(".html"):
        started = time.process_time()
        custom = Path(config.theme.custom_dir or "") / template_name
        shown = display_path(custom, build.project) if config.theme.custom_dir and custom.is_file() else template_name
        build.site.templates[template_name] = shown
        build.site.scans[template_name] = scan_html(output_content)
        build.seconds += time.process_time() - started
    return output_content


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    assert build is not None
    started = time.process_time()
    file = page.file
    build.site.pages[file.dest_uri] = PageInfo(
        src_uri=file.src_uri,
        dest_uri=file.dest_uri,
        path=f"{build.docs}/{file.src_uri}",
        title=page.title or "",
        patient=page.meta.get("audience", "patient") == "patient",
        in_nav=file.src_uri in build.nav_pages,
        nav_required=file.inclusion.is_in_nav(),
    )
    build.sources[file.src_uri] = file
    build.site.scans[file.dest_uri] = without_cycle_collection(build.reader.read, output, file.dest_uri)
    build.seconds += time.process_time() - started
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    assert build is not None
    started = time.process_time()
    site_dir = Path(config.site_dir)
    build.site.exists = lambda dest: (site_dir / dest).is_file()
    build.site.read = lambda dest: (
        (site_dir / dest).read_text(encoding="utf-8") if (site_dir / dest).is_file() else None
    )
    build.site.listdir = lambda folder: list_folder(site_dir, folder)
    sources = build.sources
    build.site.markdown_of = lambda page: sources[page.src_uri].content_string
    findings = without_cycle_collection(check_site, build.site, build.results)
    build.records.save()
    build.results.save()
    for finding in findings:
        log.warning(str(finding))
    remove_filters()
    reported = covered(findings)
    for record in build.held.records:
        if not reported_by(record.getMessage(), reported):
            logging.getLogger(record.name).handle(record)
    build.held.records.clear()
    build.seconds += time.process_time() - started
    links = sum(len(scan.links) for scan in build.site.scans.values())
    log.debug(
        f"checked {len(build.site.scans)} pages and {links} links in {build.seconds:.3f} s of processor time; "
        f"{build.records.reused} of the {len(build.site.pages)} Markdown pages were read at an earlier build, "
        f"{build.results.reused} checked at an earlier build"
    )


def on_build_error(*, error: Exception) -> None:
    # The check did not run: show MkDocs' own warnings as they were.
    remove_filters()
    if build is not None:
        for record in build.held.records:
            logging.getLogger(record.name).handle(record)
        build.held.records.clear()


def on_shutdown() -> None:
    remove_filters()


# Helpers ---


def without_cycle_collection(work: Callable[..., T], *args: Any) -> T:
    """Run `work(*args)` with Python's cycle collector paused.

    Starting a build (loading the last build's records), reading a page and checking the site make
    many objects and no reference cycles, so each collection they set off only walked every object
    of the build again (about 0.3 s at 2,000 pages, for each of the two); reference counting frees
    their garbage all the same.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return work(*args)
    finally:
        if paused:
            gc.enable()


def start_build(config: MkDocsConfig) -> Build:
    """What the check of a build starts from: the data and templates, the nav, the last build's records."""
    project = Path(config.config_file_path).resolve().parent
    config_file = Path(config.config_file_path).resolve()
    site = SiteIndex(
        data=read_sources(project, project / "data", "*.yml"),
        template_sources=read_sources(project, Path(config.theme.custom_dir), "*.html")
        if config.theme.custom_dir
        else [],
        config_path=display_path(config_file, project),
        site_url=config.site_url or "",
    )
    site.nav = nav_entries(config.nav, config_file.read_text(encoding="utf-8"))
    held = HeldWarnings()
    for name in MKDOCS_VALIDATION:
        logging.getLogger(name).addFilter(held)
    code = [Path(__file__).resolve().parent / name for name in ("linkcheck.py", "pagerecords.py")]
    cache = project / ".cache" / "crosslinks"
    code_stamp = stamp(code)
    records = RecordFile(cache / f"{config_file.stem}.marshal", code_stamp)
    results = ResultFile(cache / f"{config_file.stem}.results.marshal", code_stamp, records.hashes)
    docs = display_path(Path(config.docs_dir), project)
    return Build(project, docs, site, held, records, results, SiteReader(records))


def remove_filters() -> None:
    """Remove the warning filters of this and of earlier builds of the process."""
    for name in MKDOCS_VALIDATION:
        logger = logging.getLogger(name)
        for installed in list(logger.filters):
            if getattr(installed, "crosslinks", False):
                logger.removeFilter(installed)


def read_sources(project: Path, folder: Path, pattern: str) -> list[Source]:
    """The text of every file of a folder (data files, templates), named as editors see them."""
    return [
        Source(display_path(path, project), path.read_text(encoding="utf-8"))
        for path in sorted(folder.rglob(pattern))
        if path.is_file()
    ]
