"""MkDocs glue for the security headers (hooks/security/headers.py): every built page checked for
inline scripts and styles the Content-Security-Policy would block, and the headers written into the
site. Temporary: to be folded into the project's one hook file."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

# MkDocs puts only hooks/ on sys.path while loading a hook; the pure modules import as `hooks.*`.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks.security.headers import write_security_headers

log = logging.getLogger("mkdocs.hooks.security")


def on_post_build(*, config: MkDocsConfig) -> None:
    project_dir = Path(config.config_file_path).resolve().parent
    site_dir = Path(config.site_dir).resolve()
    for problem in write_security_headers(site_dir, docs_dir=Path(config.docs_dir).resolve(), project_dir=project_dir):
        log.warning(problem)
