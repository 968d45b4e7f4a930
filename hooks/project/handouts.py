"""The settings of the printed handouts, read from `data/handouts.yml` and checked against the pages.

Which pages become a PDF, their file names and order, the paper size and the page that lists them
are configuration an editor changes; every mistake names the data file and the line. No MkDocs
import here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from hooks.core.problems import Problem, ProblemError, suggest
from hooks.core.yamlfile import Document, load_document, load_schema

# A page's title as its first `# Heading` writes it.
ATX_H1 = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*$", re.M)
# Paper names an editor writes, and the CSS `@page { size }` each one means.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
DEFAULT_PAPER = "a4"
# The folder of the site the PDFs are written to.
HANDOUT_FOLDER = "handouts"
# The most sheets a handout may have.
MAX_PAGES = 2


@dataclass(frozen=True)
class Handout:
    """One PDF: the page it prints (a path in docs/), its file name and the line that defines it."""

    page: str
    file: str
    line: int
    max_pages: int = MAX_PAGES
    staff: bool = False  # a form of a staff page: staff build only, no patient care cards

    @property
    def src_uri(self) -> str:
        """Where the PDF sits in the site, as a path a page links to: handouts/aftercare.pdf."""
        return f"{HANDOUT_FOLDER}/{self.file}"


@dataclass(frozen=True)
class HandoutSettings:
    """Everything `data/handouts.yml` says, checked."""

    path: str
    paper: str
    handouts: tuple[Handout, ...]
    list_page: str | None = None

    @property
    def css_page_size(self) -> str:
        """The paper as CSS `@page { size }` writes it."""
        return PAPER_SIZES[self.paper]

    def for_page(self, src_uri: str) -> Handout | None:
        """The handout of a page (by its path in docs/), if it has one."""
        return next((handout for handout in self.handouts if handout.page == src_uri), None)


def read_handouts_file(data_dir: Path, display_prefix: str = "data") -> Document:
    """`data/handouts.yml`, parsed and checked against its schema; ProblemError if either fails."""
    display = f"{display_prefix}/handouts.yml"
    if not (data_dir / "handouts.yml").is_file():
        schema = f"{display_prefix}/schemas/handouts.schema.json"
        raise ProblemError([Problem(display, 1, f"missing data file; create it (schema: {schema})")])
    return load_document(data_dir / "handouts.yml", display, load_schema(data_dir / "schemas" / "handouts.schema.json"))


def handout_settings(document: Document, pages: Collection[str], *, staff: bool = False) -> HandoutSettings:
    """What `data/handouts.yml` says, checked against the pages of docs/.

    `pages` are the Markdown pages of the build as paths in docs/ (`aftercare.md`); `staff` is
    true in the staff build, which makes the `staff_handouts` too. Raises ProblemError with every
    problem found, each at the line of its YAML node.
    """
    display = document.path
    value = document.value
    problems: list[Problem] = []

    paper = str(value.get("paper", DEFAULT_PAPER))
    if paper not in PAPER_SIZES:
        problems.append(
            Problem(display, document.line_of(["paper"]), f"unknown paper size '{paper}'{suggest(paper, PAPER_SIZES)}")
        )

    list_page = value.get("list_page")
    if list_page is not None and list_page not in pages:
        problems.append(
            Problem(
                display,
                document.line_of(["list_page"]),
                f"list page '{list_page}' is not a page in docs/{suggest(list_page, pages)}",
            )
        )

    handouts: list[Handout] = []
    first_line_of_page: dict[str, int] = {}
    first_line_of_file: dict[str, int] = {}
    sections = ["handouts", "staff_handouts"] if staff else ["handouts"]
    entries = [(section, index, entry) for section in sections for index, entry in enumerate(value.get(section, []))]
    for section, index, entry in entries:
        page_line = document.line_of([section, index, "page"])
        file_line = document.line_of([section, index, "file"])
        page, name = entry["page"], entry["file"]
        if page not in pages:
            problems.append(
                Problem(display, page_line, f"handout page '{page}' is not a page in docs/{suggest(page, pages)}")
            )
        elif page in first_line_of_page:
            problems.append(
                Problem(
                    display,
                    page_line,
                    f"page '{page}' already has a handout (line {first_line_of_page[page]}); remove one of them",
                )
            )
        if name in first_line_of_file:
            problems.append(
                Problem(
                    display,
                    file_line,
                    f"file name '{name}' is already used (line {first_line_of_file[name]}); give each handout its own file",
                )
            )
        first_line_of_page.setdefault(page, page_line)
        first_line_of_file.setdefault(name, file_line)
        handouts.append(
            Handout(
                page=page,
                file=name,
                line=page_line,
                max_pages=entry.get("max_pages", MAX_PAGES),
                staff=section == "staff_handouts",
            )
        )

    if problems:
        raise ProblemError(sorted(problems, key=lambda p: p.line))
    return HandoutSettings(path=display, paper=paper, handouts=tuple(handouts), list_page=list_page)


def first_heading(markdown: str) -> str | None:
    """The text of a page's first `# Heading` (its title on the site and on the handout)."""
    match = ATX_H1.search(markdown)
    return match["title"] if match else None


def handout_list(settings: HandoutSettings, titles: Mapping[str, str], list_page: str) -> str:
    """The Markdown list of every handout, in order, for `list_page`.

    `titles` maps each handout page (a path in docs/) to its title; links are relative to the
    folder of `list_page`, as Markdown links between pages are written.
    """
    here = posixpath.dirname(list_page) or "."
    lines = []
    for handout in settings.handouts:
        if handout.staff:  # the staff forms are linked from their own pages only
            continue
        pdf = posixpath.relpath(handout.src_uri, here)
        lines.append(f'- [{titles[handout.page]}: printable handout]({pdf}){{type="application/pdf"}}')
    return "\n\n" + "\n".join(lines) + "\n"
