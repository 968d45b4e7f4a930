"""The facts and tables of `data/`, loaded once per build into typed, read-only values."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks.core.problems import Problem, ProblemError, closest, suggest
from hooks.core.translation import SOURCE_ONLY, Translation
from hooks.core.yamlfile import Document, load_document, load_schema, parse_yaml, read_text, translated, validate
from hooks.project.inline import inline_markdown_problems
from hooks.project.staffdata import StaffData

# The "When to get help" cards in the NHS's three levels, in the order a page shows them; each
# care-card page of data/quality.yml places every one.
CARE_CARD_KINDS = ("non-urgent", "urgent", "emergency")
# The cards every patient handout prints, added after its text when its page lacks them: help at any
# hour. The non-urgent card waits for opening hours, so it prints only where its page places it.
HANDOUT_CARE_CARD_KINDS = ("urgent", "emergency")


@dataclass(frozen=True)
class Located:
    """A value from a data file with the file and line it came from, for error messages."""

    value: str
    path: str
    line: int


@dataclass(frozen=True)
class CareCard:
    """One "When to get help" card of `data/care-cards.yml`, each text with its line: what a screen
    reader says first (the urgency in words), the call to action, the bullets and the last line."""

    prefix: Located
    heading: Located
    items: tuple[Located, ...]
    action: Located


@dataclass(frozen=True)
class RegulationText:
    """A name or sentence of `data/regulators.yml` and the reference cited after it, if any."""

    text: Located
    cites: str | None = None  # an id of data/references.yml


@dataclass(frozen=True)
class Regulation:
    """Who regulates medicines and medical products in the clinic's country, and how a side effect is
    reported there: its entry of `data/regulators.yml`, by the word a page places it with."""

    country: str  # GB
    texts: dict[str, RegulationText]  # country, regulator, scheme, then each sentence by its key


@dataclass(frozen=True)
class Table:
    """One table of `data/tables/ID.yml`; the first column holds the row headers."""

    id: str
    path: str
    caption: str
    columns: dict[str, str]
    rows: dict[str, dict[str, Located]]
    problems: tuple[Problem, ...] = ()  # what its text must not hold: raw HTML, unsafe links


@dataclass(frozen=True)
class SiteData:
    """Everything the pages may place with a shortcode."""

    clinic: dict[str, Any]
    facts: dict[str, Located]
    tables: dict[str, Table]
    care_cards: dict[str, CareCard]
    references: dict[str, dict[str, str]]
    glossary: dict[str, str]
    files: list[str] = field(default_factory=list)
    care_card_document: Document | None = None  # for the lines of the card checks
    problems: list[Problem] = field(default_factory=list)  # what the values must not hold (see inline.py)
    staff: StaffData = field(default_factory=lambda: StaffData({}, ()))  # protocol values, competencies
    # The words the site adds around the pages (data/interface.yml), in the build's language.
    interface: dict[str, str] = field(default_factory=dict)
    # A glossary term in the build's language -> its term in the source language (for its id).
    glossary_sources: dict[str, str] = field(default_factory=dict)
    regulation: Regulation | None = None
    direction: str = "ltr"  # how the build's language is written: rtl keeps numbers and addresses ltr  # the regulator and reporting scheme of the clinic's country


# Data files of the site: name in data/, schema in data/schemas/.
SINGLE_FILES = {
    "clinic": ("clinic.yml", "clinic.schema.json"),
    "facts": ("facts.yml", "facts.schema.json"),
    "care_cards": ("care-cards.yml", "care-cards.schema.json"),
    "references": ("references.yml", "references.schema.json"),
    "glossary": ("glossary.yml", "glossary.schema.json"),
    "interface": ("interface.yml", "interface.schema.json"),
    "regulators": ("regulators.yml", "regulators.schema.json"),
}


def table_schema(generic: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """The generic table schema narrowed to this table's columns: each row has each column, no more."""
    schema = copy.deepcopy(generic)
    schema["properties"]["rows"]["additionalProperties"] = {
        "type": "object",
        "properties": {column: {"$ref": "#/$defs/text"} for column in columns},
        "required": columns,
        "additionalProperties": False,
    }
    return schema


def load_table(
    file: Path, display: str, generic_schema: dict[str, Any], translation: Translation = SOURCE_ONLY
) -> Table:
    """Read one table file and check it, row by row, against its own columns."""
    document = parse_yaml(read_text(file, display), display)
    columns = (document.value or {}).get("columns") if isinstance(document.value, dict) else None
    schema = table_schema(generic_schema, list(columns)) if isinstance(columns, dict) else generic_schema
    texts: set[int] = set()
    problems = validate(document, schema, translation, texts)
    if problems:
        raise ProblemError(problems)
    document = translated(document, translation, texts)
    rows = {
        row_id: {
            column: Located(str(text), display, document.line_of(["rows", row_id, column]))
            for column, text in cells.items()
        }
        for row_id, cells in document.value["rows"].items()
    }
    columns = dict(document.value["columns"])
    problems = inline_markdown_problems(document.value["caption"], display, document.line_of(["caption"]), markers=True)
    for column, heading in columns.items():
        problems += inline_markdown_problems(heading, display, document.line_of(["columns", column]))
    for cells in rows.values():
        for cell in cells.values():
            problems += inline_markdown_problems(cell.value, cell.path, cell.line, markers=True)
    return Table(
        id=file.stem,
        path=display,
        caption=document.value["caption"],
        columns=columns,
        rows=rows,
        problems=tuple(problems),
    )


def care_cards_of(document: Document) -> dict[str, CareCard]:
    """Each card of `data/care-cards.yml` (checked against its schema), each text with its line."""

    def text(*keys: str | int) -> Located:
        value: Any = document.value
        for key in keys:
            value = value[key]
        return Located(str(value), document.path, document.line_of(list(keys)))

    return {
        kind: CareCard(
            prefix=text(kind, "prefix"),
            heading=text(kind, "heading"),
            items=tuple(text(kind, "items", index) for index in range(len(card["items"]))),
            action=text(kind, "action"),
        )
        for kind, card in document.value.items()
    }


def clinic_regulation(
    clinic: Document, regulators: Document, references: Document
) -> tuple[Regulation | None, list[Problem]]:
    """The entry of `data/regulators.yml` for the country of `data/clinic.yml`, with the problems
    that leave the pages without one: an unknown country, a reference that does not exist."""
    problems = []
    for code, entry in regulators.value.items():
        for named in ("regulator", "scheme"):
            reference = entry[named]["reference"]
            if reference not in references.value:
                problems.append(
                    Problem(
                        regulators.path,
                        regulators.line_of([code, named, "reference"]),
                        f"unknown reference '{reference}': {references.path} has no entry for it; "
                        f"add one, or fix the id{suggest(reference, references.value)}",
                    )
                )
    country = clinic.value["country"]
    entry = regulators.value.get(country)
    if entry is None:
        problems.append(
            Problem(
                clinic.path,
                clinic.line_of(["country"]),
                f"unknown country '{country}': {regulators.path} has no entry for it; add one with its regulator "
                f"and reporting scheme, or fix the code{suggest_country(country, regulators.value)}",
            )
        )
    if problems:
        return None, problems

    def text(*keys: str) -> Located:
        value: Any = entry
        for key in keys:
            value = value[key]
        return Located(str(value), regulators.path, regulators.line_of([country, *keys]))

    texts = {
        "country": RegulationText(text("country")),
        "regulator": RegulationText(text("regulator", "name")),
        "scheme": RegulationText(text("scheme", "name")),
    }
    for key, sentence in entry["sentences"].items():
        cites = entry[sentence["cites"]]["reference"] if "cites" in sentence else None
        texts[key] = RegulationText(text("sentences", key, "text"), cites)
    return Regulation(country, texts), []


def suggest_country(code: str, entries: dict[str, Any]) -> str:
    """The did-you-mean of an unknown country code: a close code, else the one entry whose name has
    the code as a word (UK: 'GB', the UK), else the codes there are."""
    named = [known for known, entry in entries.items() if code.casefold() in str(entry["country"]).casefold().split()]
    if closest(code, entries) is None and len(named) == 1:
        return f"; did you mean '{named[0]}' ({entries[named[0]]['country']})?"
    return suggest(code, entries)


def located_facts(document: Document) -> dict[str, Located]:
    """Each fact's value with the line of its key."""
    return {
        key: Located(entry["value"], document.path, document.line_of([key])) for key, entry in document.value.items()
    }


def load_site_data(data_dir: Path, display_prefix: str = "data", translation: Translation = SOURCE_ONLY) -> SiteData:
    """Load every data file, collecting the problems of all files before failing."""
    schemas = data_dir / "schemas"
    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    files: list[str] = []
    for name, (file_name, schema_name) in SINGLE_FILES.items():
        display = f"{display_prefix}/{file_name}"
        files.append(display)
        if not (data_dir / file_name).is_file():
            problems.append(
                Problem(display, 1, f"missing data file; create it (schema: {display_prefix}/schemas/{schema_name})")
            )
            continue
        try:
            documents[name] = load_document(
                data_dir / file_name, display, load_schema(schemas / schema_name), translation
            )
        except ProblemError as error:
            problems.extend(error.problems)
    tables: dict[str, Table] = {}
    generic = load_schema(schemas / "table.schema.json")
    for file in sorted((data_dir / "tables").glob("*.yml")):
        display = f"{display_prefix}/tables/{file.name}"
        files.append(display)
        try:
            tables[file.stem] = load_table(file, display, generic, translation)
        except ProblemError as error:
            problems.extend(error.problems)
    regulation: Regulation | None = None
    if not problems:
        regulation, problems = clinic_regulation(documents["clinic"], documents["regulators"], documents["references"])
    if problems:
        raise ProblemError(problems)
    care_cards = care_cards_of(documents["care_cards"])
    return SiteData(
        clinic=documents["clinic"].value,
        facts=located_facts(documents["facts"]),
        tables=tables,
        care_cards=care_cards,
        references=documents["references"].value,
        glossary=glossary_entries(documents["glossary"].value),
        files=files,
        interface=documents["interface"].value,
        glossary_sources={
            meaning["term"]: term for term, meaning in documents["glossary"].value.items() if isinstance(meaning, dict)
        },
        care_card_document=documents["care_cards"],
        regulation=regulation,
        problems=value_problems(documents, care_cards)
        + [problem for table in tables.values() for problem in table.problems],
    )


def glossary_entries(value: dict[str, Any]) -> dict[str, str]:
    """Term: meaning, in the build's language: a translation may name the term in its own words."""
    entries = {}
    for term, meaning in value.items():
        if isinstance(meaning, dict):
            entries[meaning["term"]] = meaning["meaning"]
        else:
            entries[term] = meaning
    return entries


def value_problems(documents: dict[str, Document], care_cards: dict[str, CareCard]) -> list[Problem]:
    """What the values of the single data files must not hold, each at its line (see inline.py)."""
    clinic, facts = documents["clinic"], documents["facts"]
    references, glossary = documents["references"], documents["glossary"]
    problems = []
    for keys, value in text_leaves(clinic.value, ()):
        problems += inline_markdown_problems(value, clinic.path, clinic.line_of(keys))
    for key, entry in facts.value.items():
        problems += inline_markdown_problems(entry["value"], facts.path, facts.line_of([key, "value"]))
    for card in care_cards.values():
        for text in (card.prefix, card.heading, *card.items, card.action):
            problems += inline_markdown_problems(text.value, text.path, text.line, markers=True)
    for key, reference in references.value.items():
        problems += inline_markdown_problems(
            reference["citation"], references.path, references.line_of([key, "citation"])
        )
    for term, meaning in glossary.value.items():
        for text in meaning.values() if isinstance(meaning, dict) else [meaning]:
            problems += inline_markdown_problems(text, glossary.path, glossary.line_of([term]))
    regulators = documents["regulators"]
    for keys, value in text_leaves(regulators.value, ()):
        if keys[-1] not in {"reference", "cites"}:
            problems += inline_markdown_problems(value, regulators.path, regulators.line_of(keys))
    return problems


def text_leaves(value: Any, keys: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    """Every text of a mapping of mappings, with the keys that lead to it."""
    if isinstance(value, dict):
        return [leaf for key, inner in value.items() for leaf in text_leaves(inner, (*keys, key))]
    return [(keys, value)] if isinstance(value, str) else []
