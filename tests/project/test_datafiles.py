"""Data files: YAML syntax, schema and duplicate-id errors name the file, the line and a fix."""

import shutil
from pathlib import Path

import pytest
from conftest import MINIMAL_DATA

from hooks.core.problems import ProblemError
from hooks.core.yamlfile import load_document, load_schema, parse_yaml, validate
from hooks.project.sitedata import load_site_data, load_table

SCHEMAS = Path(__file__).resolve().parents[2] / "data" / "schemas"
TABLE = """caption: Compared
columns:
  feature: Feature
  exosomes: Exosomes
  prp: PRP
rows:
  sessions:
    feature: Sessions
    exosomes: 3 to 6
    prp: 3 to 6
  pain:
    feature: Pain
    exosomes: Mild
"""


def problems_of(error: pytest.ExceptionInfo[ProblemError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def data_folder(
    tmp_path: Path,
    *,
    facts: str = "x:\n  value: three\n",
    cards: str = MINIMAL_DATA["data/care-cards.yml"],
    references: str = "a:\n  citation: A.\n  url: https://example.org\n"
    "mhra:\n  citation: M.\n  url: https://example.org\nyellowcard:\n  citation: Y.\n  url: https://example.org\n",
) -> Path:
    """A data folder with the real schemas and clinic details and the given files."""
    data = tmp_path / "data"
    (data / "tables").mkdir(parents=True)
    (data / "schemas").symlink_to(SCHEMAS)
    write(data, "clinic.yml", (SCHEMAS.parent / "clinic.yml").read_text())
    write(data, "facts.yml", facts)
    write(data, "care-cards.yml", cards)
    write(data, "references.yml", references)
    write(data, "glossary.yml", "PRP: Platelet-rich plasma.\n")
    write(data, "regulators.yml", (SCHEMAS.parent / "regulators.yml").read_text())
    write(data, "interface.yml", (SCHEMAS.parent / "interface.yml").read_text())
    return data


def test_yaml_syntax_error_names_line_and_column():
    with pytest.raises(ProblemError) as error:
        parse_yaml("caption: A\nrows:\n  pain: [mild,\n", "data/tables/comparison.yml")
    assert problems_of(error) == [
        "data/tables/comparison.yml:4:1: YAML syntax error: expected the node content, but found '<stream end>'; "
        "check the indentation and quotes on this line and the one above"
    ]


def test_missing_cell_names_the_row_and_its_line(tmp_path):
    with pytest.raises(ProblemError) as error:
        load_table(
            write(tmp_path, "comparison.yml", TABLE),
            "data/tables/comparison.yml",
            load_schema(SCHEMAS / "table.schema.json"),
        )
    assert problems_of(error) == [
        "data/tables/comparison.yml:11: row 'pain': missing value for 'prp'; add 'prp:' with its text"
    ]


def test_unknown_column_in_a_row_suggests_the_real_one(tmp_path):
    text = TABLE.replace("    exosomes: Mild\n", "    exosomes: Mild\n    pr: Mild\n")
    with pytest.raises(ProblemError) as error:
        load_table(
            write(tmp_path, "comparison.yml", text),
            "data/tables/comparison.yml",
            load_schema(SCHEMAS / "table.schema.json"),
        )
    assert problems_of(error) == [
        "data/tables/comparison.yml:11: row 'pain': missing value for 'prp'; add 'prp:' with its text",
        "data/tables/comparison.yml:14: row 'pain': unknown column 'pr'; did you mean 'prp'?",
    ]


def test_duplicate_row_id_names_both_lines():
    with pytest.raises(ProblemError) as error:
        parse_yaml(TABLE + "  sessions:\n    feature: Again\n", "data/tables/comparison.yml")
    assert problems_of(error) == [
        "data/tables/comparison.yml:14: duplicate id 'sessions' (first at line 7); rename one or merge them"
    ]


def test_fact_without_value_is_reported_at_its_key():
    document = parse_yaml("course_sessions:\n  value: 3 to 6\nsession_interval:\n  note: weeks\n", "data/facts.yml")
    problems = validate(document, load_schema(SCHEMAS / "facts.schema.json"))
    assert [str(p) for p in problems] == [
        "data/facts.yml:3: 'session_interval': missing value for 'value'; add 'value:' with its text"
    ]


def test_wrong_type_says_what_was_expected():
    document = parse_yaml("course_sessions:\n  value: [3, 6]\n", "data/facts.yml")
    problems = validate(document, load_schema(SCHEMAS / "facts.schema.json"))
    assert [str(p) for p in problems] == [
        "data/facts.yml:2: 'course_sessions.value': expected text, found a list; fix the value"
    ]


def test_problems_of_every_file_are_collected_before_failing(tmp_path):
    data = data_folder(
        tmp_path, facts="x:\n  note: no value\n", references="a:\n  citation: A.\n  url: http://example.org\n"
    )
    write(data / "tables", "comparison.yml", TABLE)
    with pytest.raises(ProblemError) as error:
        load_site_data(data)
    assert problems_of(error) == [
        "data/facts.yml:1: 'x': missing value for 'value'; add 'value:' with its text",
        "data/references.yml:3: 'a.url': 'http://example.org' is not allowed; write the full address, starting with "
        "https://, without spaces, brackets, braces or quotes (write %20 for a space)",
        "data/tables/comparison.yml:11: row 'pain': missing value for 'prp'; add 'prp:' with its text",
    ]


def test_a_changed_data_file_is_seen_at_the_next_load(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SCHEMAS.parent, data)
    assert load_site_data(data).facts["course_sessions"].value == "3 to 6 sessions"
    facts = data / "facts.yml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("3 to 6 sessions", "4 to 6 sessions"), encoding="utf-8")
    edited = load_site_data(data)
    assert edited.facts["course_sessions"].value == "4 to 6 sessions"
    (data / "tables" / "timeline.yml").unlink()
    assert "timeline" not in load_site_data(data).tables


def test_real_data_files_are_valid():
    data = load_site_data(SCHEMAS.parent)
    assert {
        "comparison",
        "timeline",
        "application-methods",
        "side-effects",
        "stem-cell-sources",
        "candidates",
        "hair-loss-types",
    } <= set(data.tables)
    assert list(data.tables["comparison"].rows) == [
        "material",
        "method",
        "sessions",
        "duration",
        "pain",
        "expected-results",
        "results-start",
        "advantages",
        "disadvantages",
    ]


def test_every_data_file_declares_its_schema_for_editors():
    data = SCHEMAS.parent
    for path in [*data.glob("*.yml"), *data.glob("tables/*.yml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = "../schemas/table.schema.json" if path.parent.name == "tables" else f"schemas/{path.stem}.schema.json"
        assert first == f"# yaml-language-server: $schema={schema}", path
        assert (path.parent / schema).resolve().is_file()


def test_a_data_file_that_failed_its_schema_fails_again(tmp_path):
    file = tmp_path / "data" / "facts.yml"
    file.parent.mkdir()
    file.write_text("course_sessions:\n  valeu: 3 to 6 sessions\n", encoding="utf-8")
    schema = load_schema(SCHEMAS / "facts.schema.json")
    for _ in range(2):
        with pytest.raises(ProblemError) as error:
            load_document(file, "data/facts.yml", schema)
        assert problems_of(error)[0] == (
            "data/facts.yml:1: 'course_sessions': missing value for 'value'; add 'value:' with its text"
        )
    assert not (tmp_path / ".cache").exists()


def test_a_data_file_that_is_not_utf8_names_the_line_of_the_bad_byte(tmp_path):
    file = tmp_path / "facts.yml"
    file.write_bytes("course_sessions:\n  value: 3 to 6 s\xe9ssions\n".encode("latin-1"))
    with pytest.raises(ProblemError) as error:
        load_document(file, "data/facts.yml", load_schema(SCHEMAS / "facts.schema.json"))
    assert problems_of(error) == ["data/facts.yml:2: byte 0xe9 is not UTF-8 text; save the file as UTF-8"]


def test_a_missing_or_broken_schema_is_a_problem_not_a_traceback(tmp_path):
    schemas = tmp_path / "data" / "schemas"
    schemas.mkdir(parents=True)
    with pytest.raises(ProblemError) as error:
        load_schema(schemas / "facts.schema.json")
    assert problems_of(error) == [
        "data/schemas/facts.schema.json:1: missing schema file; restore it from the project's history"
    ]
    (schemas / "facts.schema.json").write_text('{\n  "type": "object",\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(ProblemError) as error:
        load_schema(schemas / "facts.schema.json")
    assert problems_of(error) == [
        "data/schemas/facts.schema.json:3: invalid JSON schema: Expecting property name enclosed in double quotes; fix the file"
    ]


def test_the_wording_of_a_care_card_is_checked_like_any_data_value(tmp_path):
    cards = MINIMAL_DATA["data/care-cards.yml"].replace("straight away if:", "<b>straight away</b> if:")
    data = data_folder(tmp_path, cards=cards.replace("when we are closed.", "when we are [closed](http://x.org)."))
    site = load_site_data(data)
    assert [str(p) for p in site.problems] == [
        "data/care-cards.yml:9: raw HTML '<b>' is not allowed in a data value; write plain text, or Markdown such as "
        "*emphasis* or [a link](aftercare.md)",
        "data/care-cards.yml:9: raw HTML '</b>' is not allowed in a data value; write plain text, or Markdown such as "
        "*emphasis* or [a link](aftercare.md)",
        "data/care-cards.yml:10: link to 'http://x.org' is not allowed in a data value; write its https:// address",
    ]
    assert site.care_cards["urgent"].heading.line == 9 and site.care_cards["emergency"].items[0].line == 18
