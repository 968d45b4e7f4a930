"""`make check`: the link check, the content checks and the Content-Security-Policy check over a
built site folder and docs/, without MkDocs.

    python -m hooks.check [--site site] [--config mkdocs.yml]

Reads the configuration as plain YAML (with `INHERIT`), the project's data, the pages of docs/
and the HTML of the built folder, whichever engine built it, and prints every problem as
`path:line: what is wrong; what to do`, as the build does. Exits 1 when there is any, 2 when the
input cannot be read.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from hooks.checks.content import check_page_content
from hooks.checks.review import BuildDateError, review_date
from hooks.checks.structure import check_emergency_card
from hooks.core.problems import Problem, ProblemError, display_path
from hooks.glossary.terms import page_abbreviation_problems
from hooks.links.check import built_source, check_site
from hooks.links.scan import scan_html
from hooks.links.site import index_built_site, nav_entries
from hooks.pages.model import Page, page_sources, read_docs
from hooks.project.handouts import first_heading, handout_settings
from hooks.project.languages import built_or_edition_page, source_docs_dir
from hooks.project.model import GLOSSARY, Project, load_configured_project
from hooks.project.published import unknown_files
from hooks.project.quality import check_settings_against_site
from hooks.security.headers import judge_inline, read_inline
from hooks.shortcodes.placements import Usage, unused_data
from hooks.staff.nav import with_staff_section

# Where Material puts a page's own content in the built HTML.
ARTICLE_START = '<article class="md-content__inner md-typeset">'


def check_built_site(config_path: Path, site_dir: Path, today: datetime.date) -> list[Problem]:
    """Every problem of the site built from `config_path` into `site_dir`, in file and line order."""
    config, project, docs_dir = load_configured_project(config_path, today)
    root = project.root
    overrides = root / config.get("theme", {}).get("custom_dir", "overrides")
    problems: list[Problem] = list(project.problems)
    if project.data.care_card_document is not None:
        problems += check_emergency_card(project.data.care_card_document)
    nav = config.get("nav") or []
    if "staff_nav" in config.get("extra", {}):
        nav = with_staff_section(
            nav,
            config["extra"]["staff_nav"],
            config_file=config_path.name,
            config_text=config_path.read_text(encoding="utf-8"),
        )
    languages, language = project.languages, project.language
    others = languages.folders_within(language)  # other editions (ar/ in the English site): checked on their own
    site = index_built_site(site_dir, docs_dir, docs_display=project.docs, skip=others)
    source_docs = source_docs_dir(docs_dir, languages, language)
    site.exists = built_or_edition_page(site_dir, languages, language, source_docs)
    built = {page.src_uri for page in site.pages.values()}
    all_pages = sorted(
        src for path in docs_dir.rglob("*.md") if not (src := path.relative_to(docs_dir).as_posix()).startswith(others)
    )
    problems += check_settings_against_site(project.quality, built, project.data.references)
    in_docs = (
        src
        for path in docs_dir.rglob("*")
        if path.is_file() and not (src := path.relative_to(docs_dir).as_posix()).startswith(others)
    )
    problems += unknown_files([src for src in in_docs if (site_dir / src).is_file()], project.docs)
    staff = "staff_nav" in config.get("extra", {})  # the staff reference makes the staff forms too
    handout_settings(project.handouts, built, staff=staff)  # raises ProblemError on a page that was not built
    usage = Usage()
    pages = read_docs(project, docs_dir, usage, only=set(all_pages))
    for page in pages:
        if page.src_uri not in built:
            continue  # left out of this build (the staff pages of the public site): counted as data usage only
        problems += page.problems + check_page_content(project, page).warnings
        problems += abbreviation_problems(project, page, site_dir / dest_of(site, page))
    if project.translation.is_source:  # an edition places the same data, with fewer pages
        problems += unused_data(project.data, usage)
    site.nav = nav_entries(nav, config_path.read_text(encoding="utf-8"))
    nav_paths = {entry.path for entry in site.nav}
    titles = {page.src_uri: first_heading(page.body) or "" for page in pages}
    audiences = {page.src_uri: page.meta.get("audience", "patient") for page in pages}
    for dest, info in list(site.pages.items()):
        site.pages[dest] = replace(
            info,
            title=titles.get(info.src_uri, ""),
            patient=audiences.get(info.src_uri) == "patient",
            in_nav=info.src_uri in nav_paths,
        )
    for dest in sorted(site.files):
        if dest.endswith(".html") and dest not in site.pages and "/" not in dest:  # 404.html: a template as a page
            template = overrides / dest
            site.templates[dest] = display_path(template, root) if template.is_file() else dest
            site.scans[dest] = scan_html((site_dir / dest).read_text(encoding="utf-8"))
    site.data = list(project.data_sources)
    site.template_sources = list(project.template_sources)
    site.config_path = display_path(config_path, root)
    site.site_url = config.get("site_url", "")
    problems += [finding.problem for finding in check_site(site)]
    inline = {built: read_inline((site_dir / built).read_text(encoding="utf-8")) for built in site.scans}
    problems += judge_inline(inline, lambda built: built_source(site, built), lambda built: built)[1]
    return sorted(set(problems), key=lambda problem: (problem.path, problem.line, problem.message))


def dest_of(site: Any, page: Page) -> str:
    return next(dest for dest, info in site.pages.items() if info.src_uri == page.src_uri)


def abbreviation_problems(project: Project, page: Page, html_file: Path) -> list[Problem]:
    """The glossary check of a page's built content (Material's article element)."""
    html = html_file.read_text(encoding="utf-8")
    start = html.find(ARTICLE_START)
    content = html[start : html.find("</article>", start)] if start >= 0 else html
    return page_abbreviation_problems(
        content, glossary=project.data.glossary, sources=page_sources(project, page), glossary_path=GLOSSARY
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site folder (default: site)")
    parser.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="the configuration (default: mkdocs.yml)"
    )
    arguments = parser.parse_args(argv)
    for path, what in ((arguments.config, "configuration file"), (arguments.site, "built site folder")):
        if not path.exists():
            print(f"{path}: no such {what}; build the site first (make build) or name it", file=sys.stderr)
            return 2
    try:
        problems = check_built_site(arguments.config, arguments.site, review_date(os.environ, datetime.date.today()))
    except (ProblemError, BuildDateError) as error:
        print(error, file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem{'' if len(problems) == 1 else 's'} in {arguments.site}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
