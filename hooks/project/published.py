"""What may be published from the project folder: Markdown pages and known assets only, and never a
file reached through a symbolic link that leaves its folder. No MkDocs import here.

A symbolic link is allowed when it resolves inside the folder it is in (docs/ to docs/, data/ to
data/, overrides/ to overrides/): a shared image linked under two names is harmless, but a link to
/etc/passwd, to the staff-only CONTENT_DECISIONS.md or to a file of .git/ would publish it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from hooks.core.problems import Problem, display_path

IMAGES = (".png", ".jpg", ".jpeg", ".svg", ".webp", ".gif")
# Anywhere in docs/: pages, images and PDFs; in docs/assets/ also the site's stylesheets and scripts.
PUBLISHED = (".md", *IMAGES, ".pdf")
ASSETS = ("assets", (".css", ".js"))
KNOWN = "Markdown pages, images (" + ", ".join(ext[1:] for ext in IMAGES) + "), PDFs and docs/assets/*.css|js"


def is_known_file(src_uri: str) -> bool:
    """Whether a file of docs/ (its path there) is a page or an asset the site may publish."""
    path = PurePosixPath(src_uri)
    suffix = path.suffix.lower()
    folder, extensions = ASSETS
    return suffix in PUBLISHED or (path.parts[0] == folder and suffix in extensions)


def unknown_files(src_uris: Iterable[str], docs: str) -> list[Problem]:
    """Every file of docs/ the build would publish that is neither a page nor a known asset."""
    return [
        Problem(
            f"{docs}/{src_uri}",
            1,
            f"not a page or a known asset; remove it or move it out of {docs}/ (the site publishes {KNOWN})",
        )
        for src_uri in sorted(src_uris)
        if not is_known_file(src_uri)
    ]


def escaping_links(root: Path, folders: Iterable[Path]) -> list[Problem]:
    """Every symbolic link in `folders` whose target is outside the folder it is in."""
    problems = []
    for folder in folders:
        if not folder.is_dir():
            continue
        top = folder.resolve()
        for current, names, files in os.walk(folder):  # links to folders are listed, not followed
            for name in sorted(names + files):
                path = Path(current) / name
                if not path.is_symlink():
                    continue
                if path.resolve().is_relative_to(top):
                    continue
                shown = display_path(folder, root)
                problems.append(
                    Problem(
                        Path(os.path.relpath(path, root)).as_posix(),
                        1,
                        f"a symbolic link to {os.readlink(path)}, outside {shown}/; it would be published "
                        f"or read as it is: copy the file into {shown}/ or remove the link",
                    )
                )
    return problems
