"""Both builds served by nginx as `make preview` serves them, in Debian's Chromium: the
Content-Security-Policy blocks nothing the site needs (no violation on any page, search and the
colour-scheme toggle work) and blocks an inline script planted in a served page; every response
carries the security headers."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsers import CHROMIUM, LAUNCH_ARGS, built_pages, require_chromium
from conftest import build_editions, make_site, mkdocs_env, run_mkdocs
from nginxserver import require_nginx, serve_with_nginx

from hooks.security.headers import content_security_policy, inline_script_hashes, security_headers
from hooks.security.preview import site_path

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BUILDS = {"public": "mkdocs.yml", "staff": "mkdocs.staff.yml"}
PLANTED = "planted/"
# Every CSP violation of a page, recorded from before its first script runs.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`);
});
"""


@dataclass
class PreviewedSite:
    """A build served by nginx."""

    name: str
    site: Path
    base_url: str
    pages: list[str]


@pytest.fixture(scope="session")
def previewed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, PreviewedSite]]:
    """Both builds, fresh and strict, each served by its own nginx for the whole session; the public
    one with a copy of its home page that has an inline script planted after the build."""
    require_nginx()
    with ExitStack() as stack:
        sites = {}
        for name, config in BUILDS.items():
            root = make_site(tmp_path_factory.mktemp(f"preview-{name}"), {}, real_docs=True)
            env = mkdocs_env(HANDOUTS="0")  # the public site with its Arabic edition in ar/
            build = build_editions(root, env) if name == "public" else run_mkdocs(root, config=config, env=env)
            assert build.returncode == 0, build.output
            pages = built_pages(build.site)
            if name == "public":
                home = (build.site / "index.html").read_text(encoding="utf-8")
                (build.site / PLANTED).mkdir()
                planted = home.replace("</h1>", "</h1><script>document.title='pwned'</script>", 1)
                (build.site / PLANTED / "index.html").write_text(planted, encoding="utf-8")
            base_url = stack.enter_context(serve_with_nginx(build.site, site_path(root / config), root / "nginx"))
            sites[name] = PreviewedSite(name, build.site, base_url, pages)
        yield sites


# One module: the Playwright sync API of another test file cannot start while this one is open.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser window that records CSP violations and console errors (`page.problems()`)."""
    context = browser.new_context(color_scheme="light")
    window = context.new_page()
    window.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    window.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    window.problems = lambda: [*window.evaluate("window.__violations"), *console]
    yield window
    context.close()


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    """The status, headers and text of a response, an error response included."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


# ----------------------------------------------------------------------------------------------
# The policy lets the site work
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", BUILDS)
def test_no_page_of_either_build_violates_the_policy(previewed, page, build):
    site = previewed[build]
    problems = []
    for url in site.pages:
        page.goto(site.base_url + url, wait_until="load")
        page.wait_for_function("window.document$ !== undefined && document.querySelector('.md-search[aria-label]')")
        problems += [f"{url or 'home'}: {problem}" for problem in page.problems()]
    assert len(site.pages) > 10
    assert problems == []


# A search from a page of each build, with a page it must list: the Arabic edition's index loads
# Arabic and English word lists into the search worker, which the policy must allow too.
POLICY_SEARCHES = [
    ("public", "", "swelling", "side-effects/"),
    ("public", "ar/", "تورم", "ar/side-effects/"),
    ("staff", "", "swelling", "side-effects/"),
]


@pytest.mark.parametrize(("build", "start", "query", "listed"), POLICY_SEARCHES)
def test_search_lists_results_under_the_policy(previewed, page, build, start, query, listed):
    page.goto(previewed[build].base_url + start, wait_until="load")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(query)  # Material searches on key presses
    page.keyboard.press("End")  # a key press after Arabic letters, which are typed without one
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    links = page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
        "(links) => links.map((link) => link.getAttribute('href'))"
    )
    assert any(urlsplit(link).path.endswith("/" + listed) for link in links), links
    assert page.problems() == []


def test_the_colour_scheme_toggle_switches_and_is_remembered_under_the_policy(previewed, page):
    site = previewed["public"]
    page.goto(site.base_url, wait_until="load")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"{scheme} === 'slate'")
    # Material's inline palette script (allowed by its hash) applies the saved choice on the next page.
    page.goto(site.base_url + "side-effects/", wait_until="load")
    assert page.evaluate(scheme) == "slate"
    assert page.problems() == []


def test_the_accessibility_fixes_still_run_from_their_file(previewed, page):
    page.goto(previewed["public"].base_url, wait_until="load")
    page.wait_for_function("document.querySelector('.md-search[role=dialog]').getAttribute('aria-label') === 'Search'")
    assert page.locator(".md-search__scrollwrap").get_attribute("tabindex") == "-1"


# ----------------------------------------------------------------------------------------------
# The policy stops what it should
# ----------------------------------------------------------------------------------------------


def test_an_inline_script_planted_in_a_served_page_does_not_run(previewed, page):
    site = previewed["public"]
    page.goto(site.base_url + PLANTED, wait_until="load")
    page.wait_for_function("window.__violations.length > 0")
    assert page.title() != "pwned"
    assert page.evaluate("window.__violations")[0].startswith("script-src-elem blocked inline")
    # The theme's own inline scripts on the same page still ran.
    assert page.evaluate("typeof __md_scope") == "object"


# ----------------------------------------------------------------------------------------------
# Every response carries the headers
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["page", "asset", "404", "arabic page", "arabic 404"])
def test_the_security_headers_are_on_a_page_an_asset_and_the_404_response(previewed, target):
    site = previewed["public"]
    url = {
        "page": "side-effects/",
        "asset": "assets/clinic.js",
        "404": "no-such-page/",
        "arabic page": "ar/side-effects/",
        "arabic 404": "ar/no-such-page/",
    }[target]
    status, headers, text = fetch(site.base_url + url)
    assert status == (404 if target.endswith("404") else 200)
    expected = security_headers(
        content_security_policy(inline_script_hashes(site.site.joinpath("index.html").read_text()))
    )
    assert {name: headers.get(name) for name in expected} == expected
    if target == "404":
        assert '<h1 id="page-not-found">Page not found</h1>' in text
    if target == "arabic 404":  # the Arabic edition's own 404 page, in Arabic
        assert '<h1 id="page-not-found">الصفحة غير موجودة</h1>' in text


def test_the_header_files_are_not_served(previewed):
    site = previewed["public"]
    for folder in ("", "ar/"):
        assert fetch(site.base_url + folder + "_headers")[0] == 404
        assert fetch(site.base_url + folder + "_headers.nginx.conf")[0] == 404
