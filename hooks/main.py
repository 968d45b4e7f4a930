"""The one MkDocs hook file of the site: it wires the project's plain modules to MkDocs' events.

`on_config` loads the project model once (every data file, rule and template, checked) and makes
one build object, `SiteBuild`, which it registers as a plugin of this build's configuration: MkDocs
then calls its methods for the build's later events, so nothing lives in this module between
events, and each rebuild of `mkdocs serve` starts from a new build object. Each method hands plain
values to an area of hooks/ (shortcodes, checks, glossary, links, handouts) in a fixed order; no
module below hooks/ imports MkDocs.
"""

from __future__ import annotations

import datetime
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit

import jinja2
import markdown as markdown_lib
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from hooks.checks.content import check_page_content
from hooks.checks.review import BuildDateError, review_date
from hooks.checks.structure import check_emergency_card
from hooks.core.config import public_address
from hooks.core.problems import Problem, ProblemError, display_path
from hooks.core.yamlfile import decode_utf8
from hooks.glossary.focus import FocusableAbbreviations
from hooks.glossary.terms import page_abbreviation_problems
from hooks.governance.status import ReviewStatus, page_status, release_problems, shown_by
from hooks.governance.translations import TranslationState, translation_state
from hooks.handouts.fonts import unprintable_problems
from hooks.handouts.make import Handouts, page_folder, placeholder, sheets, should_make_pdfs
from hooks.handouts.pdf import HandoutError, HandoutPage, prepare_article, prune_cache, publish
from hooks.links.check import PageInfo, SiteIndex, built_source, check_site
from hooks.links.engine import covered, is_mkdocs_link_warning, reported_by
from hooks.links.scan import SiteReader, scan_html
from hooks.links.site import list_folder, nav_entries
from hooks.pages.model import Page as PageModel
from hooks.pages.model import page_sources, read_page
from hooks.project.handouts import first_heading, handout_list, handout_settings
from hooks.project.languages import (
    build_language_problem,
    built_or_edition_page,
    editions,
    editions_with_page,
    shared_files,
    source_docs_dir,
    source_pages,
    untranslated_pages,
    with_direction,
)
from hooks.project.model import GLOSSARY, INCLUDED_FILES, Project, load_project
from hooks.project.published import is_known_file, unknown_files
from hooks.project.quality import check_settings_against_site
from hooks.search.index import drop_marks_from_index
from hooks.security.headers import Inline, PageInline, judge_inline, read_inline, write_security_headers
from hooks.shortcodes.captions import TableCaptions
from hooks.shortcodes.placements import PageContext, Usage, place_page, unused_data
from hooks.staff.nav import with_staff_section
from hooks.staff.protocol import is_release, placeholder_problems

if TYPE_CHECKING:  # imported by `mkdocs serve` itself; a build has no need of it
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.hooks.site")
T = TypeVar("T")
# The name the build object is registered under among the configuration's plugins.
BUILD = "site-build"
# Where MkDocs' own validation logs broken links and nav entries.
MKDOCS_VALIDATION = ("mkdocs.structure.pages", "mkdocs.structure.nav")


# Hooks ---------------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    remove_held_warnings()
    root = Path(config.config_file_path).resolve().parent
    try:
        today = review_date(os.environ, datetime.date.today())
        custom_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        audience = str(config.extra.get("audience", "patient"))
        project = load_project(
            root,
            docs_dir=Path(config.docs_dir),
            overrides=custom_dir,
            today=today,
            audience=audience,
            language=str(config.theme.get("language") or ""),
        )
        if "staff_nav" in config.extra:
            config_file = Path(config.config_file_path)
            config.nav = with_staff_section(
                config.nav or [],
                config.extra["staff_nav"],
                config_file=config_file.name,
                config_text=config_file.read_text(encoding="utf-8"),
            )
            if is_release(os.environ):  # the staff reference is not published with a placeholder
                report(placeholder_problems(project.data.staff.protocol))
        config_file = Path(config.config_file_path)
        language = build_language_problem(
            project.languages,
            str(config.theme.get("language") or project.language),
            display_path(config_file, root),
            line_of_setting(config_file.read_text(encoding="utf-8"), "language"),
        )
        if language is not None:
            raise ProblemError([language])
    except (ProblemError, BuildDateError) as error:
        raise PluginError(str(error)) from None
    config.extra["clinic"] = project.data.clinic  # the templates' footer and handouts show it
    config.extra["words"] = project.data.interface  # and the site's words around the pages
    # Each language's edition, for the language switch and the alternate links of every page.
    root_url = config.site_url if project.translation.is_source else public_address(Path(config.config_file_path))
    config.extra["editions"] = editions(project.languages, project.language, root_url or "")

    report(list(project.problems))
    config.markdown_extensions += [TableCaptions(), FocusableAbbreviations()]
    if project.data.care_card_document is not None:
        report(check_emergency_card(project.data.care_card_document))
    config.plugins[BUILD] = SiteBuild(project, config)
    return config


@event_priority(100)  # before the search plugin writes its index, the largest moment of a build
def on_post_build(config: MkDocsConfig) -> None:
    build = config.plugins.get(BUILD)
    if isinstance(build, SiteBuild):
        build.pages_built()


def on_shutdown() -> None:
    remove_held_warnings()


# The build -----------------------------------------------------------------------------------


class SiteBuild(BasePlugin):  # type: ignore[type-arg]
    """What one build shares between its events: the project, the page models, the link index
    and the handouts, each area called in the order below."""

    def __init__(self, project: Project, config: MkDocsConfig) -> None:
        super().__init__()
        self.project = project
        self.preview = is_preview(config)
        # A staff build prints the patients' address of the site on patient handouts.
        public = public_address(Path(config.config_file_path))
        staff = project.is_staff_build
        self.public_url = public if staff and public and public != config.site_url and not self.preview else None
        self.usage = Usage()
        self.pages: dict[str, PageModel] = {}  # each page's model, kept to the end for a handout only
        self.reported: set[Problem] = set()  # abbreviations of data files, shown on many pages
        self.handouts: Handouts | None = None
        self.review: dict[str, ReviewStatus] = {}  # each page's sign-off status, until its template shows it
        self.translated: dict[str, TranslationState | None] = {}  # an edition's pages: in line with their source?
        self.release = os.environ.get("RELEASE") == "1"  # `make release`: only signed pages, judged today
        self.make_pdfs = should_make_pdfs(self.preview, os.environ.get("HANDOUTS"))
        self.held = HeldWarnings()
        for name in MKDOCS_VALIDATION:
            logging.getLogger(name).addFilter(self.held)
        self.site = SiteIndex(
            data=list(project.data_sources),
            template_sources=list(project.template_sources),
            config_path=display_path(Path(config.config_file_path), project.root),
            site_url=config.site_url or "",
        )
        self.site.nav = nav_entries(config.nav, Path(config.config_file_path).read_text(encoding="utf-8"))
        self.reader = SiteReader()
        self.source_docs = source_docs_dir(Path(config.docs_dir), project.languages, project.language)
        self.nav_pages: set[str] = set()
        self.sources: dict[str, str] = {}  # the text of each page, read once (on_page_read_source)
        self.inline: dict[str, PageInline] = {}  # what each built page holds inline, for the CSP
        self.inline_items: dict[Inline, Inline] = {}
        self.seconds: dict[str, float] = {}  # processor time of each area: `make bench` reads it

    def timed(self, area: str, work: Callable[..., T], *args: Any) -> T:
        started = time.process_time()
        try:
            return work(*args)
        finally:
            self.seconds[area] = self.seconds.get(area, 0.0) + time.process_time() - started

    # Files and nav ---

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        source_docs = self.source_docs
        if source_docs != Path(config.docs_dir):  # an edition: the source's styles and scripts too
            excluded = config.exclude_docs.match_file
            for src_uri in shared_files(source_docs, excluded):
                if files.get_file_from_path(src_uri) is None:
                    files.append(File(src_uri, str(source_docs), config.site_dir, config.use_directory_urls))
            report(
                untranslated_pages(
                    source_pages(source_docs, excluded),
                    [file.src_uri for file in files.documentation_pages()],
                    docs=display_path(source_docs, self.project.root),
                    code=self.project.language,
                    name=self.project.edition.name,
                )
            )
        published = [f for f in files if f.src_dir == config.docs_dir and not f.inclusion.is_excluded()]
        report(unknown_files([file.src_uri for file in published], self.project.docs))
        for file in published:
            if not is_known_file(file.src_uri):
                files.remove(file)  # not even a build that is not strict publishes it
        pages = [file.src_uri for file in files.documentation_pages()]
        report(check_settings_against_site(self.project.quality, pages, self.project.data.references))
        try:
            settings = handout_settings(self.project.handouts, pages, staff="staff_nav" in config.extra)
        except ProblemError as error:
            raise PluginError(str(error)) from None
        self.handouts = Handouts(settings, self.project.handout_templates)
        # Registered from the start, so MkDocs and the link check know the PDFs exist.
        for handout in settings.handouts:
            files.append(File.generated(config, handout.src_uri, content=placeholder()))
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Each page read once, here: a page that is not UTF-8 is a problem at its first bad byte
        (MkDocs would stop with a traceback), built with that byte replaced."""
        file = page.file
        if file.abs_src_path is None:
            return None  # generated: MkDocs has its text
        text, problems = decode_utf8(file.content_bytes, self.project.page_path(file.src_uri))
        report(problems)
        self.sources[file.src_uri] = text = text.removeprefix("\ufeff")  # as MkDocs reads it (utf-8-sig)
        return text

    def alternates(self, src_uri: str, config: MkDocsConfig) -> list[dict[str, str]]:
        """The editions that have this page, for its language switch and alternate links: none on
        the staff reference, which is in one language."""
        if self.project.is_staff_build:
            return []
        return editions_with_page(config.extra["editions"], self.project.languages, self.source_docs, src_uri)

    def translation_state(self, src_uri: str, path: str) -> TranslationState | None:
        """Whether a page of this edition is in line with its source page (None: it has none)."""
        source = self.source_docs / src_uri
        if not source.is_file():
            return None
        source_path = display_path(source, self.project.root)
        text = source.read_text(encoding="utf-8-sig")
        return translation_state(path, source_path, text, self.project.translations)

    def source_of(self, file: File) -> str:
        """A page's text as read for this build."""
        return self.sources.get(file.src_uri) or file.content_string

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav_pages = {page.file.src_uri for page in nav.pages}
        return nav

    # Pages ---

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        model = self.timed("shortcodes", self.read, page.file.src_uri, self.source_of(page.file), page.meta, markdown)
        report(model.problems)
        findings = self.timed("checks", check_page_content, self.project, model)
        for note in findings.notes:
            log.info(str(note))
        report(findings.warnings)
        status = self.review[model.src_uri] = page_status(
            self.project.signoffs.get(model.path),
            shown_by(model.content, model.placements),
            staff=model.audience == "staff",
            words=self.project.data.interface,
        )
        if self.release and model.is_patient_page:
            report(release_problems(model.path, status, self.project.today))
        if not self.project.translation.is_source:
            self.translated[model.src_uri] = state = self.translation_state(model.src_uri, model.path)
            if self.release and state is not None and (problem := state.release_problem()) is not None:
                report([problem])
        markdown = model.markdown + self.handout_list(page.file.src_uri, files)
        model.release_text()
        return markdown

    def read(self, src_uri: str, content: str, meta: dict[str, Any], body: str) -> PageModel:
        model = self.pages[src_uri] = read_page(self.project, src_uri, content, meta, body, self.usage)
        return model

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.handouts is not None, "on_files runs first"
        src_uri = page.file.src_uri
        self.timed("glossary", self.check_abbreviations, html, self.pages[src_uri])
        if self.handouts.settings.for_page(src_uri) is None:
            del self.pages[src_uri]  # only a handout reads its page's model again, at the end
        return html

    def check_abbreviations(self, html: str, page: PageModel) -> None:
        """Every abbreviation on the page is in the glossary, or a problem where it was written."""
        problems = page_abbreviation_problems(
            html, glossary=self.project.data.glossary, sources=page_sources(self.project, page), glossary_path=GLOSSARY
        )
        for problem in problems:
            if problem not in self.reported:  # a word of a data file shows on every page that places it
                self.reported.add(problem)
                log.warning(str(problem))

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        assert self.handouts is not None, "on_files runs first"
        # overrides/main.html shows it, and the page's handout; not needed after this event.
        review = context["review"] = self.review.pop(page.file.src_uri, None)
        context["alternates"] = self.alternates(page.file.src_uri, config)
        state = self.translated.get(page.file.src_uri)
        context["outdated_translation"] = state is not None and not state.up_to_date
        handout = self.handouts.settings.for_page(page.file.src_uri)
        if handout is None:
            return context
        url = page.canonical_url or page.abs_url or page.url
        if self.public_url and not handout.staff:  # patients take handouts home: the public address
            url = urljoin(self.public_url, page.url)
        self.handouts.pages[handout.page] = HandoutPage(
            article=prepare_article(page.content or "", url),
            url=url,
            lang=config.theme["language"],
            description=page.meta.get("description"),
            review=review,
            staff=handout.staff,
            direction=self.project.direction,
            words=self.project.data.interface,
        )
        # overrides/main.html shows the "Printable handout (PDF)" link, and one to the list, from these.
        list_page = None if handout.staff else self.handouts.settings.list_page  # the list is the patients'
        list_url = next((item.url for item in nav.pages if list_page and item.file.src_uri == list_page), None)
        context["handout"] = {"pdf": handout.src_uri, "list": list_url}
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = with_direction(output, self.project.direction)
        # The page's UTF-8, made once: the link scan's parser reads it, the CSP scan reuses it.
        encoded = self.timed("links", output.encode, "utf-8", "surrogatepass")
        self.timed("links", self.scan_page, encoded, page)
        self.inline[page.file.dest_uri] = self.timed("security", self.read_inline, output, encoded)
        return output

    def read_inline(self, output: str, encoded: bytes) -> PageInline:
        """What a page holds inline, each item kept once for the build: every page has the theme's scripts."""
        found = read_inline(output, encoded)
        return PageInline([self.inline_items.setdefault(item, item) for item in found.items], found.theme)

    def scan_page(self, encoded: bytes, page: Page) -> None:
        """Read the links and ids of the built page, from its UTF-8."""
        file = page.file
        self.site.pages[file.dest_uri] = PageInfo(
            src_uri=file.src_uri,
            dest_uri=file.dest_uri,
            path=self.project.page_path(file.src_uri),
            markdown=self.source_of(file),
            title=page.title or "",
            patient=page.meta.get("audience", "patient") == "patient",
            in_nav=file.src_uri in self.nav_pages,
            nav_required=file.inclusion.is_in_nav(),
        )
        self.site.scans[file.dest_uri] = self.reader.read(encoded, file.dest_uri)

    def pages_built(self) -> None:
        """Every page is built and scanned: the table of theme links that told the pages' repeated
        links apart is no longer needed (their scans keep the links)."""
        self.reader = SiteReader()

    # The whole site ---

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        for file in files.documentation_pages(inclusion=InclusionLevel.is_excluded):
            self.count_usage(file)
        if self.project.translation.is_source:  # an edition places the same data, with fewer pages
            report(unused_data(self.project.data, self.usage))
        # Every file, pages too: a `--dirty` rebuild renders only the pages that changed.
        self.site.files = {file.dest_uri: file.src_uri for file in files if not file.inclusion.is_excluded()}
        return env

    def count_usage(self, file: File) -> None:
        """Count the data a page left out of this build places (the staff pages of the public site),
        so data only they place is not reported unused; their problems are the other build's."""
        body, _ = get_data(file.content_string)
        context = PageContext(path=self.project.page_path(file.src_uri), depth=file.src_uri.count("/"))
        place_page(body, self.project.data, self.project.markers, self.usage, context)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name.endswith(".html"):  # a theme template rendered as a page: 404.html
            output_content = with_direction(output_content, self.project.direction)
            custom = Path(config.theme.custom_dir or "") / template_name
            shown = (
                display_path(custom, self.project.root)
                if config.theme.custom_dir and custom.is_file()
                else template_name
            )
            self.site.templates[template_name] = shown
            self.site.scans[template_name] = self.timed("links", scan_html, output_content)
            self.inline[template_name] = self.timed("security", read_inline, output_content)
        return output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.timed("handouts", self.make_handouts, config)  # before the links: the PDFs exist then
        self.timed("links", self.check_links, Path(config.site_dir))
        self.timed("security", self.write_headers, Path(config.site_dir))
        if self.project.edition.search_ignores_marks:  # the search plugin, registered first, has written it
            drop_marks_from_index(Path(config.site_dir))
        log.debug("processor time of each area: " + ", ".join(f"{k} {v:.3f} s" for k, v in self.seconds.items()))

    def check_links(self, site_dir: Path) -> None:
        project = self.project
        self.site.exists = built_or_edition_page(site_dir, project.languages, project.language, self.source_docs)
        self.site.read = lambda dest: (
            (site_dir / dest).read_text(encoding="utf-8") if (site_dir / dest).is_file() else None
        )
        self.site.listdir = lambda folder: list_folder(site_dir, folder)
        findings = check_site(self.site)
        report([finding.problem for finding in findings])
        self.release_held(covered(findings))

    def write_headers(self, site_dir: Path) -> None:
        """Every inline script, style or handler the Content-Security-Policy would block is a
        problem; the policy allows the theme's own scripts by hash, in the headers written."""
        theme_hashes, problems = judge_inline(
            self.inline, lambda built: built_source(self.site, built), lambda built: built
        )
        report(problems)
        write_security_headers(site_dir, theme_hashes)

    def on_build_error(self, *, error: Exception) -> None:
        self.release_held(set())  # the check did not run: MkDocs' own warnings are shown as they were

    def release_held(self, reported: set[tuple[str, str]]) -> None:
        """Show MkDocs' link warnings the check did not report with a line of its own."""
        remove_held_warnings()
        for record in self.held.records:
            if not reported_by(record.getMessage(), reported):
                logging.getLogger(record.name).handle(record)
        self.held.records.clear()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.project.root / "data"))
        for name in INCLUDED_FILES.values():
            server.watch(str(self.project.root / name))
        return server

    # Handouts ---

    def handout_list(self, src_uri: str, files: Files) -> str:
        """The list of printable handouts, on the page data/handouts.yml names for it."""
        assert self.handouts is not None, "on_files runs first"
        settings = self.handouts.settings
        if src_uri != settings.list_page:
            return ""
        titles = {}
        for handout in settings.handouts:
            file = files.get_file_from_path(handout.page)
            body, _ = get_data(file.content_string) if file is not None else ("", {})
            titles[handout.page] = first_heading(body) or Path(handout.page).stem.replace("-", " ").capitalize()
        return handout_list(settings, titles, src_uri)

    def make_handouts(self, config: MkDocsConfig) -> None:
        assert self.handouts is not None, "on_files runs first"
        settings = self.handouts.settings
        if not self.make_pdfs:
            log.info(
                f"Handouts: not made in this preview, {len(settings.handouts)} placeholder PDFs instead; set HANDOUTS=1 to make them"
            )
            return
        # One cache per configuration: the staff reference prints other addresses than the patient site.
        cache = Path(os.environ.get("HANDOUTS_CACHE") or self.project.root / ".cache" / "handouts")
        cache = cache / Path(config.config_file_path).stem
        kept: set[Path] = set()
        for handout in settings.handouts:
            folder = page_folder(handout.page, directory_urls=config.use_directory_urls)
            try:
                rendered, layout = self.handouts.make(
                    handout,
                    clinic=config.extra["clinic"],
                    notice=config.copyright,
                    cache=cache,
                    base_url=(Path(config.site_dir) / folder).resolve().as_uri() + "/",
                    care_cards_html=lambda kinds: self.care_cards_html(kinds, config),
                    kept=kept,
                )
            except HandoutError as error:
                raise PluginError(str(error)) from None
            publish(rendered.path, Path(config.site_dir) / handout.src_uri)
            how = "reused from the cache" if rendered.reused else "made"
            log.info(f"Handout {handout.src_uri}: {sheets(rendered.pages)}, layout '{layout}', {how}")
            problem = self.handouts.too_long(
                handout,
                rendered,
                page_path=self.project.page_path(handout.page),
                data_sources=self.project.data_sources,
            )
            report([problem] if problem else [])
            article = self.handouts.pages[handout.page].article
            sources = page_sources(self.project, self.pages[handout.page])
            report(unprintable_problems(article.heading + article.html, sources, handout.src_uri))
        prune_cache(cache, [Path(handout.file).stem for handout in settings.handouts], kept)

    def care_cards_html(self, kinds: tuple[str, ...], config: MkDocsConfig) -> str:
        """The care cards a page lacks, placed by the same shortcodes and Markdown as on the site."""
        source = "\n\n".join(f"<!-- md:care-card {kind} -->" for kind in kinds)
        context = PageContext(path="data/care-cards.yml")
        placed = place_page(source, self.project.data, self.project.markers, Usage(), context)
        report(placed.problems)
        md = markdown_lib.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        return md.convert(placed.markdown)


# Helpers -------------------------------------------------------------------------------------


def line_of_setting(text: str, name: str) -> int:
    """The line of a configuration file that sets `name` (1 when it inherits it)."""
    return next((number for number, line in enumerate(text.splitlines(), 1) if line.strip().startswith(f"{name}:")), 1)


def report(problems: list[Problem]) -> None:
    """Each problem as a warning: `mkdocs build --strict` fails on any."""
    for problem in problems:
        log.warning(str(problem))


def is_preview(config: MkDocsConfig) -> bool:
    """Whether this is a build of `mkdocs serve`, which gives its own address as site_url."""
    host, port = config.dev_addr
    return urlsplit(config.site_url or "").netloc in {f"{host}:{port}", f"[{host}]:{port}"}


class HeldWarnings(logging.Filter):
    """Holds MkDocs' link and nav warnings back until the link check has said what it reports."""

    held_by_site_build = True  # recognised by a later build of the same process, which removes it

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if is_mkdocs_link_warning(record.getMessage()):
            self.records.append(record)
            return False
        return True


def remove_held_warnings() -> None:
    """Remove the warning filters of this and of earlier builds of the process."""
    for name in MKDOCS_VALIDATION:
        logger = logging.getLogger(name)
        for installed in list(logger.filters):
            if getattr(installed, "held_by_site_build", False):
                logger.removeFilter(installed)
