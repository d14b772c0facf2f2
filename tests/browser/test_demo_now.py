"""The demo as a person meets it: before its scenario plays it prints the dashboard's URL and a login made for the
run, and signed in there the Now page shows the scenario live, without a reload: the bad release arrives in flight
with its timeline and ends in Recent as rolled back. A screenshot of the page mid-scenario is kept as a test
artifact (1440 px: docs/dashboard.png is one of these)."""

import asyncio
import signal
from pathlib import Path

from playwright.async_api import Browser, expect

from tests.support.browser import new_page, screenshot, script_errors, sign_in
from tests.support.demo_run import start_demo

BEFORE_SCENARIO_S = 90  # Redis, five services and the fleet started, the plan applied
SCENARIO_S = 150
BAD = "demo-1.2.0"


async def test_the_demo_prints_a_login_and_its_scenario_plays_live_on_the_now_page(
    tmp_path: Path, browser: Browser
) -> None:
    demo = start_demo(tmp_path / "demo")
    try:
        found = await asyncio.to_thread(
            demo.wait_for_line,
            r"watch the scenario live: (\S+)/ \(sign in as (\S+), password (\S+)\)",
            BEFORE_SCENARIO_S,
        )
        url, user, password = found[1], found[2], found[3]
        page = await new_page(browser, 1440, 900)
        await sign_in(page, url, user, password)
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        done = page.locator(f'li[data-deployment="{BAD}"][data-status="rolled-back"]')
        assert await done.count() == 0, "the bad release ended before the page opened: nothing would be live"
        await page.evaluate("window.sameDocument = true")

        flying = page.locator(f'[data-part="in-flight"] li[data-deployment="{BAD}"]')
        await expect(flying).to_be_visible(timeout=SCENARIO_S * 1000)
        await expect(flying.locator('[data-slot="environment"]')).to_have_text("demo")
        await screenshot(page, tmp_path, "demo-now-1440")
        ended = page.locator(f'[data-part="recent"] li[data-deployment="{BAD}"]')
        await expect(ended).to_have_attribute("data-status", "rolled-back", timeout=SCENARIO_S * 1000)
        assert await page.evaluate("window.sameDocument") is True
        assert script_errors(page) == []
        await asyncio.to_thread(demo.wait_for_line, r"Ctrl-C stops everything the demo started", SCENARIO_S)
        assert "every step ended as the scenario expects" in demo.output
    finally:
        code = await asyncio.to_thread(demo.stop, signal.SIGINT)
    assert code == 0, demo.output
    assert demo.left_behind() == ([], []), "the demo left processes or ports behind"
