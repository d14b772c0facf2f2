"""Headless Chromium for the dashboard's browser tests: Debian's /usr/bin/chromium driven by Playwright for Python
(no browser of Playwright's own is downloaded), a page per test signed in as a user, and screenshots kept under the
test's tmp dir.

    async with chromium() as browser:
        page = await signed_in(browser, world.url, "vi")
"""

import os
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from playwright.async_api import Browser, Page, Route, async_playwright, expect

from tests.support.dashboard_world import PASSWORD

CHROMIUM = os.environ.get("FLIGHTDECK_CHROMIUM", "/usr/bin/chromium")
WAIT_MS = 15_000  # how long an expectation waits for the page to get there
expect.set_options(timeout=WAIT_MS)  # expect() keeps its own default (5 s), which a loaded machine outruns
_errors: "weakref.WeakKeyDictionary[Page, list[str]]" = weakref.WeakKeyDictionary()


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    if not os.path.exists(CHROMIUM):  # noqa: ASYNC240  # one stat before a browser starts
        raise RuntimeError(f"no Chromium at {CHROMIUM}: run scripts/setup.sh (it installs Debian's chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser
        finally:
            await browser.close()


async def new_page(browser: Browser, width: int = 1280, height: int = 900) -> Page:
    """A page in a context of its own (its own cookies), failing on any script error the page hits."""
    context = await browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(WAIT_MS)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: _console(errors, message.type, message.text))
    _errors[page] = errors
    return page


def _console(errors: list[str], kind: str, text: str) -> None:
    """The browser's own network reports are no script errors: an answer of 401 ("Failed to load resource"), or a
    live connection refused while the dashboard is down (Chromium 156 logs every refused WebSocket attempt)."""
    refused = text.startswith("WebSocket connection to") and text.endswith("net::ERR_CONNECTION_REFUSED")
    if kind == "error" and not text.startswith("Failed to load resource") and not refused:
        errors.append(text)


def script_errors(page: Page) -> list[str]:
    """What went wrong in the page's scripts so far (uncaught errors, console errors)."""
    return _errors.get(page, [])


async def sign_in(page: Page, base_url: str, name: str, password: str = PASSWORD, next_path: str = "/") -> None:
    """Signs in through the login page as a person would, and waits for the page it lands on."""
    await page.goto(f"{base_url}/login?next={quote(next_path, safe='/')}")
    await page.get_by_label("Name").fill(name)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(f"{base_url}{next_path}")


async def signed_in(browser: Browser, base_url: str, name: str, width: int = 1280, height: int = 900) -> Page:
    page = await new_page(browser, width, height)
    await sign_in(page, base_url, name)
    return page


async def screenshot(page: Page, folder: Path, name: str) -> Path:
    """A full-page screenshot saved as folder/name.png (the test's tmp dir: pytest keeps the last runs')."""
    path = folder / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def unanswered(page: Page, pattern: str, times: int) -> list[str]:
    """The page's next `times` requests to `pattern` get no answer (the connection is reset), as in a network blip;
    later ones pass. The list fills with the URLs refused."""
    refused: list[str] = []

    async def reset(route: Route) -> None:
        if len(refused) < times:
            refused.append(route.request.url)
            await route.abort("connectionreset")
        else:
            await route.continue_()

    await page.route(pattern, reset)
    return refused
