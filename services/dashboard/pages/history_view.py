"""The History page's decisions from plain values: the form's fields read into the API's DeploymentQuery (every
filter runs on the server, over the whole history), the link to the older page that keeps them, and where a search
hit lands: a permalink to the part of the deployment's page that matched (a log line by its stream id)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import quote, urlencode

from pydantic import ValidationError

from services.dashboard.domain.query import DeploymentQuery
from services.dashboard.domain.search import SearchHit
from services.dashboard.domain.views import STATUSES

PAGE = 50
FILTERS = ("environment", "service", "status", "who", "since", "until")
FIELDS = (*FILTERS, "q")


@dataclass(frozen=True)
class Asked:
    """What the form asked for: the query to run, the search text (empty: list, not search), the values to show
    back in the form, and what was wrong with them (each naming its field)."""

    query: DeploymentQuery
    text: str
    values: dict[str, str]
    errors: list[str]


def moment(field: str, raw: str, end: bool) -> datetime:
    """A date (a whole day: until the day's end) or a date and time, read as UTC."""
    try:
        if len(raw) == 10:
            day = datetime.combine(date.fromisoformat(raw), time(), UTC)
            return day + timedelta(days=1) if end else day
        at = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{field}: {raw[:40]!r} is not a date (2026-11-30) or a date and time") from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def asked(params: Mapping[str, str]) -> Asked:
    """The form's fields (a GET query string) read; a field that cannot be read is left out and named in errors."""
    values = {name: params.get(name, "").strip() for name in FIELDS}
    errors: list[str] = []
    fields: dict[str, object] = {"limit": PAGE}
    for name in ("environment", "service", "who"):
        if values[name]:
            fields[name] = values[name]
    if values["status"]:
        if values["status"] in STATUSES:
            fields["status"] = values["status"]
        else:
            errors.append(f"status: {values['status'][:40]!r} is not one of {', '.join(STATUSES)}")
    for name, end in (("since", False), ("until", True)):
        if values[name]:
            try:
                fields[name] = moment(name, values[name], end)
            except ValueError as error:
                errors.append(str(error))
    cursor = params.get("cursor", "").strip()
    if cursor:
        fields["cursor"] = cursor
    try:
        query = DeploymentQuery.model_validate(fields)
    except ValidationError as error:
        errors += [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()]
        query = DeploymentQuery(limit=PAGE)
    if len(values["q"]) > 500:
        errors.append("q: the search text is longer than 500 characters")
    return Asked(query, values["q"], values, errors)


def older_link(values: Mapping[str, str], next_cursor: str | None) -> str | None:
    """The same filters and search, one page on; None on the last page."""
    if not next_cursor:
        return None
    kept = [(name, values[name]) for name in FIELDS if values.get(name)]
    return "/history?" + urlencode([*kept, ("cursor", next_cursor)])


def deployment_href(deployment_id: str) -> str:
    return f"/deployments/{quote(deployment_id, safe='')}"


SECTIONS = {
    "reason": "summary",
    "approval": "summary",
    "cancel": "summary",
    "pause": "summary",
    "resume": "summary",
    "deployment": "summary",
    "failure": "outcome",
    "rollback": "rollback",
    "verification": "verification",
    "incident": "incident",
}


def anchor_of(where: str, log_id: str | None) -> str:
    """The part of the deployment's page a hit is in: its log line, or the section that shows what matched."""
    if log_id:
        return f"log-{log_id}"
    if where.startswith("check "):
        return "verification"
    first = where.split(" ", 1)[0]
    if first in SECTIONS:
        return SECTIONS[first]
    return "services" if " " in where else "summary"


def permalink(hit: SearchHit) -> str:
    """Where a hit lands: a log line is shown from itself on (`log_at`), so the permalink works however long the
    log is."""
    href = deployment_href(hit.deployment.id)
    if hit.log_id:
        href += "?" + urlencode({"log_at": hit.log_id})
    return f"{href}#{anchor_of(hit.where, hit.log_id)}"
