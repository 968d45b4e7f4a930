"""The project and its pages read as a build reads them, for `make sign-off` and `make review`,
which run without MkDocs (as `make check` does). No MkDocs import here."""

from __future__ import annotations

import datetime
from pathlib import Path

from hooks.pages.model import Page, read_docs
from hooks.project.model import Project, load_configured_project
from hooks.shortcodes.placements import Usage


def read_site(config_path: Path, today: datetime.date) -> tuple[Project, list[Page]]:
    """The project of a configuration file and every page of its docs folder (ProblemError if a
    data file is broken)."""
    _, project, docs_dir = load_configured_project(config_path, today)
    return project, read_docs(project, docs_dir, Usage())
