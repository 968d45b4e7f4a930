"""The settings of the clinical content checks, read from `data/quality.yml` with their lines.

Thresholds and required pages are data, not code: a clinic changes them without touching Python.
No MkDocs import here.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from hooks.core.problems import Problem, ProblemError, suggest
from hooks.core.translation import SOURCE_ONLY, Translation
from hooks.core.yamlfile import Document, load_document, load_schema

SETTINGS_FILE = "quality.yml"


@dataclass(frozen=True)
class Limits:
    """Grades of one readability formula: above `note` a note, above `fail` a warning."""

    note: float
    fail: float


@dataclass(frozen=True)
class ReadabilitySettings:
    min_words: int
    long_sentence_words: int
    flesch_kincaid: Limits
    smog: Limits
    # The formulas that score this build's language (English: the two grades; Arabic: OSMAN).
    formulas: tuple[str, ...] = ("flesch_kincaid", "smog")
    osman: Limits | None = None  # OSMAN reading ease (0 to 100, higher is easier): below is worse


@dataclass(frozen=True)
class KeyPointsSettings:
    title: str
    min_bullets: int
    max_bullets: int
    min_words: int


@dataclass(frozen=True)
class Statement:
    """A sentence a page must contain, in any wording `pattern` matches."""

    say: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class EvidenceSettings:
    page: str
    cites: tuple[str, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class QualitySettings:
    """Everything `data/quality.yml` sets, and the document for line numbers of its entries."""

    max_review_years: int
    key_points: KeyPointsSettings
    care_card_pages: tuple[str, ...]
    evidence: EvidenceSettings | None
    readability: ReadabilitySettings
    document: Document

    def line_of(self, *keys: str | int) -> int:
        return self.document.line_of(list(keys))


def load_checked_file(
    data_dir: Path, file_name: str, display_prefix: str = "data", translation: Translation = SOURCE_ONLY
) -> Document:
    """A data file of the checks, validated against `schemas/<name>.schema.json`; ProblemError if wrong."""
    display = f"{display_prefix}/{file_name}"
    schema = f"{Path(file_name).stem}.schema.json"
    if not (data_dir / file_name).is_file():
        raise ProblemError(
            [Problem(display, 1, f"missing file; create it (schema: {display_prefix}/schemas/{schema})")]
        )
    return load_document(data_dir / file_name, display, load_schema(data_dir / "schemas" / schema), translation)


def load_quality_settings(
    data_dir: Path, display_prefix: str = "data", translation: Translation = SOURCE_ONLY
) -> QualitySettings:
    """Read and check `data/quality.yml`; ProblemError lists every problem with its line."""
    document = load_checked_file(data_dir, SETTINGS_FILE, display_prefix, translation)
    display = document.path
    value = document.value
    problems: list[Problem] = []
    key_points = KeyPointsSettings(**value["key_points"])
    if key_points.min_bullets > key_points.max_bullets:
        problems.append(
            Problem(
                display,
                document.line_of(["key_points", "min_bullets"]),
                f"'key_points.min_bullets' ({key_points.min_bullets}) is more than 'max_bullets' ({key_points.max_bullets}); swap them",
            )
        )
    evidence = None
    if value.get("evidence"):
        statements = []
        for index, statement in enumerate(value["evidence"].get("statements", [])):
            try:
                pattern = re.compile(statement["pattern"], re.I)
            except re.error as error:
                line = document.line_of(["evidence", "statements", index, "pattern"])
                problems.append(
                    Problem(display, line, f"'pattern' is not a valid regular expression ({error}); fix it")
                )
                continue
            if not pattern.search(statement["say"]):
                line = document.line_of(["evidence", "statements", index, "pattern"])
                problems.append(Problem(display, line, "'pattern' does not match its own 'say' text; make them agree"))
            statements.append(Statement(statement["say"], pattern))
        evidence = EvidenceSettings(value["evidence"]["page"], tuple(value["evidence"]["cites"]), tuple(statements))
    if problems:
        raise ProblemError(problems)
    readability = value["readability"]
    return QualitySettings(
        max_review_years=value["review"]["max_years"],
        key_points=key_points,
        care_card_pages=tuple(value["care_cards"]["pages"]),
        evidence=evidence,
        readability=ReadabilitySettings(
            min_words=readability["min_words"],
            long_sentence_words=readability["long_sentence_words"],
            flesch_kincaid=Limits(**readability["flesch_kincaid"]),
            smog=Limits(**readability["smog"]),
            formulas=tuple(readability.get("formulas", ("flesch_kincaid", "smog"))),
            osman=Limits(**readability["osman"]) if "osman" in readability else None,
        ),
        document=document,
    )


def check_settings_against_site(
    settings: QualitySettings, pages: Collection[str], references: Collection[str]
) -> list[Problem]:
    """The pages and references the settings name must exist: a typo must not switch a check off."""
    named: list[tuple[tuple[str | int, ...], str, str, Collection[str], str]] = [
        (("care_cards", "pages", index), "care-card page", page, pages, "docs/")
        for index, page in enumerate(settings.care_card_pages)
    ]
    if settings.evidence is not None:
        named.append((("evidence", "page"), "evidence page", settings.evidence.page, pages, "docs/"))
        named += [
            (("evidence", "cites", index), "reference", reference, references, "data/references.yml")
            for index, reference in enumerate(settings.evidence.cites)
        ]
    return [
        Problem(
            settings.document.path,
            settings.line_of(*keys),
            f"{what} '{name}' is not in {where}{suggest(name, choices)}",
        )
        for keys, what, name, choices, where in named
        if name not in choices
    ]
