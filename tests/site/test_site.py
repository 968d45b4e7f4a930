"""The real site: strict build, navigation, clinic details on every page, atomic and reproducible builds,
and a live preview that reloads."""

import filecmp
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import yaml
from conftest import ENGLISH_CLINIC, MINIMAL_PAGE, PROJECT, make_site, mkdocs_env, run_mkdocs

CLINIC = ENGLISH_CLINIC


def nav_pages(nav: list) -> list[str]:
    """Every Markdown file named in a nav, depth first."""
    found = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        found.extend(nav_pages(value) if isinstance(value, list) else [value])
    return found


def test_real_site_builds_strict_without_a_single_warning(real_site):
    assert real_site.returncode == 0, real_site.output
    assert real_site.messages == []


def test_every_page_is_in_the_nav_and_every_nav_entry_exists():
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    in_nav = nav_pages(config["nav"])
    excluded = [p.strip().strip("/") for p in str(config.get("exclude_docs") or "").splitlines() if p.strip()]
    on_disk = sorted(
        p.relative_to(PROJECT / "docs").as_posix()
        for p in (PROJECT / "docs").rglob("*.md")
        if not any(p.relative_to(PROJECT / "docs").as_posix().startswith(e) for e in excluded)
    )
    assert sorted(in_nav) == on_disk
    assert len(in_nav) == len(set(in_nav)), "a page is listed twice in the nav"


def test_the_topic_pages_a_patient_needs_are_all_there(real_site):
    titles = {
        re.search(r"<h1[^>]*>(.*?)</h1>", p.read_text(encoding="utf-8"), re.S)[1]
        for p in real_site.site.rglob("index.html")
    }
    for topic in ["How exosomes work", "right for you", "Before your treatment", "Side effects", "Aftercare"]:
        assert any(topic.lower() in re.sub("<[^>]+>", "", t).lower() for t in titles), topic


def test_clinic_details_and_disclaimer_are_on_every_page(real_site):
    # The English site; the Arabic edition's pages (site/ar/) say it in Arabic: test_editions.py.
    pages = [page for page in real_site.site.rglob("*.html") if page.relative_to(real_site.site).parts[0] != "ar"]
    assert len(pages) >= 11
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue
        assert CLINIC["name"] in html, page
        assert f'href="tel:{CLINIC["phone"].replace(" ", "")}"' in html, page
        assert f'href="mailto:{CLINIC["email"]}"' in html, page
        assert CLINIC["address"] in html, page
        assert "It is not a diagnosis" in html, page


def test_not_found_page_points_back_home_and_to_the_clinic(real_site):
    html = (real_site.site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in html
    assert "go to the home page about exosome injections" in html


def test_no_request_goes_to_google_fonts_or_a_cdn(real_site):
    for page in real_site.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert not url.endswith((".js", ".css", ".woff2")), f"{page}: loads {url}"


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    root = make_site(tmp_path / "project", {}, real_docs=True)
    first = run_mkdocs(root, site_dir="first")
    second = run_mkdocs(root, site_dir="second")
    assert first.returncode == second.returncode == 0
    comparison = filecmp.dircmp(first.site, second.site)
    assert_identical(comparison)


def assert_identical(comparison: filecmp.dircmp) -> None:
    assert not comparison.left_only and not comparison.right_only, (comparison.left_only, comparison.right_only)
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    assert mismatch == [] and errors == [], mismatch
    for sub in comparison.subdirs.values():
        assert_identical(sub)


def make_build(root: Path) -> subprocess.CompletedProcess:
    """`make build` in a copy of the project, with this machine's virtual environment."""
    venv = PROJECT / ".venv"
    return subprocess.run(
        ["make", "--no-print-directory", "build", f"VENV={venv}", "-o", f"{venv}/bin/mkdocs", "-o", "system-build"],
        cwd=root,
        capture_output=True,
        text=True,
        env=mkdocs_env(),
        timeout=600,
    )


def test_failed_make_build_leaves_the_previous_site_untouched(tmp_path):
    root = make_site(tmp_path, {"docs/index.md": MINIMAL_PAGE}, real_docs=False)
    shutil.copy2(PROJECT / "Makefile", root / "Makefile")
    shutil.copy2(PROJECT / "requirements.txt", root / "requirements.txt")
    good = make_build(root)
    assert good.returncode == 0, good.stdout + good.stderr
    before = (root / "site" / "index.html").read_bytes()

    (root / "docs" / "index.md").write_text(MINIMAL_PAGE + "\n<!-- md:table missing -->\n", encoding="utf-8")
    bad = make_build(root)
    assert bad.returncode != 0
    assert "docs/index.md:13: unknown table 'missing'; use one of: demo" in bad.stdout + bad.stderr
    assert (root / "site" / "index.html").read_bytes() == before
    assert not (root / ".site-build").exists()


def test_two_make_builds_at_once_run_one_after_the_other_and_leave_a_whole_site(tmp_path):
    root = make_site(tmp_path, {"docs/index.md": MINIMAL_PAGE}, real_docs=False)
    shutil.copy2(PROJECT / "Makefile", root / "Makefile")
    shutil.copy2(PROJECT / "requirements.txt", root / "requirements.txt")
    venv = Path(sys.prefix)  # this machine's virtual environment, wherever the project is checked out
    command = [
        "make",
        "--no-print-directory",
        "build",
        f"VENV={venv}",
        "-o",
        f"{venv}/bin/mkdocs",
        "-o",
        "system-build",
    ]
    run = {"cwd": root, "stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True, "env": mkdocs_env()}
    first = subprocess.Popen(command, **run)
    deadline = time.monotonic() + 60
    while not (root / ".site-build").exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    second = subprocess.Popen(command, **run)
    first_output, _ = first.communicate(timeout=600)
    second_output, _ = second.communicate(timeout=600)

    assert first.returncode == second.returncode == 0, first_output + second_output
    assert "Another build of site/ is under way; waiting for it to finish\n" in second_output
    assert first_output.endswith("Built the site into site/\n")
    assert second_output.endswith("Built the site into site/\n")
    assert "Demo" in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert not (root / ".site-build").exists() and not (root / ".site-old").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_reloads_the_page_after_a_data_file_changes(tmp_path):
    """click 8.3 silently turned live reload off (mkdocs issue 4032): the pinned click keeps it on."""
    root = make_site(tmp_path, {"docs/index.md": MINIMAL_PAGE})
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--strict",
            "-f",
            str(root / "mkdocs.yml"),
            "-a",
            f"127.0.0.1:{port}",
        ],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=mkdocs_env(),
    )
    home = (
        f"http://127.0.0.1:{port}"
        + urllib.parse.urlparse(yaml.safe_load((root / "mkdocs.yml").read_text())["site_url"]).path
    )
    try:
        html = wait_for(lambda: urllib.request.urlopen(home, timeout=5).read().decode())
        assert "livereload" in html, "live reload is off"
        facts = root / "data" / "facts.yml"
        facts.write_text(facts.read_text().replace("3 to 6 sessions", "4 to 7 sessions"))
        wait_for(lambda: "4 to 7 sessions" in urllib.request.urlopen(home, timeout=5).read().decode())
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def wait_for(probe, seconds: float = 60):
    """The first truthy result of probe(), retried until `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = probe()
            if result:
                return result
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting")
        time.sleep(0.3)


def test_ci_runs_the_readme_test_command_and_nothing_else():
    script = [line for line in (PROJECT / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert script[-1] == "make test"
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "make build\nmake test" in readme
    assert os.access(PROJECT / ".ci" / "run", os.X_OK)


def test_clinic_details_are_printed_as_text_in_every_footer_and_the_404_page(build_temp_site):
    clinic = (PROJECT / "data" / "clinic.yml").read_text(encoding="utf-8")
    clinic = clinic.replace("  en: Dalily Medical", '  en: "Dalily <Medical> & Co"')
    result = build_temp_site({"data/clinic.yml": clinic})
    home, missing = result.html(""), (result.site / "404.html").read_text(encoding="utf-8")
    for html in (home, missing):
        assert "Dalily &lt;Medical&gt; &amp; Co" in html
        assert "<Medical>" not in html
