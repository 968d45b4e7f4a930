"""Handout settings: data/handouts.yml checked against its schema and the pages, every mistake at its line."""

import shutil
from pathlib import Path

import pytest

from hooks.core.problems import ProblemError
from hooks.handouts.make import should_make_pdfs
from hooks.project.handouts import (
    Handout,
    HandoutSettings,
    first_heading,
    handout_list,
    handout_settings,
    read_handouts_file,
)

SCHEMA = Path(__file__).resolve().parents[2] / "data" / "schemas" / "handouts.schema.json"
PAGES = ["index.md", "aftercare.md", "side-effects.md", "handouts.md", "care/before.md"]
SETTINGS = """# yaml-language-server: $schema=schemas/handouts.schema.json
paper: a4
list_page: handouts.md
handouts:
  - page: aftercare.md
    file: aftercare.pdf
  - page: side-effects.md
    file: side-effects.pdf
"""


def load(tmp_path: Path, text: str, pages: list[str] = PAGES, *, staff: bool = False) -> HandoutSettings:
    (tmp_path / "schemas").mkdir(exist_ok=True)
    shutil.copy(SCHEMA, tmp_path / "schemas" / SCHEMA.name)
    (tmp_path / "handouts.yml").write_text(text, encoding="utf-8")
    return handout_settings(read_handouts_file(tmp_path), pages, staff=staff)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ProblemError) as error:
        load(tmp_path, text)
    return [str(problem) for problem in error.value.problems]


def test_settings_keep_the_order_file_names_and_lines(tmp_path):
    settings = load(tmp_path, SETTINGS)
    assert settings == HandoutSettings(
        path="data/handouts.yml",
        paper="a4",
        handouts=(
            Handout(page="aftercare.md", file="aftercare.pdf", line=5),
            Handout(page="side-effects.md", file="side-effects.pdf", line=7),
        ),
        list_page="handouts.md",
    )
    assert settings.css_page_size == "A4"
    assert settings.for_page("side-effects.md") == settings.handouts[1]
    assert settings.for_page("index.md") is None
    assert settings.handouts[0].src_uri == "handouts/aftercare.pdf"


def test_paper_is_a4_unless_set_to_letter(tmp_path):
    assert load(tmp_path, SETTINGS.replace("paper: a4\n", "")).paper == "a4"
    letter = load(tmp_path, SETTINGS.replace("paper: a4", "paper: letter"))
    assert (letter.paper, letter.css_page_size) == ("letter", "letter")


def test_unknown_paper_size_names_line_and_the_sizes(tmp_path):
    assert problems(tmp_path, SETTINGS.replace("paper: a4", "paper: A5")) == [
        "data/handouts.yml:2: unknown paper size 'A5'; use one of: a4, letter"
    ]
    assert problems(tmp_path, SETTINGS.replace("paper: a4", "paper: leter")) == [
        "data/handouts.yml:2: unknown paper size 'leter'; did you mean 'letter'?"
    ]


def test_missing_page_names_line_and_suggests_the_page(tmp_path):
    assert problems(tmp_path, SETTINGS.replace("page: aftercare.md", "page: aftercar.md")) == [
        "data/handouts.yml:5: handout page 'aftercar.md' is not a page in docs/; did you mean 'aftercare.md'?"
    ]


def test_missing_list_page_names_its_line(tmp_path):
    assert problems(tmp_path, SETTINGS.replace("list_page: handouts.md", "list_page: handout.md")) == [
        "data/handouts.yml:3: list page 'handout.md' is not a page in docs/; did you mean 'handouts.md'?"
    ]


def test_a_page_or_file_twice_names_both_lines(tmp_path):
    text = SETTINGS + "  - page: aftercare.md\n    file: side-effects.pdf\n"
    assert problems(tmp_path, text) == [
        "data/handouts.yml:9: page 'aftercare.md' already has a handout (line 5); remove one of them",
        "data/handouts.yml:10: file name 'side-effects.pdf' is already used (line 8); give each handout its own file",
    ]


def test_schema_mistakes_name_line_and_fix(tmp_path):
    text = SETTINGS.replace("file: aftercare.pdf", "file: Aftercare.PDF").replace("    file: side-effects.pdf\n", "")
    assert problems(tmp_path, text) == [
        "data/handouts.yml:6: 'handouts.0.file': 'Aftercare.PDF' is not allowed; write a file name of lowercase letters, digits and '-' ending in .pdf, e.g. aftercare.pdf",
        "data/handouts.yml:7: 'handouts.1': missing value for 'file'; add 'file:' with its text",
    ]
    assert problems(tmp_path, SETTINGS.replace("paper: a4", "papers: a4")) == [
        "data/handouts.yml:2: the file: unknown key 'papers'; did you mean 'paper'?"
    ]


def test_missing_settings_file_says_how_to_create_it(tmp_path):
    with pytest.raises(ProblemError) as error:
        read_handouts_file(tmp_path)
    assert (
        str(error.value)
        == "data/handouts.yml:1: missing data file; create it (schema: data/schemas/handouts.schema.json)"
    )


def test_real_settings_name_real_pages():
    project = SCHEMA.parent.parent.parent
    pages = [path.relative_to(project / "docs").as_posix() for path in (project / "docs").rglob("*.md")]
    settings = handout_settings(read_handouts_file(project / "data"), pages)
    assert {handout.page for handout in settings.handouts} >= {
        "before-your-treatment.md",
        "procedure.md",
        "aftercare.md",
        "side-effects.md",
        "comparison.md",
    }
    assert settings.paper == "a4"
    assert (
        (project / "data" / "handouts.yml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=schemas/handouts.schema.json\n")
    )


@pytest.mark.parametrize(
    ("preview", "requested", "expected"),
    [
        (False, None, True),
        (True, None, False),
        (True, "1", True),
        (True, "", False),
        (False, "0", False),
        (False, "off", False),
    ],
)
def test_pdfs_are_made_except_in_serve_unless_asked(preview, requested, expected):
    assert should_make_pdfs(preview, requested) is expected


def test_first_heading_is_the_page_title():
    assert first_heading("Intro\n\n# Compared with PRP ##\n\n## Later\n") == "Compared with PRP"
    assert first_heading("## Only a section\n") is None


def test_handout_list_links_each_pdf_relative_to_the_list_page():
    settings = HandoutSettings(
        path="data/handouts.yml",
        paper="a4",
        handouts=(Handout("aftercare.md", "aftercare.pdf", 5), Handout("care/before.md", "before.pdf", 7)),
    )
    titles = {"aftercare.md": "Aftercare", "care/before.md": "Before your treatment"}
    assert handout_list(settings, titles, "handouts.md") == (
        "\n\n"
        '- [Aftercare: printable handout](handouts/aftercare.pdf){type="application/pdf"}\n'
        '- [Before your treatment: printable handout](handouts/before.pdf){type="application/pdf"}\n'
    )
    assert handout_list(settings, titles, "care/list.md").splitlines()[2] == (
        '- [Aftercare: printable handout](../handouts/aftercare.pdf){type="application/pdf"}'
    )


STAFF_FORMS = """  - page: staff/checklist.md
    file: aftercare.pdf
    max_pages: 1
"""


def test_staff_forms_are_made_by_the_staff_build_only_and_left_off_the_patient_list(tmp_path):
    text = SETTINGS + "staff_handouts:\n" + STAFF_FORMS.replace("aftercare.pdf", "checklist.pdf")
    assert [handout.file for handout in load(tmp_path, text).handouts] == ["aftercare.pdf", "side-effects.pdf"]
    staff = handout_settings(read_handouts_file(tmp_path), [*PAGES, "staff/checklist.md"], staff=True)
    form = staff.handouts[-1]
    assert (form.page, form.file, form.line, form.max_pages, form.staff) == (
        "staff/checklist.md",
        "checklist.pdf",
        10,
        1,
        True,
    )
    titles = {"aftercare.md": "Aftercare", "side-effects.md": "Side effects", "staff/checklist.md": "Checklist"}
    assert "checklist.pdf" not in handout_list(staff, titles, "handouts.md")


def test_a_staff_form_with_a_patient_handouts_file_name_names_both_lines(tmp_path):
    with pytest.raises(ProblemError) as error:
        load(tmp_path, SETTINGS + "staff_handouts:\n" + STAFF_FORMS, [*PAGES, "staff/checklist.md"], staff=True)
    assert str(error.value) == (
        "data/handouts.yml:11: file name 'aftercare.pdf' is already used (line 6); give each handout its own file"
    )
