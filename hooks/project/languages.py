"""The languages of the site (`data/languages.yml`): the source language first, then each edition
that translates it. No MkDocs import here."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hooks.core.problems import Problem, suggest
from hooks.core.translation import WESTERN_DIGITS, Translation
from hooks.core.yamlfile import load_document, load_schema

LANGUAGES_FILE = "languages.yml"


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str
    name: str  # in English
    native_name: str  # in itself, for the language switch
    digits: str = WESTERN_DIGITS
    direction: str = "ltr"  # rtl: written right to left
    search_ignores_marks: bool = False  # its search index keeps no vowel marks (hooks/search/index.py)


@dataclass(frozen=True)
class Languages:
    """Every language of the site, the source first."""

    all: tuple[Language, ...]

    @property
    def source(self) -> Language:
        return self.all[0]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.all)

    def get(self, code: str) -> Language | None:
        return next((language for language in self.all if language.code == code), None)

    def translation(self, code: str) -> Translation:
        """How the data files read for a build in language `code` (one of `codes`)."""
        language = self.get(code) or self.source
        return Translation(
            language=language.code,
            languages=self.codes,
            digits=language.digits,
            names=tuple((other.code, other.name) for other in self.all),
        )

    def folders_within(self, code: str) -> tuple[str, ...]:
        """The other editions' folders inside this edition's site ('ar/' within the English one)."""
        return tuple(folder for other in self.codes if other != code and (folder := self.edition_folder(other)))

    def edition_folder(self, code: str) -> str:
        """Where an edition's pages and built site live below docs/ and site/: '' for the source."""
        return "" if code == self.source.code else f"{code}/"


ONE_LANGUAGE = Languages((Language("en", "English", "English"),))


def load_languages(data_dir: Path, display_prefix: str = "data") -> Languages:
    """Read `data/languages.yml`; a site without it has one language, English."""
    file = data_dir / LANGUAGES_FILE
    if not file.is_file():
        return ONE_LANGUAGE
    display = f"{display_prefix}/{LANGUAGES_FILE}"
    document = load_document(file, display, load_schema(data_dir / "schemas" / "languages.schema.json"))
    return Languages(
        tuple(
            Language(
                code,
                entry["name"],
                entry["native_name"],
                entry.get("digits", WESTERN_DIGITS),
                entry.get("direction", "ltr"),
                entry.get("search_ignores_marks", False),
            )
            for code, entry in document.value.items()
        )
    )


def build_language_problem(languages: Languages, code: str, config_path: str, line: int) -> Problem | None:
    """A configuration whose theme.language is not a language of the site."""
    if code in languages.codes:
        return None
    return Problem(
        config_path,
        line,
        f"theme language '{code}' is not a language of the site (data/languages.yml); "
        f"add it there, or use another{suggest(code, languages.codes)}",
    )


def source_docs_dir(docs_dir: Path, languages: Languages, code: str) -> Path:
    """The source language's docs folder, from an edition's: docs/ from docs/ar/."""
    return docs_dir.parent if code != languages.source.code and docs_dir.name == code else docs_dir


def shared_files(source_docs: Path, excluded: Callable[[str], bool], folder: str = "assets") -> list[str]:
    """The files every edition shares with the source (its styles and scripts): docs/assets/*,
    as paths from the docs folder, but those the configuration excludes."""
    root = source_docs / folder
    if not root.is_dir():
        return []
    found = (path.relative_to(source_docs).as_posix() for path in root.rglob("*") if path.is_file())
    return sorted(src for src in found if not excluded(src))


def source_pages(source_docs: Path, excluded: Callable[[str], bool]) -> list[str]:
    """The source's pages an edition translates: every page of docs/ its configuration builds."""
    found = (path.relative_to(source_docs).as_posix() for path in source_docs.rglob("*.md"))
    return sorted(src for src in found if not excluded(src))


def editions_with_page(
    all_editions: list[dict[str, str]], languages: Languages, source_docs: Path, src_uri: str
) -> list[dict[str, str]]:
    """The editions (of `editions`) that have the page `src_uri`, this one included: its language
    switch and alternate links lead to these."""
    return [
        edition
        for edition in all_editions
        if edition["current"] or (source_docs / languages.edition_folder(edition["code"]) / src_uri).is_file()
    ]


def editions(languages: Languages, code: str, root_url: str) -> list[dict[str, str]]:
    """Each language's edition as a page's language switch and alternate links name it: its code,
    native name, address (from the source edition's `root_url`) and folder from this edition's."""
    up = "../" * languages.edition_folder(code).count("/")
    return [
        {
            "code": language.code,
            "name": language.native_name,
            "url": root_url + languages.edition_folder(language.code) if root_url else "",
            "link": up + languages.edition_folder(language.code),
            "current": "true" if language.code == code else "",
        }
        for language in languages.all
    ]


def built_or_edition_page(site_dir: Path, languages: Languages, code: str, source_docs: Path) -> Callable[[str], bool]:
    """Whether a built path from this edition's root is a file of its build or a page of another
    edition (the link checker's `exists`, in a build and in `make check`)."""
    return lambda dest: (site_dir / dest).is_file() or other_edition_page(dest, languages, code, source_docs)


def other_edition_page(dest: str, languages: Languages, code: str, source_docs: Path) -> bool:
    """Whether `dest`, a built path from this edition's root, is a page of another edition, built
    by its own configuration before or after this one: ar/aftercare/index.html from the English
    root, ../aftercare/index.html from the Arabic one. Told from the other edition's pages."""
    full = posixpath.normpath(languages.edition_folder(code) + dest)
    if full.startswith("../") or not full.endswith("index.html"):
        return False
    folders = {languages.edition_folder(language.code): language.code for language in languages.all}
    first = full.split("/", 1)[0] + "/"
    folder = first if first in folders and first != "/" and "/" in full else ""
    if folders.get(folder) in (None, code):
        return False
    stem = full[len(folder) : -len("index.html")].rstrip("/")
    docs = source_docs / folder if folder else source_docs
    candidates = [docs / f"{stem}.md", docs / stem / "index.md"] if stem else [docs / "index.md"]
    return any(candidate.is_file() for candidate in candidates)


def untranslated_pages(
    source_pages: list[str], edition_pages: list[str], *, docs: str, code: str, name: str
) -> list[Problem]:
    """Each source page the edition has no translation of (its pages have the same paths)."""
    have = set(edition_pages)
    return [
        Problem(
            f"{docs}/{code}/{page}",
            1,
            f"missing: the {name} edition has no translation of {docs}/{page}; "
            f"translate it into {docs}/{code}/{page} (same file name)",
        )
        for page in source_pages
        if page not in have
    ]


HTML_TAG = re.compile(r"<html(?![^>]*\sdir=)", re.I)


def with_direction(page_html: str, direction: str) -> str:
    """The page with its writing direction on <html> too (the theme sets it on <body> only), so
    the whole document, its title and header included, reads right to left."""
    if direction == "ltr":
        return page_html
    return HTML_TAG.sub(f'<html dir="{direction}"', page_html, count=1)
