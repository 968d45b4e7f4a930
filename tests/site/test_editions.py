"""The Arabic edition beside the English site: the same pages right to left, a switch and alternate
links between the two, its figures from the same data, and a translation that says when its
English page has changed."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, BuildResult, build_editions, make_site, mkdocs_env, run_mkdocs
from selectolax.lexbor import LexborHTMLParser

from hooks.governance.translations import record_translation

SITE_URL = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
SIGN_OFF = [sys.executable, "-m", "hooks.governance.signoff"]
PATIENT_PAGES = sorted(p.relative_to(PROJECT / "docs").as_posix() for p in (PROJECT / "docs").glob("*.md"))


def url_of(page: str) -> str:
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem + "/"


def html(site: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8"))


def test_every_english_patient_page_has_its_arabic_page_right_to_left(real_site: BuildResult):
    assert real_site.returncode == 0, real_site.output
    for page in PATIENT_PAGES:
        tree = html(real_site.site / "ar", url_of(page))
        root, body = tree.css_first("html"), tree.css_first("body")
        assert (root.attrs["lang"], root.attrs["dir"], body.attrs["dir"]) == ("ar", "rtl", "rtl"), page
        assert re.search("[\u0621-\u064a]", tree.css_first("h1").text()), page
    assert not (real_site.site / "ar" / "staff").exists()


def test_the_switch_on_every_page_leads_to_the_same_page_in_the_other_language(real_site: BuildResult):
    for page in PATIENT_PAGES:
        for here, there, code in (("", "ar/", "ar"), ("ar/", "", "en")):
            source = real_site.site / here / url_of(page)
            link = html(real_site.site, here + url_of(page)).css_first(f".language-switch a[hreflang='{code}']")
            assert link is not None, (here, page)
            target = (source / link.attrs["href"]).resolve()
            assert target == (real_site.site / there / url_of(page)).resolve(), (here, page)
            assert link.attrs["lang"] == code


def test_each_page_names_both_languages_as_alternates_and_the_sitemaps_list_them(real_site: BuildResult):
    for page in PATIENT_PAGES:
        for here in ("", "ar/"):
            links = html(real_site.site, here + url_of(page)).css("link[rel~='alternate'][hreflang]")
            assert {link.attrs["hreflang"]: link.attrs["href"] for link in links} == {
                "en": SITE_URL + url_of(page),
                "ar": SITE_URL + "ar/" + url_of(page),
                "x-default": SITE_URL + url_of(page),
            }, (here, page)
    for here in ("", "ar/"):
        sitemap = (real_site.site / here / "sitemap.xml").read_text(encoding="utf-8")
        assert f'<xhtml:link rel="alternate" hreflang="ar" href="{SITE_URL}ar/aftercare/"/>' in sitemap
        assert f'<xhtml:link rel="alternate" hreflang="en" href="{SITE_URL}aftercare/"/>' in sitemap


def test_arabic_pages_show_the_figures_of_the_data_in_arabic_words(real_site: BuildResult):
    key_points = html(real_site.site, "ar/aftercare/").css_first(".admonition.abstract").text()
    assert "لمدة 24 ساعة" in key_points  # no_wash: "24 hours"
    table = html(real_site.site, "ar/results/").css_first("table")
    assert "من جلستك الأولى" in table.css_first("caption").text()
    assert not re.search("[\u0660-\u0669]", (real_site.site / "ar" / "results" / "index.html").read_text())


def test_every_arabic_page_gives_the_clinic_and_the_disclaimer_in_arabic(real_site: BuildResult):
    words = yaml.safe_load((PROJECT / "data" / "interface.yml").read_text(encoding="utf-8"))
    clinic = yaml.safe_load((PROJECT / "data" / "clinic.yml").read_text(encoding="utf-8"))
    pages = list((real_site.site / "ar").rglob("*.html"))
    assert len(pages) >= len(PATIENT_PAGES)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        assert words["disclaimer"]["ar"].split()[0] in text, page
        assert f'href="tel:{clinic["phone"].replace(" ", "")}"' in text, page
        assert f'href="mailto:{clinic["email"]}"' in text, page


def test_the_staff_reference_stays_english_without_a_switch(staff_site: BuildResult):
    assert staff_site.returncode == 0, staff_site.output
    page = staff_site.html("aftercare/")
    assert "language-switch" not in page and 'hreflang="ar"' not in page
    assert not (staff_site.site / "ar").exists()


# Small changes to the real site ------------------------------------------------------------------


def edited_site(root: Path, edit: dict[str, tuple[str, str]]) -> Path:
    """The real project with each file's text replaced (old -> new, which must be there)."""
    make_site(root, {}, real_docs=True)
    for name, (old, new) in edit.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.mark.slow
def test_a_changed_figure_changes_in_both_languages(tmp_path: Path):
    root = edited_site(tmp_path, {"data/facts.yml": ("    en: 24 hours\n", "    en: 48 hours\n")})
    result = build_editions(root, env=mkdocs_env(HANDOUTS="0"))
    assert result.returncode == 0, result.output
    assert "Do not wash your hair for 48 hours after a session." in html(result.site, "aftercare/").text()
    assert "لا تغسل شعرك لمدة 48 ساعة" in html(result.site, "ar/aftercare/").text()


@pytest.mark.slow
def test_a_missing_arabic_text_stops_the_build_at_its_line(tmp_path: Path):
    root = edited_site(tmp_path, {"data/facts.yml": ('    en: 24 hours\n    ar: "{1} ساعة"\n', "    en: 24 hours\n")})
    result = run_mkdocs(root, env=mkdocs_env(HANDOUTS="0"))
    line = next(
        number
        for number, text in enumerate((root / "data/facts.yml").read_text(encoding="utf-8").splitlines(), 1)
        if text == "no_wash:"
    )
    assert result.returncode != 0
    assert f"data/facts.yml:{line + 1}: 'no_wash.value': has no Arabic text; add 'ar:' with it" in result.output


@pytest.mark.slow
def test_a_changed_english_page_flags_its_translation_and_stops_a_release(tmp_path: Path):
    root = edited_site(tmp_path, {})
    for page in PATIENT_PAGES:
        assert (
            record_translation(root, f"docs/ar/{page}", docs="docs", today=datetime.date(2026, 12, 5), editions=["ar"])
            == []
        )
    unchanged = run_mkdocs(root, config="mkdocs.ar.yml", site_dir="site/ar", env=mkdocs_env(HANDOUTS="0"))
    assert unchanged.returncode == 0, unchanged.output
    assert html(unchanged.site, "aftercare/").css_first(".translation-status") is None
    english = root / "docs" / "aftercare.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nKeep your scalp out of the sun.\n", encoding="utf-8")
    flagged = run_mkdocs(root, config="mkdocs.ar.yml", site_dir="site/ar", env=mkdocs_env(HANDOUTS="0"))
    assert flagged.returncode == 0, flagged.output
    note = html(flagged.site, "aftercare/").css_first(".translation-status")
    assert note.css_first(".admonition-title").text() == "تغيّرت الصفحة الإنجليزية بعد هذه الترجمة"
    link = note.css_first("a")
    assert (link.attrs["href"], link.attrs["hreflang"]) == ("../../aftercare/", "en")
    assert html(flagged.site, "procedure/").css_first(".translation-status") is None
    release = run_mkdocs(root, config="mkdocs.ar.yml", site_dir="site/ar", env=mkdocs_env(HANDOUTS="0", RELEASE="1"))
    assert release.returncode != 0
    assert (
        "docs/ar/aftercare.md:1: translation of docs/aftercare.md is out of date: docs/aftercare.md changed since it "
        "was translated on 2026-12-05; bring the translation in line with it, then: make translated PAGE=docs/ar/aftercare.md"
    ) in release.messages
    assert not any("translation of docs/procedure.md" in message for message in release.messages)


@pytest.mark.slow
def test_an_arabic_page_left_out_is_named(tmp_path: Path):
    root = edited_site(tmp_path, {})
    (root / "docs" / "ar" / "faq.md").unlink()
    config = root / "mkdocs.ar.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - أسئلة وأجوبة: faq.md\n", ""), encoding="utf-8")
    result = run_mkdocs(root, config="mkdocs.ar.yml", site_dir="site/ar", env=mkdocs_env(HANDOUTS="0"))
    assert (
        "docs/ar/faq.md:1: missing: the Arabic edition has no translation of docs/faq.md; "
        "translate it into docs/ar/faq.md (same file name)"
    ) in result.messages


def test_the_arabic_search_index_keeps_words_as_written(real_site: BuildResult):
    """Material's Arabic pack empties the pipeline; the Arabic build sets the stop words and the
    trimmer again, and leaves the stemmer out: Material does not stem what a patient types, so a
    stemmed index would not find a word typed with its article (a browser test searches). English
    is the index's second language, for the Latin abbreviations; the separator leaves out the
    article and a word's first alef; the index has no vowel marks, and the pages keep theirs."""
    index = json.loads((real_site.site / "ar" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ar", "en"]
    assert index["config"]["pipeline"] == ["stopWordFilter", "trimmer"]
    assert index["config"]["separator"] == (
        "[\\s\\-]+|(?<![ء-ي])(?:[وفبك]?ال|لل)(?:[أإآا](?=[ء-ي]{3})|(?=[ء-ي]{2}))|(?<![ء-ي])[أإآا](?=[ء-ي]{3})"
    )
    texts = [entry["title"] + entry["text"] for entry in index["docs"]]
    assert [text for text in texts if any(unicodedata.category(character) == "Mn" for character in text)] == []
    side_effects = " ".join(entry["text"] for entry in index["docs"] if entry["location"].startswith("side-effects/"))
    assert "التورم" in side_effects and "التورّم" not in side_effects
    assert "التورّم" in (real_site.site / "ar" / "side-effects" / "index.html").read_text(encoding="utf-8")
    english = json.loads((real_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == ["en"]


@pytest.mark.slow
def test_a_third_language_is_data_pages_and_configuration_only(tmp_path: Path):
    """French added the way an editor would: its texts beside the others in data/, its pages in
    docs/fr/, mkdocs.fr.yml; no code changes, and it builds with its own switch and alternates."""
    root = edited_site(tmp_path, {})
    (root / "data" / "languages.yml").write_text(
        (root / "data" / "languages.yml").read_text(encoding="utf-8")
        + "fr:\n  name: French\n  native_name: Français\n",
        encoding="utf-8",
    )
    for data in (root / "data").rglob("*.yml"):  # a stand-in French text beside each Arabic one
        if data.name != "languages.yml":
            data.write_text(with_french(data.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(root / "docs" / "ar", root / "docs" / "fr")
    config = (root / "mkdocs.ar.yml").read_text(encoding="utf-8")
    config = config.replace("docs/ar", "docs/fr").replace("site/ar", "site/fr").replace("exosomes/ar/", "exosomes/fr/")
    config = config.replace("language: ar", "language: fr").replace("lang: ar", "lang: fr")
    (root / "mkdocs.fr.yml").write_text(config, encoding="utf-8")
    for config_file in ("mkdocs.yml", "mkdocs.staff.yml"):  # the English builds leave docs/fr/ out
        path = root / config_file
        settings = yaml.safe_load(path.read_text(encoding="utf-8").replace("INHERIT:", "inherit:"))
        settings["exclude_docs"] = settings["exclude_docs"] + "/fr/\n"
        path.write_text(yaml.safe_dump(settings, allow_unicode=True).replace("inherit:", "INHERIT:"), encoding="utf-8")
    result = build_editions(root, env=mkdocs_env(HANDOUTS="0"))
    assert result.returncode == 0, result.output
    page = html(result.site, "fr/aftercare/")
    assert page.css_first("html").attrs["lang"] == "fr"
    assert {link.attrs["hreflang"] for link in page.css(".language-switch a")} == {"en", "ar"}
    english = html(result.site, "aftercare/")
    assert {link.attrs["hreflang"] for link in english.css(".language-switch a")} == {"ar", "fr"}
    assert (result.site / "fr" / "handouts").is_dir()


def with_french(text: str) -> str:
    """A data file with a copy of each Arabic text (an `ar:` line and the lines under it) as `fr:`."""
    lines = text.splitlines(keepends=True)
    out = []
    index = 0
    while index < len(lines):
        line = lines[index]
        indent = len(line) - len(line.lstrip())
        block = [line]
        if line.lstrip().startswith("ar:"):
            while index + 1 < len(lines) and len(lines[index + 1]) - len(lines[index + 1].lstrip()) > indent:
                index += 1
                block.append(lines[index])
            out += [*block, line.replace("ar:", "fr:", 1), *block[1:]]
        else:
            out += block
        index += 1
    return "".join(out)


@pytest.mark.slow
def test_an_arabic_page_has_its_own_sign_off_and_shows_its_status_in_arabic(tmp_path: Path):
    root = edited_site(tmp_path, {})
    unsigned = run_mkdocs(root, config="mkdocs.ar.yml", site_dir="site/ar", env=mkdocs_env(HANDOUTS="0"))
    assert unsigned.returncode == 0, unsigned.output
    note = html(unsigned.site, "aftercare/").css_first(".review-status .admonition-title")
    assert note.text() == "لم يراجعها طبيب بعد"
    signed = subprocess.run(
        [*SIGN_OFF, "docs/ar/aftercare.md", "--reviewer", "Test Reviewer, test role", "--config", "mkdocs.ar.yml"],
        cwd=root,
        capture_output=True,
        text=True,
        env=mkdocs_env(PYTHONPATH=str(root)),
    )
    assert signed.returncode == 0, signed.stderr
    result = run_mkdocs(root, config="mkdocs.ar.yml", site_dir="site/ar", env=mkdocs_env(HANDOUTS="0"))
    page = html(result.site, "aftercare/")
    assert page.css_first(".review-status") is None
    line = page.css_first(".page-review").text()
    assert line.startswith("آخر مراجعة للصفحة: ") and "موعد المراجعة التالية: " in line
    assert line.endswith("راجعها: Test Reviewer, test role")
    # The English page is signed on its own: still not reviewed.
    english = run_mkdocs(root, env=mkdocs_env(HANDOUTS="0"))
    assert html(english.site, "aftercare/").css_first(".review-status .admonition-title").text() == (
        "Not yet reviewed by a clinician"
    )
