"""The one rule for the text of a data value: inline Markdown, nothing a page could run or hide.

A fact, a table cell or caption, a care-card item, a glossary meaning, a citation and the clinic's
details are placed on many pages, by editors who never see the HTML. So a value holds no raw HTML
(HTML comments included, except the `<!-- md:fact KEY -->` marker where a value may place facts),
no attribute list (`{onmouseover=...}`), no image, and links only to pages of the site or to
https:, mailto: and tel: addresses. No MkDocs import here.
"""

from __future__ import annotations

import re

from hooks.core.problems import Problem

# A marker, closed or not: where markers are allowed the shortcode grammar judges it.
MARKER_LIKE = re.compile(r"<!--\s*md:(?:(?!-->).)*(?:-->)?", re.S)
AUTOLINK = re.compile(r"<(?P<target>[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
HTML_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>?")
ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*(?:[.#][\w-]|[\w:-]+[ \t]*=)[^{}]*\}?")
IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)?)?")
LINK_TARGET = re.compile(r"\]\([ \t]*<?(?P<target>(?:[^()\s>]|\([^()\s>]*\))*)")  # `(1)` kept, as Markdown does
SCHEME = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):")
ALLOWED_SCHEMES = ("https", "mailto", "tel")
LINK_HINT = "link to a page of the site (aftercare.md), an https:// address, mailto: or tel:"


def inline_markdown_problems(value: str, path: str, line: int, *, markers: bool = False) -> list[Problem]:
    """What a data value holds that a page must not show, each at the value's line; `markers`:
    the value may place facts with `<!-- md:fact KEY -->` (table cells, care-card items)."""
    if not any(sign in value for sign in "<{!]"):
        return []  # most values: plain words
    text = MARKER_LIKE.sub("", value) if markers else value
    problems = []
    for match in AUTOLINK.finditer(text):
        problems += link_problems(match["target"], path, line)
    text = AUTOLINK.sub("", text)
    for match in HTML_COMMENT.finditer(text):
        problems.append(
            Problem(
                path,
                line,
                f"HTML comment {shorten(match[0])} would be published with the page; delete it, "
                "or keep a note for editors as a YAML comment (# ...) on the line above",
            )
        )
    for match in HTML_TAG.finditer(HTML_COMMENT.sub("", text)):
        problems.append(
            Problem(
                path,
                line,
                f"raw HTML {shorten(match[0])} is not allowed in a data value; write plain text, "
                "or Markdown such as *emphasis* or [a link](aftercare.md)",
            )
        )
    for match in ATTRIBUTE_LIST.finditer(text):
        problems.append(
            Problem(path, line, f"attribute list {shorten(match[0])} is not allowed in a data value; delete it")
        )
    for match in IMAGE.finditer(text):
        problems.append(
            Problem(
                path,
                line,
                f"image {shorten(match[0])} is not allowed in a data value; place the image on the page itself",
            )
        )
    for match in LINK_TARGET.finditer(IMAGE.sub("", text)):
        problems += link_problems(match["target"], path, line)
    return problems


def link_problems(target: str, path: str, line: int) -> list[Problem]:
    """A link target a data value may not hold, as a problem: only pages and safe addresses."""
    scheme = SCHEME.match(target)
    if scheme is not None:
        name = scheme["scheme"].lower()
        if name in ALLOWED_SCHEMES:
            return []
        hint = "write its https:// address" if name == "http" else LINK_HINT
        return [Problem(path, line, f"link to {shorten(target)} is not allowed in a data value; {hint}")]
    page = target.split("#", 1)[0]
    if page.endswith(".md") and not page.startswith("/"):
        return []
    return [Problem(path, line, f"link to {shorten(target)} is not allowed in a data value; {LINK_HINT}")]


def shorten(text: str, limit: int = 60) -> str:
    """A piece of a value quoted in a message, cut short."""
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
