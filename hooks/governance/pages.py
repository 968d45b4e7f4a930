"""The project and its pages read as a build reads them, for `make sign-off` and `make review`,
which run without MkDocs (as `make check` does). No MkDocs import here."""

from __future__ import annotations

import datetime
from pathlib import Path

from hooks.check import read_config
from hooks.pages.model import Page, read_docs
from hooks.project.model import Project, load_project
from hooks.shortcodes.placements import Usage


def read_site(config_path: Path, today: datetime.date) -> tuple[Project, list[Page]]:
    """The project of a configuration file and every page of its docs folder (ProblemError if a
    data file is broken)."""
    config = read_config(config_path)
    root = config_path.resolve().parent
    docs_dir = root / config.get("docs_dir", "docs")
    overrides = root / config.get("theme", {}).get("custom_dir", "overrides")
    project = load_project(root, docs_dir=docs_dir, overrides=overrides, today=today)
    return project, read_docs(project, docs_dir, Usage())
