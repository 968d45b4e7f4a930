"""A cache of check results on disk, by a hash of everything that decides them.

The content checks of a page (reading level, plain language, structure) depend only on the page's
text, the data and rule files, the code of the checks and the versions of the libraries they use.
A build stores their results under a hash of all of these; the next build, and every rebuild of
`mkdocs serve`, reports the stored results of each page whose inputs did not change, and checks
the others. A changed data file, rule or hook changes every key, so nothing stale is ever shown.
The shortcodes keep each page's Markdown with its markers placed the same way (PlacedPages).

Each file keeps only the entries the last build used, so it does not grow. No MkDocs import here.
"""

from __future__ import annotations

import json
import marshal
import os
import tempfile
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, NamedTuple

import xxhash

from hooks.markers import Problem

# Bump when the format of an entry changes.
FORMAT = 1


def fingerprint(parts: Iterable[str | bytes]) -> str:
    """A hash of a sequence of texts; each part is length-prefixed, so parts never run together.

    A 128-bit XXH3, as the cross-link validator's page hashes: a cache key tells a changed input
    from an unchanged one and needs no defence against forged files. Each page is hashed twice a
    build (its checks and its shortcodes), 2 µs each where SHA-256 took 20.
    """
    digest = xxhash.xxh3_128()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


def files_fingerprint(root: Path, patterns: Iterable[str]) -> list[str | bytes]:
    """The name and bytes of every file of `root` matching the glob patterns, in a stable order."""
    parts: list[str | bytes] = []
    for path in sorted({path for pattern in patterns for path in root.glob(pattern) if path.is_file()}):
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return parts


def inputs_fingerprint(project: Path, patterns: Iterable[str], libraries: Iterable[str], *extra: str) -> str:
    """A hash of what decides a cached result besides the page: `extra`, the versions of
    `libraries`, the code of every hook and the files of `project` matching `patterns`."""
    hooks = Path(__file__).resolve().parent
    return fingerprint(
        [
            *extra,
            *package_versions(libraries),
            *files_fingerprint(hooks, ["*.py"]),
            *files_fingerprint(project, patterns),
        ]
    )


def package_versions(names: Iterable[str]) -> list[str]:
    """'name==version' of each installed distribution ('name' alone when it is not installed)."""
    found = []
    for name in names:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(name)
    return found


Entry = tuple[list[Problem], list[Problem]]


class ResultCache:
    """Warnings and notes by key, read from a JSON file; `save` writes back this build's entries."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[str, list[list[list[str | int | None]]]] = {}
        self.used: dict[str, list[list[list[str | int | None]]]] = {}
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no cache yet, or a damaged one: check everything again
        if isinstance(content, dict) and content.get("format") == FORMAT and isinstance(content.get("entries"), dict):
            self.stored = content["entries"]

    def get(self, key: str) -> Entry | None:
        """The warnings and notes stored under `key`, or None."""
        entry = self.used.get(key) or self.stored.get(key)
        if entry is None:
            return None
        try:
            warnings, notes = ([Problem(str(p), int(line), str(m), c) for p, line, m, c in part] for part in entry)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        self.used[key] = entry
        return warnings, notes

    def put(self, key: str, warnings: list[Problem], notes: list[Problem]) -> None:
        self.used[key] = [[[p.path, p.line, p.message, p.column] for p in part] for part in (warnings, notes)]

    def save(self) -> None:
        """Write this build's entries atomically; an unwritable cache only costs speed."""
        if self.used == self.stored:
            return
        text = json.dumps({"format": FORMAT, "entries": self.used}, separators=(",", ":"), sort_keys=True)
        if write_atomically(self.path, text.encode("utf-8")):
            self.stored = dict(self.used)


def write_atomically(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` in one step, so no reader ever sees half a file; False if it cannot."""
    partial = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(partial, path)
    except OSError:
        if partial is not None:
            Path(partial).unlink(missing_ok=True)
        return False
    return True


class PlacedPage(NamedTuple):
    """A page's Markdown with its markers placed, the problems found, and the data it placed."""

    markdown: str
    problems: list[Problem]
    tables: list[str]
    facts: list[str]


class PlacedPages:
    """Pages with their markers placed, by a hash of everything that decides them (the page, where
    it sits, the data, the marker templates, the included files, the hook code), read from a file;
    `save` writes back this build's entries, so the file holds only the pages of the last build."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored: dict[str, tuple[Any, ...]] = {}
        self.used: dict[str, tuple[Any, ...]] = {}
        self.reused = 0
        try:
            content = marshal.loads(path.read_bytes())
            if content["format"] == FORMAT and isinstance(content["pages"], dict):
                self.stored = content["pages"]
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            return  # no file yet, or a damaged one: place every page again

    def get(self, key: str) -> PlacedPage | None:
        entry = self.stored.get(key)
        if entry is None:
            return None
        try:
            markdown, problems, tables, facts = entry
            placed = PlacedPage(str(markdown), [Problem(*problem) for problem in problems], list(tables), list(facts))
        except (TypeError, ValueError):
            return None
        self.used[key] = entry
        self.reused += 1
        return placed

    def put(self, key: str, placed: PlacedPage) -> None:
        problems = tuple((p.path, p.line, p.message, p.column) for p in placed.problems)
        self.used[key] = (placed.markdown, problems, tuple(placed.tables), tuple(placed.facts))

    def save(self) -> None:
        """Write this build's entries atomically, unless they are those of the file already."""
        if self.used == self.stored:
            return
        if write_atomically(self.path, marshal.dumps({"format": FORMAT, "pages": self.used})):
            self.stored = dict(self.used)
