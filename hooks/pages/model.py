"""The page model: a page read once, with its markers placed once, which every check shares.

Front matter, body, the line the body starts on, code spans, what each marker placed and the
problems of placing them are worked out here, once per page and build. No MkDocs import here: the
hook hands over MkDocs' own reading of the front matter; `make check` reads it with
hooks.core.frontmatter.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hooks.core.characters import invisible_character_problems
from hooks.core.frontmatter import KeyLines, body_first_line, front_matter_problems, key_lines, read_front_matter
from hooks.core.markdown import Spans, blank_out, code_spans
from hooks.core.problems import Problem, Source
from hooks.core.yamlfile import read_text
from hooks.pages.text import Segment, page_segments, page_sentences
from hooks.project.model import Project
from hooks.shortcodes.grammar import Marker, Placement
from hooks.shortcodes.includes import include_handlers
from hooks.shortcodes.placements import PageContext, Usage, place_page


@dataclass
class Page:
    """One Markdown page of the build, read once."""

    src_uri: str  # its path in docs/: aftercare.md
    path: str  # as editors name it: docs/aftercare.md
    content: str  # the file as written, front matter included
    meta: Mapping[str, Any]
    body: str  # without front matter
    first_line: int  # the file line the body starts on
    code: Spans  # code spans of the body
    markdown: str  # the body with its markers placed, sources and abbreviations appended
    placements: list[Placement]
    problems: list[Problem]  # of reading it and placing its markers
    tables: set[str] = field(default_factory=set)  # the data it placed
    facts: set[str] = field(default_factory=set)
    front_matter_unread: bool = False  # its front matter is there but broken: the problem says why

    @property
    def depth(self) -> int:
        """How many folders down docs/ the page is."""
        return self.src_uri.count("/")

    @property
    def audience(self) -> Any:
        return self.meta.get("audience")

    @property
    def is_patient_page(self) -> bool:
        return self.meta.get("audience") == "patient"

    @functools.cached_property
    def key_lines(self) -> KeyLines:
        """The lines of its front matter keys."""
        return key_lines(self.content)

    @functools.cached_property
    def visible_lines(self) -> list[str]:
        """The lines of the body with code blanked: markers shown as code are not markers."""
        return blank_out(self.body, self.code).split("\n")

    @functools.cached_property
    def segments(self) -> list[Segment]:
        """The blocks a reader reads, with the text its markers placed, each with its line."""
        return page_segments(self.body, first_line=self.first_line, placements=self.placements, code=self.code)

    @functools.cached_property
    def sentences(self) -> list[Segment]:
        return page_sentences(self.segments)

    def release_text(self) -> None:
        """Let go of what the checks and MkDocs needed of the page (its body and code spans, its
        blocks, sentences and lines, its Markdown as placed, each marker and what it placed): a
        build keeps the page model for the glossary check of its HTML, and a handout's until the
        end, which need only which markers it has (the first of each name, without its output)."""
        for derived in ("segments", "sentences", "visible_lines"):
            self.__dict__.pop(derived, None)
        self.markdown = self.body = ""
        self.code = []
        first: dict[str, Placement] = {}
        for placement in self.placements:
            first.setdefault(placement.name, placement)
        self.placements = [replace(placement, output="") for placement in first.values()]

    def markers(self, name: str) -> list[Marker]:
        """The markers `<!-- md:NAME -->` of the page outside code, as written."""
        return [placement.marker() for placement in self.placements if placement.name == name]

    def placed_words(self, name: str) -> set[str]:
        """The first word of each `<!-- md:NAME WORD -->`: the cards, tables or sources it places."""
        return {marker.words[0] for marker in self.markers(name) if marker.words}


def read_page(project: Project, src_uri: str, content: str, meta: Mapping[str, Any], body: str, usage: Usage) -> Page:
    """The page model of one page: `meta` and `body` as the engine read the front matter of
    `content`; `usage` collects the data placed by every page of the build."""
    path = project.page_path(src_uri)
    first_line = body_first_line(content, body)
    code = code_spans(body)
    context = PageContext(path=path, depth=src_uri.count("/"))
    page_usage = Usage(cells=usage.cells)  # this page's own, the rendered cells shared
    placed = place_page(
        body,
        project.data,
        project.markers,
        page_usage,
        context,
        first_line=first_line,
        extra_handlers=include_handlers(project.included, staff_build=project.is_staff_build),
        code=code,
    )
    usage.tables |= page_usage.tables
    usage.facts |= page_usage.facts
    usage.protocol |= page_usage.protocol
    unread = front_matter_problems(content, path) if not meta else []
    markdown, problems = placed.markdown, placed.problems
    if meta.get("audience") == "staff" and not project.is_staff_build:
        # Not a word of it published, even by a build that is not strict (`mkdocs serve`).
        markdown, problems = WITHHELD, [staff_page_problem(path, content), *problems]
    return Page(
        src_uri=src_uri,
        path=path,
        content=content,
        meta=meta,
        body=body,
        first_line=first_line,
        code=code,
        markdown=markdown,
        placements=placed.placements,
        problems=sorted(unread + invisible_character_problems(content, path) + problems, key=lambda p: p.line),
        tables=page_usage.tables,
        facts=page_usage.facts,
        front_matter_unread=bool(unread),
    )


# What the public build shows of a staff page that is not under docs/staff/.
WITHHELD = "# Not published\n\nThis page is for clinic staff only.\n"


def staff_page_problem(path: str, content: str) -> Problem:
    """A staff page outside docs/staff/ reaches the public build: on the line of its audience."""
    line = key_lines(content).keys.get("audience", 1)
    return Problem(
        path,
        line,
        "a staff page (audience: staff) in the public build; move it under docs/staff/, "
        "or set 'audience: patient' if it is written for patients",
    )


def read_docs(project: Project, docs_dir: Path, usage: Usage, *, only: Collection[str] | None = None) -> list[Page]:
    """Every Markdown page of a docs folder read as a build reads it (`only`: these paths in docs/),
    for checks run without a build engine."""
    pages = []
    for file in sorted(docs_dir.rglob("*.md")):
        src_uri = file.relative_to(docs_dir).as_posix()
        if only is not None and src_uri not in only:
            continue
        content = read_text(file, project.page_path(src_uri))
        meta, body = read_front_matter(content)
        pages.append(read_page(project, src_uri, content, meta, body, usage))
    return pages


def page_sources(project: Project, page: Page) -> list[Source]:
    """Where a page's text may have been written: the page, the files it includes, the data files."""
    used = {placement.name for placement in page.placements}
    included = [source for marker, source in project.included.items() if marker in used and source is not None]
    return [Source(page.path, page.content), *included, *project.data_sources]
