"""Dashboard pages benchmark: the project's own Lighthouse on the Now, History and Analytics pages, and the server
time of the History and Analytics pages, over a seeded history of 10,000 deployments.

Run from the repository root: `.venv/bin/python bench/dashboard_pages.py` (BENCH_DEPLOYMENTS=500 for a quick look;
BENCH_LIGHTHOUSE_DIR=folder keeps each Lighthouse JSON report). It starts its own redis-server (never the
machine's), seeds it with the dashboard benchmark's history (bench/_dashboard_history.py: deployments as the
coordinator tells them, each with its command log), starts the dashboard as `python -m services.dashboard` and
waits for its read model to be rebuilt, then signs in as a viewer (bench/_pages_session.py).

Lighthouse (tools/lighthouse, Debian's chromium; bench/_pages_lighthouse.py) audits each page with the session
cookie, in its mobile emulation and with --preset=desktop: performance, accessibility and best-practices scores and
the bytes of the first load. Server time (bench/_pages_timing.py): each page and filtered view 200 times one at a
time, next to the API read of the same data as JSON (the baseline in the same run), and the Analytics page right
after each of 40 new deployments ended. Targets (issue 16): every score at least 95, first load under 150 KB,
History and Analytics p99 under 150 ms. Ends with one JSON line."""

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redis.asyncio import Redis

from bench._dashboard_history import history
from bench._dashboard_process import dashboard_process, group_at_end, plan_yaml, viewer_token, wait_built
from bench._dashboard_seed import seed
from bench._figures import say
from bench._own_redis import run_on_own_redis
from bench._pages_lighthouse import FORMS, Audits, audit
from bench._pages_report import PagesSummary, show
from bench._pages_session import page_status, session_cookie
from bench._pages_timing import after_changes, server_times
from shared.redis_process import free_port

DEPLOYMENTS = int(os.environ.get("BENCH_DEPLOYMENTS", "10000"))
AUDITED = (("Now", "/"), ("History", "/history"), ("Analytics", "/analytics"))


async def lighthouse(url: str, cookie: str) -> Audits:
    audits = Audits()
    for name, path in AUDITED:
        status = await page_status(url, path, cookie)
        if status != 200:
            raise RuntimeError(f"the {name} page ({path}) answered {status} signed in; it must answer 200")
        for form in FORMS:
            say(f"  {name} ({path}), {form} ...")
            found = await audit(path, f"{url}{path}", cookie, form)
            audits.found.append(found)
            say(found.line())
    return audits


async def bench(redis_url: str, folder: Path) -> PagesSummary:
    redis = Redis.from_url(redis_url)
    say(f"\nseeding {DEPLOYMENTS:,} deployments (events and command logs, pipelined)")
    seeded = await seed(redis, history(DEPLOYMENTS, datetime.now(UTC)), DEPLOYMENTS)
    say(f"  seeded {seeded.deployments:,} deployments: {seeded.events:,} events in {seeded.seconds:.1f} s")
    await viewer_token(redis)  # the viewer "bench" signs in below
    await group_at_end(redis)
    plan, port = folder / "flightdeck.yaml", free_port()
    plan.write_text(plan_yaml())
    url = f"http://127.0.0.1:{port}"
    with dashboard_process(redis_url, port, plan) as dashboard:
        say(f"\nthe dashboard (pid {dashboard.pid}) rebuilds its read model from {seeded.events:,} events")
        rebuild_s = await wait_built(url, redis, dashboard, seeded.events)
        say(f"  ready after {rebuild_s:.1f} s")
        cookie = await session_cookie(url)
        say("\nserver time of the pages (and of the API's JSON of the same data)")
        times = await server_times(url, cookie)
        after = await after_changes(url, cookie, redis)
        say("\nLighthouse")
        audits = await lighthouse(url, cookie)
    await redis.aclose()
    return PagesSummary(seeded.deployments, audits, times, after)


def main() -> None:
    run_on_own_redis("dashboard pages benchmark", bench, show)


if __name__ == "__main__":
    main()
