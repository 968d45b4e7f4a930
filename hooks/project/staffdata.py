"""The staff reference's own data: the clinic's protocol values (`data/protocol.yml`) and the
onboarding competencies (`data/competencies.yml`), each checked against its schema.

Both files are optional: a site without them has no protocol values and no competency record. A
protocol value is either the clinic's (`value:`) or a placeholder (`placeholder: true`, no value),
so a placeholder can never be read as a real figure. No MkDocs import here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hooks.core.problems import Problem, ProblemError
from hooks.core.yamlfile import Document, load_document, load_schema

PROTOCOL = "protocol.yml"
COMPETENCIES = "competencies.yml"
# Words that would make a value look set while it is not: the placeholder has its own key.
PLACEHOLDER_WORDS = re.compile(r"\b(to be set|tbc|tbd|placeholder|xxx)\b", re.I)


@dataclass(frozen=True)
class ProtocolValue:
    """One value of the clinic's protocol, with the line of its key; `value` is None for a placeholder."""

    key: str
    label: str
    value: str | None
    path: str
    line: int

    @property
    def is_placeholder(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Competency:
    """One skill a new nurse shows before working alone, and who signs it off."""

    skill: str
    shown_by: str
    signed_off_by: str
    line: int


@dataclass(frozen=True)
class StaffData:
    """What `data/protocol.yml` and `data/competencies.yml` hold; empty when a file is absent."""

    protocol: dict[str, ProtocolValue]
    competencies: tuple[Competency, ...]
    protocol_path: str = f"data/{PROTOCOL}"
    competencies_path: str = f"data/{COMPETENCIES}"


def load_staff_data(data_dir: Path, display_prefix: str = "data") -> StaffData:
    """Both files, checked; ProblemError lists the problems of both."""
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    for name, schema, convert in (
        (PROTOCOL, "protocol.schema.json", protocol_values),
        (COMPETENCIES, "competencies.schema.json", competency_list),
    ):
        try:
            document = optional_document(data_dir, name, schema, display_prefix)
            loaded[name] = convert(document) if document is not None else None
        except ProblemError as error:
            problems += error.problems
    if problems:
        raise ProblemError(problems)
    return StaffData(
        protocol=loaded[PROTOCOL] or {},
        competencies=loaded[COMPETENCIES] or (),
        protocol_path=f"{display_prefix}/{PROTOCOL}",
        competencies_path=f"{display_prefix}/{COMPETENCIES}",
    )


def optional_document(data_dir: Path, name: str, schema: str, display_prefix: str) -> Document | None:
    """A data file parsed and checked against its schema, or None when the project has none."""
    if not (data_dir / name).is_file():
        return None
    return load_document(data_dir / name, f"{display_prefix}/{name}", load_schema(data_dir / "schemas" / schema))


def protocol_values(document: Document) -> dict[str, ProtocolValue]:
    """Each protocol value; one that has both or neither of `value` and `placeholder`, or whose
    value reads like a placeholder, is a problem at its line."""
    values: dict[str, ProtocolValue] = {}
    problems: list[Problem] = []
    for key, entry in (document.value or {}).items():
        line = document.line_of([key])
        value, placeholder = entry.get("value"), entry.get("placeholder", False)
        if value is not None and placeholder:
            message = (
                f"'{key}': has both 'value:' and 'placeholder: true'; remove 'placeholder: true' once the value is set"
            )
            problems.append(Problem(document.path, line, message))
        elif value is None and not placeholder:
            message = (
                f"'{key}': has no value; write 'value:' with the clinic's value, or 'placeholder: true' until it is set"
            )
            problems.append(Problem(document.path, line, message))
        elif value is not None and PLACEHOLDER_WORDS.search(value):
            problems.append(
                Problem(
                    document.path,
                    document.line_of([key, "value"]),
                    f"'{key}': the value {value!r} reads like a placeholder; "
                    "write the clinic's value, or remove 'value:' and write 'placeholder: true'",
                )
            )
        values[key] = ProtocolValue(key, entry["label"], value, document.path, line)
    if problems:
        raise ProblemError(problems)
    return values


def competency_list(document: Document) -> tuple[Competency, ...]:
    """The competencies in the order the record lists them."""
    return tuple(
        Competency(item["skill"], item["shown_by"], item["signed_off_by"], document.line_of(["competencies", index]))
        for index, item in enumerate(document.value["competencies"])
    )
