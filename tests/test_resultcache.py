"""The cache of check results: what it keeps, and that a damaged file only costs speed."""

import json

from hooks.markers import Problem
from hooks.resultcache import ResultCache, files_fingerprint, fingerprint

WARNING = Problem("docs/wash.md", 17, '"guaranteed": a promise no treatment can keep', None)
NOTE = Problem("docs/wash.md", 1, "note: reads at grade 7.5 (SMOG)", 3)


def test_results_survive_a_save_and_a_new_build(tmp_path):
    path = tmp_path / "cache" / "mkdocs.json"
    cache = ResultCache(path)
    assert cache.get("page") is None
    cache.put("page", [WARNING], [NOTE])
    cache.save()
    assert ResultCache(path).get("page") == ([WARNING], [NOTE])


def test_only_the_entries_of_the_last_build_are_kept(tmp_path):
    path = tmp_path / "mkdocs.json"
    first = ResultCache(path)
    first.put("old page", [WARNING], [])
    first.put("kept page", [], [NOTE])
    first.save()
    second = ResultCache(path)
    assert second.get("kept page") == ([], [NOTE])
    second.save()
    assert list(json.loads(path.read_text(encoding="utf-8"))["entries"]) == ["kept page"]


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path):
    path = tmp_path / "mkdocs.json"
    for content in [
        "{not json",
        '{"format": 999, "entries": {"page": [[], []]}}',
        '{"format": 1, "entries": {"page": [[["x"]], []]}}',
    ]:
        path.write_text(content, encoding="utf-8")
        assert ResultCache(path).get("page") is None


def test_an_unwritable_cache_does_not_stop_the_build(tmp_path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    cache = ResultCache(tmp_path / "file" / "mkdocs.json")  # its folder is a file
    cache.put("page", [WARNING], [])
    cache.save()
    assert cache.get("page") == ([WARNING], [])


def test_fingerprints_change_with_any_part_and_keep_parts_apart(tmp_path):
    assert fingerprint(["ab", "c"]) != fingerprint(["a", "bc"])
    assert fingerprint(["a", b"b"]) == fingerprint(["a", "b"])
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "facts.yml").write_text("a: 1\n", encoding="utf-8")
    before = fingerprint(files_fingerprint(tmp_path, ["data/*.yml"]))
    (tmp_path / "data" / "facts.yml").write_text("a: 2\n", encoding="utf-8")
    assert fingerprint(files_fingerprint(tmp_path, ["data/*.yml"])) != before
