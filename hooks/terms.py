"""The glossary on the page: abbreviations checked against `data/glossary.yml`, made reachable by
keyboard, and the glossary itself laid out for `<!-- md:glossary -->`.

Pure: no MkDocs import; tested directly.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import markdown
from markdown.treeprocessors import Treeprocessor

from hooks.markers import MARKER, Problem, code_spans

# An abbreviation in running text: two or more capitals as a word, with an optional plural "s".
# (`\b[A-Z]{2,}s?\b`, written to start with a capital: the regex engine then skips ahead to the
# next capital instead of trying every character, three times as fast.)
ABBREVIATION_IN_TEXT = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]+s?\b")
# Rendered HTML that is not running text: code, scripts, comments, and the list of sources
# (author initials such as "Gupta AK" are not abbreviations).
NOT_TEXT = re.compile(
    r"<(pre|code|script|style)\b.*?</\1>|<!--.*?-->|<ol class=\"references\".*?</ol>",
    re.S | re.I,
)
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Source:
    """A file an abbreviation may have come from: its display path and text (front matter included)."""

    path: str
    text: str


# Abbreviations ---------------------------------------------------------------------------------


def visible_text(page_html: str) -> str:
    """The running text of a rendered page: tags, code, comments and the sources list removed."""
    return html.unescape(TAG.sub(" ", NOT_TEXT.sub(" ", page_html)))


def unknown_abbreviations(text: str, glossary: Mapping[str, str]) -> list[str]:
    """The abbreviations of `text` that the glossary lacks, in order of first appearance.

    Exact entries only: the tooltip of the abbr extension needs "MSCs" itself, not "MSC".
    """
    words = ABBREVIATION_IN_TEXT.findall(text)
    unknown = {word for word in set(words) if word not in glossary}
    return list(dict.fromkeys(word for word in words if word in unknown)) if unknown else []


def first_line_of(word: str, text: str) -> int | None:
    """The line of the first use of `word` as a word outside code and markers, or None."""
    hidden = code_spans(text) + [(m.start(), m.end()) for m in MARKER.finditer(text)]
    for match in re.finditer(rf"\b{re.escape(word)}\b", text):
        if not any(start <= match.start() < end for start, end in hidden):
            return text.count("\n", 0, match.start()) + 1
    return None


def locate(word: str, sources: Sequence[Source]) -> tuple[str, int]:
    """Where an editor finds `word`: the first source that uses it; else line 1 of the first source."""
    for source in sources:
        line = first_line_of(word, source.text)
        if line is not None:
            return source.path, line
    return sources[0].path, 1


def abbreviation_problem(word: str, sources: Sequence[Source], glossary_path: str) -> Problem:
    """The problem of an abbreviation the glossary lacks, at its first use in `sources`.

    `sources` are the page's Markdown first, then the files its placed text may come from (data
    files, included records), so the problem names the file and line an editor must change.
    """
    path, line = locate(word, sources)
    return Problem(path, line, f"abbreviation '{word}' is not in {glossary_path}; add it with its meaning")


def unused_terms(glossary: Iterable[str], texts: Iterable[str]) -> list[str]:
    """Glossary terms that appear in none of `texts` (case-insensitive for lower-case terms)."""
    corpus = "\n".join(texts)
    lowered = corpus.lower()
    unused = []
    for term in glossary:
        haystack = corpus if term != term.lower() else lowered
        if not re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", haystack):
            unused.append(term)
    return unused


# Keyboard access -------------------------------------------------------------------------------


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


# The glossary page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One glossary term as the glossary page shows it."""

    term: str
    meaning: str
    anchor: str


def term_anchor(term: str) -> str:
    """The id of a term on the glossary page: 'dermal papilla' -> 'term-dermal-papilla'."""
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def glossary_sections(glossary: Mapping[str, str]) -> list[tuple[str, list[Entry]]]:
    """The terms in alphabetical order (ignoring case), grouped under their first letter."""
    sections: dict[str, list[Entry]] = {}
    for term in sorted(glossary, key=lambda t: (t.casefold(), t)):
        entry = Entry(term, " ".join(glossary[term].split()), term_anchor(term))
        sections.setdefault(term[0].upper(), []).append(entry)
    return list(sections.items())
