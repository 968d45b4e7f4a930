"""Broken or hostile pages and project files: each is a message at its file and line, never a
traceback, and only the real cause is reported."""

from conftest import MINIMAL_DATA, MINIMAL_PAGE, run_mkdocs

from hooks.core.characters import invisible_character_problems


def test_direction_override_names_file_line_and_character():
    text = "\ufeff# Results\n\nAbout 8\u202e4 out of 100 people.\n"
    assert [str(p) for p in invisible_character_problems(text, "docs/results.md")] == [
        "docs/results.md:3: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) can change how the text reads "
        '("84" can show as "48"); delete it'
    ]


def test_zero_width_space_is_reported_too():
    assert [str(p) for p in invisible_character_problems("a\nexo\u200bsomes", "data/glossary.yml")] == [
        "data/glossary.yml:2: invisible character U+200B (ZERO WIDTH SPACE) cannot be seen and splits the word "
        "it is in (search and the checks miss the word); delete it"
    ]


def test_invisible_characters_in_pages_and_data_fail_the_build(build_temp_site):
    page = MINIMAL_PAGE.replace("You need", "You need\u2066")
    facts = MINIMAL_DATA["data/facts.yml"].replace("3 to 6", "3 to \u202e6")
    result = build_temp_site({"docs/index.md": page, "data/facts.yml": facts})
    assert result.messages == [
        "data/facts.yml:2: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) can change how the text reads "
        '("84" can show as "48"); delete it',
        "docs/index.md:9: invisible character U+2066 (LEFT-TO-RIGHT ISOLATE) can change how the text reads "
        '("84" can show as "48"); delete it',
        "Aborted with 2 warnings in strict mode!",
    ]


def test_unclosed_marker_is_an_error_at_its_line(build_temp_site):
    page = MINIMAL_PAGE.replace(
        "<!-- md:table demo -->", "<!-- md:table demo\n\nMore text <!-- md:fact course_sessions -->."
    )
    result = build_temp_site({"docs/index.md": page})
    assert result.messages[0] == (
        "docs/index.md:11: marker 'md:table' is not closed; end it with '-->' on the same line, e.g. <!-- md:table ... -->"
    )


def test_impossible_review_date_reports_the_front_matter_error_only(build_temp_site):
    page = MINIMAL_PAGE.replace("description: A page of the tests.", "written: 2026-13-45")
    result = build_temp_site({"docs/index.md": page})
    assert [m for m in result.messages if "docs/index.md" in m] == [
        "docs/index.md:3: front matter: '2026-13-45' cannot be read (month must be in 1..12); "
        "write a real date as YYYY-MM-DD, or put the text in quotes"
    ]


def test_front_matter_syntax_error_is_reported_at_its_line(build_temp_site):
    page = MINIMAL_PAGE.replace("description: A page of the tests.", "description: A page: of the tests.")
    result = build_temp_site({"docs/index.md": page})
    assert next(m for m in result.messages if "docs/index.md" in m).startswith(
        "docs/index.md:3:20: front matter: YAML syntax error: mapping values are not allowed here"
    )


def test_unknown_fact_in_a_care_card_reports_only_the_fact(build_temp_site):
    cards = MINIMAL_DATA["data/care-cards.yml"] + "    - your lips swell <!-- md:fact nope -->\n"
    page = MINIMAL_PAGE + "\n<!-- md:care-card emergency -->\n"
    result = build_temp_site({"data/care-cards.yml": cards, "docs/index.md": page})
    assert result.messages == [
        "data/care-cards.yml:19: unknown fact 'nope'; use one of: course_sessions",
        "Aborted with 1 warnings in strict mode!",
    ]


def test_a_page_that_is_not_utf8_is_a_message(build_temp_site, tmp_path):
    build_temp_site()
    (tmp_path / "docs" / "index.md").write_bytes(MINIMAL_PAGE.replace("Demo", "D\xe9mo").encode("latin-1"))
    result = run_mkdocs(tmp_path)
    assert result.messages[0] == "docs/index.md:7: byte 0xe9 is not UTF-8 text; save the file as UTF-8"
    assert "Traceback" not in result.output


def test_broken_project_files_are_messages_not_tracebacks(build_temp_site, tmp_path):
    assert build_temp_site().returncode == 0
    for name, content, message in (
        ("overrides/main.html", b"{% extends 'base.html' %}\n{# caf\xe9 #}\n", "overrides/main.html:2: byte 0xe9"),
        ("CONTENT_DECISIONS.md", b"# Decisions\n\ncaf\xe9\n", "CONTENT_DECISIONS.md:3: byte 0xe9"),
        ("data/schemas/facts.schema.json", b"{\n  oops\n}\n", "data/schemas/facts.schema.json:2: invalid JSON schema"),
        ("data/schemas/facts.schema.json", None, "data/schemas/facts.schema.json:1: missing schema file"),
    ):
        original = (tmp_path / name).read_bytes()
        if content is None:
            (tmp_path / name).unlink()
        else:
            (tmp_path / name).write_bytes(content)
        result = run_mkdocs(tmp_path)
        (tmp_path / name).write_bytes(original)
        assert result.returncode == 1 and "Traceback" not in result.output, result.output
        assert result.messages[0].startswith(message), result.output
