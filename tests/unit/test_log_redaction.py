import json
import logging

from shared import logs


def test_a_redacted_value_never_shows_in_a_log_line() -> None:
    url = "https://hooks.slack.com/services/T0/B0/very-secret-token"
    logs.redact(url, None, "")
    formatter = logs.JsonFormatter("alerter")
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "POST %s failed", (url,), None)
    record.target = url
    line = formatter.format(record)
    assert "very-secret-token" not in line
    assert json.loads(line)["msg"] == "POST **** failed"
