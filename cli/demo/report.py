"""What the demo says (pure): what on-call received, the incident, the summary and what to try next."""

import shlex
from collections.abc import Iterable, Sequence
from typing import Protocol
from urllib.parse import urlsplit

from shared.durations import format_duration

from .scenario import ENVIRONMENT


class MailLike(Protocol):
    @property
    def to(self) -> list[str]: ...

    @property
    def subject(self) -> str: ...


class PostLike(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def summary(self) -> str: ...


def alert_lines(mails: Sequence[MailLike], posts: Sequence[PostLike]) -> list[str]:
    lines = [f"   email to {', '.join(m.to)}: {m.subject}" for m in mails]
    lines += [f"   {p.kind} message: {p.summary}" for p in posts]
    return lines or ["   nothing arrived"]


def incident_line(deployment_id: str, times: tuple[float | None, float | None] | None) -> str:
    if times is None:
        return f"   no incident was resolved for {deployment_id} (yet)"
    detect, recover = (format_duration(t) if t is not None else "?" for t in times)
    return f"   incident of {deployment_id}: detected {detect} after it began, recovered {recover} after that"


def summary_lines(milestones: dict[str, float], deviations: Iterable[str]) -> list[str]:
    names = {
        "services_ready_s": "services ready",
        "first_live_s": "1.0.0 live",
        "detected_s": "bad release detected",
        "rolled_back_s": "rolled back",
        "alerted_s": "alerts received",
        "scenario_s": "scenario done",
    }
    lines = ["\n== summary (seconds since the demo started)"]
    lines += [f"   {label:<22}{milestones[key]:>7.1f}s" for key, label in names.items() if key in milestones]
    problems = list(deviations)
    if problems:
        lines.append("   the scenario went differently:")
        lines += [f"   - {problem}" for problem in problems]
    else:
        lines.append("   every step ended as the scenario expects")
    return lines


def has_pages(status: int, location: str | None) -> bool:
    """What `/` answered says the dashboard has pages: 200, or a redirect sending the visitor to sign in."""
    if status == 200:
        return True
    return status in (301, 302, 303, 307, 308) and urlsplit(location or "").path == "/login"


class LoginLike(Protocol):
    @property
    def url(self) -> str: ...

    @property
    def api(self) -> str: ...

    @property
    def user(self) -> str: ...

    @property
    def password(self) -> str: ...

    def exports(self) -> list[str]: ...


def next_steps(redis_url: str, plan_path: str, folder: str, login: LoginLike, pages: bool) -> list[str]:
    """`pages`: the dashboard has pages to show (its URL is printed only then; its API's always)."""
    flightdeck = "flightdeck"
    env = f"--env {ENVIRONMENT}"
    lines = [
        "\n== the demo stays up: try it (in another terminal, from this folder)",
        f'   export REDIS_URL={redis_url}; export PATH="$PWD/.venv/bin:$PATH"',
        f"   {flightdeck} deploy {env} --version 1.3.0 --wait      # a new release, followed live",
        f"   {flightdeck} status {env}                            # what runs where",
        f"   {flightdeck} history {env}                           # the deployments so far",
        f"   {flightdeck} logs demo-1.2.0                            # the bad release's commands and their output",
        f"   {flightdeck} alerts list                                # what alerted, and its state",
        f"   {flightdeck} silence add --match service=api --for 1h --comment 'trying the demo'   # mute the API",
        f"   {flightdeck} rollback {env} --yes                     # undo the last release by hand",
        f"   make a version misbehave: edit {shlex.quote(folder + '/fleet/faults.json')} (see examples/demo/app.py)",
        f"   the plan: {plan_path}; the services' logs: {folder}/logs/",
    ]
    if pages:
        lines.append(f"   the dashboard: {login.url}/")
    lines += [
        f"   sign in as {login.user}, password {login.password} (an admin made for this run)",
        f"   the API: {login.api} (OpenAPI document: {login.api}/openapi.json); the same commands over HTTP:",
        *(f"   {line}" for line in login.exports()),
        f"   (the login and the token are in {shlex.quote(folder + '/login.env')}, readable by you only)",
        "   Ctrl-C stops everything the demo started",
    ]
    return lines
