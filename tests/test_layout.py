"""The house rules of hooks/: one hook file imports MkDocs, no module keeps state, and one build
parses each data file once and reads each page once."""

from __future__ import annotations

import ast
import logging
from collections import Counter
from pathlib import Path

import pytest
from conftest import PROJECT, make_site

HOOKS = PROJECT / "hooks"


def modules() -> list[Path]:
    return sorted(path for path in HOOKS.rglob("*.py") if "__pycache__" not in path.parts)


def imported(path: Path) -> set[str]:
    """The top-level packages a module imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_hook_file_imports_mkdocs():
    assert [path.relative_to(PROJECT).as_posix() for path in modules() if "mkdocs" in imported(path)] == [
        "hooks/main.py"
    ]


def test_no_module_keeps_state_or_edits_the_import_path():
    for path in modules() + sorted((PROJECT / "tests").rglob("*.py")) + sorted((PROJECT / "bench").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [node for node in ast.walk(tree) if isinstance(node, ast.Global)], path
        assert "sys.path.insert" not in path.read_text(encoding="utf-8").replace('"sys.path.insert"', ""), path


def test_every_area_is_a_folder_of_its_own():
    folders = sorted(path.name for path in HOOKS.iterdir() if path.is_dir() and path.name != "__pycache__")
    assert {"core", "project", "pages", "shortcodes", "checks", "glossary", "links", "handouts", "staff"} <= set(
        folders
    )
    assert sorted(path.name for path in HOOKS.glob("*.py")) == ["__init__.py", "check.py", "main.py"]


@pytest.mark.slow
def test_a_build_parses_each_data_file_once_and_places_each_page_once(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import hooks.core.yamlfile
    import hooks.pages.model

    root = make_site(tmp_path, {}, real_docs=True)
    parsed: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    parse = hooks.core.yamlfile.compose
    place = hooks.pages.model.place_page

    def counting_parse(text, loader_class):
        parsed[text] += 1
        return parse(text, loader_class)

    def counting_place(markdown, *args, **kwargs):
        placed[args[3].path] += 1
        return place(markdown, *args, **kwargs)

    monkeypatch.setattr(hooks.core.yamlfile, "compose", counting_parse)
    monkeypatch.setattr(hooks.pages.model, "place_page", counting_place)
    monkeypatch.setenv("HANDOUTS", "0")
    monkeypatch.chdir(root)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    data_files = sorted((root / "data").rglob("*.yml"))
    assert len(data_files) >= 10
    assert {path.name: parsed[path.read_text(encoding="utf-8")] for path in data_files} == {
        path.name: 1 for path in data_files
    }
    pages = len(list((root / "site").rglob("index.html")))
    assert len(placed) == pages and set(placed.values()) == {1}
    assert not (root / ".cache").exists() or [path.name for path in (root / ".cache").iterdir()] == ["handouts"]
