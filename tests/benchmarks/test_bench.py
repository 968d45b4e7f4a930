"""The benchmark code runs: a tiny synthetic site, one run, a table with all six comparisons.

No timing is asserted here: `make bench` measures, the tests only check it works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.run import main, write_plain_site
from bench.sites import generate_site


def test_plain_site_has_no_hooks_and_no_shortcodes(tmp_path: Path) -> None:
    generate_site(tmp_path / "hooks", 12)
    config = write_plain_site(tmp_path / "hooks", tmp_path / "plain")
    assert "hooks:" not in config.read_text(encoding="utf-8")
    assert "hooks.shortcodes.captions:TableCaptions" in config.read_text(encoding="utf-8")
    # The staff pages are left out of the patient build; one quotes the marker grammar itself.
    pages = [page for page in (tmp_path / "plain" / "docs").rglob("*.md") if "staff" not in page.parts]
    assert pages
    assert not [page for page in pages if "<!-- md:" in page.read_text(encoding="utf-8")]


def test_bench_prints_a_table_with_all_six_comparisons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "results.md"
    main(
        ["--runs", "1", "--builds", "1", "--sizes", "10,20", "--output", str(output), "--work", str(tmp_path / "work")]
    )
    text = output.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| # ")]
    assert {row.split("|")[1].strip() for row in rows} == {"1", "2", "3", "4", "5", "6"}
    assert "found" in text
    assert "Cross-link validator's share of the build, the real site" in text
    assert "s of processor time" in text  # lychee's, beside its wall-clock time
    # Clean builds compared with the plain build, with the time of each area of the hooks.
    assert re.search(
        r"Clean build of 20 pages, all hooks, handouts off \(hooks' areas: shortcodes [\d.]+ s, checks", text
    )
    # The validator against lychee in a clean build, finding every seeded link.
    found = re.search(
        r"Cross-link validator in a clean build of 20 pages \(every page read and checked\) \| [\d.]+ s, found (\d+)/(\d+) ",
        text,
    )
    assert found and found[1] == found[2] != "0"
    assert text.strip() in capsys.readouterr().out
