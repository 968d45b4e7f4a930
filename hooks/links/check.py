"""Check every link, anchor and page of a rendered site, and say where an editor fixes each problem.

Reads the HTML the build wrote (so raw HTML, generated tables and what the theme adds are covered),
resolves each internal `href`/`src` against the built files, each fragment against the ids of its
target, and judges link text and external links without any network access. A problem is placed on
the line of the Markdown page (or data file, or template) the link was written in. No MkDocs import:
the hook file feeds it page by page, `make check` from a built folder.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from hooks.core.problems import Problem, Source, closest, line_at
from hooks.links.scan import Link, PageScan, scan_html
from hooks.shortcodes.grammar import MARKER

# Link texts that do not say where a link goes (compared lower-case, without end punctuation).
VAGUE_TEXTS = frozenset({"click here", "here", "read more", "this page", "more", "click", "link", "this link"})
BARE_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.I)
TEL = re.compile(r"^\+?[0-9](?:[0-9().-]*[0-9])?(?:;[a-z0-9-]+(?:=[^;]*)?)*$", re.I)
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
# Schemes a browser handles without the network check we do not do; anything else is a typo.
QUIET_SCHEMES = frozenset({"blob", "sms"})
# Schemes that run code or smuggle content past the review of the page: never published.
BLOCKED_SCHEMES = frozenset({"javascript", "data", "vbscript"})
LINK_SCHEMES = ("https", "mailto", "tel")
# How a built page may link: what a blocked link is told to become.
ALLOWED_LINKS = "; link to a page of the site, or an https:, mailto: or tel: address"
HOME = "index.html"
# Characters that make a hit part of a longer path or word rather than the link itself.
JOINS_BEFORE = re.compile(r"[\w./#%-]")
JOINS_AFTER = re.compile(r"[\w/#%-]|\.\w")
MISSING = object()  # not judged yet


# What the checker knows of the site -----------------------------------------------------------


@dataclass(frozen=True)
class PageInfo:
    """A Markdown page of the build: where it came from, where it went, and what it is."""

    src_uri: str
    dest_uri: str
    path: str
    markdown: str = ""
    title: str = ""
    patient: bool = True
    in_nav: bool = True
    nav_required: bool = True


@dataclass(frozen=True)
class NavEntry:
    """A page or link named in the `nav` of the configuration, with its line there."""

    title: str | None
    path: str
    line: int


@dataclass
class SiteIndex:
    """Everything one build tells the checker; filled by the hook, event by event.

    `files` maps the built path of every file of the build (pages too) to its source path;
    `pages` and `scans` the pages rendered, by built path; `templates` the theme templates rendered
    as pages (404.html) to the template file editors would change.
    """

    files: dict[str, str] = field(default_factory=dict)
    pages: dict[str, PageInfo] = field(default_factory=dict)
    scans: dict[str, PageScan] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    data: list[Source] = field(default_factory=list)
    template_sources: list[Source] = field(default_factory=list)
    nav: list[NavEntry] = field(default_factory=list)
    config_path: str = "mkdocs.yml"
    site_url: str = ""
    exists: Callable[[str], bool] = lambda dest: False
    read: Callable[[str], str | None] = lambda dest: None
    listdir: Callable[[str], list[str]] = lambda folder: []
    # A page's Markdown, read only for the pages that have a problem to place.
    markdown_of: Callable[[PageInfo], str] = lambda page: page.markdown


@dataclass(frozen=True)
class Finding:
    """A problem, plus what MkDocs' own validation would call it, so that it is reported only once.

    `covers` holds (page src_uri, link as written) pairs for links, ('nav', path) for nav entries
    and ('page', src_uri) for pages missing from the nav. `key` makes two findings one problem.
    """

    problem: Problem
    covers: frozenset[tuple[str, str]] = frozenset()
    key: str = ""

    def __str__(self) -> str:
        return str(self.problem)


# Resolving and judging links -----------------------------------------------------------------


class Resolved(NamedTuple):
    """Where an internal link leads: the built file (None when there is none, or for a link to a
    fragment of its own page), the path tried from the site root, its fragment, and whether it was
    written absolute."""

    dest: str | None
    path: str
    fragment: str
    absolute: bool = False
    same_page: bool = False


@dataclass(frozen=True)
class Verdict:
    """What is wrong with one link, before it is placed in a source file; `hint` may be left to
    the placing, which knows how the editor spelt the link."""

    what: str
    hint: str = ""
    about_text: bool = field(default=False, kw_only=True)


class SiteChecker:
    """Resolves and judges the links of one site; caches what repeats from page to page."""

    def __init__(self, site: SiteIndex) -> None:
        self.site = site
        self.sources = PathIndex(sorted({page.src_uri for page in site.pages.values()}))
        self.resolutions: dict[tuple[str, str, bool], Resolved | Verdict | None] = {}
        self.targets: dict[Resolved, Verdict | None] = {}
        self.judged: dict[tuple[str, str, str | None, str, bool, bool], tuple[Resolved | None, list[Verdict]]] = {}
        self.texts: dict[tuple[str, str, str | None], Verdict | None] = {}
        self.html_ids: dict[str, Mapping[str, int] | None] = {}
        self.present: dict[str, bool] = {}
        site_url = urlsplit(site.site_url)
        self.site_host = site_url.netloc.lower()
        self.site_scheme = site_url.scheme.lower()
        self.site_path = site_url.path if site_url.path.endswith("/") else site_url.path + "/"
        self.urls = PathIndex(url_of(dest) for dest in [*site.files, *site.pages])

    # Files and ids ---------------------------------------------------------------------------

    def is_built(self, dest: str) -> bool:
        """A file of the build: known to MkDocs, or written into site_dir (handouts, search index)."""
        if dest in self.site.files or dest in self.site.pages:
            return True
        if dest not in self.present:
            self.present[dest] = self.site.exists(dest)
        return self.present[dest]

    def ids_of(self, dest: str) -> Mapping[str, int] | None:
        """The ids of a built HTML file; None for files without ids (PDF, images)."""
        scan = self.site.scans.get(dest)
        if scan is not None:
            return scan.ids
        if not dest.endswith((".html", ".htm")):
            return None
        if dest not in self.html_ids:
            html = self.site.read(dest)
            self.html_ids[dest] = scan_html(html).ids if html is not None else None
        return self.html_ids[dest]

    def source_of(self, dest: str) -> str | None:
        """The file of docs/ (or of the theme) a built file came from; None for generated files."""
        page = self.site.pages.get(dest)
        return page.src_uri if page is not None else self.site.files.get(dest)

    def title_of(self, resolved: Resolved | None) -> str | None:
        page = self.site.pages.get(resolved.dest) if resolved is not None and resolved.dest else None
        return page.title or None if page is not None else None

    # Resolving -------------------------------------------------------------------------------

    def resolve(self, url: str, base_dir: str, *, absolute_ok: bool) -> Resolved | Verdict | None:
        """Where a link from the folder `base_dir` leads, or what is wrong with an external one."""
        key = ("" if url.startswith("#") else base_dir, url, absolute_ok)
        found = self.resolutions.get(key, MISSING)
        if found is MISSING:
            found = self.resolutions[key] = self.resolve_uncached(url, key[0], absolute_ok=absolute_ok)
        return found  # type: ignore[return-value]

    def judge_page(self, dest: str, links: Iterable[Link]) -> Iterator[tuple[Link, Resolved | None, list[Verdict]]]:
        """Judge every link of the built file `dest`, in order.

        With directory URLs every page is a folder of its own, so a link is remembered by the
        folder it really starts from: `../x/` from a/b/ is `x/` from a/, the same for every page
        of a/. Only what does not depend on the page itself is remembered.
        """
        folders = dest.split("/")[:-1]
        ancestors = ["/".join(folders[: len(folders) - ups]) for ups in range(len(folders) + 1)]
        absolute_ok = dest not in self.site.pages
        scan = self.site.scans.get(dest)
        ids = scan.ids if scan is not None else {}
        for link in links:
            url = link.url
            if not link.in_content and url.startswith("#") and url[1:] in ids and (link.text or link.label):
                continue  # the theme's table of contents: the headings of this very page
            ups = 0
            while url.startswith("../", 3 * ups):
                ups += 1
            if url == "..":
                ups, url = 1, "../"
            key = None
            if ups < len(ancestors) and not url.startswith("#"):
                rest = url[3 * ups :]
                if not rest or rest[0] in "#?":  # `../#x` is an anchor of the folder's page, not of this one
                    rest = "./" + rest
                key = (ancestors[ups], rest, link.text, link.label, absolute_ok, link.request)
                known = self.judged.get(key)
                if known is not None:
                    yield link, known[0], known[1]
                    continue
            if key is not None:  # resolved from the folder it really starts from, shared by the pages there
                resolved, verdicts = self.judge(link, dest, key[0], key[1], absolute_ok=absolute_ok)
            else:
                resolved, verdicts = self.judge(link, dest, ancestors[0], url, absolute_ok=absolute_ok)
            if key is not None and (
                resolved is None or not (resolved.same_page or resolved.absolute or resolved.dest == dest)
            ):
                self.judged[key] = (resolved, verdicts)
            yield link, resolved, verdicts

    def resolve_uncached(self, url: str, base_dir: str, *, absolute_ok: bool) -> Resolved | Verdict | None:
        if ":" in url or url.startswith("//"):
            try:
                parts = urlsplit(url)
            except ValueError:
                return Verdict("not a valid address", "; fix the link")
            scheme = parts.scheme.lower()
            if self.site_host and parts.netloc.lower() == self.site_host and parts.path.startswith(self.site_path):
                # The site's own address: `mkdocs serve` gives it as http://127.0.0.1:8000/.
                insecure = None if scheme == self.site_scheme else judge_external(url, scheme)
                return insecure or self.find(parts.path[len(self.site_path) :], "", parts.fragment)
            if scheme or parts.netloc:
                return judge_external(url, scheme)
            path, fragment = parts.path, parts.fragment
        else:  # the common case, a relative link: no need for the general URL parser
            path, _, fragment = url.partition("#")
            path = path.partition("?")[0]
        if not path:
            return Resolved(None, "", fragment, same_page=True)
        if path.startswith("/"):
            inside = path.startswith(self.site_path)
            path = path[len(self.site_path) :] if inside else "../" + path.lstrip("/")
            return self.find(path, "", fragment, absolute=not absolute_ok)
        return self.find(path, base_dir, fragment)

    def find(self, path: str, base_dir: str, fragment: str, *, absolute: bool = False) -> Resolved:
        """The built file a path leads to: `x/` is `x/index.html`; `x` is the file `x`, else `x/index.html`."""
        decoded = unquote(path) if "%" in path else path
        if decoded.startswith(".") or "/." in decoded or "//" in decoded:
            joined = posixpath.normpath(posixpath.join(base_dir, decoded))
            joined = "" if joined == "." else joined
        else:  # the common case, nothing to normalise
            joined = f"{base_dir}/{decoded}".strip("/") if base_dir else decoded.rstrip("/")
        if joined == ".." or joined.startswith("../"):
            # Outside this build: only a page of another edition of the site (its language switch).
            index = joined.rstrip("/") + "/" + HOME if decoded.endswith("/") or joined == ".." else joined
            return Resolved(index if self.site.exists(index) else None, joined, fragment, absolute)
        if not joined or decoded.endswith("/") or posixpath.basename(decoded) in (".", ".."):
            index = posixpath.join(joined, HOME)
            return Resolved(index if self.is_built(index) else None, joined + "/" if joined else "", fragment, absolute)
        if self.is_built(joined):
            return Resolved(joined, joined, fragment, absolute)
        index = joined + "/" + HOME
        return Resolved(index if self.is_built(index) else None, joined, fragment, absolute)

    # Judging ---------------------------------------------------------------------------------

    def judge(
        self, link: Link, base: str, base_dir: str, url: str, *, absolute_ok: bool
    ) -> tuple[Resolved | None, list[Verdict]]:
        """Every problem of one link of the built file `base`, and where it leads; the link's target
        is `url` from the folder `base_dir`."""
        if link.request and (request := judge_request(url, self.site_host)) is not None:
            return None, [request]
        verdicts: list[Verdict] = []
        outcome = self.resolve(url, base_dir, absolute_ok=absolute_ok)
        resolved = outcome if isinstance(outcome, Resolved) else None
        if isinstance(outcome, Verdict):
            verdicts.append(outcome)
        elif resolved is not None:
            if resolved.same_page or resolved.absolute or resolved.dest == base:
                verdict = self.judge_resolved(resolved, base)
            else:  # the same for every page that links there
                verdict = self.targets.get(resolved, MISSING)  # type: ignore[assignment]
                if verdict is MISSING:
                    verdict = self.targets[resolved] = self.judge_resolved(resolved, base)
            if verdict is not None:
                verdicts.append(verdict)
        if link.text is not None:
            key = (link.text, link.label, resolved.dest if resolved is not None else None)
            verdict = self.texts.get(key, MISSING)  # type: ignore[assignment]
            if verdict is MISSING:
                verdict = self.texts[key] = judge_text(link, self.title_of(resolved))
            if verdict is not None:
                verdicts.append(verdict)
        return resolved, verdicts

    def judge_resolved(self, resolved: Resolved, base: str) -> Verdict | None:
        """A missing file, a missing anchor, or an absolute link that works only at one address."""
        target = base if resolved.same_page else resolved.dest
        if target is None:
            return Verdict("no such page or file in the site")
        fragment = unquote(resolved.fragment) if "%" in resolved.fragment else resolved.fragment
        ids = self.ids_of(target) if fragment else None
        if ids is not None and fragment not in ids and fragment != "top":
            where = "on this page" if target == base else f"in {self.source_of(target) or target}"
            same_case = [anchor for anchor in ids if anchor.lower() == fragment.lower()]
            if same_case:
                return Verdict(
                    f"no such anchor {where}, anchors are case-sensitive", f"; did you mean '{same_case[0]}'?"
                )
            close = closest(fragment, ids)
            page = "this page" if target == base else "that page"
            hint = f"; did you mean '{close}'?" if close else f"; link to a heading of {page}"
            return Verdict(f"no such anchor {where}", hint)
        if resolved.absolute:
            relative = relative_url(url_of(target), posixpath.dirname(base))
            page = self.site.pages.get(base)
            if page is not None and (source := self.source_of(target)) is not None:
                relative = posixpath.relpath(source, posixpath.dirname(page.src_uri) or ".")
            fragment = "#" + resolved.fragment if resolved.fragment else ""
            return Verdict("absolute link, it breaks when the site moves", f"; did you mean '{relative}{fragment}'?")
        return None

    # Suggestions -----------------------------------------------------------------------------

    def suggest_target(self, written: str, resolved: Resolved, page: PageInfo | None, base: str) -> str:
        """'; did you mean X?' in the spelling the editor used: a Markdown file or a built URL."""
        parts = urlsplit(written)
        fragment = "#" + parts.fragment if parts.fragment else ""
        if parts.path.endswith(".md") and page is not None:
            src_dir = posixpath.dirname(page.src_uri)
            wanted = posixpath.normpath(posixpath.join(src_dir, unquote(parts.path)))
            best = self.sources.closest(wanted)
            if best is not None:
                return f"; did you mean '{posixpath.relpath(best, src_dir or '.')}{fragment}'?"
        elif resolved.path and not resolved.path.startswith("../"):
            folder = posixpath.dirname(resolved.path.rstrip("/"))
            best = self.urls.closest(resolved.path, self.site.listdir(folder))
            if best is not None:
                return f"; did you mean '{relative_url(best, posixpath.dirname(base))}{fragment}'?"
        return "; fix the path or remove the link"


def url_of(dest: str) -> str:
    """A built file as a link names it: `x/index.html` is the folder `x/`, the home page ''."""
    if dest == HOME:
        return ""
    return dest[: -len(HOME)] if dest.endswith("/" + HOME) else dest


def relative_url(url: str, base_dir: str) -> str:
    """`url` (from the site root, folders ending in '/') as a link from the folder `base_dir`."""
    folder = url == "" or url.endswith("/")
    relative = posixpath.relpath(url.rstrip("/") or ".", base_dir or ".")
    if folder:
        return "./" if relative == "." else relative + "/"
    return relative


class PathIndex:
    """Paths grouped by folder, to suggest the one nearest to a broken path: first in its folder,
    then anywhere with the same extension.

    Names are compared without their extension, which every candidate shares and which would make
    'nope.md' look like 'index.md'.
    """

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = list(dict.fromkeys(paths))
        self.folders: dict[str, list[str]] = {}
        for path in self.paths:
            self.folders.setdefault(posixpath.dirname(path.rstrip("/")), []).append(path)
        # The paths of the whole site by name, for each extension asked for: the same for every suggestion.
        self.by_extension: dict[str, dict[str, str]] = {}

    def closest(self, wanted: str, more: Sequence[str] = ()) -> str | None:
        folder, name = posixpath.split(wanted.rstrip("/"))
        stem, extension = posixpath.splitext(name)
        best = closest(stem, stems := self.stems([*self.folders.get(folder, []), *more], extension, stem))
        if best is None:
            if extension not in self.by_extension:
                self.by_extension[extension] = self.stems(self.paths, extension)
            best = closest(stem, stems := self.by_extension[extension])
        return stems[best] if best is not None else None

    @staticmethod
    def stems(paths: Iterable[str], extension: str, stem: str | None = None) -> dict[str, str]:
        """The first of `paths` of each name, without its extension: those with `extension`, and
        those named `stem` whatever their extension."""
        stems: dict[str, str] = {}
        for path in paths:
            other_stem, other_extension = posixpath.splitext(posixpath.basename(path.rstrip("/")))
            if other_stem and (other_extension == extension or other_stem == stem):
                stems.setdefault(other_stem, path)
        return stems


# The address of the local preview server, never a third-party host.
LOCAL_PREVIEW = re.compile(r"^http://(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?(?:/|$)")


def judge_external(url: str, scheme: str) -> Verdict | None:
    """https is fine; http, a `//host` without scheme, malformed mailto: and tel:, scripts and
    inline data, and typos are not."""
    if scheme == "https" or scheme in QUIET_SCHEMES:
        return None
    if scheme in BLOCKED_SCHEMES:
        return Verdict(f"'{scheme}:' links are not allowed", ALLOWED_LINKS)
    if scheme == "http" and LOCAL_PREVIEW.match(url):
        return None  # `mkdocs serve` puts its own http://127.0.0.1 address in site_url: the canonical link
    if scheme == "http":
        return Verdict("insecure http link", f"; did you mean 'https{url[4:]}'?")
    if not scheme:
        return Verdict("link without a scheme", f"; did you mean 'https:{url}'?")
    if scheme == "mailto":
        addresses = unquote(url[len("mailto:") :].split("?", 1)[0])
        if not all(EMAIL.match(address.strip()) for address in addresses.split(",")):
            return Verdict("malformed email link", "; write mailto: and an address, e.g. 'mailto:name@example.org'")
        return None
    if scheme == "tel":
        number = unquote(url[len("tel:") :])
        if not TEL.match(number) or sum(ch.isdigit() for ch in number.split(";")[0]) < 3:
            return Verdict(
                "malformed phone link", "; write tel: and the number without spaces, e.g. 'tel:+442079460000'"
            )
        return None
    close = closest(scheme, LINK_SCHEMES)
    hint = f"; did you mean '{close}:'?" if close else "; use an https:, mailto: or tel: link"
    return Verdict(f"unknown link type '{scheme}:'", hint)


def judge_request(url: str, site_host: str) -> Verdict | None:
    """A file the browser fetches by itself (image, script, frame, stylesheet, form) from another
    host than the site's: patients' browsers must never contact a third party."""
    if not url.startswith("//") and "://" not in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None  # reported as not a valid address
    if not parts.netloc or parts.netloc.lower() == site_host:
        return None
    return Verdict(
        f"the page loads it from another host ({parts.hostname or parts.netloc}), so every patient's browser would contact that host",
        "; serve the file from this site (under docs/) or remove it; a plain link to the address is fine",
    )


def judge_text(link: Link, title: str | None) -> Verdict | None:
    """Link text says where the link goes: not empty, not vague, not a bare URL."""
    text = " ".join((link.text or "").split())
    name = f"; use text such as '{title}'" if title else "; say where the link goes instead"
    if not text and not link.label:
        return Verdict("empty link text", "; add link text, an image with alt text or an aria-label", about_text=True)
    if text.lower().rstrip(" .:!?…»›→").strip() in VAGUE_TEXTS:
        return Verdict(f"link text '{text}' does not say where the link goes", name, about_text=True)
    if BARE_URL.match(text):
        return Verdict("link text is a bare URL", name, about_text=True)
    return None


# Placing a problem in its source --------------------------------------------------------------


def occurrences(needle: str, text: str, *, loose: bool = False) -> list[int]:
    """Offsets of `needle` in `text` where it stands whole, as a link target does (anywhere if loose).

    A plain search and a look at the characters around each hit: a pattern per needle took longer
    to compile (about 5 ms) than the search itself.
    """
    found: list[int] = []
    if not needle:
        return found
    start = text.find(needle)
    while start >= 0:
        end = start + len(needle)
        if loose or not ((start and JOINS_BEFORE.match(text, start - 1)) or JOINS_AFTER.match(text, end)):
            found.append(start)
            start = text.find(needle, end)
        else:
            start = text.find(needle, start + 1)
    return found


def built_source(site: SiteIndex, built: str) -> Source | None:
    """The source an editor changes for a built file: its Markdown page, or the template of the
    theme's overrides that rendered it (404.html); None for neither."""
    page = site.pages.get(built)
    if page is not None:
        return Source(page.path, site.markdown_of(page))
    template = site.templates.get(built)
    return next((source for source in site.template_sources if source.path == template), None)


def placed_tables(markdown: str) -> list[str]:
    """The data tables a page places with `<!-- md:table ID -->`."""
    return [m["args"].split()[0] for m in MARKER.finditer(markdown) if m["name"] == "table" and m["args"].split()]


def page_sources(page: PageInfo, site: SiteIndex) -> list[Source]:
    """Where a page's links may be written: the page, the tables it places, then the other data files."""
    markdown = site.markdown_of(page)
    data = site.data
    tables = {f"tables/{table}.yml" for table in placed_tables(markdown)}
    placed = [source for source in data if any(source.path.endswith("/" + table) for table in tables)]
    others = [source for source in data if "/tables/" not in source.path]
    return [Source(page.path, markdown), *placed, *others]


def locate(
    forms: Sequence[str], sources: Sequence[Source], nth: int, *, loose: Sequence[str] = ()
) -> tuple[str, int, str] | None:
    """(path, line, spelling) of the `nth` link written as any of `forms`, in source order; `loose`
    are last resorts found anywhere (a fragment, the link text), whose spelling is unknown ('')."""
    for needles, is_loose in ((forms, False), (loose, True)):
        found: dict[tuple[int, int], str] = {}
        for index, source in enumerate(sources):
            for needle in needles:
                for offset in occurrences(needle, source.text, loose=is_loose):
                    found.setdefault((index, offset), needle)
        if found:
            index, offset = sorted(found)[min(nth, len(found) - 1)]
            source = sources[index]
            return source.path, line_at(source.text, offset), "" if is_loose else found[index, offset]
    return None


def written_forms(checker: SiteChecker, link: Link, page: PageInfo, resolved: Resolved | None) -> list[str]:
    """The ways a page's Markdown may spell the link that was rendered as `link.url`."""
    forms = [link.url]
    if "&" in link.url:
        forms.append(link.url.replace("&", "&amp;"))
    if link.url.startswith("/") or urlsplit(link.url).scheme:
        return forms  # MkDocs rewrites only relative links to the files of docs/
    fragment = "#" + resolved.fragment if resolved is not None and resolved.fragment else ""
    target = resolved.dest if resolved is not None else None
    if fragment and resolved is not None and (resolved.same_page or target == page.dest_uri):
        forms.append(fragment)
    source = checker.source_of(target) if target is not None else None
    if source is not None:
        relative = posixpath.relpath(source, posixpath.dirname(page.src_uri) or ".")
        forms += [relative + fragment, "./" + relative + fragment, source + fragment]
    return list(dict.fromkeys(forms))


# The whole site -------------------------------------------------------------------------------


def check_site(site: SiteIndex) -> list[Finding]:
    """Every problem of the site, each once, in file and line order."""
    checker = SiteChecker(site)
    findings: list[Finding] = []
    linked: set[str] = set()
    missing_nav = check_nav(site, findings)
    for dest, scan in site.scans.items():
        page = site.pages.get(dest)
        findings += check_page(checker, dest, scan, page, missing_nav, linked)
    findings += unlisted_pages(site, linked)
    return unique(findings)


def check_page(
    checker: SiteChecker,
    dest: str,
    scan: PageScan,
    page: PageInfo | None,
    missing_nav: set[str],
    linked: set[str],
) -> list[Finding]:
    """The problems of one built page; the pages its content links lead to are added to `linked`."""
    site = checker.site
    findings: list[Finding] = []
    links = scan.links
    for index, (link, resolved, verdicts) in enumerate(checker.judge_page(dest, links)):
        target = resolved.dest if resolved is not None else None
        if target is not None and target != dest and link.in_content and page is not None:
            linked.add(target)
        if not verdicts:
            continue
        if not link.in_content and resolved is not None and resolved.path.rstrip("/") in missing_nav:
            continue  # a nav entry that names no page: reported once, on its line of the configuration
        nth = sum(1 for earlier in links[:index] if earlier.url == link.url)
        for verdict in verdicts:
            if page is not None and link.in_content:
                findings.append(place_in_page(checker, verdict, link, resolved, nth, page))
            else:
                findings.append(place_in_theme(checker, verdict, link, resolved, dest, page))
    findings += duplicate_ids(scan, page, site.templates.get(dest, dest), site)
    if scan.diagrams:
        findings.append(mermaid_diagrams(page, site.templates.get(dest, dest), site))
    return findings


# Written as a fence, or as an element of that class in raw HTML.
MERMAID_FORMS = ("```mermaid", "~~~mermaid", 'class="mermaid"', "class='mermaid'")


def mermaid_diagrams(page: PageInfo | None, template: str, site: SiteIndex) -> Finding:
    """A Mermaid diagram: Material would fetch the Mermaid script from unpkg.com for it."""
    message = (
        "Mermaid diagram: the theme would load its script from unpkg.com, another host; "
        "remove the diagram or render it to an image (under docs/)"
    )
    sources = page_sources(page, site) if page is not None else site.template_sources
    where = locate(MERMAID_FORMS, sources, 0, loose=["mermaid"])
    if where is None:
        return Finding(Problem(page.path if page is not None else template, 1, message))
    return Finding(Problem(where[0], where[1], message))


def place_in_page(
    checker: SiteChecker, verdict: Verdict, link: Link, resolved: Resolved | None, nth: int, page: PageInfo
) -> Finding:
    """A problem of a link of the page content, on the line of the page or data file it is written on."""
    forms = written_forms(checker, link, page, resolved)
    loose = ["#" + resolved.fragment] if resolved is not None and resolved.fragment else []
    if link.text:
        loose.append("[" + " ".join(link.text.split()) + "]")
    path, line, written = locate(forms, page_sources(page, checker.site), nth, loose=loose) or (page.path, 1, "")
    written = written or link.url
    hint = verdict.hint
    if not hint and resolved is not None:
        hint = checker.suggest_target(written, resolved, page, page.dest_uri)
    problem = Problem(path, line, f"link '{written}': {verdict.what}{hint}")
    # MkDocs judges where links lead, never their text.
    covers = frozenset() if verdict.about_text else frozenset((page.src_uri, form) for form in forms)
    return Finding(problem, covers)


def place_in_theme(
    checker: SiteChecker, verdict: Verdict, link: Link, resolved: Resolved | None, base: str, page: PageInfo | None
) -> Finding:
    """A problem of a link the theme adds: on the line of our template that writes it, else on the page."""
    hint = verdict.hint
    if not hint and resolved is not None:
        hint = checker.suggest_target(link.url, resolved, page, base)
    where = locate([link.url], checker.site.template_sources, 0)
    if where is not None:
        problem = Problem(where[0], where[1], f"link '{link.url}': {verdict.what}{hint}")
        return Finding(problem, key=f"{where[0]}:{where[1]}: {link.url} {verdict.what}")
    path = checker.site.templates.get(base) or (page.path if page is not None else base)
    problem = Problem(path, 1, f"link '{link.url}': {verdict.what} (added by the theme around the page){hint}")
    target = link.url if resolved is None else (base if resolved.same_page else resolved.path) + "#" + resolved.fragment
    return Finding(problem, key=f"theme: {target} {verdict.what}")


def duplicate_ids(scan: PageScan, page: PageInfo | None, template: str, site: SiteIndex) -> list[Finding]:
    """Ids used more than once on a page: a link to them is ambiguous."""
    findings = []
    for anchor, count in scan.ids.items():
        if count < 2 or not anchor:
            continue
        message = f"id '{anchor}' is used {count} times on this page; make each id unique"
        if page is None:
            findings.append(Finding(Problem(template, 1, message)))
            continue
        forms = [f'id="{anchor}"', f"id='{anchor}'", "#" + anchor]
        where = locate(forms, page_sources(page, site), 1)
        findings.append(Finding(Problem(where[0], where[1], message) if where else Problem(page.path, 1, message)))
    return findings


def check_nav(site: SiteIndex, findings: list[Finding]) -> set[str]:
    """Nav entries must name a file of docs/ or an https address; returns the paths that name nothing."""
    known = sorted({page.src_uri for page in site.pages.values()} | set(site.files.values()))
    pages = PathIndex(path for path in known if path.endswith(".md"))
    missing = set()
    for entry in site.nav:
        parts = urlsplit(entry.path)
        if parts.scheme or parts.netloc:
            verdict = judge_external(entry.path, parts.scheme.lower())
            if verdict is not None:
                problem = Problem(
                    site.config_path, entry.line, f"nav entry '{entry.path}': {verdict.what}{verdict.hint}"
                )
                findings.append(Finding(problem))
            continue
        if entry.path in known or entry.path.startswith("/"):
            continue
        missing.add(entry.path)
        close = pages.closest(entry.path)
        hint = f"; did you mean '{close}'?" if close else "; fix the path or remove the entry"
        problem = Problem(site.config_path, entry.line, f"nav entry '{entry.path}': no such page in docs/{hint}")
        findings.append(Finding(problem, frozenset([("nav", entry.path)])))
    return missing


def unlisted_pages(site: SiteIndex, linked: set[str]) -> list[Finding]:
    """Pages missing from the nav, and patient pages no other page links to: orphans when both."""
    findings = []
    for dest, page in site.pages.items():
        reachable = dest in linked or dest == HOME
        if page.nav_required and not page.in_nav:
            if reachable or not page.patient:
                message = f"page is not in the nav; add it to 'nav' in {site.config_path}"
            else:
                message = f"orphan page: not in the nav and no other page links to it; add it to 'nav' in {site.config_path} and link to it from a related page"
            findings.append(Finding(Problem(page.path, 1, message), frozenset([("page", page.src_uri)])))
        elif page.patient and not reachable:
            message = "no other page links to this page; link to it from a related page"
            findings.append(Finding(Problem(page.path, 1, message)))
    return findings


def unique(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per problem (a data table on two pages is one problem), sorted by file and line."""
    kept: dict[str, Finding] = {}
    for finding in findings:
        key = finding.key or str(finding.problem)
        first = kept.get(key)
        kept[key] = finding if first is None else Finding(first.problem, first.covers | finding.covers, key)
    return sorted(kept.values(), key=lambda f: (f.problem.path, f.problem.line, f.problem.message))
