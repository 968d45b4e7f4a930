"""The project model: every data file, rule and template of the site, loaded and checked once per
build and handed to every area (shortcodes, checks, glossary, links, handouts).

It takes plain values (folders, a date) and knows nothing of MkDocs, so a build, `make check` and
the tests load a project the same way.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from hooks.core.characters import invisible_character_problems
from hooks.core.config import read_config
from hooks.core.problems import Problem, ProblemError, Source, display_path
from hooks.core.templates import escaping_templates
from hooks.core.translation import Translation
from hooks.core.yamlfile import Document, read_text
from hooks.governance.records import SignOff, load_signoffs
from hooks.governance.translations import TranslationRecord, load_translations
from hooks.project.handouts import read_handouts_file
from hooks.project.languages import ONE_LANGUAGE, Language, Languages, load_languages
from hooks.project.published import escaping_links
from hooks.project.quality import QualitySettings, load_quality_settings
from hooks.project.rules import LanguageRules, Term, glossary_terms, load_language_rules
from hooks.project.sitedata import SiteData, load_site_data
from hooks.project.staffdata import load_staff_data

# Where the pieces of a project live, from the folder of mkdocs.yml.
DATA = "data"
MARKER_TEMPLATES = "overrides/markers"
HANDOUT_TEMPLATES = "overrides/handouts"
GLOSSARY = "data/glossary.yml"
# Files of the project folder a shortcode places as they are: marker name -> file.
INCLUDED_FILES = {"include-decisions": "CONTENT_DECISIONS.md"}


@dataclass(frozen=True)
class Project:
    """Everything a build knows before it reads a page."""

    root: Path
    docs: str  # the docs folder as editors name it: docs
    today: datetime.date  # the date review dates are judged against
    data: SiteData
    quality: QualitySettings
    rules: LanguageRules
    terms: tuple[Term, ...]  # the glossary terms a page must explain where it first uses them
    handouts: Document  # data/handouts.yml; checked against the pages once they are known
    markers: jinja2.Environment  # the templates of the shortcodes
    handout_templates: jinja2.Environment
    signoffs: dict[str, SignOff]  # data/signoffs.yml: each clinician's sign-off, by page (docs/x.md)
    included: dict[str, Source | None]  # marker name -> the file it places (None: missing)
    data_sources: tuple[Source, ...]  # the text of every data file, to place a problem on its line
    template_sources: tuple[Source, ...]  # the theme overrides, likewise
    problems: tuple[Problem, ...] = ()  # what the data must not hold; the build goes on and reports them
    # Who the build is for: 'staff' (mkdocs.staff.yml) places staff-only records and staff pages;
    # anything else is the public patient site, where either is an error.
    audience: str = "patient"
    languages: Languages = ONE_LANGUAGE
    translation: Translation = dataclasses.field(default_factory=Translation)  # the language this build shows
    # data/translations.yml: the source version each translated page translates, by page
    translations: dict[str, TranslationRecord] = dataclasses.field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.translation.language

    @property
    def edition(self) -> Language:
        """The build's language as data/languages.yml describes it (its settings' defaults when it
        is not there)."""
        return self.languages.get(self.language) or Language(self.language, self.language, self.language)

    @property
    def direction(self) -> str:
        """ltr or rtl: how the build's language is written."""
        return self.edition.direction

    @property
    def is_staff_build(self) -> bool:
        return self.audience == "staff"

    def page_path(self, src_uri: str) -> str:
        """A page as editors name it: docs/aftercare.md."""
        return f"{self.docs}/{src_uri}"


def load_project(
    root: Path,
    *,
    docs_dir: Path | None = None,
    overrides: Path | None = None,
    today: datetime.date,
    audience: str = "patient",
    language: str = "",
) -> Project:
    """Load and check every data file of the project at `root`; ProblemError lists every problem
    of every file, so an editor fixes them in one go."""
    root = root.resolve()
    data_dir = root / DATA
    overrides = overrides if overrides is not None else root / "overrides"
    problems: list[Problem] = []
    try:
        languages = load_languages(data_dir)
    except ProblemError as error:
        raise ProblemError(error.problems) from None
    translation = languages.translation(language or languages.source.code)
    loaded = {}
    for name, load in (
        ("data", lambda: load_site_data(data_dir, translation=translation)),
        ("quality", lambda: load_quality_settings(data_dir, translation=translation)),
        ("rules", lambda: load_language_rules(data_dir, translation=translation)),
        ("handouts", lambda: read_handouts_file(data_dir)),
        ("staff", lambda: load_staff_data(data_dir)),
    ):
        try:
            loaded[name] = load()
        except ProblemError as error:
            problems += error.problems
    max_years = loaded["quality"].max_review_years if "quality" in loaded else 0
    try:
        signoffs = load_signoffs(data_dir, project_root=root, max_years=max_years)
    except ProblemError as error:
        problems += error.problems
    translations: dict[str, TranslationRecord] = {}
    try:
        translations = load_translations(data_dir)
    except ProblemError as error:
        problems += error.problems
    included = {}
    for marker, name in INCLUDED_FILES.items():
        try:
            included[marker] = read_source(root / name, name)
        except ProblemError as error:
            problems += error.problems
    problems += escaping_links(root, [docs_dir if docs_dir is not None else root / "docs", data_dir, overrides])
    if problems:
        raise ProblemError(problems)
    edition = languages.get(translation.language)
    data: SiteData = dataclasses.replace(
        loaded["data"], staff=loaded["staff"], direction=edition.direction if edition else "ltr"
    )
    rules: LanguageRules = loaded["rules"]
    data_sources = tuple(
        read_source(path, display_path(path, root)) for path in sorted(data_dir.rglob("*.yml")) if path.is_file()
    )
    written = [source for source in (*data_sources, *included.values()) if source is not None]
    return Project(
        root=root,
        docs=display_path(docs_dir if docs_dir is not None else root / "docs", root),
        today=today,
        data=data,
        quality=loaded["quality"],
        rules=rules,
        terms=tuple(glossary_terms(data.glossary, rules.everyday_terms, rules.explanations)),
        handouts=loaded["handouts"],
        markers=escaping_templates(root / MARKER_TEMPLATES),
        handout_templates=escaping_templates(root / HANDOUT_TEMPLATES),
        signoffs=signoffs,
        included=included,
        data_sources=data_sources,
        template_sources=tuple(
            read_source(path, display_path(path, root)) for path in sorted(overrides.rglob("*.html")) if path.is_file()
        )
        if overrides.is_dir()
        else (),
        problems=tuple(
            data.problems
            + [problem for source in written for problem in invisible_character_problems(source.text, source.path)]
        ),
        audience=audience,
        languages=languages,
        translation=translation,
        translations=translations,
    )


def read_source(path: Path, display: str) -> Source | None:
    """The text of a project file as a Source; None when it is missing."""
    if not path.is_file():
        return None
    return Source(display, read_text(path, display))


def load_configured_project(config_path: Path, today: datetime.date) -> tuple[dict[str, Any], Project, Path]:
    """The settings of a configuration file (read as plain YAML), its project and its docs folder,
    for what runs without a build engine: `make check`, `make sign-off`, `make review`."""
    config = read_config(config_path)
    root = config_path.resolve().parent
    docs_dir = root / config.get("docs_dir", "docs")
    overrides = root / config.get("theme", {}).get("custom_dir", "overrides")
    audience = str(config.get("extra", {}).get("audience", "patient"))
    language = str(config.get("theme", {}).get("language", ""))
    project = load_project(
        root, docs_dir=docs_dir, overrides=overrides, today=today, audience=audience, language=language
    )
    return config, project, docs_dir
