"""A digest's content from the analytics of its period, with plain values: counts, the four figures said as people
read them with their levels, rollbacks by cause, uptime worst first, and the link to the same period."""

from datetime import UTC, datetime, timedelta

from services.dashboard.domain.analytics import AnalyticsQuery, analyse
from services.dashboard.domain.digest_compose import compose
from services.dashboard.domain.digest_schedule import period_ending
from services.dashboard.domain.dora_levels import LEVELS
from services.dashboard.domain.summary import Summary
from services.dashboard.domain.uptime import Change
from shared.plan.digests import Digest

END = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DIGEST = Digest.model_validate({"environment": "prod", "every": "weekly", "channels": ["mail"], "weekday": "monday"})


def summary(n: int, hours_before: float, status: str = "succeeded", **fields: object) -> Summary:
    end = (END - timedelta(hours=hours_before)).timestamp()
    values: dict[str, object] = {"durations": {"api": 60.0}, "created": end - 120, "started": end - 100}
    return Summary(id=f"d-{n}", status=status, environment="prod", ended=end, **(values | fields))  # type: ignore[arg-type]


def test_the_digest_says_the_periods_figures() -> None:
    period = period_ending(DIGEST, END)
    rows = [
        summary(1, 30, commit=(END - timedelta(hours=31)).timestamp()),
        summary(2, 50),
        summary(3, 70, "rolled-back", trigger="health", incident=True, resolved=True, recover_s=600),
        summary(4, 200),  # the week before
    ]
    changes = [
        Change("prod", "api", "healthy", (END - timedelta(days=8)).timestamp()),
        Change("prod", "web", "healthy", (END - timedelta(days=8)).timestamp()),
        Change("prod", "web", "unhealthy", (END - timedelta(hours=10)).timestamp()),
        Change("prod", "web", "healthy", (END - timedelta(hours=9)).timestamp()),
    ]
    query = AnalyticsQuery(environment="prod", start=period.start, end=period.end)
    digest = compose(DIGEST, period, analyse(query, LEVELS[2021], rows, [], changes))
    assert (digest.deployments, digest.succeeded, digest.failed, digest.rollbacks) == (3, 2, 1, 1)
    said = {figure.name: (figure.text, figure.level) for figure in digest.figures}
    assert said["deployment frequency"][0] == "2 successful (0.3 a day)"
    assert said["lead time for changes"][0] == "60 min"
    assert said["change failure rate"][0] == "33.3% (1 of 3)"
    assert said["time to restore service"] == ("10 min", "elite")
    assert [(c.cause, c.count) for c in digest.rollback_causes] == [("health", 1)]
    assert [u.service for u in digest.uptime] == ["web", "api"] and digest.uptime[0].down_s == 3600
    assert digest.analytics_path.startswith("/analytics?environment=prod&from=2026-11-30T09")
    assert (digest.period_start, digest.period_end) == (datetime(2026, 11, 30, 9, 0, tzinfo=UTC), END)
