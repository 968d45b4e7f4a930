"""Synthetic sites for benchmarks: the real pages and data, copied to N pages, with seeded broken links.

`generate_site(root, pages=2000)` writes a complete project folder (configuration, hooks, theme
overrides, data and docs) whose `docs/library/` holds copies of the real patient pages, each with
about `links_per_page` links to other copies and their headings, and returns the broken links it
seeded, so a benchmark can check that a link checker finds every one of them.

    python -m bench.sites /tmp/site-2000 --pages 2000    # prints the seeded links as JSON lines
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify

from hooks.shortcodes.placements import relink

PROJECT = Path(__file__).resolve().parent.parent
# What a build of the project reads, besides docs/.
PROJECT_INPUTS = ("mkdocs.yml", "hooks", "overrides", "data", "docs")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$", re.M)
# Headings whose anchor is their plain text, slugified the way the toc extension does.
PLAIN_HEADING = re.compile(r"^[\w ,.?'’()/-]+$")
KINDS = (
    "missing-page",
    "missing-anchor",
    "wrong-case-anchor",
    "missing-same-page-anchor",
    "missing-raw-html-page",
    "missing-image",
)
FOLDER = "library"


@dataclass(frozen=True)
class SeededLink:
    """A broken link written into a generated page: where, as written, as rendered, and what kind.

    `page` is the Markdown file (docs/library/part-01/aftercare-0001.md), `line` its line there,
    `written` the target in the Markdown, `built` the HTML file it lands in, `href` its target in
    that HTML, `kind` one of KINDS.
    """

    page: str
    line: int
    written: str
    built: str
    href: str
    kind: str


@dataclass(frozen=True)
class Template:
    """A real page, ready to be copied: its front matter, body and the anchors of its headings."""

    stem: str
    title: str
    front_matter: str
    body: str
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class Copy:
    """One generated page."""

    number: int
    part: int
    template: Template

    @property
    def stem(self) -> str:
        return f"{self.template.stem}-{self.number:04d}"

    @property
    def src(self) -> str:
        return f"{FOLDER}/part-{self.part:02d}/{self.stem}.md"

    @property
    def title(self) -> str:
        return f"{self.template.title} ({self.number})"

    @property
    def name(self) -> str:
        """Link text for this page: plain words, so that the glossary checks find no new term."""
        return f"Library page {self.number}"

    @property
    def anchors(self) -> tuple[str, ...]:
        return (slugify(self.title, "-"), *self.template.anchors)

    def link_from(self, other: Copy) -> str:
        """The Markdown path of this page from another generated page."""
        return (
            self.src.removeprefix(f"{FOLDER}/part-{other.part:02d}/")
            if other.part == self.part
            else "../" + self.src.removeprefix(FOLDER + "/")
        )

    def url_from(self, other: Copy) -> str:
        """The built address of this page from another generated page (directory URLs)."""
        return f"../{self.stem}/" if other.part == self.part else f"../../part-{self.part:02d}/{self.stem}/"


def read_templates(docs: Path) -> list[Template]:
    """The real patient pages at the top of docs/, with the anchors of their plain headings."""
    templates = []
    for path in sorted(docs.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        front_matter, body = (match[0], text[match.end() :]) if match else ("", text)
        if "audience: staff" in front_matter:
            continue
        headings = HEADING.findall(body)
        title = next((text for level, text in headings if level == "#"), path.stem)
        anchors = []
        for level, heading in headings:
            slug = slugify(heading, "-")
            if level != "#" and PLAIN_HEADING.match(heading) and slug and slug not in anchors:
                anchors.append(slug)
        templates.append(Template(path.stem, title, front_matter, body, tuple(anchors)))
    return templates


def copy_project(root: Path, project: Path) -> None:
    """The project's build inputs in `root`, as they are now, its code byte-compiled as `make build`
    leaves it (every build would compile it again otherwise: the benchmark's builds run with
    PYTHONDONTWRITEBYTECODE as set in the environment, or write it only in the first)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_INPUTS:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        elif source.exists():
            shutil.copy2(source, root / name)
    for extra in project.glob("*.md"):  # files a page includes, such as a decisions record
        shutil.copy2(extra, root / extra.name)
    compileall.compile_dir(root / "hooks", quiet=1)


def page_text(copy: Copy, related: list[str], seeded: str | None) -> str:
    """A generated page: the real page under a new title, then its related links and a seeded one."""
    template = copy.template
    body = relink(template.body, depth=2).replace(f"# {template.title}", f"# {copy.title}", 1)
    front_matter = re.sub(r"^title: .*$", f"title: {copy.title}", template.front_matter, count=1, flags=re.M)
    section = "\n\n## Related pages\n\n" + "\n".join(f"- {line}" for line in related) + "\n"
    if seeded is not None:
        section += f"- {seeded}\n"
    return front_matter + body.rstrip("\n") + section


def seed(kind: str, copy: Copy, target: Copy, rng: random.Random) -> tuple[str, str, str]:
    """A broken link of `kind` from `copy`: (Markdown line, target as written, href as rendered)."""
    path = target.link_from(copy)
    if kind == "missing-page":
        written = path.replace(".md", "x.md")
        return f"[{target.name}]({written})", written, written
    if kind == "missing-anchor":
        fragment = f"no-such-section-{rng.randrange(10_000)}"
        return f"[{target.name}]({path}#{fragment})", f"{path}#{fragment}", f"{target.url_from(copy)}#{fragment}"
    if kind == "wrong-case-anchor":
        fragment = target.anchors[0].capitalize()
        return f"[{target.name}]({path}#{fragment})", f"{path}#{fragment}", f"{target.url_from(copy)}#{fragment}"
    if kind == "missing-same-page-anchor":
        fragment = f"no-such-heading-{rng.randrange(10_000)}"
        return f"[{copy.name}](#{fragment})", f"#{fragment}", f"#{fragment}"
    if kind == "missing-raw-html-page":
        href = target.url_from(copy).rstrip("/") + "-missing/"
        return f'<a href="{href}">{target.name}</a>', href, href
    written = f"../../assets/images/missing-{rng.randrange(10_000)}.png"
    return f"![A drawing of the scalp]({written})", written, written


def generate_site(
    root: Path,
    pages: int = 2000,
    *,
    links_per_page: int = 20,
    broken: int = 60,
    per_part: int = 50,
    seed_value: int = 0,
    project: Path = PROJECT,
) -> list[SeededLink]:
    """Write a project of the real pages plus `pages` generated ones into `root`; return the seeded links.

    Each generated page links to the next (so none is an orphan) and to random others and their
    headings until it has about `links_per_page` links; `broken` pages get one broken link each,
    of the kinds in KINDS in turn. The generated pages are in the nav, `per_part` to a section.
    """
    rng = random.Random(seed_value)
    copy_project(root, project)
    templates = read_templates(project / "docs")
    copies = [Copy(number, number // per_part + 1, templates[number % len(templates)]) for number in range(pages)]
    broken_pages = set(rng.sample(range(pages), min(broken, pages)))
    seeded: list[SeededLink] = []
    for index, copy in enumerate(copies):
        existing = len(re.findall(r"\]\(", copy.template.body))
        targets = [copies[(index + 1) % pages]] + [
            rng.choice(copies) for _ in range(max(0, links_per_page - existing - 1))
        ]
        related = []
        for target in targets:
            anchor = rng.choice([None, *target.anchors[1:]]) if target.anchors[1:] else None
            related.append(f"[{target.name}]({target.link_from(copy)}{'#' + anchor if anchor else ''})")
        line = None
        if index in broken_pages:
            kind = KINDS[len(seeded) % len(KINDS)]
            line, written, href = seed(kind, copy, rng.choice(copies), rng)
        text = page_text(copy, related, line)
        path = root / "docs" / copy.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if line is not None:
            built = f"{FOLDER}/part-{copy.part:02d}/{copy.stem}/index.html"
            number = text.count("\n", 0, text.index(line)) + 1
            seeded.append(SeededLink(f"docs/{copy.src}", number, written, built, href, kind))
    write_nav(root, copies)
    return seeded


def write_nav(root: Path, copies: list[Copy], parts_per_volume: int = 10) -> None:
    """The real nav, then a Library section of volumes of parts holding the generated pages.

    A site this size groups its sections, as a clinic would group treatments or languages: with
    `navigation.prune` each page lists the volumes, its volume's parts and its part's pages, about
    the same number at 1,000 and 2,000 pages. (One flat list of parts made every page's nav, and so
    the plain build too, grow with the site.)
    """
    config_path = root / "mkdocs.yml"
    settings = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    volumes: dict[int, dict[int, list[dict[str, str]]]] = {}
    for copy in copies:
        volume = (copy.part - 1) // parts_per_volume + 1
        volumes.setdefault(volume, {}).setdefault(copy.part, []).append({copy.title: copy.src})
    library = [
        {f"Volume {volume}": [{f"Part {part}": entries} for part, entries in parts.items()]}
        for volume, parts in volumes.items()
    ]
    settings["nav"] = [*settings.get("nav", []), {"Library": library}]
    config_path.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="an empty folder for the generated project")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--links-per-page", type=int, default=20)
    parser.add_argument("--broken", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    for link in generate_site(
        arguments.root,
        arguments.pages,
        links_per_page=arguments.links_per_page,
        broken=arguments.broken,
        seed_value=arguments.seed,
    ):
        print(json.dumps(dataclasses.asdict(link)))


if __name__ == "__main__":
    main()
