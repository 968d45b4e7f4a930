"""The print stylesheet (docs/assets/print.css): a page of the real site printed from Chromium, on A4
and on US Letter. Its first printed page is kept in test-artifacts/handouts/ for review."""

from __future__ import annotations

import io
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from conftest import ARTIFACTS, ENGLISH_CLINIC, PROJECT, BuildResult
from selectolax.lexbor import LexborHTMLParser

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
SITE_URL = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
CLINIC = ENGLISH_CLINIC["name"]
# Pages with a data table, care cards, a checklist, sources, and the handouts list.
PRINTED = ["side-effects/", "before-your-treatment/", "comparison/", "handouts/"]
PAPERS = {"A4": (595, 842), "Letter": (612, 792)}
# The space between the print margins (14 mm each side) of A4, the narrower paper, in CSS pixels.
A4_CONTENT_WIDTH = round((210 - 2 * 14) / 25.4 * 96)

PRINTED_STATE = """() => {
  const shown = (selector) => [...document.querySelectorAll(selector)].some(
    (e) => getComputedStyle(e).display !== "none" && e.getClientRects().length > 0);
  const text = [...document.querySelectorAll("article p, article li, article td, article th")];
  const boxes = [...document.querySelectorAll("article table, article .admonition, article .care-card")];
  return {
    hidden: ["header.md-header", ".md-sidebar--primary", ".md-search", "footer.md-footer", ".md-tabs",
             ".handout-link"].filter((selector) => shown(selector)),
    printHeader: shown(".print-header") ? document.querySelector(".print-header").innerText : null,
    smallestText: Math.min(...text.map((e) => parseFloat(getComputedStyle(e).fontSize))),
    splittable: boxes.filter((e) => getComputedStyle(e).breakInside !== "avoid").map((e) => e.className),
    boxes: boxes.length,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright. A missing browser fails under CI, else skips."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install the Debian package chromium (`make system-test`)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def printed(chromium: Any, real_site: BuildResult) -> Iterator[Any]:
    """A tab as wide as the printable part of A4, showing the site as it prints."""
    context = chromium.new_context(viewport={"width": A4_CONTENT_WIDTH, "height": 1000})
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


def open_page(tab: Any, site: Path, url: str) -> None:
    tab.goto((site / url / "index.html").as_uri())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("url", PRINTED)
def test_print_shows_the_article_at_12pt_with_clinic_and_address_on_top(printed, real_site, url):
    open_page(printed, real_site.site, url)
    state = printed.evaluate(PRINTED_STATE)
    assert state["hidden"] == []
    assert state["printHeader"] == f"{CLINIC} · {SITE_URL}{url}"
    assert state["smallestText"] >= 16  # 12 pt
    assert state["boxes"] > 0
    assert state["splittable"] == []
    assert state["overflow"] <= 0


def test_print_adds_the_address_of_an_outside_link(printed, real_site):
    open_page(printed, real_site.site, "side-effects/")
    after = printed.evaluate(
        """() => {
          const article = document.querySelector("article");
          article.insertAdjacentHTML("beforeend", '<p><a id="out" href="https://www.fda.gov/notice">the notice</a></p>');
          const style = (selector) => getComputedStyle(document.querySelector(selector), "::after").content;
          return {outside: style("#out"), inside: style("article a[href^='../']"), source: style(".references a")};
        }"""
    )
    assert after["outside"] == '" (https://www.fda.gov/notice)"'
    assert after["inside"] == "none" and after["source"] == "none"


@pytest.mark.parametrize("paper", PAPERS)
def test_printed_page_keeps_all_its_text_on_a4_and_letter(printed, real_site, paper):
    open_page(printed, real_site.site, "side-effects/")
    data = printed.pdf(format=paper)
    reader = pypdf.PdfReader(io.BytesIO(data))
    width, height = PAPERS[paper]
    for page in reader.pages:  # Chromium rounds A4 to 8.27 x 11.7 inches
        assert abs(float(page.mediabox.width) - width) <= 1 and abs(float(page.mediabox.height) - height) <= 1
    text = squeeze("".join(page.extract_text() for page in reader.pages))
    article = LexborHTMLParser(real_site.html("side-effects/")).css_first("article")
    for extra in article.css(".handout-link, .page-feedback"):
        extra.decompose()
    for element in article.css("p, li, th, td"):
        assert squeeze(element.text()) in text, element.text()
    if paper == "A4":
        artifacts = ARTIFACTS / "handouts"
        artifacts.mkdir(parents=True, exist_ok=True)
        (artifacts / "printed-side-effects.pdf").write_bytes(data)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(artifacts / "printed-side-effects.pdf"),
                str(artifacts / "printed-side-effects"),
            ],
            check=True,
        )
