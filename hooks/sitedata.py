"""The facts and tables of `data/`, loaded once per build into typed, read-only values."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks.datafiles import DataError, Document, load_document, load_schema
from hooks.markers import Problem
from hooks.resultcache import files_fingerprint, fingerprint


@dataclass(frozen=True)
class Located:
    """A value from a data file with the file and line it came from, for error messages."""

    value: str
    path: str
    line: int


@dataclass(frozen=True)
class Table:
    """One table of `data/tables/ID.yml`; the first column holds the row headers."""

    id: str
    path: str
    caption: str
    columns: dict[str, str]
    rows: dict[str, dict[str, Located]]


@dataclass(frozen=True)
class SiteData:
    """Everything the pages may place with a shortcode."""

    clinic: dict[str, Any]
    facts: dict[str, Located]
    tables: dict[str, Table]
    care_cards: dict[str, list[str]]
    references: dict[str, dict[str, str]]
    glossary: dict[str, str]
    files: list[str] = field(default_factory=list)
    care_card_lines: dict[str, list[int]] = field(default_factory=dict)


# Data files of the site: name in data/, schema in data/schemas/.
SINGLE_FILES = {
    "clinic": ("clinic.yml", "clinic.schema.json"),
    "facts": ("facts.yml", "facts.schema.json"),
    "care_cards": ("care-cards.yml", "care-cards.schema.json"),
    "references": ("references.yml", "references.schema.json"),
    "glossary": ("glossary.yml", "glossary.schema.json"),
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


def load_table(file: Path, display: str, generic_schema: dict[str, Any]) -> Table:
    """Read and check one table file, row by row against its own columns."""
    document = load_document(file, display, generic_schema)
    columns = list(document.value["columns"])
    document = load_document(file, display, table_schema(generic_schema, columns))
    rows = {
        row_id: {
            column: Located(str(text), display, document.line_of(["rows", row_id, column]))
            for column, text in cells.items()
        }
        for row_id, cells in document.value["rows"].items()
    }
    return Table(
        id=file.stem,
        path=display,
        caption=document.value["caption"],
        columns=dict(document.value["columns"]),
        rows=rows,
    )


def located_facts(document: Document) -> dict[str, Located]:
    """Each fact's value with the line of its key."""
    return {
        key: Located(entry["value"], document.path, document.line_of([key])) for key, entry in document.value.items()
    }


# The last data loaded and the bytes of every file of data/ it came from. The hooks of one build
# (and a rebuild that changed no data file) share it instead of parsing and validating every file
# again, about 50 ms each time; an edited, added or removed file is read afresh.
last_loaded: tuple[tuple[str, str, str], SiteData] | None = None


def load_site_data(data_dir: Path, display_prefix: str = "data") -> SiteData:
    """Every data file, read once for as long as no file of `data_dir` changes."""
    global last_loaded
    key = (str(data_dir.resolve()), display_prefix, fingerprint(files_fingerprint(data_dir, ["**/*"])))
    if last_loaded is not None and last_loaded[0] == key:
        return last_loaded[1]
    data = read_site_data(data_dir, display_prefix)
    last_loaded = (key, data)
    return data


def read_site_data(data_dir: Path, display_prefix: str = "data") -> SiteData:
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
            documents[name] = load_document(data_dir / file_name, display, load_schema(schemas / schema_name))
        except DataError as error:
            problems.extend(error.problems)
    tables: dict[str, Table] = {}
    generic = load_schema(schemas / "table.schema.json")
    for file in sorted((data_dir / "tables").glob("*.yml")):
        display = f"{display_prefix}/tables/{file.name}"
        files.append(display)
        try:
            tables[file.stem] = load_table(file, display, generic)
        except DataError as error:
            problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    return SiteData(
        clinic=documents["clinic"].value,
        facts=located_facts(documents["facts"]),
        tables=tables,
        care_cards={name: card["items"] for name, card in documents["care_cards"].value.items()},
        references=documents["references"].value,
        glossary=documents["glossary"].value,
        files=files,
        care_card_lines={
            name: [documents["care_cards"].line_of([name, "items", index]) for index in range(len(card["items"]))]
            for name, card in documents["care_cards"].value.items()
        },
    )
