"""Which version of its source page each translated page translates (`data/translations.yml`), and
whether the source has changed since. No MkDocs import here.

    python -m hooks.governance.translations docs/ar/aftercare.md [--translator "Name"]

records, once a translator has brought docs/ar/aftercare.md in line with docs/aftercare.md as it
is now, the fingerprint of that source page. While the source page still has that fingerprint the
translation is up to date; once it changes, the translated page says so to its readers, in its own
language, with a link to the source page, and `make release` fails naming it.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hooks.core.problems import Problem, ProblemError, suggest
from hooks.core.yamlfile import load_document, load_schema
from hooks.governance.records import run_refusable

TRANSLATIONS = "translations.yml"
HEADER = """# yaml-language-server: $schema=schemas/translations.schema.json
# The version of its source page each translated page translates: the fingerprint of the source
# page's file when the translation was last brought in line with it. Written by
# `make translated PAGE=docs/ar/x.md` once the translator has done so; never edit it by hand.
"""


@dataclass(frozen=True)
class TranslationRecord:
    """One translated page: the source version it translates, and when that was recorded."""

    page: str  # docs/ar/aftercare.md
    source: str  # docs/aftercare.md
    fingerprint: str
    date: datetime.date
    translator: str = ""


def fingerprint(text: str) -> str:
    """The fingerprint of a source page's file (line endings made the same)."""
    return "sha256:" + hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def load_translations(data_dir: Path, display_prefix: str = "data") -> dict[str, TranslationRecord]:
    """Every record of `data/translations.yml` by translated page (none when the file is missing)."""
    file = data_dir / TRANSLATIONS
    if not file.is_file():
        return {}
    display = f"{display_prefix}/{TRANSLATIONS}"
    document = load_document(file, display, load_schema(data_dir / "schemas" / "translations.schema.json"))
    records = {}
    for page, entry in (document.value or {}).items():
        if not isinstance(entry["date"], datetime.date):
            message = f"'{page}.date': {entry['date']!r} is not a date; do not edit a record by hand: make translated"
            raise ProblemError([Problem(display, document.line_of([page, "date"]), message)])
        records[page] = TranslationRecord(
            page, entry["source"], entry["fingerprint"], entry["date"], entry.get("translator", "")
        )
    return records


@dataclass(frozen=True)
class TranslationState:
    """Whether a translated page is in line with its source page as it is now."""

    page: str
    source: str
    record: TranslationRecord | None
    current: str  # the source page's fingerprint now

    @property
    def up_to_date(self) -> bool:
        return self.record is not None and self.record.fingerprint == self.current

    def release_problem(self) -> Problem | None:
        """Why the translated page cannot be published as it is."""
        if self.up_to_date:
            return None
        command = f"make translated PAGE={self.page}"
        if self.record is None:
            return Problem(
                self.page,
                1,
                f"translation of {self.source} has no record of the version it translates; "
                f"check it against {self.source}, then: {command}",
            )
        return Problem(
            self.page,
            1,
            f"translation of {self.source} is out of date: {self.source} changed since it was translated "
            f"on {self.record.date.isoformat()}; bring the translation in line with it, then: {command}",
        )


def translation_state(
    page: str, source: str, source_text: str, records: Mapping[str, TranslationRecord]
) -> TranslationState:
    """The state of the translated page `page` (docs/ar/x.md) of the source page `source`."""
    return TranslationState(page, source, records.get(page), fingerprint(source_text))


def write_translation(data_dir: Path, record: TranslationRecord) -> None:
    """Add or replace one record of data/translations.yml, the others kept as they are."""
    file = data_dir / TRANSLATIONS
    existing: dict[str, Any] = {}
    if file.is_file():
        existing = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    entry: dict[str, Any] = {"source": record.source, "fingerprint": record.fingerprint, "date": record.date}
    if record.translator:
        entry["translator"] = record.translator
    existing[record.page] = entry
    body = yaml.safe_dump(dict(sorted(existing.items())), sort_keys=False, allow_unicode=True, width=100)
    file.write_text(HEADER + body, encoding="utf-8")


def record_translation(
    root: Path, page: str, *, docs: str, today: datetime.date, translator: str = "", editions: Sequence[str]
) -> list[str]:
    """Record that the translated page `page` is in line with its source page now; the reasons it
    was refused, or an empty list."""
    parts = page.split("/")
    if len(parts) < 3 or parts[0] != docs or parts[1] not in editions:
        return [f"{page}: not a translated page; name one as docs/CODE/page.md, CODE one of: {', '.join(editions)}"]
    source = "/".join([docs, *parts[2:]])
    if not (root / page).is_file():
        pages = [p.relative_to(root).as_posix() for p in (root / docs / parts[1]).rglob("*.md")]
        return [f"{page}: no such page{suggest(page, pages)}"]
    if not (root / source).is_file():
        return [f"{page}: its source page {source} does not exist; remove the translation or restore the page"]
    text = (root / source).read_text(encoding="utf-8")
    write_translation(root / "data", TranslationRecord(page, source, fingerprint(text), today, translator))
    return []


def main(argv: Sequence[str] | None = None) -> int:
    from hooks.project.languages import load_languages

    parser = argparse.ArgumentParser(
        prog="python -m hooks.governance.translations", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("page", help="the translated page: docs/ar/aftercare.md")
    parser.add_argument("--translator", default="", help="who brought it in line with its source")
    arguments = parser.parse_args(argv)
    root = Path.cwd()

    def record() -> list[str]:
        languages = load_languages(root / "data")
        return record_translation(
            root,
            arguments.page,
            docs="docs",
            today=datetime.date.today(),
            translator=arguments.translator.strip(),
            editions=[code for code in languages.codes if code != languages.source.code],
        )

    return run_refusable(
        record, lambda: f"{arguments.page}: recorded as the translation of its source page as it is now"
    )


if __name__ == "__main__":
    sys.exit(main())
