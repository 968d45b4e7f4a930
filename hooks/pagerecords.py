"""What each built page holds for the cross-link validator, kept on disk from one build to the next.

Reading a built page (parsing its HTML) is most of what the validator costs. A page whose HTML is
exactly what it was at the last build holds the same links and ids, so its record is used again:
a rebuild, and every rebuild of `mkdocs serve`, reads only the pages whose HTML changed. The check
of every link against the whole site still runs on every build.

A page's record is stored under its path and a hash of its HTML (`digest`); the file as a whole
under a stamp of the code that reads pages and the versions of Python, of the HTML parser and of
the hash, so a change to any of them reads every page again. The file keeps only the pages of the
last build and is replaced atomically; a missing, damaged or stale file only costs speed. No
MkDocs import.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import xxhash

from hooks.linkcheck import (
    Finding,
    Link,
    PageInfo,
    PageRecord,
    PageResult,
    PageScan,
    Records,
    Results,
    SiteIndex,
    ThemeTable,
)
from hooks.markers import Problem
from hooks.resultcache import fingerprint, package_versions, write_atomically

# Bump when the layout of the file changes.
FORMAT = 1


def stamp(code: list[Path]) -> str:
    """What decides how a page is read: this file's format, the reading code, Python and the parser."""
    return fingerprint(
        [f"format {FORMAT}", sys.version, f"marshal {marshal.version}", *package_versions(["selectolax", "xxhash"])]
        + [path.read_bytes() for path in code]
    )


def digest(html: str) -> bytes:
    """The hash a page's record is stored under: a 128-bit XXH3 of its text.

    It tells a changed page from an unchanged one, as a build cache must, and needs no defence
    against forged pages; SHA-256 took 55 µs of a 60 KB page, XXH3 takes 1 µs. UTF-16 is the
    quickest encoding of text like a built page (a fifth of the time of UTF-8); text with a lone
    surrogate, which it cannot encode, is hashed in UTF-8 with another seed.
    """
    try:
        return xxhash.xxh3_128_digest(html.encode("utf-16-le"))
    except UnicodeEncodeError:
        return xxhash.xxh3_128_digest(html.encode("utf-8", "surrogatepass"), seed=1)


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
        self.stored_theme: tuple[list[Any], bytes] = ([], b"")  # the theme links and keys as stored
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
        self.stored_theme = (content["links"], keys)

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

        Nothing is written when every page was read from the file and none has gone. When no page
        has gone and none showed a theme link the file lacks, as after an edit of a page's text,
        the file's numbers still hold: the records read from it are written as they were
        (renumbering every page costs about 0.1 s at 2,000 pages). The table may then keep a link
        that only an edited page showed, until a page goes or a new theme link comes.
        """
        if self.reused == len(self.used) == len(self.stored):
            return
        stored_links, stored_keys = self.stored_theme
        if stored_links and len(self.theme.links) == len(stored_links) and self.stored.keys() <= self.used.keys():
            pages = {
                dest: self.stored[dest]
                if dest in self.stored and self.stored[dest][0] == hashed
                else stored_record(hashed, record)
                for dest, (hashed, record) in self.used.items()
            }
            self.write(stored_links, stored_keys, pages)
            return
        renumbered: dict[int, int] = {}
        pages = {}
        for dest, (hashed, record) in self.used.items():
            theme = tuple(renumbered.setdefault(number, len(renumbered)) for number in record.theme)
            pages[dest] = stored_record(hashed, record._replace(theme=theme))
        keys = self.theme.keys()
        order = sorted(renumbered, key=renumbered.__getitem__)
        links = [tuple(self.theme.links[number]) for number in order]
        try:
            self.write(links, marshal.dumps([keys[number] for number in order]), pages)
        except ValueError:  # a value marshal cannot store: read every page again next time
            return

    def write(self, links: list[Any], keys: bytes, pages: dict[str, Any]) -> None:
        data = marshal.dumps({"format": FORMAT, "stamp": self.stamp, "links": links, "keys": keys, "pages": pages})
        write_atomically(self.path, data)


def stored_record(hashed: bytes, record: PageRecord) -> tuple[bytes, Any, Any, Any]:
    """A page's record as the file stores it."""
    return (hashed, tuple(tuple(link) for link in record.content), dict(record.ids), record.theme)


def site_shape(site: SiteIndex) -> bytes:
    """A hash of what every page's check depends on besides the pages it links to: the files of the
    build, what each page is, the nav, the data and template files a problem may be placed in, and
    the order of the pages (the first page to show a theme link is the one it is judged on)."""
    shape = (
        list(site.files.items()),
        [page_facts(page) for page in site.pages.values()],
        list(site.scans),
        list(site.templates.items()),
        [(source.path, source.text) for source in site.data],
        [(source.path, source.text) for source in site.template_sources],
        [(entry.title, entry.path, entry.line) for entry in site.nav],
        site.config_path,
        site.site_url,
    )
    return hashlib.sha256(marshal.dumps(shape)).digest()


def page_facts(page: PageInfo) -> tuple[str | bool, ...]:
    return (
        page.src_uri,
        page.dest_uri,
        page.path,
        page.markdown,
        page.title,
        page.patient,
        page.in_nav,
        page.nav_required,
    )


def probe_answer(answer: object) -> object:
    """What is kept of a look at the built folder: a file's text by its hash, a folder's files as a tuple."""
    if isinstance(answer, str):
        return digest(answer)
    return tuple(answer) if isinstance(answer, list) else answer


class ResultFile(Results):
    """What the check of each page found at the last build, read from `path`; `save` writes this build's.

    A page's result holds while its HTML (`hashes`, from its RecordFile), the theme links it was
    the first to show, the HTML of every page its links were judged against, its Markdown (when a
    problem was placed in it) and the shape of the whole site are as they were, and every look the
    last check took at the built folder gets the same answer.
    """

    def __init__(self, path: Path, stamp: str, hashes: dict[str, bytes]) -> None:
        self.path = path
        self.stamp = stamp
        self.hashes = hashes
        self.site = SiteIndex()
        self.shape = b""
        self.stored: dict[str, Any] = {}
        self.stored_probes: dict[tuple[str, str], object] = {}
        self.kept: dict[str, Any] = {}
        self.probes: dict[tuple[str, str], object] = {}
        self.stored_shape = b""
        self.reused = 0  # pages whose result was used again in this build
        try:
            content = marshal.loads(path.read_bytes())
            if content["format"] != FORMAT or content["stamp"] != stamp:
                return
            self.stored_shape, self.stored, self.stored_probes = content["shape"], content["pages"], content["probes"]
            if not isinstance(self.stored, dict) or not isinstance(self.stored_probes, dict):
                self.stored, self.stored_probes = {}, {}
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            return

    def start(self, site: SiteIndex) -> None:
        self.site = site
        self.shape = site_shape(site)
        looks = {"exists": site.exists, "read": site.read, "listdir": site.listdir}
        try:
            holds = self.shape == self.stored_shape and all(
                probe_answer(looks[kind](argument)) == answer for (kind, argument), answer in self.stored_probes.items()
            )
        except (KeyError, TypeError, ValueError):
            holds = False
        if not holds:
            self.stored, self.stored_probes = {}, {}

    def get(self, dest: str, scan: PageScan) -> PageResult | None:
        entry = self.stored.get(dest)
        if entry is None:
            return None
        try:
            html, theme, markdown, targets, findings, linked = entry
            if html != self.hashes.get(dest) or theme != tuple(link for link in scan.links if not link.in_content):
                return None
            if any(self.hashes.get(target) != hashed for target, hashed in targets):
                return None
            if markdown and markdown != digest(self.site.markdown_of(self.site.pages[dest])):
                return None
            result = PageResult(
                tuple(
                    Finding(Problem(path, line, message, column), frozenset(map(tuple, covers)), key)
                    for path, line, message, column, covers, key in findings
                ),
                linked,
                tuple(target for target, _ in targets),
                bool(markdown),
            )
        except (TypeError, ValueError, KeyError):
            return None
        self.kept[dest] = entry
        self.reused += 1
        return result

    def put(self, dest: str, scan: PageScan, result: PageResult) -> None:
        html = self.hashes.get(dest)
        targets = tuple((target, self.hashes.get(target)) for target in result.targets)
        if html is None or any(hashed is None for _, hashed in targets):
            return  # a page or target read without a record: nothing to tell its next version by
        page = self.site.pages[dest]
        self.kept[dest] = (
            html,
            tuple(tuple(link) for link in scan.links if not link.in_content),
            digest(self.site.markdown_of(page)) if result.markdown_read else b"",
            targets,
            tuple(
                (f.problem.path, f.problem.line, f.problem.message, f.problem.column, tuple(f.covers), f.key)
                for f in result.findings
            ),
            result.linked,
        )

    def finish(self, probes: Mapping[tuple[str, str], object]) -> None:
        # The looks of the pages checked at the last build still count for the pages kept from it.
        self.probes = {**self.stored_probes, **{key: probe_answer(answer) for key, answer in probes.items()}}

    def save(self) -> None:
        """Write the results of this build's pages; nothing when all were used again as they were."""
        if self.reused == len(self.kept) == len(self.stored) and self.probes == self.stored_probes:
            return
        data = {"format": FORMAT, "stamp": self.stamp, "shape": self.shape, "pages": self.kept, "probes": self.probes}
        try:
            packed = marshal.dumps(data)
        except ValueError:
            return
        write_atomically(self.path, packed)
