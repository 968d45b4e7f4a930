"""Every page of every build in Debian's Chromium, as patients meet it: WCAG 2.2 AA through axe-core
and the checks axe cannot make, privacy (no other host, no cookie), phone layout, search, and
screenshots for review in test-artifacts/screenshots/.

One Chromium visits every page of every build once per view (width and colour scheme), two pages
at a time, and records what it finds; each test then asserts on one kind of finding. The other
tests of this file read the built files or test the judging functions alone."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsers import built_pages, chromium, require_chromium
from conftest import ARTIFACTS, PROJECT, BuildResult
from PIL import Image, ImageStat
from siteserver import public_address, serve

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCREENSHOTS = ARTIFACTS / "screenshots"
# Pages open at the same time: two keep two cores busy while one waits on the network or a frame.
CONCURRENT_PAGES = 2
# The staff reference is tested too once its configuration exists.
BUILDS = ["public"] + (["staff"] if (PROJECT / "mkdocs.staff.yml").exists() else [])
# What a patient types, and the page that must be among the first three listed (the staff build
# lists its own pages too).
SEARCHES = {"PRP": "comparison/", "side effects": "side-effects/", "swelling": "side-effects/"}
# The same in the Arabic edition, searched from its home page, each with the fewest pages it must
# list: a word typed with its article, as patients write it ("الشعر" the hair, "الاحمرار" the
# redness, "الألم" the pain), and "شعر" (hair), which must find "شعرك" (your hair) too; words typed
# without the article and the vowel marks the pages write them with ("تورم" swelling, written
# "التورّم"; "مميعات" blood thinners, written "مميّعات"), the treatment's name without its hamza
# (written "الإكسوسومات"), "حمى" (fever), which the urgent care card names, and an abbreviation
# kept in Latin letters.
ARABIC_SEARCHES = {
    "الشعر": ("ar/", 5),
    "الاحمرار": ("ar/aftercare/", 1),
    "الألم": ("ar/before-your-treatment/", 1),
    "شعر": ("ar/faq/", 5),
    "تورم": ("ar/side-effects/", 3),
    "مميعات": ("ar/before-your-treatment/", 2),
    "اكسوسومات": ("ar/how-exosomes-work/", 5),
    "حمى": ("ar/side-effects/", 2),
    "PRP": ("ar/comparison/", 3),
}
# Link text that does not say where the link goes.
VAGUE_LINK_TEXT = {
    *("here", "click here", "tap here", "see here", "click", "go", "link", "this link", "this page", "this"),
    *("more", "read more", "learn more", "find out more", "more info", "info", "details"),
}
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# The axe runs of a view: every rule of the tags, only the colour rules, or all but those.
AXE_RUNS = {
    "all": {"runOnly": {"type": "tag", "values": AXE_TAGS}},
    "colours": {"runOnly": {"type": "rule", "values": COLOUR_RULES}},
    "no colours": {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": False} for rule in COLOUR_RULES},
    },
}


@dataclass(frozen=True)
class View:
    """A width and colour scheme, and what is checked in it."""

    name: str
    width: int
    height: int
    scheme: str
    checks: frozenset[str]
    axe: str = ""


# Three visits to each page, each in a browser window of its own. The dark scheme changes only
# colours, and colours do not change with the width: axe runs all its rules at 1280 px light, the
# colour rules in the dark scheme, the others at 390 px. Tab goes forward and back at 1280 px (back
# is where a sticky header hides the focus), forward at 390 px. The 390 px window ends at 320 px.
VIEWS = [
    View(
        "1280px light",
        1280,
        800,
        "light",
        frozenset({"screenshot", "structure", "skip", "tab", "shift-tab", "search"}),
        "all",
    ),
    View("1280px dark", 1280, 800, "dark", frozenset(), "colours"),
    View(
        "390px light",
        390,
        844,
        "light",
        frozenset({"screenshot", "skip", "tab", "settle", "search", "reflow"}),
        "no colours",
    ),
]
AXE_VIEWS = [view.name for view in VIEWS if view.axe]
FOCUS_VIEWS = [view.name for view in VIEWS if "tab" in view.checks]


# ----------------------------------------------------------------------------------------------
# The built sites, served on 127.0.0.1
# ----------------------------------------------------------------------------------------------


@dataclass
class ServedSite:
    """A build served from an in-process HTTP server."""

    name: str
    site: Path
    base_url: str
    pages: list[str]


def build_of(request: pytest.FixtureRequest, name: str) -> BuildResult:
    build: BuildResult = request.getfixturevalue("real_site" if name == "public" else "staff_site")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def served(request: pytest.FixtureRequest) -> Iterator[dict[str, ServedSite]]:
    """Every build, each served on a free port of 127.0.0.1 for the whole session."""
    with ExitStack() as stack:
        sites = {}
        for name in BUILDS:
            site = build_of(request, name).site
            sites[name] = ServedSite(name, site, stack.enter_context(serve(site)), built_pages(site))
        yield sites


# ----------------------------------------------------------------------------------------------
# What the browser measures on a page (JavaScript, run in the page)
# ----------------------------------------------------------------------------------------------

TABLES = """() => [...document.querySelectorAll("table")].map((table) => ({
  caption: table.caption ? table.caption.textContent.trim() : "",
  headers: table.querySelectorAll("thead th").length,
}))"""
LINKS = """() => [...document.querySelectorAll("a[href]")].map((link) => ({
  href: link.getAttribute("href"),
  name: (link.getAttribute("aria-label") || link.innerText || link.textContent).trim(),
}))"""
HEADINGS = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((heading) =>
  [Number(heading.tagName[1]), heading.textContent.trim()])"""
FOCUSED = """async (settle) => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  // Material opens the search a frame or two after its input gets the focus.
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  if (settle) { await frame(); await frame(); }
  if (element.matches(".md-search__input")) for (let i = 0; i < 10 && !document.getElementById("__search").checked; i++) await frame();
  // A visually hidden radio button (the palette switch) shows its focus on its label.
  const shown = element.matches("input.md-option") ? element.nextElementSibling : element;
  const box = shown.getBoundingClientRect();
  const headerBottom = document.querySelector(".md-header").getBoundingClientRect().bottom;
  const style = getComputedStyle(shown);
  const seen = element.hasAttribute("data-test-focused");
  element.setAttribute("data-test-focused", "");
  const label = (element.getAttribute("aria-label") || element.innerText || element.getAttribute("href") || "").trim();
  const classes = String(element.className).replace("focus-visible", "").trim().split(/\\s+/).filter(Boolean);
  return {
    name: `${[element.tagName.toLowerCase(), ...classes].join(".")} ${JSON.stringify(label.slice(0, 40))}`,
    seen,
    top: box.top,
    bottom: box.bottom,
    left: box.left,
    right: box.right,
    width: innerWidth,
    height: innerHeight,
    headerBottom,
    // What is drawn at the top edge of the element (or, if it is taller than the space under the
    // header, just under the header): the header itself means the focus is hidden under it.
    underHeader: !element.closest(".md-header, .md-skip") && Boolean(document.elementFromPoint(
      Math.min(Math.max((box.left + box.right) / 2, 0), innerWidth - 1),
      Math.min(box.height < innerHeight - headerBottom ? Math.max(box.top, 0) + 1 : headerBottom + 1, innerHeight - 1),
    )?.closest(".md-header")),
    // Material shows the focus of its search input by opening the search.
    indicator: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none"
      || (element.matches(".md-search__input") && document.getElementById("__search").checked),
    inContent: Boolean(element.closest(".md-content")),
  };
}"""
SKIP_TARGET = """() => {
  const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  return target && {
    inContent: Boolean(target.closest(".md-content")),
    top: target.getBoundingClientRect().top,
    headerBottom: document.querySelector(".md-header").getBoundingClientRect().bottom,
    height: innerHeight,
  };
}"""
AFTER_SKIP = """() => {
  const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  const focused = document.activeElement;
  return Boolean(target.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING)
    && !focused.closest(".md-sidebar, .md-header");
}"""
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  // A page scrolls sideways towards where its lines end: past the right edge, or past the left one
  // right to left (the Arabic edition, whose closed drawer waits past the right edge, unscrollable).
  const rtl = getComputedStyle(document.documentElement).direction === "rtl";
  const beyond = (box) => (rtl ? box.left < -1 : box.right > width + 1);
  const clipped = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && beyond(box) && getComputedStyle(element).visibility !== "hidden" && !clipped(element);
  });
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    wide: wide.filter((element) => !wide.includes(element.parentElement)).map((element) =>
      `${element.tagName.toLowerCase()}.${String(element.className).trim().split(/\\s+/).join(".")} ${rtl ? "starts" : "ends"} at ${Math.round(rtl ? element.getBoundingClientRect().left : element.getBoundingClientRect().right)} px`),
  };
}"""
TABLE_BOXES = """() => [...document.querySelectorAll(".md-content table")].map((table) => {
  const box = table.closest(".clinic-table") || table.closest(".md-typeset__scrollwrap");
  return box && {overflow: getComputedStyle(box).overflowX, right: box.getBoundingClientRect().right,
                 scrolls: box.scrollWidth > box.clientWidth, focusable: box.tabIndex >= 0,
                 width: document.documentElement.clientWidth};
})"""


# ----------------------------------------------------------------------------------------------
# Judging what was measured (plain functions, tested below without a browser)
# ----------------------------------------------------------------------------------------------


def is_vague(name: str) -> bool:
    """Whether link text fails to say where the link goes ('here', 'Read more…')."""
    return re.sub(r"[^a-z ]+", "", name.lower()).strip() in VAGUE_LINK_TEXT


def heading_problems(headings: list[tuple[int, str]]) -> list[str]:
    """One h1, first; no level skipped on the way down."""
    problems = []
    if (count := [level for level, _ in headings].count(1)) != 1:
        problems.append(f"{count} h1 headings, not 1")
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            problems.append(f"h{level} {text!r} follows h{previous}" if previous else f"h{level} {text!r} comes first")
        previous = level
    return problems


def table_problems(tables: list[dict[str, Any]]) -> list[str]:
    """Each table has a caption and column header cells."""
    problems = []
    for number, table in enumerate(tables, start=1):
        if not table["caption"]:
            problems.append(f"table {number} has no caption")
        if not table["headers"]:
            problems.append(f"table {number} has no header cells in <thead>")
    return problems


def focus_problems(focused: dict[str, Any]) -> list[str]:
    """A focused element shows a focus indicator and is in the window, not under the sticky header."""
    name = focused["name"]
    if focused["bottom"] - focused["top"] == 0 or focused["right"] - focused["left"] == 0:
        return [f"{name} is focusable but not visible"]
    problems = [] if focused["indicator"] else [f"{name} shows no focus outline"]
    off_screen = focused["right"] <= 0 or focused["left"] >= focused["width"]
    if off_screen or focused["bottom"] <= 0 or focused["top"] >= focused["height"]:
        problems.append(f"{name} is focused off screen ({focused['left']:.0f}, {focused['top']:.0f})")
    elif focused["underHeader"]:
        problems.append(
            f"{name} is focused at {focused['top']:.0f} px, under the header ({focused['headerBottom']:.0f} px)"
        )
    return problems


def reflow_problems(layout: dict[str, Any], boxes: list[dict[str, Any] | None]) -> list[str]:
    """Nothing wider than the window unless inside a box that scrolls; each table in a box of its own
    (.clinic-table, or the one Material puts around a Markdown table) that the keyboard can scroll."""
    problems = [f"{element}, past the {layout['width']} px window" for element in layout["wide"]]
    if layout["scrollWidth"] > layout["width"]:
        problems.append(f"the page is {layout['scrollWidth']} px wide in a {layout['width']} px window")
    for number, box in enumerate(boxes, start=1):
        if box is None:
            problems.append(f"table {number} is not in a box of its own that scrolls")
        elif box["overflow"] not in {"auto", "scroll"} or box["right"] > box["width"] + 1:
            problems.append(f"table {number}: its box does not scroll within the window")
        elif box["scrolls"] and not box["focusable"]:
            problems.append(f"table {number} is wider than the window, in a box the keyboard cannot scroll")
    return problems


def slug(page: str) -> str:
    """A file name for a page: 'home', 'side-effects', '404'."""
    return page.strip("/").removesuffix(".html").replace("/", "-") or "home"


# ----------------------------------------------------------------------------------------------
# The crawl: every page of every build in every view
# ----------------------------------------------------------------------------------------------


@dataclass
class Findings:
    """What one build showed: problems by check and page, and search results by view and query."""

    problems: dict[str, list[str]] = field(default_factory=dict)
    searches: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)  # (view, page, query)
    refused: list[str] = field(default_factory=list)
    cookies: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)
    # How many pages, tables, links, headings and focus stops were checked, so no check passes on nothing.
    counted: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, number: int = 1) -> None:
        self.counted[what] = self.counted.get(what, 0) + number

    def add(self, check: str, page: str, problems: list[str]) -> None:
        self.problems.setdefault(check, []).extend(f"{page or 'home'}: {problem}" for problem in problems)

    def of(self, check: str) -> str:
        """The problems of a check, one a line ('' when there are none)."""
        return "\n".join(self.problems.get(check, []))


def refuse_other_hosts(base_url: str, refused: list[str], label: str = "") -> Any:
    """A route handler: requests under base_url go through; any other is refused and recorded."""

    async def guard(route: Any) -> None:
        if route.request.url.startswith(base_url):
            await route.continue_()
        else:
            refused.append(f"{label}{route.request.url}")
            await route.abort()

    return guard


async def tab_through(page: Any, key: str) -> list[dict[str, Any]]:
    """Press a key until the focus comes back to an element it has already visited."""
    await page.evaluate(
        "document.querySelectorAll('[data-test-focused]').forEach((e) => e.removeAttribute('data-test-focused'))"
    )
    visited = []
    for _ in range(500):
        await page.keyboard.press(key)
        focused = await page.evaluate(FOCUSED)
        if focused is None:
            continue
        if focused["seen"]:
            break
        if focus_problems(focused):
            # Measured again two frames later: on a busy machine the page may still be scrolling
            # its sidebar to the focus. A focus the reader really loses is lost then too.
            again = await page.evaluate(FOCUSED, True)
            focused = {**again, "seen": False} if again is not None else focused
        visited.append(focused)
    return visited


async def skip_link_problems(page: Any) -> list[str]:
    """The first Tab shows the skip link; it leads into the content, in view, and Tab goes on from there."""
    await page.keyboard.press("Tab")
    first = await page.evaluate("document.activeElement.className + ' ' + document.activeElement.innerText.trim()")
    if not first.startswith("md-skip"):
        return [f"the first Tab focuses {first!r}, not the skip link"]
    if not await page.locator(".md-skip").is_visible():
        return ["the skip link is not shown when focused"]
    await page.keyboard.press("Enter")
    await page.wait_for_function("location.hash !== ''")
    target = await page.evaluate(SKIP_TARGET)
    if not target or not target["inContent"]:
        return [f"the skip link goes to {await page.evaluate('location.hash')}, not into the content"]
    problems = []
    if not target["headerBottom"] - 0.5 <= target["top"] < target["height"]:
        problems.append(
            f"after skipping, the content starts at {target['top']:.0f} px, under the header or out of view"
        )
    await page.keyboard.press("Tab")
    if not await page.evaluate(AFTER_SKIP):
        problems.append("the Tab after the skip link does not continue in the content")
    return problems


async def search_for(page: Any, query: str) -> list[str]:
    """Type into Material's search box; the paths of the pages listed, best first, once the worker answers."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    opener = page.locator("label.md-header__button[for='__search']")
    if await opener.is_visible():  # on a phone, the magnifier opens the search
        await opener.click()
    else:
        await page.locator(".md-search__input").click()
    await page.locator(".md-search__input").press_sequentially(query)  # Material searches on key presses
    # Letters that are not on the test's keyboard (Arabic) are typed without a key press: one more
    # key, which moves nothing, makes Material search as a reader's own keyboard would.
    await page.keyboard.press("End")
    # The worker answers every key press, and a part of the query ("side ") may list nothing for a
    # moment: wait for a list, then for the answer to the whole query to stop changing it.
    links: list[str] = []
    with suppress(PlaywrightTimeout):  # nothing listed: the test names the query
        await page.wait_for_selector(".md-search-result__item", timeout=10_000)
    for _ in range(20):
        shown = await page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
            "(links) => links.map((link) => link.href)"
        )
        if shown == links:
            break
        links = shown
        await page.wait_for_timeout(250)
    await page.keyboard.press("Escape")
    return [urlsplit(link).path for link in links]


async def load(page: Any, url: str, until: str = "load") -> None:
    """Open a page with transitions off: the checks measure where things end up, not mid-slide."""
    await page.goto(url, wait_until=until)
    await page.add_style_tag(content=NO_TRANSITIONS)


async def inspect(page: Any, site: ServedSite, view: View, url: str, findings: Findings, axe: Any) -> None:
    """Every check of a view on one page."""
    await load(page, site.base_url + url, "networkidle" if "settle" in view.checks else "load")
    palette = await page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    if palette != {"light": "default", "dark": "slate"}[view.scheme]:
        findings.add("errors", url, [f"{view.name}: the page shows the {palette} palette"])
    findings.cookies += [
        f"{url or 'home'}: document.cookie is {cookie!r}"
        for cookie in [await page.evaluate("document.cookie")]
        if cookie
    ]
    if "screenshot" in view.checks:
        path = SCREENSHOTS / site.name / f"{slug(url)}-{view.width}.png"
        await page.screenshot(path=path, full_page=True)
        findings.screenshots.append(path)
    if view.axe:
        results = await axe.run(page, options=AXE_RUNS[view.axe])
        findings.add(
            f"axe {view.name}",
            url,
            [
                f"{violation['id']} on {len(violation['nodes'])} element(s), first {violation['nodes'][0]['target']}: {violation['help']}"
                for violation in results.response["violations"]
            ],
        )
    if "structure" in view.checks:
        tables = await page.evaluate(TABLES)
        findings.count("tables", len(tables))
        findings.add("tables", url, table_problems(tables))
        links = await page.evaluate(LINKS)
        findings.count("links", len(links))
        findings.add(
            "links", url, [f"link to {link['href']} reads {link['name']!r}" for link in links if is_vague(link["name"])]
        )
        headings = await page.evaluate(HEADINGS)
        findings.count("headings", len(headings))
        findings.add("headings", url, heading_problems(headings))
    if "skip" in view.checks:
        findings.add(f"skip {view.name}", url, await skip_link_problems(page))
    if "tab" in view.checks:
        forward = await tab_through(page, "Tab")
        backward = await tab_through(page, "Shift+Tab") if "shift-tab" in view.checks else []
        findings.count(f"focus stops {view.name}", len(forward))
        problems = sorted({problem for focused in forward + backward for problem in focus_problems(focused)})
        if not any(focused["inContent"] for focused in forward):
            problems.append("the keyboard never reaches the content")
        findings.add(f"focus {view.name}", url, problems)
    if "search" in view.checks and url == "":
        for query in SEARCHES:
            await load(page, site.base_url)
            findings.searches[view.name, url, query] = await search_for(page, query)
    if "search" in view.checks and url == "ar/":
        for query in ARABIC_SEARCHES:
            await load(page, site.base_url + url)
            findings.searches[view.name, url, query] = await search_for(page, query)
    if "reflow" in view.checks:
        await page.evaluate("document.activeElement.blur()")
        await page.set_viewport_size({"width": 320, "height": 640})
        findings.add("reflow", url, reflow_problems(await page.evaluate(OVERFLOWING), await page.evaluate(TABLE_BOXES)))
    findings.count(f"pages {view.name}")


async def crawl(sites: dict[str, ServedSite]) -> dict[str, Findings]:
    """Visit every page of every build in every view, a few pages at a time, in one Chromium."""
    from axe_playwright_python.async_playwright import Axe

    findings = {name: Findings() for name in sites}
    slots = asyncio.Semaphore(CONCURRENT_PAGES)
    async with chromium() as browser:
        axe = Axe()

        async def visit(site: ServedSite, view: View, url: str) -> None:
            # A context of its own for each page: a window of its own, which scrolls to the focus
            # as a window in front does.
            async with slots:
                context = await browser.new_context(
                    viewport={"width": view.width, "height": view.height}, color_scheme=view.scheme
                )
                label = f"{view.name} {url or 'home'}: "
                await context.route("**/*", refuse_other_hosts(site.base_url, findings[site.name].refused, label))
                page = await context.new_page()
                try:
                    await inspect(page, site, view, url, findings[site.name], axe)
                    findings[site.name].cookies += [
                        f"{label}cookie {cookie['name']}" for cookie in await context.cookies()
                    ]
                except Exception as error:  # one broken page must not hide what the others show
                    findings[site.name].add("errors", url, [f"{view.name}: {error}"])
                finally:
                    await context.close()

        visits = []
        for site in sites.values():
            (SCREENSHOTS / site.name).mkdir(parents=True, exist_ok=True)
            visits += [visit(site, view, url) for view in VIEWS for url in site.pages]
        await asyncio.gather(*visits)
    return findings


@pytest.fixture(scope="session")
def browsed(served: dict[str, ServedSite]) -> dict[str, Findings]:
    """The findings of the crawl, by build."""
    require_chromium()
    return asyncio.run(crawl(served))


# ----------------------------------------------------------------------------------------------
# The tests
# ----------------------------------------------------------------------------------------------

browser_test = pytest.mark.browser
each_build = pytest.mark.parametrize("build", BUILDS)


@browser_test
@each_build
def test_every_page_was_visited_in_every_view(browsed, served, build):
    assert len(served[build].pages) > 3
    assert browsed[build].of("errors") == ""
    assert [browsed[build].counted.get(f"pages {view.name}") for view in VIEWS] == [len(served[build].pages)] * len(
        VIEWS
    )


@browser_test
@each_build
@pytest.mark.parametrize("view", AXE_VIEWS)
def test_every_page_passes_axe_wcag_22_aa(browsed, build, view):
    assert browsed[build].of(f"axe {view}") == ""


@browser_test
@each_build
def test_every_table_has_a_caption_and_header_cells(browsed, build):
    assert browsed[build].counted["tables"] >= 1
    assert browsed[build].of("tables") == ""


@browser_test
@each_build
def test_every_link_says_where_it_goes(browsed, served, build):
    assert browsed[build].counted["links"] > 10 * len(served[build].pages)
    assert browsed[build].of("links") == ""


@browser_test
@each_build
def test_every_page_has_one_h1_and_no_skipped_heading_level(browsed, served, build):
    assert browsed[build].counted["headings"] > len(served[build].pages)
    assert browsed[build].of("headings") == ""


@browser_test
@each_build
@pytest.mark.parametrize("view", FOCUS_VIEWS)
def test_skip_link_is_the_first_tab_stop_and_reaches_the_content(browsed, build, view):
    assert browsed[build].of(f"skip {view}") == ""


@browser_test
@each_build
@pytest.mark.parametrize("view", FOCUS_VIEWS)
def test_keyboard_focus_is_visible_and_never_under_the_sticky_header(browsed, served, build, view):
    assert browsed[build].counted[f"focus stops {view}"] > 10 * len(served[build].pages)
    assert browsed[build].of(f"focus {view}") == ""


@browser_test
@each_build
def test_no_page_scrolls_sideways_at_320_px_and_tables_scroll_in_their_own_box(browsed, build):
    assert browsed[build].of("reflow") == ""


@browser_test
@each_build
def test_screenshots_of_every_page_at_1280_and_390_px_for_review(browsed, served, build):
    expected = {
        SCREENSHOTS / build / f"{slug(page)}-{width}.png" for page in served[build].pages for width in (1280, 390)
    }
    assert set(browsed[build].screenshots) == expected
    assert all(path.stat().st_size > 10_000 for path in expected)


@browser_test
@each_build
def test_no_page_contacts_another_host_or_sets_a_cookie(browsed, build):
    assert browsed[build].refused == []
    assert browsed[build].cookies == []


@browser_test
@each_build
@pytest.mark.parametrize("view", [view.name for view in VIEWS if "search" in view.checks])
@pytest.mark.parametrize("query", SEARCHES)
def test_search_lists_the_right_page_near_the_top(browsed, served, build, view, query):
    pages = list(dict.fromkeys(browsed[build].searches[view, "", query]))
    expected = urlsplit(served[build].base_url + SEARCHES[query]).path
    assert expected in pages[:3], f"{query!r} lists {pages}"


@browser_test
@pytest.mark.parametrize("view", [view.name for view in VIEWS if "search" in view.checks])
@pytest.mark.parametrize("query", ARABIC_SEARCHES)
def test_arabic_search_finds_a_word_as_patients_type_it(browsed, served, view, query):
    page, fewest = ARABIC_SEARCHES[query]
    pages = list(dict.fromkeys(browsed["public"].searches[view, "ar/", query]))
    expected = urlsplit(served["public"].base_url + page).path
    assert expected in pages[:3], f"{query!r} lists {pages}"
    assert len(pages) >= fewest, f"{query!r} lists {pages}"


@browser_test
def test_the_privacy_guard_refuses_and_records_another_host(served):
    """The guard of the crawl, on its own: a page that fetches from another host is caught."""
    require_chromium()
    site = next(iter(served.values()))

    async def fetch_elsewhere() -> Findings:
        findings = Findings()
        async with chromium() as browser:
            page = await browser.new_page()
            await page.route("**/*", refuse_other_hosts(site.base_url, findings.refused))
            await page.goto(site.base_url)
            await page.evaluate("fetch('https://fonts.googleapis.com/css?family=Roboto').catch(() => {})")
        return findings

    assert asyncio.run(fetch_elsewhere()).refused == ["https://fonts.googleapis.com/css?family=Roboto"]


# The comparison table, in a 320 px window, with its text and lines made invisible: what is left
# at its right edge is the box's own background.
HIDE_TABLE_INK = ".clinic-table, .clinic-table * { color: transparent !important; border-color: transparent !important;"
HIDE_TABLE_INK += " text-decoration-color: transparent !important; }"
EDGE_OF_TABLE = """(box) => {
  const table = box.querySelector("tbody").getBoundingClientRect(), outer = box.getBoundingClientRect();
  return {x: outer.right - 4, y: table.top + 8, width: 4, height: Math.min(table.height, 400) - 16};
}"""


@browser_test
def test_a_table_wider_than_a_phone_shows_a_shadow_where_more_columns_are(served):
    """A reader on a phone sees that a table that scrolls sideways (the staff competency record; the
    patients' wide tables show as cards) goes on to the right: its edge is shaded until the last
    column is scrolled into view."""
    require_chromium()
    if "staff" not in served:
        pytest.skip("no staff reference in this project")
    site = served["staff"]

    async def edges() -> list[float]:
        """How much darker than the page margin beside it the table's right edge is: scrolled to
        the start, then to the end."""
        shades = []
        async with chromium() as browser:
            page = await browser.new_page(viewport={"width": 320, "height": 800})
            await page.goto(site.base_url + "staff/competencies/")
            await page.add_style_tag(content=NO_TRANSITIONS + HIDE_TABLE_INK)
            box = page.locator(".clinic-table").first
            await box.evaluate("(box) => box.scrollIntoView({block: 'start'})")
            assert await box.evaluate("(box) => box.scrollWidth > box.clientWidth + 40"), "the table fits the phone"
            for scroll in ("0", "box.scrollWidth"):
                await box.evaluate(f"(box) => {{ box.scrollLeft = {scroll}; }}")
                edge = await box.evaluate(EDGE_OF_TABLE)
                margin = await page.screenshot(clip={**edge, "x": 2})  # left of the table, in the page margin
                image = await page.screenshot(clip=edge)
                shades.append(mean_grey(margin) - mean_grey(image))
        return shades

    before, after = asyncio.run(edges())
    assert before >= 8, f"the right edge is only {before:.1f} grey levels darker than the page"
    assert after <= 1, f"with the last column in view, the edge is still {after:.1f} grey levels dark"


# What a phone shows of a wide table, and what Chrome's accessibility tree makes of it.
WIDE_TABLE = """(box) => {
  const table = box.querySelector("table");
  const headings = [...table.tHead.rows[0].cells].map((th) => th.textContent.trim());
  const label = (td) => getComputedStyle(td, "::before");
  return {
    display: getComputedStyle(table).display,
    headerHeight: table.tHead.getBoundingClientRect().height,
    headings,
    cells: [...table.tBodies[0].querySelectorAll("td")].map((td) => ({
      column: headings[td.cellIndex],
      label: label(td).content,
      labelDisplay: label(td).display,
      text: td.textContent.replace(/\\s+/g, " ").trim(),
      left: td.getBoundingClientRect().left,
      right: td.getBoundingClientRect().right,
    })),
    boxScrolls: box.scrollWidth > box.clientWidth,
    pageWidth: document.documentElement.scrollWidth,
    window: document.documentElement.clientWidth,
  };
}"""
TABLE_ROLES = {"table", "columnheader", "rowheader", "cell"}


async def wide_table(browser: Any, url: str, width: int, shot: Path) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The first table of a page in a window `width` px wide, and the names of the table's parts in
    Chrome's own accessibility tree, by role; a screenshot of the table for review."""
    page = await browser.new_page(viewport={"width": width, "height": 844})
    await load(page, url)
    box = page.locator(".md-content .clinic-table").first
    measured = await box.evaluate(WIDE_TABLE)
    await box.screenshot(path=shot)
    cdp = await page.context.new_cdp_session(page)
    roles: dict[str, list[str]] = {}
    for node in (await cdp.send("Accessibility.getFullAXTree"))["nodes"]:
        role = node.get("role", {}).get("value")
        if role in TABLE_ROLES and not node.get("ignored"):
            roles.setdefault(role, []).append(" ".join(node.get("name", {}).get("value", "").split()))
    await page.close()
    return measured, roles


@browser_test
@pytest.mark.parametrize("url", ["comparison/", "side-effects/"])
def test_a_wide_table_on_a_phone_shows_each_row_as_a_card_with_its_column_headings(served, url):
    """At 390 and 320 px each row of a wide table is a card that names each cell's column, so no
    heading scrolls out of view and nothing scrolls sideways; Chrome still reads it as a table, with
    the column headings and each cell without its shown label. At 1280 px it is a table again."""
    require_chromium()
    site = served["public"]
    shots = ARTIFACTS / "tables"
    shots.mkdir(parents=True, exist_ok=True)

    async def measure() -> dict[int, tuple[dict[str, Any], dict[str, list[str]]]]:
        async with chromium() as browser:
            return {
                width: await wide_table(browser, site.base_url + url, width, shots / f"{slug(url)}-{width}.png")
                for width in (390, 320, 1280)
            }

    found = asyncio.run(measure())
    for width in (390, 320):
        table, roles = found[width]
        assert table["display"] == "block", width
        assert table["headerHeight"] <= 1, f"{width} px: the header row is shown, {table['headerHeight']} px high"
        assert not table["boxScrolls"] and table["pageWidth"] <= table["window"], f"{width} px: it scrolls sideways"
        assert len(table["cells"]) >= 12
        for cell in table["cells"]:
            assert cell["label"] == f'"{cell["column"]}" / ""' and cell["labelDisplay"] == "block", (width, cell)
            assert cell["left"] >= 0 and cell["right"] <= table["window"], (width, cell)
        assert roles["columnheader"] == table["headings"], width
        assert roles["cell"] == [cell["text"] for cell in table["cells"]], f"{width} px: a label is read out"
        assert len(roles["table"]) == 1 and len(roles["rowheader"]) == len(table["cells"]) // (
            len(table["headings"]) - 1
        )
    table, roles = found[1280]
    assert table["display"] == "table" and table["headerHeight"] > 20
    assert {cell["label"] for cell in table["cells"]} == {"none"}
    assert roles["columnheader"] == table["headings"]


def mean_grey(png: bytes) -> float:
    """The mean grey level (0 black to 255 white) of an image."""
    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).mean[0]


# ----------------------------------------------------------------------------------------------
# The judging functions, without a browser
# ----------------------------------------------------------------------------------------------


def test_vague_link_text_is_recognised():
    texts = ["here", "Click here.", "Read more…", "  More »", "side effects", "call us"]
    assert [is_vague(text) for text in texts] == [True, True, True, True, False, False]


def test_heading_problems_name_the_skipped_heading():
    assert heading_problems([(1, "Side effects"), (2, "Common"), (4, "Bruising"), (2, "Rare")]) == [
        "h4 'Bruising' follows h2"
    ]
    assert heading_problems([(2, "Aftercare"), (1, "A"), (1, "B")]) == [
        "2 h1 headings, not 1",
        "h2 'Aftercare' comes first",
    ]


def test_focus_under_the_header_or_without_outline_is_reported():
    focused = {
        "name": "a 'Aftercare'",
        "top": 30.0,
        "bottom": 47.0,
        "left": 10.0,
        "right": 90.0,
        "width": 390,
        "height": 844,
        "headerBottom": 48.0,
        "underHeader": True,
        "indicator": False,
    }
    assert focus_problems(focused) == [
        "a 'Aftercare' shows no focus outline",
        "a 'Aftercare' is focused at 30 px, under the header (48 px)",
    ]
    assert focus_problems({**focused, "left": -240.0, "right": -10.0, "indicator": True}) == [
        "a 'Aftercare' is focused off screen (-240, 30)"
    ]


def test_reflow_problems_name_the_wide_element_and_the_unboxed_table():
    layout = {"width": 320, "scrollWidth": 400, "wide": ["pre.code ends at 400 px"]}
    assert reflow_problems(layout, [None]) == [
        "pre.code ends at 400 px, past the 320 px window",
        "the page is 400 px wide in a 320 px window",
        "table 1 is not in a box of its own that scrolls",
    ]


# ----------------------------------------------------------------------------------------------
# Third-party loads in the built files (no browser)
# ----------------------------------------------------------------------------------------------

# URLs that pages, style sheets and scripts would load.
LOADED_BY_HTML = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed|track|input)\b[^>]*?\s(?:src|srcset|poster)=["']([^"']+)"""
    r"""|<link\b(?=[^>]*\brel=["'](?:stylesheet|preload|modulepreload|prefetch|preconnect|dns-prefetch|icon|"""
    r"""apple-touch-icon|manifest)["'])[^>]*\bhref=["']([^"']+)"""
    r"""|<object\b[^>]*\bdata=["']([^"']+)"""
    r"""|style=["'][^"']*url\(\s*["']?([^"')]+)""",
    re.IGNORECASE,
)
LOADED_BY_CSS = re.compile(r"""url\(\s*["']?([^"')]+)|@import\s+["']([^"']+)""", re.IGNORECASE)
# A URL in a string of a script. Material's bundle holds a few, each loaded only for a feature this
# site does not use (checked in the test).
LOADED_BY_JS = re.compile(r"""["'`](https?://[^"'`\s]+)""")
MATERIAL_CONDITIONAL_LOADS = (
    "https://unpkg.com/resize-observer-polyfill",  # browsers without ResizeObserver (before 2020)
    "https://unpkg.com/mermaid@",  # pages with a Mermaid diagram
    "https://${e}/api/v4/projects/",  # repo_url on GitLab: its stars and forks
    "https://api.github.com/",  # repo_url on GitHub
)


def third_party_loads(site: Path, public_url: str) -> list[str]:
    """Every URL on another host that a built page, style sheet or script would load."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in {".html", ".css", ".js"}:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".js":
            urls = [url for url in LOADED_BY_JS.findall(text) if not url.startswith(MATERIAL_CONDITIONAL_LOADS)]
        else:
            pattern = LOADED_BY_HTML if path.suffix == ".html" else LOADED_BY_CSS
            urls = [next(filter(None, groups)) for groups in pattern.findall(text)]
        found += [
            f"{path.relative_to(site)}: {url}"
            for url in urls
            if re.match(r"(?i)(https?:)?//", url) and not url.startswith(public_url)
        ]
    return found


def test_third_party_loads_are_found_in_html_css_and_js(tmp_path):
    files = {
        "index.html": '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<a href="https://doi.org/10.1/x">study</a><img alt="" src="//cdn.example.net/a.png">'
        '<link rel="canonical" href="https://other.example/">'
        '<script src="https://www.dalily-medical.example/exosomes/assets/a.js"></script>',
        "a.css": "@font-face{src:url('https://fonts.gstatic.com/r.woff2')}.x{background:url(img/a.png)}",
        "a.js": 'load("https://www.googletagmanager.com/gtag/js?id=G-1");load("https://unpkg.com/resize-observer-polyfill")',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert third_party_loads(tmp_path, "https://www.dalily-medical.example/exosomes/") == [
        "a.css: https://fonts.gstatic.com/r.woff2",
        "a.js: https://www.googletagmanager.com/gtag/js?id=G-1",
        "index.html: https://fonts.googleapis.com/css?family=Roboto",
        "index.html: //cdn.example.net/a.png",
    ]


@each_build
def test_no_built_file_loads_anything_from_another_host(request, build):
    site = build_of(request, build).site
    assert list(site.rglob("*.js")) and list(site.rglob("*.css"))
    assert third_party_loads(site, public_address(site)) == []
    # Nothing turns on the features that make Material's bundle load from unpkg.com or GitHub.
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in html and "md-source" not in html, page
