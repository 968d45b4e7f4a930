"""Reading level: Flesch-Kincaid and SMOG of patient pages, long sentences, and the report."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import textstat

from hooks.checks.readability import (
    CMU_ENTRY,
    PageScore,
    grades,
    main,
    pronounced_syllables,
    pronouncing_dictionary,
    readability_problems,
    report,
    score_page,
)
from hooks.core.problems import Problem
from hooks.pages.text import page_segments
from hooks.project.quality import Limits, ReadabilitySettings

PROJECT = Path(__file__).resolve().parents[2]
SETTINGS = ReadabilitySettings(min_words=100, long_sentence_words=25, flesch_kincaid=Limits(6, 8), smog=Limits(7, 9))
EASY = "The cat sat on the mat. " * 20  # 120 words of one syllable: FK -1.4, SMOG 3.1
HARD = "Dermatological evaluation necessitates comprehensive investigation of hereditary alopecia. " * 13
LONG = "You can " + " ".join(["wash"] * 24) + " today."  # 27 words


def score(body: str, first_line: int = 1) -> PageScore:
    return score_page(page_segments(body, first_line=first_line), path="docs/a.md", settings=SETTINGS)


def test_scores_follow_the_two_formulas():
    easy = score(EASY)
    assert (easy.words, easy.sentences, easy.flesch_kincaid, easy.smog, easy.scored) == (120, 20, -1.4, 3.1, True)
    hard = score(HARD)
    assert (hard.words, hard.sentences, hard.flesch_kincaid, hard.smog) == (104, 13, 34.7, 17.1)


def test_pages_under_the_minimum_are_not_scored():
    short = score("The cat sat on the mat. " * 16 + "The cat sat.")  # 99 words
    assert short.words == 99 and not short.scored
    assert readability_problems(short, SETTINGS) == ([], [])
    assert score("The cat sat on the mat. " * 16 + "The cat sat on.").scored


def test_headings_and_list_items_count_as_sentences():
    as_list = score("# Caring for your hair\n\n" + "".join(f"- wash your hair with care {n}\n" for n in range(20)))
    assert as_list.sentences == 21


def test_grade_above_the_limit_is_a_warning_naming_the_formula():
    warnings, notes = readability_problems(score(HARD), SETTINGS)
    assert [str(p) for p in warnings] == [
        "docs/a.md:1: reads at grade 34.7 (Flesch-Kincaid), above the limit of 8; use shorter sentences and words of fewer syllables, then run 'make readability'",
        "docs/a.md:1: reads at grade 17.1 (SMOG), above the limit of 9; use fewer words of three or more syllables, then run 'make readability'",
    ]
    assert notes == []


def test_grade_above_the_target_is_a_note():
    page = PageScore("docs/a.md", 300, 20, 6.5, 7.2, (), True)
    assert readability_problems(page, SETTINGS) == (
        [],
        [
            page_problem(
                "note: reads at grade 6.5 (Flesch-Kincaid), above the target of 6; use shorter sentences and words of fewer syllables where you can"
            ),
            page_problem(
                "note: reads at grade 7.2 (SMOG), above the target of 7; use fewer words of three or more syllables where you can"
            ),
        ],
    )
    assert readability_problems(PageScore("docs/a.md", 300, 20, 6.0, 7.0, (), True), SETTINGS) == ([], [])


def page_problem(message: str) -> Problem:
    return Problem("docs/a.md", 1, message)


def test_long_sentences_are_warnings_with_their_line():
    page = score(EASY + "\n\n" + LONG + " Short one.\n", first_line=9)
    warnings, _ = readability_problems(page, SETTINGS)
    assert [str(p) for p in warnings] == [
        'docs/a.md:11: sentence of 27 words (more than 25): "You can wash wash wash wash wash wash …"; split it into shorter sentences'
    ]


def test_report_is_a_markdown_table_with_the_long_sentences_listed():
    scores = [score(EASY), score(HARD + "\n\n" + LONG), score("Too short.")]
    text = report(
        [PageScore(**{**s.__dict__, "path": f"docs/{n}.md"}) for n, s in zip("abc", scores, strict=True)], SETTINGS
    )
    assert text == (
        "# Readability of the patient pages\n"
        "\n"
        "Limits: Flesch-Kincaid grade 8 (target 6), SMOG 9 (target 7), sentences of 25 words at most; pages under 100 words are not scored.\n"
        "\n"
        "| Page | Words | Sentences | FK grade | SMOG | Long sentences | Result |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |\n"
        "| docs/a.md | 120 | 20 | -1.4 | 3.1 | 0 | passes |\n"
        f"| docs/b.md | 131 | 14 | {scores[1].flesch_kincaid:.1f} | {scores[1].smog:.1f} | 1 | fails |\n"
        "| docs/c.md | 2 | 1 | – | – | 0 | not scored (under 100 words) |\n"
        "\n"
        "## Long sentences\n"
        "\n"
        f"- docs/b.md:3: 27 words: {LONG}\n"
    )


PATIENT = "---\naudience: patient\n---\n# {title}\n\n{text}\n"


def project_with_docs(root: Path, pages: dict[str, str]) -> Path:
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    for name, text in pages.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    return root / "docs"


def test_command_reports_patient_pages_only_and_fails_when_one_is_above_the_limit(tmp_path: Path, capsys):
    docs = project_with_docs(
        tmp_path,
        {
            "easy.md": PATIENT.format(title="Easy", text=EASY),
            "hard.md": PATIENT.format(title="Hard", text=HARD + "\n\n<!-- md:fact course_sessions -->"),
            "staff/notes.md": PATIENT.replace("patient", "staff").format(title="Staff", text=HARD),
        },
    )
    assert main([str(docs)]) == 1
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| docs/")]
    assert rows == [
        "| docs/easy.md | 121 | 20 | -1.3 | 3.1 | 0 | passes |",
        "| docs/hard.md | 109 | 14 | 33.1 | 16.6 | 0 | fails |",
    ]
    (docs / "hard.md").unlink()
    assert main([str(docs)]) == 0


def test_command_on_a_missing_folder_says_what_to_give(tmp_path: Path, capsys):
    assert main([str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'nowhere'}: no such folder; give the docs folder, e.g. docs\n"


def test_make_readability_reports_every_patient_page_of_the_real_site():
    completed = subprocess.run(
        [sys.executable, "-m", "hooks.checks.readability", "docs"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    rows = [line for line in completed.stdout.splitlines() if line.startswith("| docs/")]
    patient_pages = sorted(
        p.relative_to(PROJECT).as_posix()
        for p in (PROJECT / "docs").rglob("*.md")
        if "\naudience: patient\n" in p.read_text(encoding="utf-8")
    )
    assert [row.split(" | ")[0][2:] for row in rows] == patient_pages
    assert all(row.endswith(("| passes |", "| above target |")) for row in rows)


EDGE_TEXTS = [
    "",
    "...",
    "12 34. 56",
    "Don't stop: it's 'quoted' text; the dogs' tails. Numbers 12 and 3.5!",
    "Dermatological evaluation necessitates comprehensive investigation of hereditary alopecia. Hi. A b.",
    "Exosomes, PRP and minoxidil: which one suits your thinning hairline? Ask Dr Okafor.",
]


@pytest.mark.parametrize(
    "text", EDGE_TEXTS + [page.read_text(encoding="utf-8") for page in sorted((PROJECT / "docs").glob("*.md"))]
)
def test_grades_are_exactly_textstats(text):
    """The build's own syllable count gives the very grades textstat 0.7.8 gives, ten times faster."""
    sentences, flesch_kincaid, smog = grades(text)
    assert sentences == textstat.sentence_count(text)
    assert flesch_kincaid == pytest.approx(textstat.flesch_kincaid_grade(text), abs=1e-9)
    assert smog == pytest.approx(textstat.smog_index(text), abs=1e-9)


def test_every_word_of_the_pronouncing_dictionary_is_found_with_its_first_pronunciation():
    """The dictionary is searched by halving its text, not read into a table: every word of it (a few
    are out of alphabetical order) gives the stress digits of its first entry, and other words none."""
    first: dict[str, int] = {}
    for entry in CMU_ENTRY.finditer(pronouncing_dictionary()):
        first.setdefault(entry[1], entry[2].count("0") + entry[2].count("1") + entry[2].count("2"))
    assert all(pronounced_syllables(word) == syllables for word, syllables in first.items())
    for word in ["", "zzzzzz", "sepultur", "stiltedx", "'", "a's's", "\uffff"]:
        assert pronounced_syllables(word) == first.get(word)
