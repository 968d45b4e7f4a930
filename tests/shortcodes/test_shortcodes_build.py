"""Whole builds: every data or marker mistake fails `mkdocs build --strict` with one clear line."""

import re
from pathlib import Path

from conftest import MINIMAL_PAGE, PROJECT, make_site, run_mkdocs, write_files

PAGE_WITH = MINIMAL_PAGE + "\n{}\n"  # the marker under test lands on line 13


def test_unknown_table_names_page_line_counting_front_matter_and_suggests(build_temp_site):
    result = build_temp_site({"docs/index.md": PAGE_WITH.format("<!-- md:table dmeo -->")})
    assert result.returncode == 1
    assert "docs/index.md:13: unknown table 'dmeo'; did you mean 'demo'?" in result.messages
    assert "Traceback" not in result.output


def test_unknown_fact_row_column_and_shortcode(build_temp_site):
    markers = "\n".join(
        [
            "<!-- md:fact course_sesions -->",
            '<!-- md:table demo rows="sesions" -->',
            '<!-- md:table demo columns="feature,exosome" -->',
            "<!-- md:tabel demo -->",
        ]
    )
    result = build_temp_site({"docs/index.md": PAGE_WITH.format(markers)})
    assert result.returncode == 1
    assert [m for m in result.messages if m.startswith("docs/")] == [
        "docs/index.md:13: unknown fact 'course_sesions'; did you mean 'course_sessions'?",
        "docs/index.md:14: table 'demo' has no row 'sesions'; did you mean 'sessions'?",
        "docs/index.md:15: table 'demo' has no column 'exosome'; did you mean 'exosomes'?",
        "docs/index.md:16: unknown shortcode 'md:tabel'; did you mean 'table'?",
    ]


def test_yaml_syntax_error_fails_with_file_line_and_column(build_temp_site):
    result = build_temp_site({"data/facts.yml": "course_sessions:\n  value: [3 to 6\n"})
    assert result.returncode == 1
    assert result.messages[0] == (
        "data/facts.yml:3:1: YAML syntax error: expected ',' or ']', but got '<stream end>'; "
        "check the indentation and quotes on this line and the one above"
    )
    assert "Traceback" not in result.output


def test_schema_error_names_the_row_and_missing_column(build_temp_site):
    table = "caption: Demo\ncolumns:\n  feature: Feature\n  exosomes: Exosomes\nrows:\n  pain:\n    feature: Pain\n"
    result = build_temp_site({"data/tables/demo.yml": table})
    assert result.returncode == 1
    assert (
        result.messages[0]
        == "data/tables/demo.yml:6: row 'pain': missing value for 'exosomes'; add 'exosomes:' with its text"
    )


def test_duplicate_row_id_fails_the_build(build_temp_site):
    text = "caption: Demo\ncolumns:\n  feature: Feature\n  exosomes: Exosomes\nrows:\n  pain:\n    feature: Pain\n    exosomes: Mild\n  pain:\n    feature: Pain\n    exosomes: Mild\n"
    result = build_temp_site({"data/tables/demo.yml": text})
    assert (
        result.messages[0] == "data/tables/demo.yml:9: duplicate id 'pain' (first at line 6); rename one or merge them"
    )


def test_unused_table_and_fact_are_warnings_that_fail_strict(build_temp_site):
    result = build_temp_site(
        {
            "data/tables/spare.yml": "caption: Spare\ncolumns:\n  a: A\n  b: B\nrows:\n  x:\n    a: X\n    b: Y\n",
            "data/facts.yml": "course_sessions:\n  value: 3 to 6 sessions\nspare_fact:\n  value: 9 weeks\n",
        }
    )
    assert result.returncode == 1
    assert result.messages[:2] == [
        "data/tables/spare.yml:1: table 'spare' is not used by any page; place it with <!-- md:table spare --> or delete the file",
        "data/facts.yml:3: fact 'spare_fact' is not used by any page; place it with <!-- md:fact spare_fact --> or remove it",
    ]


def test_html_in_data_is_reported_and_shown_as_text_never_run(build_temp_site):
    table = "caption: Demo\ncolumns:\n  feature: Feature\n  exosomes: Exosomes\nrows:\n  sessions:\n    feature: Sessions\n    exosomes: <!-- md:fact course_sessions -->\n  pain:\n    feature: Pain\n    exosomes: '<img src=x onerror=alert(1)> *mild*'\n"
    result = build_temp_site({"data/tables/demo.yml": table})
    assert result.messages == [
        "data/tables/demo.yml:11: raw HTML '<img src=x onerror=alert(1)>' is not allowed in a data value; "
        "write plain text, or Markdown such as *emphasis* or [a link](aftercare.md)",
        "Aborted with 1 warnings in strict mode!",
    ]
    html = result.html()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; <em>mild</em>" in html


def test_table_renders_caption_headers_and_row_headers(build_temp_site):
    result = build_temp_site()
    assert result.returncode == 0, result.output
    html = result.html()
    assert '<caption id="table-demo-11">A demo table</caption>' in html
    assert '<th scope="col">Feature</th>' in html
    assert '<th scope="row">Sessions</th>\n<td>3 to 6 sessions</td>' in html


def test_link_in_a_table_cell_is_resolved_like_any_link(build_temp_site):
    table = "caption: Demo\ncolumns:\n  feature: Feature\n  exosomes: Exosomes\nrows:\n  sessions:\n    feature: Sessions\n    exosomes: <!-- md:fact course_sessions -->\n  pain:\n    feature: Pain\n    exosomes: '[Mild](other.md#after)'\n"
    other = MINIMAL_PAGE.replace("# Demo", "# Other\n\n## After").replace("<!-- md:table demo -->", "")
    result = build_temp_site({"data/tables/demo.yml": table, "docs/other.md": other})
    assert result.returncode == 0, result.output
    assert '<a href="other/#after">Mild</a>' in result.html()


def test_changing_one_fact_changes_every_page_that_uses_it(build_temp_site):
    facts = (PROJECT / "data" / "facts.yml").read_text(encoding="utf-8")
    assert "    en: about 12 months\n" in facts
    result = build_temp_site(
        {"data/facts.yml": facts.replace("    en: about 12 months\n", "    en: about 14 months\n")}, real_docs=True
    )
    assert result.returncode == 0, result.output
    users = pages_using_fact("full_results")
    assert len(users) >= 2
    for url in users:
        assert "about 14 months" in result.html(url), url
    for page in result.site.rglob("*.html"):
        assert "about 12 months" not in page.read_text(encoding="utf-8"), page


def pages_using_fact(key: str) -> list[str]:
    """URLs of the pages that place a fact directly or through a table."""
    marker = re.compile(r"<!--\s*md:fact\s+" + key + r"\s*-->")
    tables = {
        p.stem for p in (PROJECT / "data" / "tables").glob("*.yml") if marker.search(p.read_text(encoding="utf-8"))
    }
    urls = []
    for page in sorted((PROJECT / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        if marker.search(text) or any(re.search(r"md:table\s+" + t + r"\b", text) for t in tables):
            urls.append("" if page.stem == "index" else page.stem + "/")
    return urls


def test_pages_use_facts_not_hand_written_tables():
    for page in (PROJECT / "docs").rglob("*.md"):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            assert not re.match(r"^\s*\|.*\|\s*$", line), (
                f"{page}:{number}: hand-written table; move it to data/tables/"
            )
            assert not re.match(r"^\s*<table", line), f"{page}:{number}: hand-written table; move it to data/tables/"


def test_data_folder_is_never_published(real_site):
    assert real_site.returncode == 0, real_site.output
    assert not list(real_site.site.rglob("*.yml"))
    assert not (real_site.site / "data").exists()


def test_serve_watches_the_data_folder():
    glue = (PROJECT / "hooks" / "main.py").read_text(encoding="utf-8")
    assert 'server.watch(str(self.project.root / "data"))' in glue
    assert "-w data" in (PROJECT / "Makefile").read_text(encoding="utf-8")


def test_fixture_builds_the_small_site_clean(build_temp_site):
    result = build_temp_site()
    assert result.returncode == 0, result.output
    assert result.messages == []
    assert Path(result.site, "index.html").is_file()


def test_markdown_table_gets_its_section_heading_as_caption(build_temp_site):
    page = MINIMAL_PAGE + "\n## Figures chosen\n\n| Key | Value |\n| --- | --- |\n| a | b |\n"
    result = build_temp_site({"docs/index.md": page})
    assert result.returncode == 0, result.output
    assert "<table>\n<caption>Figures chosen</caption><thead>" in result.html()
    assert result.html().count('<caption id="table-demo-11">A demo table</caption>') == 1


def test_an_edited_theme_template_shows_at_the_next_build(build_temp_site):
    first = build_temp_site({})
    assert first.returncode == 0, first.output
    main = first.root / "overrides" / "main.html"
    edited = main.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<p>Edited template</p>", 1
    )
    write_files(first.root, {"overrides/main.html": edited})
    again = run_mkdocs(first.root)
    assert again.returncode == 0, again.output
    assert "<p>Edited template</p>" in again.html("")


def test_a_rebuild_sees_every_change_to_a_page_and_its_data(tmp_path):
    other = MINIMAL_PAGE.replace("# Demo", "# Other") + "\nYou need <!-- md:fact course_sessions -->.\n"
    home = MINIMAL_PAGE + "\nSee [the other page](other.md).\n"
    root = make_site(tmp_path, {"docs/index.md": home, "docs/other.md": other})

    def build() -> str:
        result = run_mkdocs(root)
        assert result.returncode == 0, result.output
        return result.html("other/")

    first = build()
    assert "You need 3 to 6 sessions." in first
    # Nothing changed: the same HTML, and no table or fact reported unused.
    assert build() == first
    (root / "docs" / "other.md").write_text(other.replace("You need", "Most people need"), encoding="utf-8")
    assert "Most people need 3 to 6 sessions." in build()
    (root / "data" / "facts.yml").write_text("course_sessions:\n  value: 4 to 6 sessions\n", encoding="utf-8")
    assert "Most people need 4 to 6 sessions." in build()
    assert not (root / ".cache").exists() or [path.name for path in (root / ".cache").iterdir()] == ["handouts"]


def test_a_rebuild_reports_the_problems_of_an_unchanged_page_again(tmp_path):
    page = PAGE_WITH.format("<!-- md:fact course_sesions -->")
    root = make_site(tmp_path, {"docs/index.md": page})
    message = "docs/index.md:13: unknown fact 'course_sesions'; did you mean 'course_sessions'?"
    for _ in range(2):
        result = run_mkdocs(root)
        assert result.returncode == 1
        assert message in result.messages
