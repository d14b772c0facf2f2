"""Plays the scenario against the running demo, printing it live the way `flightdeck deploy --wait` does: each
release is a deploy-requested event on the stream, like CI's, followed to its ending. Times are taken as events
arrive, from the demo's start: the milestones bench/demo.py reports."""

import asyncio
import time
from collections.abc import Callable
from typing import TextIO, cast

from redis.asyncio import Redis

from shared.bus.codec import entry_data
from shared.events import DeployRequested, Event, EventError, parse_event
from shared.events.deployment import DeployRequestedPayload
from shared.streams import Keys

from ..deploy_view import View
from ..follow import Ending
from ..transport import Transport
from ..watch import watch
from .fleet import Fleet
from .inbox import Inbox
from .report import alert_lines, incident_line
from .scenario import ENVIRONMENT, Observed, Step, incident

DEPLOY_WITHIN_S = 120.0
ALERTS_WITHIN_S = 20.0


async def stream_events(redis: Redis) -> list[Event]:
    """Every event on the stream so far (an entry that is no event is skipped)."""
    found = []
    entries = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(Keys().events))  # bytes: no decoding
    for _, fields in entries:
        data = entry_data(fields)
        if data is None:
            continue
        try:
            found.append(parse_event(data))
        except EventError:  # another producer's entry: nothing the demo reports on
            continue
    return found


class Player:
    def __init__(
        self,
        transport: Transport,
        redis: Redis,
        fleet: Fleet,
        inbox: Inbox,
        out: TextIO,
        colour: bool,
        started: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport = transport
        self.redis = redis
        self.fleet = fleet
        self.inbox = inbox
        self.out = out
        self.view = View(out, as_json=False, colour=colour, actions=False)
        self.started = started
        self.clock = clock
        self.milestones: dict[str, float] = {}
        self.observed = Observed()

    def say(self, line: str = "") -> None:
        print(line, file=self.out, flush=True)

    def mark(self, name: str) -> None:
        self.milestones.setdefault(name, round(self.clock() - self.started, 3))

    async def step(self, number: int, total: int, step: Step) -> Ending:
        self.say(f"\n== step {number}/{total}: {step.title}")
        self.fleet.set_faults({})
        request = DeployRequested(
            deployment_id=step.deployment_id,
            environment=ENVIRONMENT,
            producer="demo",
            payload=DeployRequestedPayload(version=step.version, requested_by="flightdeck demo", reason=step.title),
        )
        began = self.clock()
        entry = await self.transport.publish(request)

        def show(event: Event) -> None:
            if event.type == "rollback-requested":
                self.mark("detected_s")
            self.view.event(event)
            if event.type == "bake-started" and step.bake_faults:
                self.fleet.set_faults(step.bake_faults)
                faults = "; ".join(f"{k} {v}" for k, v in step.bake_faults.items())
                self.say(f"          (faults.json now says {faults}: the release misbehaves, its name cannot tell)")

        ending = await watch(
            self.transport, step.deployment_id, entry, DEPLOY_WITHIN_S, show, request_id=request.event_id
        )
        self.view.ending(request, ending, self.clock() - began)
        self.observed.endings[step.deployment_id] = ending.outcome
        if number == 1 and ending.outcome == "succeeded":
            self.mark("first_live_s")
        if ending.outcome == "rolled back":
            self.mark("rolled_back_s")
        return ending

    async def aftermath(self, step: Step) -> None:
        """What on-call received about the bad release, and its incident."""
        self.say("\n== what on-call received")
        await self.inbox.wait_for(mails=1, posts=2, within=ALERTS_WITHIN_S)
        await self._wait_for_kinds()
        self.mark("alerted_s")
        for line in alert_lines(self.inbox.mails, self.inbox.posts):
            self.say(line)
        deadline = self.clock() + ALERTS_WITHIN_S
        while incident(await stream_events(self.redis), step.deployment_id) is None and self.clock() < deadline:
            await _pause()
        found = incident(await stream_events(self.redis), step.deployment_id)
        self.say(incident_line(step.deployment_id, found))

    async def _wait_for_kinds(self) -> None:
        deadline = self.clock() + ALERTS_WITHIN_S
        while {p.kind for p in self.inbox.posts} < {"slack", "webhook"} and self.clock() < deadline:
            await _pause()

    async def play(self, scenario: tuple[Step, ...]) -> Observed:
        for number, step in enumerate(scenario, 1):
            ending = await self.step(number, len(scenario), step)
            if ending.outcome != step.expect:
                self.say(f"   step {number} ended {ending.outcome}, where the scenario expects {step.expect}")
                break
            if step.expect == "rolled back":
                await self.aftermath(step)
        self.mark("scenario_s")
        self.observed.events = await stream_events(self.redis)
        self.observed.versions = await asyncio.to_thread(self.fleet.versions)
        self.observed.mails = [m.subject for m in self.inbox.mails]
        for post in self.inbox.posts:
            self.observed.posts.setdefault(post.kind, []).append(post.summary)
        return self.observed


async def _pause() -> None:
    await asyncio.sleep(0.1)
