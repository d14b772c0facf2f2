"""The CLI's way to Flightdeck over the dashboard's HTTP API (FLIGHTDECK_URL + FLIGHTDECK_TOKEN): what the commands
publish goes to the API's routes (cli/http_routes.py), the deployment is followed over Server-Sent Events
(cli/http_follow.py), and what the services keep is read from the routes that serve shared/reads' values, decoded
as the Redis transport decodes them (cli/kept.py). Commands print the same and exit the same either way."""

import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from services.coordinator.domain.model import Deployment, EnvironmentState
from shared.events import Event, PlanApplied, SilenceCreated, SilenceExpired
from shared.events.alerting import SilenceCreatedPayload
from shared.plan.errors import PlanError, Problem
from shared.plan.model import is_production

from . import kept
from .http_api import Api, segment
from .http_config import HttpConfig
from .http_errors import REFUSED
from .http_follow import follow
from .http_routes import route_of
from .listening import Readers
from .records import AlertBoard, DeadLetters, Replayed
from .transport import TransportError

MAX_HISTORY = 200  # as the API serves at most
MAX_DEAD_LETTERS = 1000
LOG_WAIT_SLACK_S = 10.0  # beyond the wait asked for: the answer's own way back


def as_asked(event: Event, asked: dict[str, str]) -> Event:
    """The coordinator's answer to a request the API published for us names the API's event id; the command
    knows the request by its own. `asked` maps one to the other."""
    payload: Any = event.payload
    ours = asked.get(getattr(payload, "request_event_id", ""))
    if ours is None:
        return event
    return event.model_copy(update={"payload": payload.model_copy(update={"request_event_id": ours})})


class HttpTransport:
    def __init__(self, config: HttpConfig) -> None:
        self.config = config
        self.api = Api(config)
        self.asked: dict[str, str] = {}  # the API's event id of a request -> the command's
        self.applied: dict[int, str] = {}  # plan revision -> the stream id of the plan-applied the API published

    async def publish(self, event: Event) -> str:
        if isinstance(event, PlanApplied) and event.payload.revision in self.applied:
            return self.applied[event.payload.revision]  # the API announced the revision when it stored it
        route = route_of(event)
        answer = await self.api.ask(route.method, route.path, body=route.body)
        if answer.status == 404 and isinstance(event, SilenceExpired):
            return await self._expired_already(event.payload.silence_id, answer)
        if answer.status not in (200, 201, 202):
            raise self.api.refusal(answer)
        accepted: dict[str, Any] = answer.body
        self.asked[str(accepted["event_id"])] = event.event_id
        if isinstance(event, SilenceCreated) and accepted.get("silence_id") != event.payload.silence_id:
            named = accepted.get("silence_id")  # an API that names silences itself: the person must know its name
            print(f"note: the dashboard named this silence {named}: expire it with that name", file=sys.stderr)
        return str(accepted["stream_id"])

    async def _expired_already(self, silence_id: str, answer: Any) -> str:
        """The dashboard knows no such silence in force. Nothing to expire when the alerter has none in force
        either (the command has said so already); when the alerter has one, the dashboard lags behind it."""
        raw = (await self.silences()).get(silence_id)
        try:
            ends = SilenceCreatedPayload.model_validate_json(raw).ends_at if raw is not None else None
        except ValidationError:
            ends = None
        if ends is None or ends <= datetime.now(UTC):
            return ""
        raise TransportError(
            f"the alerter keeps silence {silence_id}, but the dashboard has not seen it yet: try again in a moment",
            REFUSED,
        )

    def follow(self, deployment_id: str, since: str = "0-0", block_ms: int = 1000) -> AsyncIterator[Event | None]:
        return follow(self.api, deployment_id, since, block_ms, lambda event: as_asked(event, self.asked))

    async def deployment(self, deployment_id: str) -> Deployment | None:
        found = await self.api.call("GET", f"/coordinator/deployments/{segment(deployment_id)}")
        return kept.snapshot(Deployment, found, f"deployment {deployment_id}")

    async def environment(self, name: str) -> EnvironmentState | None:
        found = await self.api.call("GET", f"/coordinator/environments/{segment(name)}")
        return kept.snapshot(EnvironmentState, found, f"environment {name}")

    async def history(self, environment: str, limit: int) -> list[Deployment]:
        params = {"limit": max(1, min(limit, MAX_HISTORY))}
        rows = await self.api.call("GET", f"/coordinator/environments/{segment(environment)}/history", params=params)
        found = [kept.snapshot(Deployment, row["snapshot"], f"deployment {row['id']}") for row in rows]
        return [d for d in found if d is not None]

    async def environments(self) -> list[str] | None:
        """The environments of the plan the dashboard reads; PlanError (where, not what) when it does not load."""
        rows = await self._environment_rows()
        return sorted(rows) if rows is not None else None

    async def production(self, environment: str) -> bool:
        """The dashboard's word (shared.plan.model.is_production on the plan it reads), else by the name."""
        try:
            rows = await self._environment_rows()
        except PlanError:
            rows = None
        return rows[environment] if rows and environment in rows else is_production(environment, None)

    async def _environment_rows(self) -> dict[str, bool] | None:
        """The current plan's environments, each with whether it is production; None when no plan was applied."""
        answer = await self.api.ask("GET", "/plans/current")
        if answer.status == 404 and isinstance(answer.body, dict) and "no plan" in str(answer.body.get("error")):
            return None
        if answer.status == 503 and isinstance(answer.body, dict) and "problems" in answer.body:
            problems = [
                Problem(str(p.get("path", "")), "wrong here (the dashboard's log says how)", p.get("line"))
                for p in answer.body["problems"]
            ]
            raise PlanError(problems, source="the plan the dashboard reads")
        if answer.status != 200:
            raise self.api.refusal(answer)
        return {str(row["name"]): bool(row.get("production")) for row in answer.body["environments"]}

    async def log(self, deployment_id: str, since: str, block_ms: int | None) -> list[tuple[str, dict[str, str]]]:
        wait_ms = min(block_ms or 0, 5000)
        lines = await self.api.call(
            "GET",
            f"/deployments/{segment(deployment_id)}/output",
            params={"since": since, "wait_ms": wait_ms},
            answer_within_s=wait_ms / 1000 + LOG_WAIT_SLACK_S,
        )
        return [(str(line["id"]), dict(line["fields"])) for line in lines]

    async def attention(self, environment: str) -> dict[str, Any]:
        found: dict[str, Any] = await self.api.call("GET", f"/rollback/environments/{segment(environment)}/attention")
        return found

    async def readers(self, service: str) -> Readers:
        return kept.readers(await self.api.call("GET", f"/services/{segment(service)}/readers"))

    async def alerts(self) -> AlertBoard:
        return kept.board(await self.api.call("GET", "/alerter/board"))

    async def alert_active(self, fingerprint: str) -> bool:
        return fingerprint in (await self.alerts()).alerts

    async def silences(self) -> dict[str, bytes | str]:
        stored: dict[str, str] = await self.api.call("GET", "/alerter/silences")
        return dict(stored)

    async def silence_stored(self, silence_id: str) -> bool:
        return silence_id in await self.silences()

    async def apply_plan(self, plan_text: str, source: str) -> int:
        """Posted to the API, which stores the revision and announces it itself (the publish that follows is
        answered with the announcement's stream id)."""
        applied = await self.api.call("POST", "/plans", body={"text": plan_text, "source": source})
        revision = int(applied["revision"])
        self.applied[revision] = str(applied["stream_id"])
        return revision

    async def dead_letters(self, count: int) -> DeadLetters:
        params = {"count": max(1, min(count, MAX_DEAD_LETTERS))}
        found = await self.api.call("GET", "/dead-letters", params=params)
        return DeadLetters(str(found["where"]), kept.letters(found["letters"]))

    async def replay(self, entry_id: str) -> Replayed | None:
        found = await self.api.call("POST", f"/dead-letters/{segment(entry_id)}/replay")
        return kept.replayed(found["replayed"])

    async def close(self) -> None:
        await self.api.close()
