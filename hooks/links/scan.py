"""Read the links and ids of a built HTML page, for the cross-link check.

The page's own content (Material's `article.md-content__inner`) is read link by link; the links
the theme puts around it (nav, header, footer) repeat on every page, so each distinct one is
handed to the checker once per build. No MkDocs import here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from sys import intern
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Material puts the page's own content in this element; everything around it is the theme's.
CONTENT = "article.md-content__inner"
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
# Every element that names an address, or holds an id or a style that may name one: one walk.
ELEMENTS = "[id], [href], [src], [srcset], [poster], object[data], form[action], [style], style, a[name]"
# Attributes whose address the browser fetches by itself, without the reader asking for it.
REQUEST_ATTRIBUTES = ("src", "srcset", "poster")
# Attributes that make an `<a href>` name more than the address of its href; and any element.
FETCHING = frozenset({*REQUEST_ATTRIBUTES, "style"})
NAMING = FETCHING | {"href", "data", "action"}
# `<link rel>` values that make the browser fetch (or connect to) the address of the href.
REQUEST_RELS = frozenset(
    {"stylesheet", "icon", "apple-touch-icon", "mask-icon", "preload", "modulepreload", "prefetch", "preconnect"}
    | {"dns-prefetch", "manifest", "prerender"}
)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)
# Material fetches Mermaid from unpkg.com for any element of this class.
MERMAID = "mermaid"


class Link(NamedTuple):
    """One `href` or `src` of a built page (a tuple: a big site has hundreds of thousands).

    `text` is what a reader sees of an `<a>` (its text, or its images' alt text), None for other
    elements; `label` its aria-label. `in_content` is False for what the theme adds around the page.
    """

    url: str
    text: str | None = None
    label: str = ""
    in_content: bool = True
    request: bool = False  # fetched by the browser on its own (an image, a script, a stylesheet, a form)


# A Link as kept until the check: a plain tuple of strings and flags, which Python's garbage
# collector stops tracking, where it would walk every Link of the site at each full collection.
LinkRecord = tuple[str, "str | None", str, bool, bool]


@dataclass(frozen=True)
class PageScan:
    """The links of one built HTML file, how many elements carry each id, and how many are Mermaid
    diagrams (whose script the theme would fetch from another host)."""

    records: tuple[LinkRecord, ...]
    ids: Mapping[str, int]
    diagrams: int = 0

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(map(Link._make, self.records))


def scan_html(html: str, dest: str = "") -> PageScan:
    """Read the links and ids of one built page (`dest` its path in the site): content, then theme."""
    return SiteReader().read(html, dest)


class PageRecord(NamedTuple):
    """What one built page holds for the checker, read without regard to any other page.

    `content` holds the links of the page content in document order, `ids` how many elements carry
    each id, `theme` the links the theme puts around the content, as their numbers in a ThemeTable,
    each once, in the order they first appear.
    """

    content: tuple[LinkRecord, ...]
    ids: Mapping[str, int]
    theme: tuple[int, ...]
    diagrams: int = 0


@dataclass
class ThemeTable:
    """Every distinct theme link read so far, numbered in the order first read.

    The theme repeats the same links on every page: the nav alone has hundreds. A link is told by
    its text, element, label, whether it is fetched, and its target as read from a folder (`../x/`
    from a/b/ and from a/c/ is the same link, `x/` from a/; a fragment of the page is the page's
    own), and each is judged once for the whole site.
    """

    numbers: dict[tuple[object, ...], int] = field(default_factory=dict)
    links: list[LinkRecord] = field(default_factory=list)

    def add(self, key: tuple[object, ...], link: LinkRecord) -> int:
        """Number a new link; `key` tells it from the others."""
        number = self.numbers[key] = len(self.links)
        self.links.append(link)
        return number


class SiteReader:
    """Reads the built pages of one build, giving each distinct theme link to the checker once."""

    def __init__(self) -> None:
        self.theme = ThemeTable()
        self.theme_seen: set[int] = set()

    def read(self, html: str | bytes, dest: str) -> PageScan:
        """The links and ids of the built page `dest` (its path in the site), from its text or its
        UTF-8 bytes (which the parser reads without encoding the text again)."""
        record = read_record(html, dest, self.theme)
        seen = self.theme_seen
        new = [number for number in record.theme if number not in seen]
        seen.update(new)
        links = self.theme.links
        return PageScan(record.content + tuple(links[number] for number in new), record.ids, record.diagrams)


def read_record(html: str | bytes, dest: str, theme: ThemeTable) -> PageRecord:
    """Read a built page: the page content first, then the theme around it, numbering the theme's
    links in `theme` (a link new to the table is added to it)."""
    tree = LexborHTMLParser(html)
    # The tree is asked first: a search of the whole text costs more than the query.
    mermaid = MERMAID.encode() if isinstance(html, bytes) else MERMAID
    diagrams = len(found) if (found := tree.css("." + MERMAID)) and mermaid in html else 0
    links: list[LinkRecord] = []
    ids: dict[str, int] = {}
    numbers: list[int] = []
    content = tree.css_first(CONTENT)
    if content is not None:
        read_region(content, links, ids, theme=None, numbers=numbers, dest=dest)
        content.decompose()
    if tree.root is not None:
        read_region(tree.root, links, ids, theme=theme, numbers=numbers, dest=dest)
    return PageRecord(tuple(links), ids, tuple(dict.fromkeys(numbers)), diagrams)


def read_region(
    root: LexborNode,
    links: list[LinkRecord],
    ids: dict[str, int],
    *,
    theme: ThemeTable | None,
    numbers: list[int],
    dest: str,
) -> None:
    """Count the ids (and old `<a name>` anchors) of `root` and collect its links in document order.

    `theme` is None for the page content, whose links go to `links`; the theme's links go to
    `numbers`, as their numbers in `theme`. A theme link to a heading already counted on the page
    (the table of contents) is left out: the checker passes it over in any case (see
    SiteChecker.judge_page), and every page has its own dozen of them.
    """
    folder = posixpath.dirname(dest)
    parent = posixpath.dirname(folder) if folder else None
    table = theme.numbers if theme is not None else {}
    previous = None
    for node in root.css(ELEMENTS):  # one walk of the tree for all of them
        if node.mem_id == previous:
            continue  # lexbor lists an element once for each of the selectors it matches, in a row
        previous = node.mem_id
        attributes = node.attributes
        tag = node.tag or ""
        anchor = attributes.get("id") or (attributes.get("name") if tag == "a" else None)
        if anchor:
            anchor = intern(anchor)
            ids[anchor] = ids.get(anchor, 0) + 1
        label = attributes.get("aria-label") or ""
        for url, request in addresses(node, tag, attributes):
            if theme is None:
                links.append(read_link(node, tag, url, label, in_content=True, request=request))
                continue
            text = None
            if tag == "a":  # told apart by its text as written, cheaper than the text a reader sees
                text = node.text_lexbor()  # the text of node.text(), read by lexbor itself: twice as fast
                if not text or text.isspace():
                    text = visible_text(node)
            if url.startswith("#"):
                if text is not None and not request and (text or label.strip()) and url[1:] in ids:
                    continue  # the table of contents: a heading of this very page
                context, rest = dest, url
            elif parent is not None and url.startswith("../"):  # `../x/` from a/b/ is `x/` from a/
                context, rest = parent, url[3:]
            elif url.startswith("/") or (":" in url and SCHEME.match(url)):
                context, rest = "", url
            else:
                context, rest = folder, url
            key = (text, tag, label, context, rest, request)
            number = table.get(key)
            if number is None:
                number = theme.add(key, read_link(node, tag, url, label, in_content=False, request=request))
            numbers.append(number)


def addresses(node: LexborNode, tag: str, attributes: Mapping[str, str | None]) -> Sequence[tuple[str, bool]]:
    """The addresses an element names, each with whether the browser fetches it by itself: a `src`,
    `srcset` or `poster`, an `<object data>`, a `<form action>`, a `<link>` of a fetching rel, a CSS
    `url()` of a style; an `href` elsewhere is a link the reader follows (or the old `src` fallback)."""
    href = attributes.get("href")
    if tag == "a" and href is not None and FETCHING.isdisjoint(attributes):
        return ((href, False),)  # the common case, a plain link
    if href is None and tag != "style" and NAMING.isdisjoint(attributes):
        return ()  # an element read for its id only
    found: list[tuple[str, bool]] = []
    if href is not None:
        found.append(
            (href, tag == "link" and not REQUEST_RELS.isdisjoint((attributes.get("rel") or "").lower().split()))
        )
    for name in REQUEST_ATTRIBUTES:
        value = attributes.get(name)
        if value is None:
            continue
        urls = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
        found += [(url, True) for url in urls]
    if tag == "object" and attributes.get("data") is not None:
        found.append((attributes["data"] or "", True))
    if tag == "form" and attributes.get("action") is not None:
        found.append((attributes["action"] or "", True))
    style = node.text(deep=True) if tag == "style" else attributes.get("style")
    if style and ("url" in style.lower() or "@import" in style.lower()):
        found += [(match[2] or match[4], True) for match in CSS_URL.finditer(style)]
    return found


def read_link(
    node: LexborNode, tag: str, url: str, label: str, *, in_content: bool, request: bool = False
) -> LinkRecord:
    """The Link of an address an element names: with its text and label if it is an `<a href>`."""
    # Interned: a site's pages repeat the same addresses and texts, each kept until the check.
    if tag == "a" and not request:
        return (intern(url.strip()), intern(visible_text(node)), label.strip(), in_content, False)
    return (intern(url.strip()), None, "", in_content, request)


def visible_text(node: LexborNode) -> str:
    """The text a link shows, its white space collapsed, images counted by their alt text."""
    text = " ".join(node.text(deep=True, separator=" ", strip=True).split())
    if text:
        return text
    return " ".join(alt for image in node.css("img") if (alt := (image.attributes.get("alt") or "").strip()))
