"""The quick schema check says a data file conforms exactly when jsonschema finds no violation, and
marks the same translated values; anything else goes to jsonschema, whose messages editors read."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hooks.core.conformance import conforms
from hooks.core.translation import SOURCE_ONLY, Translation, translated_keyword
from hooks.core.yamlfile import load_schema, parse_yaml, validate
from hooks.project.sitedata import table_schema

PROJECT = Path(__file__).resolve().parents[2]
DATA = PROJECT / "data"
TWO = Translation(language="ar", languages=("en", "ar"), names=(("en", "English"), ("ar", "Arabic")))
ENGLISH_OF_TWO = Translation(language="en", languages=("en", "ar"), names=(("en", "English"), ("ar", "Arabic")))
TRANSLATIONS = [SOURCE_ONLY, TWO, ENGLISH_OF_TWO]


def data_files() -> list[tuple[str, Any, dict[str, Any]]]:
    """(name, value, schema) of every data file that has a schema, and of every table."""
    found = []
    for file in sorted(DATA.glob("*.yml")):
        schema_file = DATA / "schemas" / f"{file.stem}.schema.json"
        if schema_file.is_file():
            found.append((file.name, yaml.safe_load(file.read_text(encoding="utf-8")), load_schema(schema_file)))
    generic = load_schema(DATA / "schemas" / "table.schema.json")
    for file in sorted((DATA / "tables").glob("*.yml")):
        value = yaml.safe_load(file.read_text(encoding="utf-8"))
        columns = list((value.get("columns") or {}).keys()) if isinstance(value, dict) else []
        found.append((f"tables/{file.name}", value, table_schema(generic, columns)))
    return found


DATA_FILES = data_files()


def jsonschema_judges(value: Any, schema: dict[str, Any], translation: Translation) -> tuple[bool, set[int]]:
    """(no violation, translated values marked) as jsonschema's own walk finds them."""
    marked: set[int] = set()
    kind = jsonschema.validators.extend(
        jsonschema.Draft202012Validator, {"x-translated": translated_keyword(translation, marked)}
    )
    return not list(kind(schema).iter_errors(value)), marked


def same_judgement(value: Any, schema: dict[str, Any], translation: Translation) -> bool:
    """Whether the quick check conforms exactly when jsonschema finds nothing, and then marks the
    same translated values (when it does not conform, jsonschema's walk marks them)."""
    marked: set[int] = set()
    holds = conforms(value, schema, translation, marked)
    expected, expected_marks = jsonschema_judges(value, schema, translation)
    return holds == expected and (marked == expected_marks if holds else not marked)


@pytest.mark.parametrize("translation", TRANSLATIONS, ids=["english", "arabic", "english-of-two"])
def test_every_data_file_of_the_site_is_judged_as_jsonschema_judges_it(translation):
    assert len(DATA_FILES) > 10
    for name, value, schema in DATA_FILES:
        assert same_judgement(value, schema, translation), name
    held = [name for name, value, schema in DATA_FILES if conforms(value, schema, translation, set())]
    assert translation is not SOURCE_ONLY or len(held) == len(DATA_FILES)  # the site's data conform


# A value put in place of another, anywhere in a data file.
REPLACEMENTS = st.sampled_from(
    [
        *(None, "", " ", "x", "0800 123 456", "a" * 400, 0, -1, 3, 1.5, 2.0, True, False, [], ["x"], [1], {}),
        *({"x": "y"}, {"en": "x"}, {"en": "x", "ar": "ع"}, {"en": "has 3 figures", "ar": "٣"}, {"en": 1}),
    ]
)


def places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value in a data file."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += places(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += places(inner, (*path, index))
    return found


def changed(value: Any, path: tuple[Any, ...], change: str, replacement: Any) -> Any:
    """A copy of `value` with the value at `path` replaced, removed, or given a key it should not have."""
    value = copy.deepcopy(value)
    if not path:
        return replacement
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if change == "remove" and isinstance(parent, dict):
        del parent[last]
    elif change == "remove":
        parent.pop(last)
    elif change == "add key" and isinstance(parent[last], dict):
        parent[last]["unexpected"] = replacement
    else:
        parent[last] = replacement
    return value


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_a_changed_data_file_conforms_exactly_when_jsonschema_finds_nothing(data):
    _, value, schema = data.draw(st.sampled_from(DATA_FILES), label="file")
    path = data.draw(st.sampled_from(places(value)), label="path")
    change = data.draw(st.sampled_from(["replace", "remove", "add key"]), label="change")
    mutated = changed(value, path, change, data.draw(REPLACEMENTS, label="value"))
    translation = data.draw(st.sampled_from(TRANSLATIONS), label="translation")
    assert same_judgement(mutated, schema, translation)


def test_a_keyword_the_quick_check_does_not_know_is_left_to_jsonschema():
    schema = {"type": "array", "uniqueItems": True}
    assert not conforms(["a", "b"], schema, SOURCE_ONLY, set())  # not known: not said to conform
    document = parse_yaml("- a\n- a\n", "data/list.yml")
    assert [str(problem) for problem in validate(document, schema)] == [
        "data/list.yml:1: the file: ['a', 'a'] has non-unique elements"
    ]
    assert validate(parse_yaml("- a\n- b\n", "data/list.yml"), schema) == []


def test_a_violation_is_still_reported_at_its_line_with_jsonschema_s_words():
    schema = load_schema(DATA / "schemas" / "facts.schema.json")
    text = (DATA / "facts.yml").read_text(encoding="utf-8")
    key = next(iter(yaml.safe_load(text)))
    broken = text.replace(f"{key}:", f"{key}:\n  unexpected: 1\n  old_value:", 1)
    problems = validate(parse_yaml(broken, "data/facts.yml"), schema)
    assert problems and all(problem.path == "data/facts.yml" for problem in problems)
    assert not conforms(yaml.safe_load(broken), schema, SOURCE_ONLY, set())
