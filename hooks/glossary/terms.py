"""Abbreviations on a built page checked against `data/glossary.yml`, each problem placed on the
line of the page or data file that wrote it.

Pure: no MkDocs import; tested directly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence

from hooks.core.markdown import code_spans
from hooks.core.problems import Problem, Source
from hooks.shortcodes.grammar import MARKER

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


# Abbreviations ---------------------------------------------------------------------------------


def running_text(page_html: str) -> str:
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


def first_use(word: str, sources: Sequence[Source]) -> tuple[str, int]:
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
    path, line = first_use(word, sources)
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


def page_abbreviation_problems(
    html: str, *, glossary: Mapping[str, str], sources: Sequence[Source], glossary_path: str
) -> list[Problem]:
    """The abbreviations of a page's rendered content that the glossary lacks, each at its first use
    in `sources` (the page's Markdown, then the files its placed text may come from)."""
    return [
        abbreviation_problem(word, sources, glossary_path)
        for word in unknown_abbreviations(running_text(html), glossary)
    ]
