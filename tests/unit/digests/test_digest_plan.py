"""alerting.digests in the plan: read with its defaults, and each mistake named where it is."""

from tests.unit.plan.helpers import base, parsed, problems

MAIL = {"type": "email", "to": ["ops@example.com"], "from": "fd@example.com", "smtp": {"host": "mail.example"}}


def test_a_digest_is_read_with_its_defaults() -> None:
    data = base()
    data["alerting"] = {
        "channels": {"mail": MAIL},
        "digests": [{"environment": "production", "every": "weekly", "channels": "mail"}],
    }
    (digest,) = parsed(data).alerting.digests
    assert (digest.at, digest.weekday, digest.timezone, digest.channels) == ("09:00", "monday", "UTC", ["mail"])


def test_each_mistake_of_a_digest_is_named_where_it_is() -> None:
    data = base()
    bad = {"environment": "prod", "every": "hourly", "at": "9am", "timezone": "Mars/Base", "channels": ["mial"]}
    data["alerting"] = {"channels": {"mail": MAIL}, "digests": [bad]}
    found = "\n".join(problems(data))
    assert "alerting.digests[0].environment: 'prod' is not an environment" in found and "'production'" in found
    assert "alerting.digests[0].channels[0]: 'mial' is not a channel in this plan; did you mean 'mail'?" in found
    assert "alerting.digests[0].at: '9am' is not a time of day" in found
    assert "alerting.digests[0].timezone: 'Mars/Base' is not a time zone" in found
    assert "alerting.digests[0].every:" in found
