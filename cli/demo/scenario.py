"""The demo's scenario and what it expects (pure): three releases of the fleet, the last one bad, and the checks
that tell whether each step ended as it should. The player (play.py) gathers what happened; `deviations` says what
went differently, first deviation first."""

from dataclasses import dataclass, field
from typing import Any

from shared.events import Event, IncidentResolved

ENVIRONMENT = "demo"


@dataclass(frozen=True)
class Step:
    title: str
    version: str
    expect: str  # the outcome `flightdeck deploy --wait` would report: succeeded, rolled back
    # faults.json (examples/demo/app.py reads it at every request) once the release bakes: live, gates passed
    bake_faults: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def deployment_id(self) -> str:
        return f"demo-{self.version}"


# The bad release goes live healthy (its gates pass), then its API fails half its requests once it bakes.
BAD_API = {"api@1.2.0": {"errors": 0.5}}
SCENARIO = (
    Step("1.0.0 to every service, in dependency order (the API and the worker in parallel)", "1.0.0", "succeeded"),
    Step("1.1.0, a good release", "1.1.0", "succeeded"),
    Step("1.2.0, whose API starts failing during its bake", "1.2.0", "rolled back", BAD_API),
)
FINAL_VERSIONS = {"migrate": "1.1.0", "api": "1.1.0", "worker": "1.1.0", "web": "1.1.0"}
ROLLBACK_WAVES = [["web"], ["api", "worker"], ["migrate"]]  # the reverse of the deploy order


@dataclass
class Observed:
    """What happened, as seen from outside the services: endings, the event stream, the fleet, the catchers."""

    endings: dict[str, str] = field(default_factory=dict)  # deployment id -> outcome
    events: list[Event] = field(default_factory=list)
    versions: dict[str, str | None] = field(default_factory=dict)  # what the fleet's own endpoints say
    mails: list[str] = field(default_factory=list)  # subjects
    posts: dict[str, list[str]] = field(default_factory=dict)  # kind (slack, webhook) -> summaries


def rollback_order(events: list[Event], deployment_id: str) -> list[str]:
    """The services whose rollback command ran, in the order they started."""
    return [
        e.service or ""
        for e in events
        if e.deployment_id == deployment_id
        and e.type == "service-deploy-started"
        and getattr(e.payload, "step", "") == "rollback"
    ]


def in_reverse_order(order: list[str], waves: list[list[str]] = ROLLBACK_WAVES) -> bool:
    """Each wave's services all started before any of the next wave's (within a wave any order)."""
    wave_of = {name: index for index, wave in enumerate(waves) for name in wave}
    ranks = [wave_of.get(name, -1) for name in order]
    return sorted(order) == sorted(n for wave in waves for n in wave) and ranks == sorted(ranks)


def incident(events: list[Event], deployment_id: str) -> tuple[float | None, float | None] | None:
    """(time to detect, time to recover) of the deployment's incident once it is resolved."""
    for event in events:
        if isinstance(event, IncidentResolved) and event.deployment_id == deployment_id:
            return event.payload.time_to_detect_s, event.payload.time_to_recover_s
    return None


def deviations(observed: Observed, scenario: tuple[Step, ...] = SCENARIO) -> list[str]:
    """What went differently from the scenario, in the order the scenario would have met it; empty when all held."""
    found = []
    for number, step in enumerate(scenario, 1):
        ended = observed.endings.get(step.deployment_id)
        if ended != step.expect:
            found.append(f"step {number} ({step.version}) ended {ended or 'never'}, not {step.expect}")
    bad = next((s for s in scenario if s.expect == "rolled back"), None)
    if bad is not None and bad.deployment_id in observed.endings:
        order = rollback_order(observed.events, bad.deployment_id)
        if not in_reverse_order(order):
            found.append(
                f"the rollback of {bad.version} ran {' then '.join(order) or 'nothing'}, not in reverse "
                f"dependency order ({' then '.join('+'.join(w) for w in ROLLBACK_WAVES)})"
            )
        if incident(observed.events, bad.deployment_id) is None:
            found.append(f"no resolved incident for {bad.deployment_id}")
    for service, version in FINAL_VERSIONS.items():
        if observed.versions.get(service) != version:
            found.append(f"{service} runs {observed.versions.get(service) or 'nothing'} at the end, not {version}")
    if not observed.mails:
        found.append("no alert email arrived at the SMTP server")
    for kind in ("slack", "webhook"):
        if not observed.posts.get(kind):
            found.append(f"no {kind} message arrived")
    return found
