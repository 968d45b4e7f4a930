"""Data files that would stall or crash a build are refused with a message at their line."""

from pathlib import Path

import pytest

import hooks.core.yamlfile
from hooks.core.problems import ProblemError
from hooks.core.yamlfile import Document, compose, load_schema, parse_yaml
from hooks.project.sitedata import load_table

SCHEMAS = Path(__file__).resolve().parents[2] / "data" / "schemas"


def problems_of(text: str, path: str = "data/facts.yml") -> list[str]:
    with pytest.raises(ProblemError) as error:
        parse_yaml(text, path)
    return [str(p) for p in error.value.problems]


def test_an_alias_bomb_is_refused_before_it_expands():
    bomb = "a: &a ['lol', 'lol']\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    assert problems_of(bomb) == [
        "data/facts.yml:1: YAML anchor '&a' is not allowed; delete it and write each value out in full",
        "data/facts.yml:2: YAML anchor '&b' is not allowed; delete it and write each value out in full",
        "data/facts.yml:2: YAML alias '*a' is not allowed; write the value out in full",
        "data/facts.yml:2: YAML alias '*a' is not allowed; write the value out in full",
        "data/facts.yml:3: YAML anchor '&c' is not allowed; delete it and write each value out in full",
        "data/facts.yml:3: YAML alias '*b' is not allowed; write the value out in full",
        "data/facts.yml:3: YAML alias '*b' is not allowed; write the value out in full",
    ]


def test_ampersands_and_emphasis_are_not_anchors():
    document = parse_yaml("place: A&E\nnote: '**bold** & *this*'\n", "data/clinic.yml")
    assert document.value == {"place": "A&E", "note": "**bold** & *this*"}


def test_nesting_deeper_than_python_can_follow_is_a_message():
    assert problems_of("[" * 2000 + "]" * 2000) == [
        "data/facts.yml:1: values nested more than 20 levels deep; a data file needs a few levels, see its schema"
    ]
    block = "".join("  " * level + f"k{level}:\n" for level in range(400)) + "  " * 400 + "end\n"
    assert problems_of(block) == [
        "data/facts.yml:20: values nested more than 20 levels deep; a data file needs a few levels, see its schema"
    ]


def test_a_data_file_over_one_megabyte_is_refused():
    assert problems_of("a: '" + "x" * 1_100_000 + "'\n") == [
        "data/facts.yml:1: the file is 1.1 MB, more than the 1 MB a data file may hold; "
        "split it into smaller files or remove what the site does not show"
    ]


def test_a_date_python_cannot_hold_is_a_message_at_its_line():
    assert problems_of("a: 1\nreviewed: 2026-13-45\n") == [
        "data/facts.yml:2: '2026-13-45' cannot be read (month must be in 1..12); "
        "write a real date as YYYY-MM-DD, or put the text in quotes"
    ]


def table_text(rows: int, columns: int = 2) -> str:
    heads = "".join(f"  c{c}: C{c}\n" for c in range(columns))
    body = "".join(f"  r{r}:\n" + "".join(f"    c{c}: v\n" for c in range(columns)) for r in range(rows))
    return f"caption: Big\ncolumns:\n{heads}rows:\n{body}"


def test_a_table_over_500_rows_or_50_columns_is_refused(tmp_path):
    generic = load_schema(SCHEMAS / "table.schema.json")
    for text, message in (
        (
            table_text(501),
            "data/tables/big.yml:5: 'rows': has 501 entries, at most 500 allowed; "
            "a table has 1 to 500 rows; split a longer table into smaller ones",
        ),
        (
            table_text(1, columns=51),
            "data/tables/big.yml:2: 'columns': has 51 entries, at most 50 allowed; a table has 2 to 50 columns "
            "(the row headers and at least one more); split a wider table into smaller ones",
        ),
    ):
        (tmp_path / "big.yml").write_text(text, encoding="utf-8")
        with pytest.raises(ProblemError) as error:
            load_table(tmp_path / "big.yml", "data/tables/big.yml", generic)
        assert [str(p) for p in error.value.problems] == [message]


def test_line_lookups_read_each_mapping_once_however_many_rows():
    text = table_text(5000)
    document = parse_yaml(text, "data/tables/big.yml")
    index = document.mapping_keys
    lines = [document.line_of(["rows", f"r{r}", "c1"]) for r in range(5000)]
    keys_read = sum(len(keys) for keys in index.values())
    assert lines[0] == 8 and lines[-1] == 5 + 3 * 4999 + 3
    assert keys_read == 3 + 5000 + 2 * 5000  # top-level keys, rows, and each row's cells: read once each


def test_the_yaml_of_a_data_file_is_parsed_once(monkeypatch):
    calls = []
    monkeypatch.setattr(
        hooks.core.yamlfile, "compose", lambda text, loader: calls.append(text) or compose(text, loader)
    )
    assert isinstance(parse_yaml("a: 1\n", "data/facts.yml"), Document)
    assert calls == ["a: 1\n"]
