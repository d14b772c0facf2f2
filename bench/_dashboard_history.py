"""The dashboard benchmark's history: deployments as the coordinator tells them (requested, started, a stage per
wave, each service's deploy started and ended, the outcome) with the command log it keeps for each (service, stream,
line, ts under `flightdeck:log:<id>`). Pure: a seeded random source gives the same history every run.

A deployment deploys 4-20 of SERVICES in 1-4 waves and logs 100-400 lines; one in eight fails. Log lines are drawn
from what deploy scripts print (pulls, migrations, health checks, request ids, digests); RARE words sit in a handful
of deployments' logs and UNIQUE in exactly one, so the searches can ask for common words and rare ones."""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from bench._dashboard_logs import COMMON, RARE, SERVICES, UNIQUE, hex_digits, log_line
from shared.events import (
    DeploymentFailed,
    DeploymentStarted,
    DeploymentSucceeded,
    DeployRequested,
    Event,
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    StageFailed,
    StageStarted,
    StageSucceeded,
)
from shared.events import deployment as d
from shared.events import stage as s

ENVIRONMENTS = ("production", "staging", "qa", "dev")
PEOPLE = ("ana", "bo", "chen", "dee", "eli", "fay", "gus", "hana", "ivo", "jo", "kai", "lu")
FAILED_ONE_IN = 8


@dataclass(frozen=True)
class LogLine:
    service: str
    stream: str
    line: str
    ts: str


@dataclass(frozen=True)
class Deployment:
    id: str
    environment: str
    services: tuple[str, ...]
    events: tuple[Event, ...]
    log: tuple[LogLine, ...]


def _waves(rng: random.Random, services: list[str]) -> list[list[str]]:
    count = min(len(services), rng.randint(1, 4))
    cuts = sorted(rng.sample(range(1, len(services)), count - 1))
    return [services[a:b] for a, b in zip([0, *cuts], [*cuts, len(services)], strict=True)]


def deployment(n: int, created: datetime, seed: int = 7, prefix: str = "dep-") -> Deployment:
    """Deployment number n (dep-00042), created at `created`: its events and its log."""
    rng = random.Random(seed * 1_000_003 + n)
    dep, env = f"{prefix}{n:05d}", rng.choices(ENVIRONMENTS, weights=(4, 3, 2, 1))[0]
    services = rng.sample(SERVICES, rng.randint(4, 20))
    versions = {name: f"{rng.randint(1, 4)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}" for name in services}
    ok = rng.randrange(FAILED_ONE_IN) != 0
    waves = _waves(rng, services)
    at = [created]

    def tick(seconds: float) -> datetime:
        at[0] += timedelta(seconds=seconds)
        return at[0]

    asked = d.DeployRequestedPayload(
        versions=versions,
        requested_by=rng.choice(PEOPLE),
        reason=f"release {rng.choice(services)} fixes",
        commit_sha=hex_digits(rng, 40),
    )
    events: list[Event] = [DeployRequested(occurred_at=created, payload=asked, deployment_id=dep, environment=env)]
    events.append(
        DeploymentStarted(
            occurred_at=tick(1),
            payload=d.DeploymentStartedPayload(waves=waves, versions=versions),
            deployment_id=dep,
            environment=env,
        )
    )
    log: list[LogLine] = []
    lines = rng.randint(100, 400)
    per_service = max(1, lines // len(services))
    failing = None if ok else rng.choice(services)
    for wave, names in enumerate(waves):
        events.append(
            StageStarted(
                occurred_at=tick(0.2),
                payload=s.StagePayload(wave=wave, services=names),
                deployment_id=dep,
                environment=env,
            )
        )
        for name in names:
            started = tick(0.1)
            events.append(
                ServiceDeployStarted(
                    occurred_at=started,
                    service=name,
                    payload=s.ServiceDeployStartedPayload(version=versions[name], command=["./deploy", name]),
                    deployment_id=dep,
                    environment=env,
                )
            )
            for k in range(per_service):
                words = log_line(rng, name, versions[name])
                if rng.random() < 0.25:
                    words += f" {rng.choice(COMMON)}"
                log.append(LogLine(name, "stderr" if k % 9 == 8 else "stdout", words, tick(0.05).isoformat()))
            if name == failing:
                log.append(LogLine(name, "stderr", f"error: {name} exited with code 3", tick(0.1).isoformat()))
                payload = s.ServiceDeployFailedPayload(version=versions[name], reason="exit code 3", exit_code=3)
                events.append(
                    ServiceDeployFailed(
                        occurred_at=tick(0.1), service=name, payload=payload, deployment_id=dep, environment=env
                    )
                )
                break
            duration = (at[0] - started).total_seconds()
            done = s.ServiceDeploySucceededPayload(version=versions[name], duration_s=duration)
            events.append(
                ServiceDeploySucceeded(
                    occurred_at=tick(0.1), service=name, payload=done, deployment_id=dep, environment=env
                )
            )
        if failing in names:
            stage = s.StageFailedPayload(wave=wave, services=names, failed_services=[failing], reason="exit code 3")
            events.append(StageFailed(occurred_at=tick(0.1), payload=stage, deployment_id=dep, environment=env))
            why = d.DeploymentFailedPayload(reason=f"{failing} exited with code 3", failed_services=[failing])
            events.append(DeploymentFailed(occurred_at=tick(0.1), payload=why, deployment_id=dep, environment=env))
            break
        events.append(
            StageSucceeded(
                occurred_at=tick(0.1),
                payload=s.StagePayload(wave=wave, services=names),
                deployment_id=dep,
                environment=env,
            )
        )
    else:
        took = (at[0] - created).total_seconds()
        events.append(
            DeploymentSucceeded(
                occurred_at=tick(0.1),
                payload=d.DeploymentSucceededPayload(duration_s=took, versions=versions),
                deployment_id=dep,
                environment=env,
            )
        )
    if rng.random() < len(RARE) / 1000:  # each rare word in about one deployment in a thousand
        at_line = rng.randrange(len(log))
        rare = log[at_line]
        log[at_line] = LogLine(rare.service, rare.stream, f"{rare.line} {rng.choice(RARE)}", rare.ts)
    return Deployment(dep, env, tuple(services), tuple(events), tuple(log))


def history(count: int, newest: datetime, every: timedelta = timedelta(minutes=4)) -> Iterator[Deployment]:
    """`count` deployments, oldest first, `every` apart, the last created at `newest`; UNIQUE in one of them."""
    for n in range(count):
        made = deployment(n, newest - every * (count - 1 - n))
        if n == count // 3 and made.log:
            first = made.log[0]
            unique = LogLine(first.service, first.stream, f"{first.line} {UNIQUE}", first.ts)
            made = Deployment(made.id, made.environment, made.services, made.events, (unique, *made.log[1:]))
        yield made
