"""The first use of each abbreviation on a page takes keyboard focus, so its tooltip shows.

A Python-Markdown extension; no MkDocs import here.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterable

import markdown
from markdown.treeprocessors import Treeprocessor


class FocusableAbbreviations(markdown.Extension):
    """The first use of each abbreviation on a page takes keyboard focus, so its tooltip shows.

    Material's tooltips open on hover and on focus; an <abbr> is not focusable by itself. Only the
    first use of each one, and none inside a link, so the page does not fill up with tab stops.
    """

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the abbr extension's treeprocessor (priority 7) has made the <abbr> elements.
        md.treeprocessors.register(AbbreviationFocus(md), "abbr-focus", 6)


class AbbreviationFocus(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        focusable: set[str] = set()
        for abbr in abbreviations_outside_links(root):
            if abbr.get("title") and abbr.text not in focusable:
                focusable.add(abbr.text or "")
                abbr.set("tabindex", "0")


def abbreviations_outside_links(element: etree.Element) -> Iterable[etree.Element]:
    """Every <abbr> below `element` in document order, skipping the content of links."""
    for child in element:
        if child.tag == "abbr":
            yield child
        elif child.tag != "a":
            yield from abbreviations_outside_links(child)
