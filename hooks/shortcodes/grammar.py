"""The one shortcode grammar of the site: `<!-- md:NAME word key="value" -->`.

Content editors write markers as HTML comments, in the style of Material's own documentation.
This module finds them, calls one handler per NAME and collects every problem with the file and
line it came from. It knows nothing of MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from hooks.core.markdown import Spans, code_spans, inside
from hooks.core.problems import Problem, suggest

MARKER = re.compile(r"<!--\s*md:(?P<name>[A-Za-z0-9_-]*)(?P<args>(?:(?!-->|<!--).)*?)\s*-->", re.S)
# The start of any marker: one that MARKER does not match has no `-->` before the next comment.
MARKER_START = re.compile(r"<!--\s*md:(?P<name>[A-Za-z0-9_-]*)")
ARGUMENT = re.compile(r'(?P<key>[A-Za-z_][\w-]*)="(?P<value>[^"]*)"|(?P<word>[^\s"]+)')


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


@dataclass(frozen=True)
class Placement:
    """One marker of a text and what it placed: `text[start:end]` became `output` (the marker
    itself when it failed). `line` is the file line of the marker."""

    start: int
    end: int
    line: int
    output: str
    name: str = ""
    args: str = ""

    def marker(self) -> Marker:
        """The marker as written: its name, words and options."""
        return parse_marker(self.name, self.args, self.line)


def place_markers(
    text: str,
    handlers: Mapping[str, Handler],
    *,
    path: str,
    first_line: int = 1,
    code: Spans | None = None,
) -> tuple[list[Placement], list[Problem]]:
    """Run the handler of every marker of `text` outside code, in order.

    `first_line` is the line of the file that `text` starts on (front matter counted), so problems
    name the line an editor sees; `code` the code spans of `text`, if already known. A marker that
    fails is left in place (an invisible comment) and reported; an unknown NAME is a problem too,
    never a silent pass-through.
    """
    problems: list[Problem] = []
    placements: list[Placement] = []
    shown_as_code = code_spans(text) if code is None else code
    line, counted = first_line, 0
    for match in MARKER.finditer(text):
        if inside(match.start(), shown_as_code):
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        name = match["name"]
        handler = handlers.get(name)
        output = match[0]
        if handler is None:
            problems.append(Problem(path, line, f"unknown shortcode 'md:{name}'{suggest(name, handlers)}"))
        else:
            try:
                output = handler(parse_marker(name, match["args"], line))
            except MarkerError as error:
                problems.append(Problem(path, line, str(error)))
        placements.append(Placement(match.start(), match.end(), line, output, name, match["args"]))
    return placements, problems + unclosed_markers(text, placements, shown_as_code, path=path, first_line=first_line)


def unclosed_markers(
    text: str, placements: list[Placement], code: Spans, *, path: str, first_line: int
) -> list[Problem]:
    """Each `<!-- md:NAME` without its `-->`: Markdown shows it to patients as text."""
    placed = {placement.start for placement in placements}
    problems = []
    for match in MARKER_START.finditer(text):
        if match.start() in placed or inside(match.start(), code):
            continue
        line = first_line + text.count("\n", 0, match.start())
        problems.append(
            Problem(
                path,
                line,
                f"marker 'md:{match['name']}' is not closed; end it with '-->' on the same line, "
                f"e.g. <!-- md:{match['name']} ... -->",
            )
        )
    return problems


def join_placements(text: str, placements: list[Placement], literal: Callable[[str], str] = str) -> str:
    """`text` with each marker replaced by what it placed; `literal` transforms the text between
    markers (data cells escape it)."""
    pieces: list[str] = []
    last = 0
    for placement in placements:
        pieces.append(literal(text[last : placement.start]))
        pieces.append(placement.output)
        last = placement.end
    pieces.append(literal(text[last:]))
    return "".join(pieces)


def expand_markers(
    text: str,
    handlers: Mapping[str, Handler],
    *,
    path: str,
    first_line: int = 1,
    literal: Callable[[str], str] = str,
) -> tuple[str, list[Problem]]:
    """Replace every marker in `text` by its handler's output (see place_markers)."""
    placements, problems = place_markers(text, handlers, path=path, first_line=first_line)
    return join_placements(text, placements, literal), problems
