"""The clinical content checks of one page, run on its page model: audience, page structure,
plain language and reading level. No MkDocs import here."""

from __future__ import annotations

from dataclasses import dataclass, field

from hooks.checks.language import check_glossary_terms, check_phrases
from hooks.checks.readability import readability_problems, score_page
from hooks.checks.review import check_review
from hooks.checks.structure import check_care_cards, check_evidence_page, check_key_points
from hooks.core.problems import Problem
from hooks.pages.model import Page
from hooks.project.model import Project


@dataclass
class Findings:
    """What the checks found on a page: warnings fail a strict build, notes are for the editor."""

    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


def check_page_content(project: Project, page: Page) -> Findings:
    """Every content problem of a page, warnings in line order."""
    settings = project.quality
    findings = Findings()
    if not page.front_matter_unread:  # else every key would read as missing: the page model says why
        findings.warnings += check_review(page.meta, page.content, path=page.path)
    if page.is_patient_page:
        check_patient_page(project, page, findings)
    if page.src_uri in settings.care_card_pages:
        findings.warnings += check_care_cards(page.placed_words("care-card"), path=page.path)
    if settings.evidence is not None and page.src_uri == settings.evidence.page:
        findings.warnings += check_evidence_page(
            page.placed_words("cite"), page.segments, path=page.path, settings=settings.evidence
        )
    findings.warnings.sort(key=lambda problem: problem.line)
    return findings


def check_patient_page(project: Project, page: Page, findings: Findings) -> None:
    """Structure, plain language and reading level of a patient page."""
    settings = project.quality
    segments = page.segments
    # Scored first: its count of the page's words decides whether the page needs key points.
    score = score_page(segments, path=page.path, settings=settings.readability, sentences=page.sentences)
    if score.words >= settings.key_points.min_words:
        findings.warnings += check_key_points(
            page.visible_lines, path=page.path, first_line=page.first_line, settings=settings.key_points
        )
    findings.warnings += check_phrases(page.sentences, project.rules, path=page.path)
    findings.warnings += check_glossary_terms(
        segments, project.terms, path=page.path, explanations=project.rules.explanations
    )
    warnings, notes = readability_problems(score, settings.readability)
    findings.warnings += warnings
    findings.notes += notes
