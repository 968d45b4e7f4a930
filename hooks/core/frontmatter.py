"""A page's front matter as MkDocs reads it, and the lines its keys are written on.

The MkDocs hook hands the page model MkDocs' own reading (`get_data`); a check run without MkDocs
(`make check`) reads pages with `read_front_matter`, which follows the same rule: YAML between a
first line `---` and a closing `---` or `...`. No MkDocs import here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from hooks.core.problems import Problem, ProblemError
from hooks.core.yamlfile import parse_yaml

# The pattern of mkdocs.utils.meta: YAML between two `---` lines at the very top.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:")
SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_front_matter(content: str) -> tuple[dict[str, Any], str]:
    """(meta, body) of a page, as MkDocs' get_data gives them for YAML front matter.

    Broken YAML leaves the page as it is with no meta: the review check then reports the keys.
    """
    match = FRONT_MATTER.match(content)
    if not match:
        return {}, content
    try:
        meta = yaml.load(match[1], SAFE_LOADER)
    except (yaml.YAMLError, ValueError):  # ValueError: a date YAML reads that Python cannot hold
        return {}, content
    if not isinstance(meta, dict):
        return {}, content
    return meta, content[match.end() :].lstrip("\n")


def front_matter_problems(content: str, path: str) -> list[Problem]:
    """Why the front matter at the top of a page could not be read (an engine that cannot read it
    leaves the page without any), each at its file line; nothing when it reads."""
    match = FRONT_MATTER.match(content)
    if not match:
        return []
    try:
        parse_yaml(match[1], path)
    except ProblemError as error:
        return [
            Problem(path, problem.line + 1, f"front matter: {problem.message}", problem.column)
            for problem in error.problems
        ]
    return []


def body_first_line(content: str, body: str) -> int:
    """The file line on which `body` (the page without its front matter) starts."""
    if body and content.endswith(body):
        return content.count("\n", 0, len(content) - len(body)) + 1
    return 1


def file_lines(content: str) -> Iterator[str]:
    """The lines of a file one by one, so reading its front matter does not split the whole page."""
    start = 0
    while (end := content.find("\n", start)) >= 0:
        yield content[start:end]
        start = end + 1
    yield content[start:]


@dataclass(frozen=True)
class KeyLines:
    """The file line of each top-level front matter key, and of the closing `---` (1 if none)."""

    keys: dict[str, int]
    closing: int

    def of(self, key: str) -> int:
        """Where `key` is written, or where a missing one belongs."""
        return self.keys.get(key, self.closing)


def key_lines(content: str) -> KeyLines:
    """The lines of the front matter keys of a page."""
    lines = file_lines(content)
    if next(lines).rstrip() != "---":
        return KeyLines({}, 1)
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=2):
        if line.rstrip() in {"---", "..."}:
            return KeyLines(found, number)
        match = KEY.match(line)
        if match:
            found.setdefault(match["key"], number)
    return KeyLines(found, 1)
