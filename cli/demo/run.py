"""One demo run: the alert catchers, the fleet's folder, the plan, Redis and the services, then the scenario; and
stopping all of it, in order, whatever had started when the stop came."""

import asyncio
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from redis.asyncio import Redis

from shared.settings import load_settings

from ..redis_transport import RedisTransport
from .fleet import EXAMPLES, Fleet
from .inbox import Inbox
from .login import FILE, Login, make_login, write_login
from .plan import apply_plan, demo_plan, write_plan
from .play import Player
from .report import has_pages, next_steps, summary_lines
from .scenario import SCENARIO, deviations
from .stack import Stack, pick_ports


class Demo:
    def __init__(
        self, folder: Path, started: float, port_base: int | None, colour: bool, say: Callable[[str], None]
    ) -> None:
        self.folder = folder
        self.started = started
        self.port_base = port_base
        self.colour = colour
        self.say = say
        self.inbox: Inbox | None = None
        self.fleet: Fleet | None = None
        self.stack: Stack | None = None
        self.redis: Redis | None = None
        self.transport: RedisTransport | None = None
        self.summary: dict[str, Any] | None = None
        self.services_ready = 0.0

    def _since(self) -> float:
        return round(time.monotonic() - self.started, 3)

    async def run(self, once: bool) -> int:
        """The scenario's exit code with --once; otherwise it waits for the person's Ctrl-C (cancelled)."""
        _, plan_path, text = await self._start()
        assert self.stack is not None
        self.redis = Redis.from_url(self.stack.redis_url)
        revision = await apply_plan(self.redis, text, plan_path)
        self.say(f"plan {plan_path} applied as revision {revision}: migrate, then api and worker in parallel, then web")
        self._connect()
        login = None if once else await self._login()
        problems = await self._play()
        if login is None:
            return 1 if problems else 0
        pages = await self._dashboard_answers()
        for line in next_steps(self.stack.redis_url, str(plan_path), str(self.folder), login, pages):
            self.say(line)
        await asyncio.Event().wait()
        return 0

    def _connect(self) -> None:
        assert self.stack is not None
        os.environ["REDIS_URL"] = self.stack.redis_url  # what the CLI commands below, and `watch`, connect to
        self.transport = RedisTransport(load_settings())

    async def _login(self) -> Login:
        """The dashboard's login, made before the scenario plays, so a person watches it live on the Now page."""
        assert self.stack is not None and self.redis is not None and self.transport is not None
        login = await make_login(self.redis, self.transport.keys, self.stack.url("dashboard"))
        write_login(self.folder / FILE, login)
        if await self._dashboard_answers():
            self.say(f"watch the scenario live: {login.url}/ (sign in as {login.user}, password {login.password})")
        return login

    async def _start(self) -> tuple[dict[str, int], Path, str]:
        """The catchers, the fleet's folder, the plan, Redis and the services, until the services are ready."""
        if not (EXAMPLES / "flightdeck.yaml").exists():
            raise RuntimeError(f"the demo's fleet is not here ({EXAMPLES}): run the demo from a clone of Flightdeck")
        ports = pick_ports(self.port_base)
        self.inbox = Inbox(self.folder / "inbox")
        await self.inbox.start()
        self.fleet = Fleet(self.folder / "fleet")
        self.fleet.prepare()
        plan_path = self.folder / "flightdeck.yaml"
        plan = demo_plan(
            EXAMPLES / "flightdeck.yaml", self.fleet.variables(), self.inbox.smtp_port, self.inbox.webhook_url
        )
        text = write_plan(plan_path, EXAMPLES / "flightdeck.yaml", plan)
        self.stack = Stack(
            self.folder,
            EXAMPLES,
            ports,
            {
                "SLACK_WEBHOOK_URL": self.inbox.slack_url,
                "FLIGHTDECK_METRICS_BUCKET": "1",  # the probes' error rate judged every second: the bake is short
            },
            self.say,
        )
        await self.stack.start_redis()
        self.say(f"Redis: {self.stack.redis_url} (our own, append-only file in {self.folder / 'redis'})")
        await self.stack.start_services()
        self.say("starting " + ", ".join(f"{name} (:{port})" for name, port in ports.items()))
        await self.stack.wait_ready()
        services_ready = self._since()
        self.services_ready = services_ready
        self.say(
            f"services ready {services_ready:.1f}s after start; alerts go to a local SMTP server "
            f"(:{self.inbox.smtp_port}) and a Slack/webhook receiver (:{self.inbox.http_port})"
        )
        return ports, plan_path, text

    async def _play(self) -> list[str]:
        """Plays the scenario, prints its summary; what went differently."""
        assert self.stack is not None and self.redis is not None and self.fleet and self.inbox and self.transport
        player = Player(self.transport, self.redis, self.fleet, self.inbox, sys.stdout, self.colour, self.started)
        player.milestones["services_ready_s"] = self.services_ready
        observed = await player.play(SCENARIO)
        problems = deviations(observed)
        for line in summary_lines(player.milestones, problems):
            self.say(line)
        self.summary = {
            "milestones": player.milestones,
            "deviations": problems,
            "versions": observed.versions,
            "mails": observed.mails,
            "posts": observed.posts,
        }
        return problems

    async def _dashboard_answers(self) -> bool:
        """Whether the dashboard has pages to show: `/` answers 200, or sends a visitor to sign in at /login; the
        demo sends nobody to a 404."""
        assert self.stack is not None
        async with httpx.AsyncClient(timeout=1.0) as client:
            try:
                answer = await client.get(self.stack.url("dashboard") + "/")
            except httpx.HTTPError:
                return False
        return has_pages(answer.status_code, answer.headers.get("location"))

    async def stop(self) -> None:
        """The services first, then the fleet, the catchers and Redis last; each whatever state it reached."""
        if self.transport is not None:
            await self.transport.close()
        if self.redis is not None:
            await self.redis.aclose()
        if self.stack is not None:
            await self.stack.stop_services()
        if self.fleet is not None:
            problem = await asyncio.to_thread(self.fleet.stop_all)
            if problem:
                self.say(f"stopping the fleet: {problem}")
        if self.inbox is not None:
            await self.inbox.stop()
        if self.stack is not None:
            await self.stack.stop_redis()
