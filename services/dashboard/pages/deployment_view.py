"""The deployment page's decisions from plain values: its header's facts (who, why, commit, CI link, times), each
service's versions and outcome, durations in words, the CI link only when it is a web address, and the log's
paging by stream id (a permalink to a line shows the log from that line on). Pure."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from services.dashboard.domain.views import DeploymentView

from .views import when

LOG_PAGE = 500


def web_link(url: str | None) -> str | None:
    """An http(s) address to link to; None for anything else (a javascript: URL in a CI field stays text)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02} min"
    if minutes:
        return f"{minutes} min {secs:02} s"
    return f"{seconds:.1f} s" if seconds < 10 else f"{secs} s"


def moment(at: datetime | None) -> str:
    return when(at) if at else "—"


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    href: str | None = None


def header_facts(view: DeploymentView) -> list[Fact]:
    """The header's list: who and why, the commit and CI run, and the times."""
    facts = [Fact("Environment", view.environment), Fact("Requested by", view.requested_by)]
    facts.append(Fact("Reason", view.reason or "—"))
    if view.commit_sha:
        facts.append(Fact("Commit", view.commit_sha))
    if view.ci_run_url:
        facts.append(Fact("CI run", view.ci_run_url, web_link(view.ci_run_url)))
    if view.plan_revision is not None:
        facts.append(Fact("Plan revision", str(view.plan_revision)))
    facts += [Fact("Created", moment(view.created_at)), Fact("Started", moment(view.started_at))]
    facts.append(Fact("Ended", moment(view.ended_at)))
    if view.started_at and view.ended_at:
        facts.append(Fact("Took", duration((view.ended_at - view.started_at).total_seconds())))
    return facts


@dataclass(frozen=True)
class ServiceRow:
    service: str
    wave: str
    from_version: str
    to_version: str
    outcome: str
    gate: str
    rollback: str


def service_rows(view: DeploymentView) -> list[ServiceRow]:
    """Each service asked for or deployed: its versions, its last attempt's outcome, its gate and rollback."""
    names = sorted(set(view.services) | set(view.versions))
    rows = []
    for name in names:
        steps = view.services.get(name)
        asked = view.versions.get(name) or view.version or "—"
        if steps is None:
            rows.append(ServiceRow(name, "—", "—", asked, "not started", "—", "—"))
            continue
        last = steps.attempts[-1] if steps.attempts else None
        outcome = f"{last.step} {last.outcome}" if last else "not started"
        if last and last.reason:
            outcome += f": {last.reason}"
        gate = "—"
        if steps.gate is not None:
            gate = steps.gate.outcome + (f": {steps.gate.reason}" if steps.gate.reason else "")
        rollback = "—"
        if steps.rollback_ok is not None:
            rollback = f"{'restored' if steps.rollback_ok else 'failed'} {steps.restored_version or ''}".strip()
            rollback += f": {steps.rollback_detail}" if steps.rollback_detail else ""
        rows.append(
            ServiceRow(
                name,
                str(steps.wave + 1) if steps.wave is not None else "—",
                steps.from_version or "—",
                steps.to_version or asked,
                outcome,
                gate,
                rollback,
            )
        )
    return rows


def log_start(log_since: str, log_at: str) -> str:
    """The stream id to read the log after: just before `log_at` (a permalinked line, shown first), else
    `log_since` (the last line of the page before), else from the start."""
    if log_at:
        return before(log_at)
    return log_since or "-"


def before(stream_id: str) -> str:
    """The greatest stream id below `stream_id` ("-" below the first): reading after it starts at the line."""
    ms, _, seq = stream_id.partition("-")
    if int(seq or 0) > 0:
        return f"{ms}-{int(seq) - 1}"
    return f"{int(ms) - 1}-18446744073709551615" if int(ms) > 0 else "-"
