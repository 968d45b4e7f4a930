"""Debian's Chromium for the browser tests, driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def built_pages(site: Path) -> list[str]:
    """Every page of a build as a URL path: '' for the home page, 'side-effects/', '404.html'."""
    pages = sorted(
        "" if page.parent == site else page.parent.relative_to(site).as_posix() + "/"
        for page in site.rglob("index.html")
        if page.parent.name != "search"
    )
    return [*pages, "404.html"] if (site / "404.html").exists() else pages


@asynccontextmanager
async def chromium() -> AsyncIterator[Any]:
    """Debian's Chromium, headless, with the flags every browser test uses; closed on leaving."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


def require_program(program: Path, package: str) -> None:
    """A missing program fails the test under CI, and skips it elsewhere."""
    if not program.exists():
        reason = f"{program} is missing: install the Debian package {package} (`make system-test`)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def require_chromium() -> None:
    require_program(CHROMIUM, "chromium")
