"""What the cross-link check knows of a site besides its pages: the nav of the configuration with
its lines, and a site already built on disk (for `make check`). No MkDocs import here."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from hooks.links.check import HOME, NavEntry, PageInfo, SiteIndex
from hooks.links.scan import SiteReader

# What comes before the value on a line of YAML: a key, a list dash.
YAML_VALUE = re.compile(r":\s+|^\s*-\s+")


def nav_entries(nav: Any, config_text: str) -> list[NavEntry]:
    """The pages and links of a `nav` setting, each with its line in the configuration file."""
    entries: list[NavEntry] = []
    lines = value_lines(config_text)

    def walk(item: Any, title: str | None = None) -> None:
        if isinstance(item, str):
            found = lines.get(item)
            entries.append(NavEntry(title, item, found.pop(0) if found else 1))
        elif isinstance(item, dict):
            for key, value in item.items():
                walk(value, str(key))
        elif isinstance(item, list):
            for child in item:
                walk(child)

    walk(nav or [])
    return entries


def value_lines(text: str) -> dict[str, list[int]]:
    """The lines of a YAML file by the scalar each ends with (`- Title: page.md` ends with page.md)."""
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        content = line.split(" #", 1)[0].rstrip()
        value = YAML_VALUE.split(content)[-1].strip().strip("'\"")
        if value:
            lines.setdefault(value, []).append(number)
    return lines


def index_built_site(
    site_dir: Path, docs_dir: Path, *, docs_display: str = "docs", skip: tuple[str, ...] = ()
) -> SiteIndex:
    """A SiteIndex of a site already built with directory URLs: its pages matched to their Markdown;
    the folders of `skip` (other editions, built and checked of their own: "ar/") left out."""
    site = SiteIndex()
    reader = SiteReader()
    for file in sorted(site_dir.rglob("*")):
        if file.is_file():
            dest = file.relative_to(site_dir).as_posix()
            if not dest.startswith(skip):
                site.files[dest] = dest
    for markdown in sorted(docs_dir.rglob("*.md")):
        src = markdown.relative_to(docs_dir).as_posix()
        if src.startswith(skip):
            continue
        stem = src[: -len(".md")]
        dest = HOME if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/") + HOME
        if dest not in site.files:
            continue
        site.files[dest] = src
        text = markdown.read_text(encoding="utf-8")
        site.pages[dest] = PageInfo(src, dest, f"{docs_display}/{src}", text, title=src)
        site.scans[dest] = reader.read((site_dir / dest).read_text(encoding="utf-8"), dest)
    site.exists = lambda dest: (site_dir / dest).is_file()
    site.read = lambda dest: (site_dir / dest).read_text(encoding="utf-8") if (site_dir / dest).is_file() else None
    site.listdir = lambda folder: list_folder(site_dir, folder)
    return site


def list_folder(site_dir: Path, folder: str) -> list[str]:
    """The files of a folder of the built site, as paths from the site root."""
    path = site_dir / folder
    if not path.is_dir():
        return []
    return [posixpath.join(folder, child.name) for child in sorted(path.iterdir()) if child.is_file()]
