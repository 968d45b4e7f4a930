"""A build configuration (mkdocs.yml) read as plain YAML, for what runs without MkDocs: `make check`,
and the public address a staff build prints on patient handouts. No MkDocs import here."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


class Loader(yaml.SafeLoader):
    """YAML as a configuration file holds it: MkDocs' own tags (`!ENV`, `!relative`) read as text."""


def tag_as_text(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


Loader.add_multi_constructor("!", tag_as_text)


# The same, parsed by libyaml where PyYAML has it: ten times as quick on the configuration of a
# large site, which is mostly its nav.
FastLoader: type[yaml.SafeLoader] | None = None
if yaml.__with_libyaml__:

    class FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        pass

    FastLoader.add_multi_constructor("!", tag_as_text)


def load_yaml(text: str) -> Any:
    """A configuration file's YAML; a file libyaml cannot read is read again by PyYAML's own parser,
    whose message says what is wrong, as before."""
    if FastLoader is not None:
        try:
            return yaml.load(text, FastLoader)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader)


def read_config(path: Path) -> dict[str, Any]:
    """The settings of a configuration file, those of the file it INHERITs underneath."""
    settings = load_yaml(path.read_text(encoding="utf-8")) or {}
    parent = settings.pop("INHERIT", None)
    if parent:
        return merged(read_config(path.parent / parent), settings)
    return settings


def merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """`over` on top of `base`, mappings merged key by key, as MkDocs merges an INHERITed file."""
    result = dict(base)
    for key, value in over.items():
        result[key] = (
            merged(result[key], value) if isinstance(value, Mapping) and isinstance(result.get(key), Mapping) else value
        )
    return result


def public_address(path: Path) -> str:
    """The patients' address of the site: the site_url of the configuration a staff reference
    INHERITs (the public site's), else its own."""
    settings = load_yaml(path.read_text(encoding="utf-8")) or {}
    parent = settings.get("INHERIT")
    return str(read_config(path.parent / parent).get("site_url", "") if parent else settings.get("site_url", ""))
