"""The regulator and the side-effect reporting scheme the pages name come from the clinic's country:
`country` in data/clinic.yml picks an entry of data/regulators.yml, whose names and sentences the
pages place with <!-- md:regulation WORD -->."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, in_language

from hooks.core.problems import ProblemError
from hooks.core.templates import escaping_templates
from hooks.project.sitedata import load_site_data
from hooks.shortcodes.placements import PageContext, Usage, place_page

TEMPLATES = escaping_templates(PROJECT / "overrides" / "markers")
REGULATORS = (PROJECT / "data" / "regulators.yml").read_text(encoding="utf-8")
# A second country for the tests only: its names and sentences cite references the site already has.
SECOND_COUNTRY = """
US:
  country: the US
  regulator:
    name: US Food and Drug Administration (FDA)
    reference: fda2019
  scheme:
    name: MedWatch program
    reference: fda2020
  sentences:
    who-regulates:
      text: In the US, drugs and biological products are regulated by the US Food and Drug Administration (FDA).
      cites: regulator
    ask-your-doctor:
      text: Ask your doctor how the product they use is regulated in the US.
    report:
      text: You can report a side effect, or a product you think is faulty, through the FDA's MedWatch program.
      cites: scheme
    report-in-brief:
      text: In the US, you can report a side effect through MedWatch (the FDA's system for reports of harm).
    report-yourself:
      text: You can also report a side effect yourself to the FDA.
      cites: regulator
    how-to-report:
      text: "Use the MedWatch program: its website is listed under Sources below."
      cites: scheme
    report-route:
      text: the FDA's MedWatch program
"""


def data_folder(tmp_path: Path, *, clinic: str | None = None, regulators: str = REGULATORS) -> Path:
    """The real data files, with the clinic details and regulators given."""
    data = tmp_path / "data"
    data.mkdir(parents=True)
    for source in (PROJECT / "data").iterdir():
        (data / source.name).symlink_to(source)
    for name, text in (("clinic.yml", clinic), ("regulators.yml", regulators)):
        if text is not None:
            (data / name).unlink()
            (data / name).write_text(text, encoding="utf-8")
    return data


def clinic_in(country: str) -> str:
    return (PROJECT / "data" / "clinic.yml").read_text(encoding="utf-8").replace("country: GB", f"country: {country}")


def line_of(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if line.startswith(start))


def placed(markdown: str, data_dir: Path) -> tuple[str, list[str]]:
    data = load_site_data(data_dir)
    result = place_page(markdown, data, TEMPLATES, Usage(), PageContext("docs/page.md"))
    return result.markdown, [str(problem) for problem in result.problems]


def test_the_clinic_in_london_names_the_mhra_and_the_yellow_card_scheme_with_their_sources(tmp_path):
    markdown, problems = placed(
        "## The rules in <!-- md:regulation country -->\n\n"
        "<!-- md:regulation who-regulates --> <!-- md:regulation report -->\n\n"
        "The report goes to the <!-- md:regulation regulator --> through the <!-- md:regulation scheme -->.\n",
        data_folder(tmp_path),
    )
    assert problems == []
    assert markdown.split("\n\n## Sources")[0] == (
        "## The rules in the UK\n\n"
        "In the UK, medicines and medical products are regulated by the Medicines and Healthcare products "
        'Regulatory Agency (MHRA).<sup class="citation">[<a href="#ref-mhra" title="Source 1">1</a>]</sup> '
        "You can report a side effect, or a product you think is faulty or fake, through the MHRA&#39;s Yellow Card "
        'scheme.<sup class="citation">[<a href="#ref-yellowcard" title="Source 2">2</a>]</sup>\n\n'
        "The report goes to the Medicines and Healthcare products Regulatory Agency (MHRA) through the Yellow Card scheme.\n"
    )
    assert '<li id="ref-mhra" markdown="span">' in markdown and '<li id="ref-yellowcard" markdown="span">' in markdown


def test_another_country_gives_its_own_regulator_scheme_and_sources(tmp_path):
    markdown, problems = placed(
        "<!-- md:regulation who-regulates --> <!-- md:regulation report-in-brief -->",
        data_folder(tmp_path, clinic=clinic_in("US"), regulators=REGULATORS + SECOND_COUNTRY),
    )
    assert problems == []
    assert markdown.startswith(
        "In the US, drugs and biological products are regulated by the US Food and Drug Administration (FDA)."
        '<sup class="citation">[<a href="#ref-fda2019" title="Source 1">1</a>]</sup> '
        "In the US, you can report a side effect through MedWatch (the FDA&#39;s system for reports of harm)."
    )
    assert "MHRA" not in markdown.split("*[")[0] and "Yellow Card" not in markdown


def test_an_unknown_regulation_word_is_named_with_a_did_you_mean(tmp_path):
    _, problems = placed("Intro.\n\n<!-- md:regulation who-regulate -->\n", data_folder(tmp_path))
    assert problems == ["docs/page.md:3: unknown regulation text 'who-regulate'; did you mean 'who-regulates'?"]


@pytest.mark.parametrize(
    ("country", "suggestion"),
    [("UK", "did you mean 'GB' (the UK)?"), ("GR", "use one of: GB"), ("US", "use one of: GB")],
)
def test_an_unknown_country_is_refused_at_its_line_with_a_did_you_mean(tmp_path, country, suggestion):
    clinic = clinic_in(country)
    with pytest.raises(ProblemError) as error:
        load_site_data(data_folder(tmp_path, clinic=clinic))
    assert [str(problem) for problem in error.value.problems] == [
        f"data/clinic.yml:{line_of(clinic, 'country:')}: unknown country '{country}': data/regulators.yml has no "
        f"entry for it; add one with its regulator and reporting scheme, or fix the code; {suggestion}"
    ]


def test_a_country_needs_every_sentence_and_a_reference_that_exists(tmp_path):
    regulators = REGULATORS.replace("reference: yellowcard", "reference: yelowcard").replace(
        "    report-route:\n", "    report-rout:\n"
    )
    with pytest.raises(ProblemError) as error:
        load_site_data(data_folder(tmp_path, regulators=regulators))
    assert [str(problem) for problem in error.value.problems] == [
        f"data/regulators.yml:{line_of(regulators, '  sentences:')}: 'GB.sentences': missing value for 'report-route'; "
        "add 'report-route:' with its text",
        f"data/regulators.yml:{line_of(regulators, '    report-rout:')}: 'GB.sentences': unknown key 'report-rout'; "
        "did you mean 'report-route'?",
    ]
    regulators = REGULATORS.replace("reference: yellowcard", "reference: yelowcard")
    with pytest.raises(ProblemError) as error:
        load_site_data(data_folder(tmp_path / "2", regulators=regulators))
    assert [str(problem) for problem in error.value.problems] == [
        f"data/regulators.yml:{line_of(regulators, '    reference: yelowcard')}: unknown reference 'yelowcard': "
        "data/references.yml has no entry for it; add one, or fix the id; did you mean 'yellowcard'?"
    ]


@pytest.mark.slow
def test_the_build_stops_on_an_unknown_country_naming_the_clinic_file(build_temp_site):
    clinic = clinic_in("UK")
    result = build_temp_site({"data/clinic.yml": clinic})
    assert result.returncode == 1
    assert (
        f"data/clinic.yml:{line_of(clinic, 'country:')}: unknown country 'UK': data/regulators.yml has no entry for "
        "it; add one with its regulator and reporting scheme, or fix the code; did you mean 'GB' (the UK)?"
    ) in result.output


@pytest.mark.slow
def test_every_page_that_names_the_regulator_follows_the_clinic_s_country(build_temp_site):
    result = build_temp_site(
        # The English site alone: the second country is written in English only.
        {
            "data/clinic.yml": clinic_in("US"),
            "data/regulators.yml": REGULATORS + SECOND_COUNTRY,
            "data/languages.yml": None,
        },
        real_docs=True,
        env={"HANDOUTS": "0"},
    )
    assert result.returncode == 0, result.output
    for url in ("evidence/", "side-effects/", "faq/"):
        article = result.html(url).split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]
        text = re.sub(r"<[^>]+>", "", article)
        assert "MHRA" not in text and "Yellow Card" not in text and "the UK" not in text, url
        assert "MedWatch" in text or "regulated by the US Food and Drug Administration (FDA)" in text, url
    evidence = result.html("evidence/")
    heading = re.search(r'<h2 id="regulation">(.*?)</h2>', evidence)[1]
    assert re.sub(r"<[^>]+>", "", heading) == "The rules in the US"
    # The FDA statements stay as they are.
    assert "<strong>No exosome product is approved by the FDA.</strong>" in re.sub(r"</?abbr[^>]*>", "", evidence)


def test_no_page_names_the_uk_regulator_or_its_scheme_by_hand():
    """MHRA and Yellow Card come from data/regulators.yml, placed by markers, on every page."""
    for page in sorted((PROJECT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for word in ("MHRA", "Yellow Card", "Medicines and Healthcare products"):
            assert word not in text, f"{page.relative_to(PROJECT)}: {word}"


def test_no_regulation_text_says_or_suggests_that_a_product_is_approved():
    claims = {
        "en": r"approv|licen[cs]|authori[sz]|certified|cleared",
        "ar": r"معتمد|اعتماد|موافق|مرخ[ّ]?ص|ترخيص|مصرّح|مصرح",
    }
    for code, claim in claims.items():
        texts = []
        for entry in in_language(yaml.safe_load(REGULATORS), code).values():
            texts += [entry["country"], entry["regulator"]["name"], entry["scheme"]["name"]]
            texts += [sentence["text"] for sentence in entry["sentences"].values()]
        assert len(texts) >= 10
        for text in texts:
            assert not re.search(claim, text, re.I), text
