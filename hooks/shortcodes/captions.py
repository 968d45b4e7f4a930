"""Captions of the tables of a page: a Python-Markdown extension. No MkDocs import here."""

from __future__ import annotations

from xml.etree import ElementTree

import markdown
import markdown.treeprocessors


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
