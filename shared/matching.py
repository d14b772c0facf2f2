"""Which alerts a silence's matchers match, the one rule the alerter mutes by and the dashboard previews with:
an alert's labels (event, severity, environment, service, deployment_id; empty ones left out) and matchers over
them, every one of which must hold. Pure."""

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from shared.events.alerting import Matcher


def alert_labels(
    name: str, severity: str, environment: str, service: str | None, deployment_id: str | None
) -> dict[str, str]:
    """What routes, group_by and silences match on."""
    found = {
        "event": name,
        "severity": severity,
        "environment": environment,
        "service": service or "",
        "deployment_id": deployment_id or "",
    }
    return {key: value for key, value in found.items() if value}


def matches(matcher: Matcher, labels: Mapping[str, str]) -> bool:
    value = labels.get(matcher.label, "")
    if matcher.op in ("=", "!="):
        return (value == matcher.value) == (matcher.op == "=")
    found = _regex(matcher.value).fullmatch(value) is not None
    return found == (matcher.op == "=~")


def all_match(matchers: Iterable[Matcher], labels: Mapping[str, str]) -> bool:
    return all(matches(matcher, labels) for matcher in matchers)


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error:  # refused when a silence is asked for; one stored anyway matches as plain text
        return re.compile(re.escape(pattern))
