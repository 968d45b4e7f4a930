"""The staff checklists in Debian's Chromium: ticks kept in this browser for that page only, a
reset that clears them, and nothing sent anywhere (docs/assets/checklists.js)."""

from __future__ import annotations

import asyncio
import concurrent.futures
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsers import chromium, require_chromium
from conftest import ARTIFACTS, BuildResult
from siteserver import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHECKLIST = "staff/treatment-room-checklist/"
OTHER_CHECKLIST = "staff/session-protocol/"
NO_CHECKLIST = "before-your-treatment/"  # a patient page with a task list and no checklist marker
BOXES = ".md-content .task-list-item input[type=checkbox]"
SCREENSHOTS = ARTIFACTS / "screenshots"


async def storage(page: Any) -> dict[str, str]:
    """localStorage without Material's own keys (the colour scheme chosen: '/path/.__palette')."""
    stored = await page.evaluate("() => Object.fromEntries(Object.entries(window.localStorage))")
    return {key: value for key, value in stored.items() if ".__" not in key}


async def ticked(page: Any) -> list[bool]:
    return await page.eval_on_selector_all(BOXES, "boxes => boxes.map(box => box.checked)")


async def disabled(page: Any) -> list[bool]:
    return await page.eval_on_selector_all(BOXES, "boxes => boxes.map(box => box.disabled)")


async def click_box(page: Any, index: int) -> None:
    """A mouse click where the box is drawn (Material draws it around the hidden input)."""
    box = await page.locator(BOXES).nth(index).bounding_box()
    await page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


async def walk_through(home: str) -> dict[str, Any]:
    """Tick, reload, visit other pages, reset: what the page showed and stored at each step."""
    seen: dict[str, Any] = {}
    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        await page.goto(home + CHECKLIST, wait_until="networkidle")
        seen["before"] = await ticked(page)
        seen["enabled"] = not any(await disabled(page))
        seen["reset visible"] = await page.is_visible(".checklist-controls__reset")
        requests.clear()
        await click_box(page, 0)
        await click_box(page, 2)
        await page.wait_for_timeout(300)
        seen["requests while ticking"] = list(requests)
        seen["stored"] = await storage(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SCREENSHOTS / "staff-checklist-1280.png"), full_page=True)
        await page.set_viewport_size({"width": 390, "height": 844})
        await page.screenshot(path=str(SCREENSHOTS / "staff-checklist-390.png"), full_page=True)
        await page.reload(wait_until="networkidle")
        seen["after reload"] = await ticked(page)
        await page.goto(home + OTHER_CHECKLIST, wait_until="networkidle")
        seen["other checklist"] = await ticked(page)
        seen["other enabled"] = not any(await disabled(page))
        await page.goto(home + NO_CHECKLIST, wait_until="networkidle")
        seen["no marker disabled"] = await disabled(page)
        seen["stored elsewhere"] = await storage(page)
        await page.goto(home + CHECKLIST, wait_until="networkidle")
        await page.click(".checklist-controls__reset")
        seen["after reset"] = await ticked(page)
        seen["stored after reset"] = await storage(page)
        await page.reload(wait_until="networkidle")
        seen["reload after reset"] = await ticked(page)
        seen["hosts"] = sorted({urlsplit(url).netloc for url in requests})
        seen["home host"] = urlsplit(home).netloc
    return seen


def test_checklist_ticks_stay_in_this_browser_for_this_page_only(staff_site: BuildResult):
    require_chromium()
    # In a thread of its own: a browser test before it may leave Playwright's loop running here.
    with serve(staff_site.site) as home, concurrent.futures.ThreadPoolExecutor(1) as thread:
        seen = thread.submit(asyncio.run, walk_through(home)).result()
    key = "dalily-checklist:" + urlsplit(home).path + CHECKLIST
    assert seen["before"] and not any(seen["before"])
    assert seen["enabled"] and seen["reset visible"]
    # Ticking sends nothing: the ticks are only in localStorage, under the page's one key.
    assert seen["requests while ticking"] == []
    assert seen["stored"] == {
        key: '["Emergency kit and adrenaline in place and in date: To be set by the clinic.",'
        + (
            '"Product checked: To be set by the clinic, stored at To be set by the clinic; batch and expiry written in the notes."]'
        )
    }
    assert seen["after reload"][:3] == [True, False, True]
    assert not any(seen["after reload"][3:])
    # Another checklist page starts empty; a page without the marker keeps its boxes disabled.
    assert seen["other enabled"] and seen["other checklist"] and not any(seen["other checklist"])
    assert seen["no marker disabled"] and all(seen["no marker disabled"])
    assert list(seen["stored elsewhere"]) == [key]
    # The reset clears the boxes and the stored key, for good.
    assert not any(seen["after reset"]) and not any(seen["reload after reset"])
    assert seen["stored after reset"] == {}
    assert seen["hosts"] == [seen["home host"]]
