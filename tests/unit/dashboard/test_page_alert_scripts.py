"""The Alerts and account pages' plain script functions, run by node: a live alert, silence or token row says what
the server renders for the same value (static/js/alert_rows.js and token_rows.js against alerts_view.py and
account_view.py), and matchers typed are read the way the CLI's --match reads them."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.dashboard.auth.records import TokenOut
from services.dashboard.domain.alert_board import BoardAlert
from services.dashboard.domain.alerts import SilenceView
from services.dashboard.domain.roles import Principal
from services.dashboard.pages.account_view import token_row
from services.dashboard.pages.alerts_view import alert_row, silence_row
from tests.unit.dashboard.test_page_scripts import run

NOW = datetime(2026, 12, 1, 12, 0, 7, 250000, tzinfo=UTC)
DEPLOYER = Principal(name="dee", role="deployer", environments=("staging",))
ALERTS = [
    {"service": "api", "summary": "<b>down</b>"},
    {"services": ["api", "web"], "acknowledged": {"by": "ana", "at": NOW, "comment": "on <i>it</i>"}},
    {"deployment_id": "d-1", "environment": "production", "escalation_level": 2, "escalated_to": ["pager", "mail"]},
    {"silenced_by": "s-1", "escalation_level": 1},
]


@pytest.mark.parametrize("more", ALERTS)
def test_a_live_alert_row_reads_as_the_server_renders_it(more: dict[str, Any]) -> None:
    fields = {"fingerprint": "f", "name": "health-degraded", "severity": "warning", "environment": "staging"}
    alert = BoardAlert.model_validate(fields | {"summary": "s", "starts_at": NOW} | more)
    server = alert_row(alert, DEPLOYER)
    client = run(
        f"import {{ alertRowOf }} from './alert_rows.js';"
        f"console.log(JSON.stringify(alertRowOf({alert.model_dump_json()}, 'staging')))"
    )
    assert (client["state"], client["mayAck"]) == (server.state, server.may_ack)
    assert client["slots"] == {
        "severity": server.severity,
        "name": server.name,
        "subject": server.subject,
        "environment": server.environment,
        "summary": server.summary,
        "since": server.since_text,
        "acknowledged": server.acknowledged,
        "escalated": server.escalated,
        "silenced": server.silenced,
    }


SILENCES = [
    {"matchers": [{"label": "environment", "value": "staging"}, {"label": "service", "op": "=~", "value": "a b"}]},
    {"matchers": [{"label": "service", "value": "api"}], "comment": "<script>x</script>"},
    {"matchers": [{"label": "environment", "value": "staging"}], "expired_by": "ana", "expired_at": NOW},
    {"matchers": [{"label": "environment", "value": "staging"}], "starts_at": NOW + timedelta(hours=1)},
]


@pytest.mark.parametrize("more", SILENCES)
def test_a_live_silence_row_reads_as_the_server_renders_it(more: dict[str, Any]) -> None:
    window = {"starts_at": NOW - timedelta(hours=1), "ends_at": NOW + timedelta(hours=2), "created_by": "dee"}
    silence = SilenceView.model_validate({"silence_id": "s-1"} | window | more)
    server = silence_row(silence, DEPLOYER, NOW)
    client = run(
        f"import {{ silenceRowOf }} from './alert_rows.js';"
        f"console.log(JSON.stringify(silenceRowOf({silence.model_dump_json()}, 'staging', {NOW.timestamp() * 1000})))"
    )
    assert (client["state"], client["mayExpire"]) == (server.state, server.may_expire)
    assert client["slots"] == {
        "matchers": server.matchers,
        "id": server.id,
        "window": server.window,
        "created-by": server.created_by,
        "comment": server.comment,
        "ended": server.ended,
    }


@pytest.mark.parametrize(
    "more",
    [{}, {"revoked_at": NOW, "last_used_at": NOW, "environments": ["*"]}, {"expires_at": NOW - timedelta(seconds=1)}],
)
def test_a_live_token_row_reads_as_the_server_renders_it(more: dict[str, Any]) -> None:
    fields = {"id": "t1", "name": "ci", "owner": "dee", "role": "viewer", "environments": ["staging", "qa"]}
    times = {"created_at": NOW - timedelta(days=1), "expires_at": NOW + timedelta(days=1)}
    token = TokenOut.model_validate(fields | times | {"revoked_at": None, "last_used_at": None} | more)
    server = token_row(token, NOW)
    client = run(
        f"import {{ tokenRowOf }} from './token_rows.js';"
        f"console.log(JSON.stringify(tokenRowOf({token.model_dump_json()}, {NOW.timestamp() * 1000})))"
    )
    assert client["state"] == server.state
    assert {k: v for k, v in client["slots"].items() if k != "revoked-sep"} == {
        "name": server.name,
        "state": server.state,
        "owner": server.owner,
        "scope": server.scope,
        "created": server.created,
        "expires": server.expires,
        "last-used": server.last_used,
        "revoked": server.revoked,
    }


def test_matchers_typed_are_read_like_the_clis_and_a_wrong_word_is_named() -> None:
    said = run(
        "import { parseMatchers } from './matchers.js';"
        "const read = (t) => { try { return parseMatchers(t); } catch (e) { return e.message; } };"
        "console.log(JSON.stringify(['environment=staging  service=~\"api|web\"', 'service=\"a b\" x', '', 'a=\"b']"
        ".map(read)));"
    )
    assert said[0] == [
        {"label": "environment", "op": "=", "value": "staging"},
        {"label": "service", "op": "=~", "value": "api|web"},
    ]
    assert said[1].startswith('"x": write it like LABEL=VALUE')
    assert said[2].startswith("write at least one matcher")
    assert said[3] == "a double quote is not closed"
