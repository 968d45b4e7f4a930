"""The one shortcode grammar of the site: `<!-- md:NAME word key="value" -->`.

Content editors write markers as HTML comments, in the style of Material's own documentation.
This module finds them, calls one handler per NAME and collects every problem with the file and
line it came from. It knows nothing of MkDocs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

MARKER = re.compile(r"<!--\s*md:(?P<name>[A-Za-z0-9_-]*)(?P<args>(?:(?!-->).)*?)\s*-->", re.S)
ARGUMENT = re.compile(r'(?P<key>[A-Za-z_][\w-]*)="(?P<value>[^"]*)"|(?P<word>[^\s"]+)')
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


@dataclass(frozen=True)
class Problem:
    """One thing a content editor must fix, printed compiler-style."""

    path: str
    line: int
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}" if self.column else f"{self.line}"
        return f"{self.path}:{where}: {self.message}"


class MarkerError(Exception):
    """Raised by a handler: the message says what is wrong and what to do, without a location."""


@dataclass(frozen=True)
class Marker:
    """A parsed `<!-- md:NAME ... -->`: its bare words, its key="value" options and its line."""

    name: str
    words: tuple[str, ...] = ()
    options: Mapping[str, str] = field(default_factory=dict)
    line: int = 1

    def only_word(self, what: str) -> str:
        """The single bare word the marker must have, e.g. the table id of `md:table ID`."""
        if len(self.words) != 1:
            raise MarkerError(
                f"'md:{self.name}' needs exactly one {what}; write <!-- md:{self.name} {what.upper()} -->"
            )
        return self.words[0]

    def check_options(self, allowed: Iterable[str]) -> None:
        """Reject an option the marker does not know, with a did-you-mean."""
        allowed = list(allowed)
        for key in self.options:
            if key not in allowed:
                raise MarkerError(f"'md:{self.name}' has no option '{key}'{suggest(key, allowed)}")


Handler = Callable[[Marker], str]


def suggest(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for a close match, else the list of valid choices."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    if not choices:
        return ""
    return "; use one of: " + ", ".join(choices)


def parse_marker(name: str, args: str, line: int) -> Marker:
    """Split a marker's argument text into bare words and key="value" options."""
    words: list[str] = []
    options: dict[str, str] = {}
    for match in ARGUMENT.finditer(args):
        if match["word"] is not None:
            words.append(match["word"])
        else:
            options[match["key"]] = match["value"]
    return Marker(name=name, words=tuple(words), options=options, line=line)


def code_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks and inline code, where markers are shown, not run."""
    spans: list[tuple[int, int]] = []
    offset = 0
    fence: str | None = None
    start = 0
    for line in text.splitlines(keepends=True):
        match = FENCE.match(line)
        if match and fence is None:
            fence, start = match[1], offset
        elif match and fence is not None and match[1].startswith(fence[0] * len(fence)):
            spans.append((start, offset + len(line)))
            fence = None
        offset += len(line)
    if fence is not None:
        spans.append((start, len(text)))
    spans.extend((m.start(), m.end()) for m in re.finditer(r"(`+)(?!`).+?(?<!`)\1(?!`)", text))
    return spans


def expand_markers(
    text: str,
    handlers: Mapping[str, Handler],
    *,
    path: str,
    first_line: int = 1,
    literal: Callable[[str], str] = str,
) -> tuple[str, list[Problem]]:
    """Replace every marker in `text` by its handler's output.

    `first_line` is the line of the file that `text` starts on (front matter counted), so problems
    name the line an editor sees. A marker that fails is left in place (an invisible comment) and
    reported; an unknown NAME is a problem too, never a silent pass-through. `literal` transforms
    the text between markers (data cells escape it).
    """
    problems: list[Problem] = []
    shown_as_code = code_spans(text)
    pieces: list[str] = []
    last = 0
    for match in MARKER.finditer(text):
        if any(start <= match.start() < end for start, end in shown_as_code):
            continue
        line = first_line + text.count("\n", 0, match.start())
        name = match["name"]
        pieces.append(literal(text[last : match.start()]))
        last = match.end()
        handler = handlers.get(name)
        if handler is None:
            problems.append(Problem(path, line, f"unknown shortcode 'md:{name}'{suggest(name, handlers)}"))
            pieces.append(match[0])
            continue
        try:
            pieces.append(handler(parse_marker(name, match["args"], line)))
        except MarkerError as error:
            problems.append(Problem(path, line, str(error)))
            pieces.append(match[0])
    pieces.append(literal(text[last:]))
    return "".join(pieces), problems


def body_first_line(content: str, body: str) -> int:
    """The file line on which `body` (the page without its front matter) starts."""
    if body and content.endswith(body):
        return content.count("\n", 0, len(content) - len(body)) + 1
    return 1


def display_path(path: Path, project: Path) -> str:
    """A path as an editor names it, from the project folder: docs/procedure.md, data/tables/comparison.yml."""
    try:
        return path.resolve().relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()
