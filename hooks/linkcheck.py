"""Check every link, anchor and page of a rendered site, and say where an editor fixes each problem.

Reads the HTML the build wrote (so raw HTML, generated tables and what the theme adds are covered),
resolves each internal `href`/`src` against the built files, each fragment against the ids of its
target, and judges link text and external links without any network access. A problem is placed on
the line of the Markdown page (or data file, or template) the link was written in. Pure: no MkDocs
import; the hook `hooks/crosslinks.py` feeds it.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from hooks.markers import MARKER, Problem

# Material puts the page's own content in this element; everything around it is the theme's.
CONTENT = "article.md-content__inner"
# Link texts that do not say where a link goes (compared lower-case, without end punctuation).
VAGUE_TEXTS = frozenset({"click here", "here", "read more", "this page", "more", "click", "link", "this link"})
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
BARE_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.I)
TEL = re.compile(r"^\+?[0-9](?:[0-9().-]*[0-9])?(?:;[a-z0-9-]+(?:=[^;]*)?)*$", re.I)
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
# Schemes a browser handles without the network check we do not do; anything else is a typo.
QUIET_SCHEMES = frozenset({"data", "javascript", "blob", "sms"})
LINK_SCHEMES = ("https", "mailto", "tel")
HOME = "index.html"
# Characters that make a hit part of a longer path or word rather than the link itself.
JOINS_BEFORE = re.compile(r"[\w./#%-]")
JOINS_AFTER = re.compile(r"[\w/#%-]|\.\w")
# What comes before the value on a line of YAML: a key, a list dash.
YAML_VALUE = re.compile(r":\s+|^\s*-\s+")
MISSING = object()  # not in a cache yet


# Reading the HTML ------------------------------------------------------------------------------


class Link(NamedTuple):
    """One `href` or `src` of a built page (a tuple: a big site has hundreds of thousands).

    `text` is what a reader sees of an `<a>` (its text, or its images' alt text), None for other
    elements; `label` its aria-label. `in_content` is False for what the theme adds around the page.
    """

    url: str
    text: str | None = None
    label: str = ""
    in_content: bool = True


@dataclass(frozen=True)
class PageScan:
    """The links of one built HTML file and how many elements carry each id."""

    links: tuple[Link, ...]
    ids: Mapping[str, int]


def scan_html(html: str, dest: str = "") -> PageScan:
    """Read the links and ids of one built page (`dest` its path in the site): content, then theme."""
    return SiteReader().read(html, dest)


class PageRecord(NamedTuple):
    """What one built page holds for the checker, read without regard to any other page.

    `content` holds the links of the page content in document order, `ids` how many elements carry
    each id, `theme` the links the theme puts around the content, as their numbers in a ThemeTable,
    each once, in the order they first appear.
    """

    content: tuple[Link, ...]
    ids: Mapping[str, int]
    theme: tuple[int, ...]


@dataclass
class ThemeTable:
    """Every distinct theme link read so far, numbered in the order first read.

    The theme repeats the same links on every page: the nav alone has hundreds. A link is told by
    its text and by theme_key, and each is judged once for the whole site.
    """

    numbers: dict[tuple[str | None, ...], int] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)

    def add(self, key: tuple[str | None, ...], link: Link) -> int:
        """Number a new link; `key` tells it from the others."""
        number = self.numbers[key] = len(self.links)
        self.links.append(link)
        return number

    def keys(self) -> list[tuple[str | None, ...]]:
        """Every key, in the order of the numbers."""
        return list(self.numbers)


class Records:
    """Where a reader looks for the record of a page it has read before: here, nowhere.

    hooks/pagerecords.py keeps them on disk from one build to the next.
    """

    def __init__(self, theme: ThemeTable | None = None) -> None:
        self.theme = theme if theme is not None else ThemeTable()

    def get(self, dest: str, html: str) -> PageRecord | None:
        """The record of the page `dest` if it was read before with exactly this HTML."""
        return None

    def put(self, dest: str, html: str, record: PageRecord) -> None:
        """Remember the record of `dest` as read from `html`."""


class SiteReader:
    """Reads the built pages of one build, giving each distinct theme link to the checker once."""

    def __init__(self, records: Records | None = None) -> None:
        self.records = records if records is not None else Records()
        self.theme_seen: set[int] = set()

    def read(self, html: str, dest: str) -> PageScan:
        """The links and ids of the built page `dest` (its path in the site)."""
        record = self.records.get(dest, html)
        if record is None:
            record = read_record(html, dest, self.records.theme)
            self.records.put(dest, html, record)
        seen = self.theme_seen
        new = [number for number in record.theme if number not in seen]
        seen.update(new)
        links = self.records.theme.links
        return PageScan(record.content + tuple(links[number] for number in new), record.ids)


def read_record(html: str, dest: str, theme: ThemeTable) -> PageRecord:
    """Read a built page: the page content first, then the theme around it, numbering the theme's
    links in `theme` (a link new to the table is added to it)."""
    tree = LexborHTMLParser(html)
    links: list[Link] = []
    ids: Counter[str] = Counter()
    numbers: list[int] = []
    content = tree.css_first(CONTENT)
    if content is not None:
        read_region(content, links, ids, theme=None, numbers=numbers, dest=dest)
        content.decompose()
    if tree.root is not None:
        read_region(tree.root, links, ids, theme=theme, numbers=numbers, dest=dest)
    return PageRecord(tuple(links), dict(ids), tuple(dict.fromkeys(numbers)))


def read_region(
    root: LexborNode,
    links: list[Link],
    ids: Counter[str],
    *,
    theme: ThemeTable | None,
    numbers: list[int],
    dest: str,
) -> None:
    """Count the ids (and old `<a name>` anchors) of `root` and collect its links in document order.

    `theme` is None for the page content, whose links go to `links`; the theme's links go to
    `numbers`, as their numbers in `theme`.
    """
    folder = posixpath.dirname(dest)
    parent = posixpath.dirname(folder) if folder else None
    table = theme.numbers if theme is not None else {}
    for node in root.css("[id], [href], [src], a[name]"):  # one walk of the tree for all of them
        attributes = node.attributes
        anchor = attributes.get("id") or (attributes.get("name") if node.tag == "a" else None)
        if anchor:
            ids[anchor] += 1
        url = attributes.get("href")
        if url is None:
            url = attributes.get("src")
        if url is None:
            continue
        label = attributes.get("aria-label") or ""
        tag = node.tag or ""
        if theme is None:
            links.append(read_link(node, tag, url, label, in_content=True))
            continue
        # Told apart by their text as written (cheaper than the text a reader sees, read once).
        written = node.text(deep=True) if tag == "a" else None
        key = (
            written if written is None or written.strip() else visible_text(node),
            *theme_key(tag, url, label, folder, parent, dest),
        )
        number = table.get(key)
        if number is None:
            number = theme.add(key, read_link(node, tag, url, label, in_content=False))
        numbers.append(number)


def read_link(node: LexborNode, tag: str, url: str, label: str, *, in_content: bool) -> Link:
    """The Link of an element with an `href` or `src`: with its text and label if it is an `<a>`."""
    if tag == "a":
        return Link(url.strip(), visible_text(node), label.strip(), in_content)
    return Link(url.strip(), None, "", in_content)


def theme_key(tag: str, url: str, label: str, folder: str, parent: str | None, dest: str) -> tuple[str, ...]:
    """What makes two theme links the same: element, label, and target as read from a folder.

    `../x/` from a/b/ and from a/c/ is the same link, `x/` from a/; a fragment of the page itself
    is the page's own.
    """
    if url.startswith("#"):
        return (tag, label, dest, url)
    if url.startswith("/") or SCHEME.match(url):
        return (tag, label, "", url)
    if parent is not None and url.startswith("../"):
        return (tag, label, parent, url[3:])
    return (tag, label, folder, url)


def visible_text(node: LexborNode) -> str:
    """The text a link shows, its white space collapsed, images counted by their alt text."""
    text = " ".join(node.text(deep=True, separator=" ", strip=True).split())
    if text:
        return text
    return " ".join(alt for image in node.css("img") if (alt := (image.attributes.get("alt") or "").strip()))


# What the checker knows of the site -----------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A file a link may be written in: a page's Markdown, a data file, a template."""

    path: str
    text: str


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


class PageResult(NamedTuple):
    """What the check of one built page found, and what that depends on besides the page itself.

    `linked` holds the pages its content links lead to, `targets` the built pages whose ids its
    links were judged against; `markdown_read` is True when its problems were placed on lines of
    its Markdown.
    """

    findings: tuple[Finding, ...]
    linked: tuple[str, ...]
    targets: tuple[str, ...]
    markdown_read: bool


class Results:
    """Where check_site looks for what the check of a page found at an earlier build: here, nowhere.

    hooks/pagerecords.py keeps them on disk from one build to the next; a result holds while the
    page, the pages it links to and the site around them are as they were.
    """

    def start(self, site: SiteIndex) -> None:
        """Called once before any page is checked, with what the build knows of the whole site."""

    def get(self, dest: str, scan: PageScan) -> PageResult | None:
        """The result of the page `dest` if it still holds."""
        return None

    def put(self, dest: str, scan: PageScan, result: PageResult) -> None:
        """Remember what the check of `dest` found."""

    def finish(self, probes: Mapping[tuple[str, str], object]) -> None:
        """Called once after the check, with every look it took at the built folder and its answer."""


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
        self.judged: dict[tuple[str, str, str | None, str, bool], tuple[Resolved | None, list[Verdict]]] = {}
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
                key = (ancestors[ups], rest, link.text, link.label, absolute_ok)
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
            return Resolved(None, joined, fragment, absolute)
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


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelt word, if one is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


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

    def closest(self, wanted: str, more: Sequence[str] = ()) -> str | None:
        folder, name = posixpath.split(wanted.rstrip("/"))
        stem, extension = posixpath.splitext(name)
        same_folder = [*self.folders.get(folder, []), *more]
        for candidates in (same_folder, self.paths):
            stems: dict[str, str] = {}
            for path in candidates:
                other_stem, other_extension = posixpath.splitext(posixpath.basename(path.rstrip("/")))
                if other_stem and (other_extension == extension or (candidates is same_folder and other_stem == stem)):
                    stems.setdefault(other_stem, path)
            best = closest(stem, stems)
            if best is not None:
                return stems[best]
        return None


# The address of the local preview server, never a third-party host.
LOCAL_PREVIEW = re.compile(r"^http://(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?(?:/|$)")


def judge_external(url: str, scheme: str) -> Verdict | None:
    """https is fine; http, a `//host` without scheme, malformed mailto: and tel:, and typos are not."""
    if scheme == "https" or scheme in QUIET_SCHEMES:
        return None
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


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


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


def check_site(site: SiteIndex, results: Results | None = None) -> list[Finding]:
    """Every problem of the site, each once, in file and line order.

    `results` may hold what the check of a page found at an earlier build; a page whose result
    still holds is not checked again (see Results).
    """
    results = results if results is not None else Results()
    results.start(site)
    probes: dict[tuple[str, str], object] = {}
    markdown_read: set[str] = set()
    checker = SiteChecker(recording(site, probes, markdown_read))
    findings: list[Finding] = []
    linked: set[str] = set()
    missing_nav = check_nav(site, findings)
    for dest, scan in site.scans.items():
        page = site.pages.get(dest)
        result = results.get(dest, scan) if page is not None else None
        if result is None:
            result = check_page(checker, dest, scan, page, missing_nav, markdown_read)
            if page is not None:
                results.put(dest, scan, result)
        findings += result.findings
        linked.update(result.linked)
    findings += unlisted_pages(site, linked)
    results.finish(probes)
    return unique(findings)


def check_page(
    checker: SiteChecker,
    dest: str,
    scan: PageScan,
    page: PageInfo | None,
    missing_nav: set[str],
    markdown_read: set[str],
) -> PageResult:
    """The problems of one built page, and the pages its findings depend on."""
    site = checker.site
    findings: list[Finding] = []
    linked: dict[str, None] = {}
    targets: set[str] = set()
    for index, (link, resolved, verdicts) in enumerate(checker.judge_page(dest, scan.links)):
        target = resolved.dest if resolved is not None else None
        if target is not None and target != dest:
            if target in site.scans:
                targets.add(target)
            if link.in_content and page is not None:
                linked[target] = None
        if not verdicts:
            continue
        if not link.in_content and resolved is not None and resolved.path.rstrip("/") in missing_nav:
            continue  # a nav entry that names no page: reported once, on its line of the configuration
        nth = sum(1 for earlier in scan.links[:index] if earlier.url == link.url)
        for verdict in verdicts:
            if page is not None and link.in_content:
                findings.append(place_in_page(checker, verdict, link, resolved, nth, page))
            else:
                findings.append(place_in_theme(checker, verdict, link, resolved, dest, page))
    findings += duplicate_ids(scan, page, site.templates.get(dest, dest), site)
    read = page is not None and page.src_uri in markdown_read
    return PageResult(tuple(findings), tuple(linked), tuple(sorted(targets)), read)


def recording(site: SiteIndex, probes: dict[tuple[str, str], object], markdown_read: set[str]) -> SiteIndex:
    """The same site, noting each look at the built folder (`probes`) and each page's Markdown read."""

    def exists(dest: str) -> bool:
        answer = probes["exists", dest] = site.exists(dest)
        return answer

    def read(dest: str) -> str | None:
        answer = probes["read", dest] = site.read(dest)
        return answer

    def listdir(folder: str) -> list[str]:
        answer = site.listdir(folder)
        probes["listdir", folder] = tuple(answer)
        return answer

    def markdown_of(page: PageInfo) -> str:
        markdown_read.add(page.src_uri)
        return site.markdown_of(page)

    return replace(site, exists=exists, read=read, listdir=listdir, markdown_of=markdown_of)


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


# MkDocs' own validation -----------------------------------------------------------------------

MKDOCS_LINK = re.compile(
    r"^Doc file '(?P<page>.+?)' contains (?:a|an absolute|an unrecognized relative) link (?:to )?'(?P<target>.*?)'(?:, | which )"
)
MKDOCS_NAV = re.compile(r"^A reference to '(?P<target>.+?)' is included in the 'nav' configuration, which is not found")
MKDOCS_OMITTED = re.compile(
    r'^The following pages exist in the docs directory, but are not included in the "nav" configuration:'
)


def is_mkdocs_link_warning(message: str) -> bool:
    """A message of MkDocs' link and nav validation, which this checker may report better."""
    return bool(MKDOCS_LINK.match(message) or MKDOCS_NAV.match(message) or MKDOCS_OMITTED.match(message))


def covered(findings: Iterable[Finding]) -> set[tuple[str, str]]:
    """What the findings say in MkDocs' terms (see Finding.covers)."""
    return {pair for finding in findings for pair in finding.covers}


def reported_by(message: str, reported: set[tuple[str, str]]) -> bool:
    """True when the checker reports, with its line, what a MkDocs validation message says."""
    if match := MKDOCS_LINK.match(message):
        return (match["page"], match["target"]) in reported
    if match := MKDOCS_NAV.match(message):
        return ("nav", match["target"]) in reported
    if MKDOCS_OMITTED.match(message):
        pages = [line.strip()[2:] for line in message.splitlines()[1:] if line.strip().startswith("- ")]
        return bool(pages) and all(("page", page.replace("\\", "/")) in reported for page in pages)
    return False


# Reading the configuration --------------------------------------------------------------------


def nav_entries(nav: Any, config_text: str) -> list[NavEntry]:
    """The pages and links of a `nav` setting, each with its line in the configuration file."""
    entries: list[NavEntry] = []
    lines = value_lines(config_text)

    def walk(item: Any, title: str | None = None) -> None:
        if isinstance(item, str):
            found = lines.get(item)
            entries.append(NavEntry(title, item, found.pop(0) if found else 1))
        elif isinstance(item, dict):
            for key, value in item.items():
                walk(value, str(key))
        elif isinstance(item, list):
            for child in item:
                walk(child)

    walk(nav or [])
    return entries


def value_lines(text: str) -> dict[str, list[int]]:
    """The lines of a YAML file by the scalar each ends with (`- Title: page.md` ends with page.md)."""
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        content = line.split(" #", 1)[0].rstrip()
        value = YAML_VALUE.split(content)[-1].strip().strip("'\"")
        if value:
            lines.setdefault(value, []).append(number)
    return lines


# A built site on disk, for checks outside a build ---------------------------------------------


def index_built_site(
    site_dir: Path, docs_dir: Path, *, docs_display: str = "docs", records: Records | None = None
) -> SiteIndex:
    """A SiteIndex of a site already built with directory URLs: its pages matched to their Markdown,
    read with the `records` of an earlier reading if given."""
    site = SiteIndex()
    reader = SiteReader(records)
    for file in sorted(site_dir.rglob("*")):
        if file.is_file():
            dest = file.relative_to(site_dir).as_posix()
            site.files[dest] = dest
    for markdown in sorted(docs_dir.rglob("*.md")):
        src = markdown.relative_to(docs_dir).as_posix()
        stem = src[: -len(".md")]
        dest = HOME if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/") + HOME
        if dest not in site.files:
            continue
        site.files[dest] = src
        text = markdown.read_text(encoding="utf-8")
        site.pages[dest] = PageInfo(src, dest, f"{docs_display}/{src}", text, title=src)
        site.scans[dest] = reader.read((site_dir / dest).read_text(encoding="utf-8"), dest)
    site.exists = lambda dest: (site_dir / dest).is_file()
    site.read = lambda dest: (site_dir / dest).read_text(encoding="utf-8") if (site_dir / dest).is_file() else None
    site.listdir = lambda folder: list_folder(site_dir, folder)
    return site


def list_folder(site_dir: Path, folder: str) -> list[str]:
    """The files of a folder of the built site, as paths from the site root."""
    path = site_dir / folder
    if not path.is_dir():
        return []
    return [posixpath.join(folder, child.name) for child in sorted(path.iterdir()) if child.is_file()]


__all__ = ["Finding", "Link", "PageInfo", "PageScan", "SiteIndex", "Source", "check_site", "scan_html"]
