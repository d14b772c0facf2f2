"""How `flightdeck deploy` tells a deployment's story: coloured or plain lines, GitHub Actions log groups and
annotations, or JSON lines; and the versions its job summary lists."""

import json
from typing import Any, TextIO

from shared.durations import format_duration
from shared.events import DeployRequested, Event

from . import ci
from .follow import Ending
from .lines import describe, failure_said

_COLOURS = {"ok": "32", "warn": "33", "bad": "31;1", "dim": "2"}


class View:
    """Where the deployment's story goes: coloured or plain lines, Actions log groups, or JSON lines."""

    def __init__(self, out: TextIO, as_json: bool, colour: bool, actions: bool) -> None:
        self.out = out
        self.as_json = as_json
        self.colour = colour
        self.actions = actions and not as_json
        self.waves, self.grouped = 0, False
        self.versions: dict[str, str] = {}  # what the coordinator deploys, and what a rollback restored
        self.restored: dict[str, str] = {}
        self.said: set[str] = set()  # failures told already: what follows from them does not repeat them

    def _paint(self, text: str, tone: str) -> str:
        return f"\033[{_COLOURS[tone]}m{text}\033[0m" if self.colour and tone else text

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _group(self, title: str | None) -> None:
        if self.actions and self.grouped:
            self._print(ci.endgroup())
        self.grouped = bool(self.actions and title)
        if self.grouped and title:
            self._print(ci.group(title))

    def event(self, event: Event) -> None:
        payload: Any = event.payload
        if event.type == "deployment-started":
            self.waves = len(payload.waves)
            self.versions = dict(payload.versions)
        elif event.type == "deployment-rolled-back":
            self.restored = dict(payload.services)
        if self.as_json:
            self._print(json.dumps(event.model_dump(mode="json")))
            return
        if event.type == "stage-started":
            self._group(f"wave {payload.wave + 1}/{self.waves or '?'}: {', '.join(payload.services)}")
        elif event.type == "rollback-started":
            self._group(f"rollback: {', '.join(n for wave in payload.waves for n in wave) or 'nothing to undo'}")
        elif event.type in (
            "deployment-failed",
            "deployment-succeeded",
            "deployment-cancelled",
            "rollback-failed",
            "rollback-completed",
            "deployment-paused",
        ):
            self._group(None)
        line = describe(event, self.waves, self.said)
        if told := failure_said(event):
            self.said.add(told)
        if line is not None:
            at = event.occurred_at.astimezone().strftime("%H:%M:%S")
            self._print(f"{self._paint(at, 'dim')}  {self._paint(line[0], line[1])}")
        if self.actions and event.type == "service-deploy-failed":
            self._print(ci.error_annotation(line[0] if line else event.type, f"{event.service} failed"))
        if event.type in ("stage-succeeded", "stage-failed"):
            self._group(None)

    def ending(self, request: DeployRequested, ending: Ending, seconds: float) -> None:
        self._group(None)
        if self.as_json:
            self._print(
                json.dumps(
                    {
                        "deployment_id": request.deployment_id,
                        "outcome": ending.outcome,
                        "exit_code": ending.exit_code,
                        "detail": ending.detail,
                        "duration_s": round(seconds, 3),
                    }
                )
            )
            return
        tone = "ok" if ending.exit_code == 0 else "warn" if ending.outcome in ("rolled back", "cancelled") else "bad"
        detail = f": {ending.detail}" if ending.detail else ""
        self._print(
            self._paint(
                f"{ending.outcome} {request.deployment_id} after {format_duration(seconds)} "
                f"(exit {ending.exit_code}){detail}",
                tone,
            )
        )
        if self.actions and ending.exit_code:
            self._print(
                ci.error_annotation(
                    f"{request.deployment_id} to {request.environment}: {ending.outcome}{detail}",
                    f"Deployment {ending.outcome}",
                )
            )

    def summary_versions(self, request: DeployRequested) -> dict[str, str]:
        """service -> version for the job summary ("2.0.0, back to 1.0.0" when rolled back)."""
        asked = request.payload
        versions = self.versions or asked.versions or dict.fromkeys(asked.services, asked.version or "")
        shown = {
            name: f"{v}, back to {self.restored[name]}" if name in self.restored else v for name, v in versions.items()
        }
        return shown or {"(every service)": asked.version or ""}
