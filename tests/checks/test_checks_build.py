"""Whole builds: each clinical content rule fails `mkdocs build --strict` with its exact message,
and the real site passes every rule."""

import re

from conftest import MINIMAL_DATA, MINIMAL_PAGE, PROJECT, run_mkdocs, write_files

# As long as the front matter of a real page, so the lines of the messages are those an editor sees.
FRONT_MATTER = "---\naudience: {audience}\ndescription: A page of the tests.\n# No review here: a review is a sign-off.\n# The tests sign only with a test name.\n---\n"
# 110 words of plain text under a Key points box: passes every rule.
BODY = """# Washing your hair

!!! abstract "Key points"

    - Wash your hair the day before.
    - Use a mild shampoo.
    - Dry your hair with a soft towel.

## Before your visit

Wash your hair the day before you come. Use warm water and a mild shampoo. Rinse it well. Do not put oils, creams or sprays on your hair. A clean scalp helps the treatment work.

## After your visit

Do not wash your hair for one day. Keep out of the sun and heat for one day. Dry your hair with a soft towel. Do not rub your scalp hard. Call us if your scalp gets more red or sore.

## Your questions

Ask us about anything you are not sure of. We are happy to help you. You can call us or send us an email.
"""


def page(body: str = BODY, *, audience: str = "patient") -> str:
    return FRONT_MATTER.format(audience=audience) + body


def settings(**changes: str) -> str:
    """The small site's data/quality.yml with some lines replaced."""
    text = MINIMAL_DATA["data/quality.yml"]
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    return text


def site(**pages: str) -> dict[str, str]:
    """docs/NAME.md for each page, and a home page that links to each (an unlinked page is an orphan)."""
    links = "".join(f"\n[{name}]({name}.md)\n" for name in pages)
    return {"docs/index.md": MINIMAL_PAGE + links} | {f"docs/{name}.md": text for name, text in pages.items()}


def quality_messages(result) -> list[str]:
    return [m for m in result.messages if m.startswith(("docs/", "data/", "Error"))]


def test_a_plain_patient_page_passes_every_rule(build_temp_site):
    result = build_temp_site(site(wash=page()))
    assert result.returncode == 0, result.output
    assert quality_messages(result) == []
    html = result.html("wash/")
    assert '<p class="admonition-title">Not yet reviewed by a clinician</p>' in html
    assert "Page last reviewed" not in html


def test_a_review_written_in_front_matter_or_a_missing_audience_fails_the_build(build_temp_site):
    invented = "---\naudience: patient\nreviewed: 2026-11-24\nnext_review: 2027-11-24\nreviewer: Consultant dermatologist\n---\n"
    result = build_temp_site(site(wash=invented + BODY, nobody=page().replace("audience: patient\n", "")))
    assert result.returncode == 1
    assert quality_messages(result) == [
        "docs/nobody.md:5: front matter: 'audience' is missing; add 'audience: patient' or 'audience: staff'",
        "docs/wash.md:3: front matter: 'reviewed' is not how a review is recorded; remove it: a clinician's review is a sign-off (make sign-off)",
        "docs/wash.md:4: front matter: 'next_review' is not how a review is recorded; remove it: a clinician's review is a sign-off (make sign-off)",
        "docs/wash.md:5: front matter: 'reviewer' is not how a review is recorded; remove it: a clinician's review is a sign-off (make sign-off)",
    ]
    assert "Page last reviewed" not in result.html("wash/")
    assert "Traceback" not in result.output


def test_a_review_date_that_is_not_a_date_stops_the_build(build_temp_site):
    broken = build_temp_site(site(wash=page()), env={"REVIEW_DATE": "soon"})
    assert broken.returncode == 1
    assert "REVIEW_DATE='soon' is not a date; unset it or write it as YYYY-MM-DD" in broken.messages


def test_a_source_date_epoch_that_is_not_a_number_stops_the_build(build_temp_site):
    broken = build_temp_site(site(wash=page()), env={"SOURCE_DATE_EPOCH": "tomorrow"})
    assert broken.returncode == 1
    assert (
        "SOURCE_DATE_EPOCH='tomorrow' is not a number of seconds since 1970; unset it or set it to e.g. $(git log -1 --format=%ct)"
        in broken.messages
    )


def test_patient_page_structure_rules(build_temp_site):
    no_box = BODY.replace('!!! abstract "Key points"\n\n    - Wash your hair the day before.\n', "").replace(
        "    - Use a mild shampoo.\n    - Dry your hair with a soft towel.\n", ""
    )
    six = BODY.replace("    - Use a mild shampoo.\n", "    - Use a mild shampoo.\n" * 4)
    result = build_temp_site(
        site(
            wash=page(no_box),
            six=page(six),
            staff=page(no_box, audience="staff"),
            short=page("# Short\n\nA short page needs no box.\n"),
        )
    )
    assert quality_messages(result) == [
        'docs/six.md:9: "Key points" has 6 bullets; write 3 to 5 (merge bullets or move the detail into the page)',
        # A staff page needs no box, but does not belong in the public build outside docs/staff/.
        "docs/staff.md:2: a staff page (audience: staff) in the public build; move it under docs/staff/, or set 'audience: patient' if it is written for patients",
        'docs/wash.md:10: no "Key points" box at the top of this patient page; add !!! abstract "Key points" right under the title, with 3 to 5 bullets',
    ]


def test_care_card_pages_emergency_card_and_evidence_page(build_temp_site):
    cards = MINIMAL_DATA["data/care-cards.yml"].replace(
        "    - you have trouble breathing\n",
        "    - you have trouble breathing\n    - your face swells, see [side effects](side-effects.md)\n",
    )
    quality = settings(
        **{
            "care_cards:\n  pages: []\n": (
                "care_cards:\n  pages: [aftercare.md]\n"
                "evidence:\n  page: evidence.md\n  cites: [demo2023]\n"
                "  statements:\n    - say: No exosome product is approved by the FDA.\n"
                "      pattern: no exosome products? (is|are) approved by the FDA\n"
            )
        }
    )
    pages = site(
        aftercare=page(BODY + "\n<!-- md:care-card urgent -->\n"), evidence=page(BODY + "\nExosome products are new.\n")
    )
    result = build_temp_site(pages | {"data/quality.yml": quality, "data/care-cards.yml": cards})
    assert quality_messages(result) == [
        "data/care-cards.yml:19: a link in the emergency card; remove it: an emergency card has no link but the way to emergency care (the card ends with the emergency number)",
        'docs/aftercare.md:1: no non-urgent "When to get help" card; add <!-- md:care-card non-urgent --> under a "When to get help" heading',
        'docs/aftercare.md:1: no emergency "When to get help" card; add <!-- md:care-card emergency --> under a "When to get help" heading',
        "docs/evidence.md:1: does not cite 'demo2023'; add <!-- md:cite demo2023 --> after the sentence it supports",
        'docs/evidence.md:1: does not state "No exosome product is approved by the FDA."; add that sentence (any wording that matches data/quality.yml)',
    ]


def test_settings_naming_a_page_that_does_not_exist(build_temp_site):
    result = build_temp_site({"data/quality.yml": settings(**{"pages: []": "pages: [side-efects.md]"})})
    assert quality_messages(result) == [
        "data/quality.yml:9: care-card page 'side-efects.md' is not in docs/; use one of: index.md"
    ]


def test_plain_language_rules(build_temp_site):
    body = BODY.replace("A clean scalp helps the treatment work.", "Results are guaranteed.").replace(
        "Do not rub your scalp hard.", "Patients should not rub the scalp. Your follicles need care."
    )
    glossary = MINIMAL_DATA["data/glossary.yml"] + "follicle: The small pocket in your skin that a hair grows from.\n"
    result = build_temp_site(site(wash=page(body)) | {"data/glossary.yml": glossary})
    assert quality_messages(result) == [
        'docs/wash.md:17: "guaranteed": a promise no treatment can keep; say what the studies found, or that results differ from person to person',
        'docs/wash.md:21: "Patients": speaks about the reader instead of to them; address the reader as "you" ("you may feel a slight tingle")',
        'docs/wash.md:21: "follicles" is not explained where this page first uses it; explain it in the same sentence, e.g. "follicle (the small pocket in your skin that a hair grows from)"',
    ]


def test_readability_gate(build_temp_site):
    hard = BODY.replace(
        "Ask us about anything you are not sure of.",
        "Dermatological evaluation necessitates comprehensive investigation of hereditary alopecia. " * 12
        + "Consequently, individualised therapeutic recommendations require collaborative consideration of numerous physiological, psychological and environmental circumstances before any intervention.",
    )
    result = build_temp_site(site(wash=page(hard)))
    assert result.returncode == 1
    assert quality_messages(result) == [
        "docs/wash.md:1: reads at grade 16.9 (Flesch-Kincaid), above the limit of 8; use shorter sentences and words of fewer syllables, then run 'make readability'",
        "docs/wash.md:1: reads at grade 12.6 (SMOG), above the limit of 9; use fewer words of three or more syllables, then run 'make readability'",
    ]


def test_a_grade_above_the_target_is_a_note_that_does_not_fail(build_temp_site):
    middle = BODY.replace("Rinse it well.", "Your dermatologist will examine your scalp carefully. " * 4)
    noted = build_temp_site(site(wash=page(middle)))
    assert noted.returncode == 0, noted.output
    assert (
        "INFO    -  docs/wash.md:1: note: reads at grade 7.5 (SMOG), above the target of 7; use fewer words of three or more syllables where you can"
        in noted.output.splitlines()
    )


def test_long_sentence_fails_with_its_line(build_temp_site):
    body = BODY.replace(
        "Rinse it well.", "Rinse it well with warm water and then " + "rinse it again " * 6 + "until it is clean."
    )
    result = build_temp_site(site(wash=page(body)))
    assert quality_messages(result) == [
        'docs/wash.md:17: sentence of 30 words (more than 25): "Rinse it well with warm water and then …"; split it into shorter sentences'
    ]


def test_real_site_passes_every_clinical_content_rule(real_site):
    assert real_site.returncode == 0, real_site.output
    assert real_site.messages == []
    patient_pages = [
        p for p in (PROJECT / "docs").glob("*.md") if "\naudience: patient\n" in p.read_text(encoding="utf-8")
    ]
    assert len(patient_pages) >= 11
    for source in patient_pages:
        url = "" if source.stem == "index" else f"{source.stem}/"
        html = real_site.html(url)
        # No clinician has signed a page off yet: each says so at the top, none claims a review.
        assert '<p class="admonition-title">Not yet reviewed by a clinician</p>' in html, source.name
        assert "Page last reviewed" not in html, source.name
        assert 'class="admonition abstract"' in html, source.name
    evidence = real_site.html("evidence/")
    assert "No exosome product is approved by the FDA." in re.sub(r"<[^>]+>", "", evidence)
    assert all(f'id="ref-{ref}"' in evidence for ref in ["gupta2023", "queen2025", "fda2019", "fda2020"])
    for url in ["side-effects/", "aftercare/"]:
        html = real_site.html(url)
        assert "care-card--urgent" in html and "care-card--emergency" in html


def test_a_rebuild_applies_a_changed_page_or_data_file_at_once(build_temp_site):
    body = BODY.replace("A clean scalp helps the treatment work.", "Results are guaranteed. Your follicles need care.")
    guaranteed = 'docs/wash.md:17: "guaranteed": a promise no treatment can keep; say what the studies found, or that results differ from person to person'
    first = build_temp_site(site(wash=page(body)))
    assert quality_messages(first) == [guaranteed]
    assert quality_messages(run_mkdocs(first.root)) == [guaranteed]
    # A changed data file is applied at once: the new glossary term is checked.
    glossary = MINIMAL_DATA["data/glossary.yml"] + "follicle: The small pocket in your skin that a hair grows from.\n"
    write_files(first.root, {"data/glossary.yml": glossary})
    assert quality_messages(run_mkdocs(first.root)) == [
        guaranteed,
        'docs/wash.md:17: "follicles" is not explained where this page first uses it; explain it in the same sentence, e.g. "follicle (the small pocket in your skin that a hair grows from)"',
    ]
    # So is a changed page.
    write_files(first.root, {"docs/wash.md": page(BODY)})
    assert quality_messages(run_mkdocs(first.root)) == []
    assert not (first.root / ".cache" / "quality").exists()
    glue = (PROJECT / "hooks" / "main.py").read_text(encoding="utf-8")
    assert 'server.watch(str(self.project.root / "data"))' in glue
    assert "-w data" in (PROJECT / "Makefile").read_text(encoding="utf-8")
