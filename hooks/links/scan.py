"""Read the links and ids of a built HTML page, for the cross-link check.

The page's own content (Material's `article.md-content__inner`) is read link by link; the links
the theme puts around it (nav, header, footer) repeat on every page, so each distinct one is
handed to the checker once per build. No MkDocs import here.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Material puts the page's own content in this element; everything around it is the theme's.
CONTENT = "article.md-content__inner"
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


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


class SiteReader:
    """Reads the built pages of one build, giving each distinct theme link to the checker once."""

    def __init__(self) -> None:
        self.theme = ThemeTable()
        self.theme_seen: set[int] = set()

    def read(self, html: str, dest: str) -> PageScan:
        """The links and ids of the built page `dest` (its path in the site)."""
        record = read_record(html, dest, self.theme)
        seen = self.theme_seen
        new = [number for number in record.theme if number not in seen]
        seen.update(new)
        links = self.theme.links
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
