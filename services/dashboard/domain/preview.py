"""What a control or a new deployment will do, shown before it is confirmed: the services in the order they are
touched with their versions from and to, the services downstream of them (the blast radius), whether production
asks for its name typed, and the request that does it. Pure: the deployment, the plan's graph and the services'
state in, a Preview out."""

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field

from shared.requests import RequestError
from shared.requests.deploy import DeployInput

from .controls import SPECS, Control
from .graph import PlanGraph, blast_radius
from .service_state import ServiceView
from .views import DeploymentView


class Step(BaseModel):
    model_config = ConfigDict(frozen=True)

    service: str
    wave: int | None  # 0 for the first wave; None when the plan no longer has the service
    from_version: str | None
    to_version: str | None


class Preview(BaseModel):
    model_config = ConfigDict(frozen=True)

    control: str  # approve, cancel, retry, resume, rollback or deploy
    title: str
    effect: str  # one sentence: what happens once confirmed
    environment: str
    deployment_id: str | None
    production: bool = Field(description="the environment's name must be typed (confirm) and a reason given")
    order: str  # "wave order" or "reverse wave order"
    steps: list[Step]
    blast_radius: list[str] = Field(description="services downstream of the steps' that they may disturb")
    method: str = "POST"
    url: str
    body: dict[str, Any] = Field(description="send with reason and, in production, confirm")


EFFECTS: dict[Control, str] = {
    "approve": "The coordinator starts deploying, wave by wave.",
    "cancel": "The deployment stops before its next step; services it has not reached keep their version.",
    "retry": "The failed services are deployed again, then the deployment goes on.",
    "resume": "The deployment goes on past the failed services to its next wave.",
    "rollback": "Each changed service goes back to the version it ran before, last wave first.",
}


def _waves(graph: PlanGraph | None, view: DeploymentView | None) -> dict[str, int]:
    if view is not None and view.waves:
        return {name: index for index, wave in enumerate(view.waves) for name in wave}
    return {node.name: node.wave for node in graph.nodes} if graph else {}


def _ordered(steps: list[Step], reverse: bool) -> list[Step]:
    far = 1 << 30  # a service without a wave comes last going forward
    return sorted(steps, key=lambda s: ((far if s.wave is None else s.wave) * (-1 if reverse else 1), s.service))


def _radius(graph: PlanGraph | None, steps: Sequence[Step]) -> list[str]:
    return blast_radius(graph, [step.service for step in steps]) if graph else []


def _planned(view: DeploymentView, graph: PlanGraph | None, states: Mapping[str, ServiceView]) -> list[Step]:
    waves = _waves(graph, view)
    names = list(view.services) or list(view.versions) or (sorted(waves) if view.version else [])
    steps = []
    for name in names:
        known = view.services.get(name)
        was = known.from_version if known and known.from_version else _version_of(states, name)
        goes = known.to_version if known and known.to_version else view.versions.get(name, view.version)
        steps.append(Step(service=name, wave=waves.get(name), from_version=was, to_version=goes))
    return steps


def _version_of(states: Mapping[str, ServiceView], name: str) -> str | None:
    state = states.get(name)
    return state.version if state else None


def action_preview(
    view: DeploymentView,
    control: Control,
    graph: PlanGraph | None,
    states: Mapping[str, ServiceView],
    production: bool,
    services: Sequence[str] = (),
) -> Preview:
    """`services` narrows a rollback to those (empty: every changed service); `states` maps service -> its state in
    the deployment's environment."""
    spec, steps = SPECS[control], _planned(view, graph, states)
    body = dict(spec.body)
    if control == "rollback":
        if services:
            unknown = [name for name in services if name not in {step.service for step in steps}]
            if unknown:
                raise RequestError("services", f"{view.id} does not deploy {', '.join(unknown)}")
            body["services"] = list(services)
        chosen = [step for step in steps if not services or step.service in services]
        changed = [step for step in chosen if step.service in view.services]  # those it has touched
        steps = [
            step.model_copy(update={"from_version": step.to_version, "to_version": step.from_version})
            for step in changed
        ]
    elif control == "retry" and view.failed_services:
        steps = [step for step in steps if step.service in view.failed_services]
    reverse = control == "rollback"
    ordered = _ordered(steps, reverse)
    return Preview(
        control=control,
        title=f"{spec.label} {view.id} in {view.environment}",
        effect=EFFECTS[control],
        environment=view.environment,
        deployment_id=view.id,
        production=production,
        order="reverse wave order" if reverse else "wave order",
        steps=ordered,
        blast_radius=_radius(graph, ordered),
        url=f"/api/v1/deployments/{quote(view.id, safe='')}/{spec.action}",
        body=body,
    )


def deploy_preview(
    asked: DeployInput, graph: PlanGraph | None, states: Mapping[str, ServiceView], production: bool
) -> Preview:
    """A new deployment: the services it names (all the plan's when only `version` is given) from the version each
    runs now to the one asked. RequestError naming the field of a service the plan does not have."""
    waves = _waves(graph, None)
    wanted = dict(asked.versions)
    wanted.update({name: asked.version or "" for name in asked.services})
    if asked.version and not asked.services:  # every service, but those given a version of their own
        wanted = {name: asked.version for name in waves} | wanted
    if graph is not None:
        for name in wanted:
            if name not in waves:
                where = f"versions.{name}" if name in asked.versions else "services"
                raise RequestError(where, f"{name} is not a service of the plan in {asked.environment}")
    steps = [
        Step(service=name, wave=waves.get(name), from_version=_version_of(states, name), to_version=version)
        for name, version in wanted.items()
    ]
    ordered = _ordered(steps, reverse=False)
    body = asked.model_dump(mode="json", exclude_none=True, exclude={"confirm", "reason"}, exclude_defaults=True)
    return Preview(
        control="deploy",
        title=f"Deploy to {asked.environment}",
        effect="The coordinator deploys these services wave by wave, each after what it depends on.",
        environment=asked.environment,
        deployment_id=asked.id,
        production=production,
        order="wave order",
        steps=ordered,
        blast_radius=_radius(graph, ordered),
        url="/api/v1/deployments",
        body={"environment": asked.environment, **body},
    )
