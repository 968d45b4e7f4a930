"""What each built page holds for the cross-link validator, kept on disk from one build to the next.

Reading a built page (parsing its HTML) is most of what the validator costs. A page whose HTML is
exactly what it was at the last build holds the same links and ids, so its record is used again:
a rebuild, and every rebuild of `mkdocs serve`, reads only the pages whose HTML changed. The check
of every link against the whole site still runs on every build.

A page's record is stored under its path and a SHA-256 hash of its HTML; the file as a whole under
a stamp of the code that reads pages and the versions of Python and of the HTML parser, so a
change to any of them reads every page again. The file keeps only the pages of the last build and
is replaced atomically; a missing, damaged or stale file only costs speed. No MkDocs import.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from typing import Any

from hooks.linkcheck import Link, PageRecord, Records, ThemeTable
from hooks.resultcache import fingerprint, package_versions, write_atomically

# Bump when the layout of the file changes.
FORMAT = 1


def stamp(code: list[Path]) -> str:
    """What decides how a page is read: this file's format, the reading code, Python and the parser."""
    return fingerprint(
        [f"format {FORMAT}", sys.version, f"marshal {marshal.version}", *package_versions(["selectolax"])]
        + [path.read_bytes() for path in code]
    )


def digest(html: str) -> bytes:
    """The hash a page's record is stored under.

    UTF-16 is the quickest encoding of text like a built page (half the time of UTF-8 with the
    hash); text with a lone surrogate, which it cannot encode, is hashed apart in UTF-8.
    """
    try:
        return hashlib.sha256(b"utf-16:" + html.encode("utf-16-le")).digest()
    except UnicodeEncodeError:
        return hashlib.sha256(b"utf-8:" + html.encode("utf-8", "surrogatepass")).digest()


class LazyThemeTable(ThemeTable):
    """A ThemeTable read from the file: the keys, needed only to read a page, are unpacked then."""

    def __init__(self, links: list[Link], packed_keys: bytes) -> None:
        super().__init__(links=links)
        self.packed_keys: bytes | None = packed_keys

    @property
    def numbers(self) -> dict[tuple[str | None, ...], int]:  # type: ignore[override]
        if self.packed_keys is not None:
            keys = marshal.loads(self.packed_keys)
            self.packed_keys = None
            self._numbers = {tuple(key): number for number, key in enumerate(keys)}
        return self._numbers

    @numbers.setter
    def numbers(self, numbers: dict[tuple[str | None, ...], int]) -> None:
        self._numbers = numbers

    def keys(self) -> list[tuple[str | None, ...]]:
        if self.packed_keys is not None:
            return [tuple(key) for key in marshal.loads(self.packed_keys)]
        return list(self.numbers)


class RecordFile(Records):
    """The records of the pages of the last build, read from `path`; `save` writes this build's."""

    def __init__(self, path: Path, stamp: str) -> None:
        super().__init__()
        self.path = path
        self.stamp = stamp
        self.stored: dict[str, tuple[bytes, Any, Any, Any]] = {}
        self.hashes: dict[str, bytes] = {}  # of the pages read in this build
        self.used: dict[str, tuple[bytes, PageRecord]] = {}
        self.reused = 0  # pages whose record was used again in this build
        try:
            content = marshal.loads(path.read_bytes())
            if content["format"] != FORMAT or content["stamp"] != stamp:
                return  # written by other code: read every page again
            links = [Link(*link) for link in content["links"]]
            pages = content["pages"]
            keys = content["keys"]
            if not isinstance(pages, dict) or not isinstance(keys, bytes):
                return
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            return  # no file yet, or a damaged one
        self.theme = LazyThemeTable(links, keys)
        self.stored = pages

    def get(self, dest: str, html: str) -> PageRecord | None:
        hashed = self.hashes[dest] = digest(html)
        entry = self.stored.get(dest)
        if entry is None or entry[0] != hashed:
            return None
        try:
            _, content, ids, theme = entry
            if theme and max(theme) >= len(self.theme.links):
                return None
            record = PageRecord(tuple(Link(*link) for link in content), ids, theme)
        except (TypeError, ValueError):
            return None
        self.used[dest] = (hashed, record)
        self.reused += 1
        return record

    def put(self, dest: str, html: str, record: PageRecord) -> None:
        hashed = self.hashes.get(dest) or digest(html)
        self.used[dest] = (hashed, record)

    def save(self) -> None:
        """Write the records of this build's pages, the theme links numbered anew for them alone.

        Nothing is written when every page was read from the file and none has gone.
        """
        if self.reused == len(self.used) == len(self.stored):
            return
        renumbered: dict[int, int] = {}
        pages = {}
        for dest, (hashed, record) in self.used.items():
            theme = tuple(renumbered.setdefault(number, len(renumbered)) for number in record.theme)
            pages[dest] = (hashed, tuple(tuple(link) for link in record.content), dict(record.ids), theme)
        keys = self.theme.keys()
        order = sorted(renumbered, key=renumbered.__getitem__)
        try:
            data = marshal.dumps(
                {
                    "format": FORMAT,
                    "stamp": self.stamp,
                    "links": [tuple(self.theme.links[number]) for number in order],
                    "keys": marshal.dumps([keys[number] for number in order]),
                    "pages": pages,
                }
            )
        except ValueError:  # a value marshal cannot store: read every page again next time
            return
        write_atomically(self.path, data)
