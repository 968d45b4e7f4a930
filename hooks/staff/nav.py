"""The staff reference's nav: the patient nav, then the Staff section that mkdocs.staff.yml lists
in `extra.staff_nav`, so the staff nav never drifts from the patient one. No MkDocs import here."""

from __future__ import annotations

from typing import Any

from hooks.core.problems import Problem, ProblemError


def with_staff_section(nav: list[Any], section: Any, *, config_file: str, config_text: str) -> list[Any]:
    """The patient nav followed by a 'Staff' section.

    `section` is `extra.staff_nav` of the staff configuration (`config_file`, whose text gives the
    line of a problem): a list of `Title: staff/page.md`.
    """
    if not isinstance(section, list) or not section:
        line = next(
            (n for n, text in enumerate(config_text.splitlines(), 1) if text.strip().startswith("staff_nav:")), 1
        )
        message = "'extra.staff_nav' must be a list of 'Title: staff/page.md' entries; write one per staff page"
        raise ProblemError([Problem(config_file, line, message)])
    return [*nav, {"Staff": section}]
