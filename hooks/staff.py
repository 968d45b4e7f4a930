"""MkDocs glue for the staff reference: its nav is the patient nav plus the Staff section that
mkdocs.staff.yml lists in `extra.staff_nav`. The patient build has no such list and is left alone."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

# MkDocs puts only hooks/ on sys.path while loading a hook; the pure modules import as `hooks.*`.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks.datafiles import DataError
from hooks.staffdocs import with_staff_section


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if "staff_nav" in config.extra:
        config_file = Path(config.config_file_path)
        try:
            config.nav = with_staff_section(
                config.nav or [],
                config.extra["staff_nav"],
                config_file=config_file.name,
                config_text=config_file.read_text(encoding="utf-8"),
            )
        except DataError as error:
            raise PluginError(str(error)) from None
    return config
