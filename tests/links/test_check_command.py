"""`make check`: the link and content checks over a built folder, without MkDocs."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import PROJECT, BuildResult


def check(site, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m hooks.check` from the folder of the built project; no MkDocs is imported."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, runpy; sys.argv = ['hooks.check', *sys.argv[1:]]; "
            "runpy.run_module('hooks.check', run_name='__main__'); ",
            "--site",
            str(site.site),
            *args,
        ],
        cwd=site.root,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def planted(real_site: BuildResult, tmp_path) -> BuildResult:
    """A copy of the real build with a broken link and a broken anchor planted in a page's content."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(real_site.site, site)
    page = site / "aftercare" / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner md-typeset">')
    end = html.index("</article>", start)
    content = html[start:end]
    assert 'href="../side-effects/"' in content
    content = content.replace('href="../side-effects/"', 'href="../side-efects/"', 1)
    content = content.replace("<h2", '<p><a href="#no-such-heading">The missing section</a></p><h2', 1)
    page.write_text(html[:start] + content + html[end:], encoding="utf-8")
    return BuildResult(0, "", real_site.root, site)


@pytest.mark.slow
def test_check_passes_the_real_build(real_site):
    completed = check(real_site)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout == ""
    assert completed.stderr.strip() == f"0 problems in {real_site.site}"


@pytest.mark.slow
def test_check_finds_a_broken_link_and_anchor_planted_in_a_built_page(planted):
    completed = check(planted)
    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert len(lines) == 2, completed.stdout
    assert re.fullmatch(
        r"docs/aftercare\.md:\d+: link '\.\./side-efects/': no such page or file in the site; did you mean '\.\./side-effects/'\?",
        lines[1],
    ), lines
    assert re.fullmatch(r"docs/aftercare\.md:1: link '#no-such-heading': no such anchor on this page; .*", lines[0]), (
        lines
    )


def test_check_of_a_missing_site_says_what_to_do(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "hooks.check", "--site", str(tmp_path / "nowhere")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert (
        completed.stderr
        == f"{tmp_path / 'nowhere'}: no such built site folder; build the site first (make build) or name it\n"
    )


def test_check_imports_no_mkdocs():
    code = "import sys, hooks.check; print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))"
    completed = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"


@pytest.mark.slow
def test_check_finds_a_request_to_another_host_planted_in_a_built_page(real_site, tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(real_site.site, site)
    page = site / "aftercare" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<h2", '<img src="https://tracker.example/p.gif" alt=""><h2', 1), encoding="utf-8")
    completed = check(BuildResult(0, "", real_site.root, site))
    assert completed.returncode == 1
    assert completed.stdout == (
        "docs/aftercare.md:1: link 'https://tracker.example/p.gif': the page loads it from another host "
        "(tracker.example), so every patient's browser would contact that host; serve the file from this site "
        "(under docs/) or remove it; a plain link to the address is fine\n"
    )
