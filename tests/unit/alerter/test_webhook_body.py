"""The webhook body in both formats, its headers, and its signature."""

import json

from services.alerter.channels.webhook import sign, verify, webhook_body, webhook_headers
from services.alerter.domain.alert import Alert, Links
from shared.plan.alerting import WebhookChannel
from shared.plan.secrets import resolve_secrets

from .helpers import alert
from .test_templates import failed, notification

ACK = "https://fd.example/ack/abc?sig=1"


def links_for(*alerts: Alert) -> Links:
    return Links(
        deployment="https://fd.example:8443/deployments/d-42", acknowledge={a.fingerprint: ACK for a in alerts}
    )


def test_flightdeck_format() -> None:
    firing, done = failed(), failed(service="cart", status="resolved", ends_at=1060.0)
    note = notification([firing], resolved=[done], group_labels={"environment": "production"})
    document = json.loads(webhook_body(note, links_for(firing, done), "flightdeck"))
    assert document == {
        "version": 1,
        "id": "n-1",
        "kind": "new",
        "status": "firing",
        "severity": "critical",
        "environment": "production",
        "deployment_id": "d-42",
        "group_key": "g-1",
        "group_labels": {"environment": "production"},
        "sent_at": "2023-11-14T22:13:20Z",
        "links": {
            "deployment": "https://fd.example:8443/deployments/d-42",
            "acknowledge": {firing.fingerprint: ACK, done.fingerprint: ACK},
        },
        "alerts": [
            {
                "fingerprint": firing.fingerprint,
                "name": "deployment-failed",
                "status": "firing",
                "severity": "critical",
                "environment": "production",
                "service": "checkout",
                "deployment_id": "d-42",
                "summary": "deployment-failed on checkout",
                "details": {"step": "migrate", "exit_code": "3"},
                "starts_at": "1970-01-01T00:16:40Z",
                "ends_at": None,
                "acknowledge_url": ACK,
            },
            {
                "fingerprint": done.fingerprint,
                "name": "deployment-failed",
                "status": "resolved",
                "severity": "critical",
                "environment": "production",
                "service": "cart",
                "deployment_id": "d-42",
                "summary": "deployment-failed on cart",
                "details": {"step": "migrate", "exit_code": "3"},
                "starts_at": "1970-01-01T00:16:40Z",
                "ends_at": "1970-01-01T00:17:40Z",
                "acknowledge_url": None,
            },
        ],
    }


def test_sent_at_is_the_creation_time_unless_given() -> None:
    note = notification([alert()])
    assert json.loads(webhook_body(note, Links(), "flightdeck", sent_at=1_700_000_060.5))["sent_at"] == (
        "2023-11-14T22:14:20Z"
    )
    assert webhook_body(note, Links(), "flightdeck") == webhook_body(note, Links(), "flightdeck")


def test_alertmanager_format() -> None:
    firing = failed()
    done = alert("health-degraded", service="checkout", deployment_id="d-42", status="resolved", ends_at=1060.0)
    note = notification(
        [firing],
        resolved=[done],
        channel="pager",
        group_key="route-0:{env=production}",
        group_labels={"environment": "production"},
    )
    document = json.loads(webhook_body(note, links_for(firing), "alertmanager"))
    assert document["version"] == "4" and document["truncatedAlerts"] == 0
    assert document["receiver"] == "pager" and document["status"] == "firing"
    assert document["groupKey"] == "route-0:{env=production}"
    assert document["groupLabels"] == {"environment": "production"}
    assert document["externalURL"] == "https://fd.example:8443"
    assert document["commonLabels"] == {"environment": "production", "service": "checkout", "deployment_id": "d-42"}
    assert document["commonAnnotations"] == {}
    first, second = document["alerts"]
    assert first == {
        "status": "firing",
        "labels": {
            "alertname": "deployment-failed",
            "event": "deployment-failed",
            "severity": "critical",
            "environment": "production",
            "service": "checkout",
            "deployment_id": "d-42",
        },
        "annotations": {"summary": "deployment-failed on checkout", "step": "migrate", "exit_code": "3"},
        "startsAt": "1970-01-01T00:16:40Z",
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "https://fd.example:8443/deployments/d-42",
        "fingerprint": firing.fingerprint,
    }
    assert second["status"] == "resolved" and second["endsAt"] == "1970-01-01T00:17:40Z"


def test_alertmanager_resolved_group_without_links() -> None:
    done = alert(status="resolved", ends_at=1060.0)
    document = json.loads(webhook_body(notification(resolved=[done]), Links(), "alertmanager"))
    assert document["status"] == "resolved" and document["externalURL"] == ""
    assert document["alerts"][0]["generatorURL"] == ""
    assert document["commonAnnotations"] == {"summary": "health-degraded on api"}


def test_signature_verifies_and_tampering_fails() -> None:
    body = webhook_body(notification([failed()]), Links(), "flightdeck")
    signature = sign(body, "s3cret")
    assert signature.startswith("sha256=") and len(signature) == len("sha256=") + 64
    assert verify(body, signature, "s3cret")
    assert not verify(body.replace(b"checkout", b"checkou7"), signature, "s3cret")
    assert not verify(body, signature, "other secret")
    assert not verify(body, None, "s3cret") and not verify(body, "", "s3cret")
    assert not verify(body, signature.replace("sha256=", "sha1="), "s3cret")


def test_headers_sign_only_with_a_secret() -> None:
    plain = WebhookChannel.model_validate({"type": "webhook", "url": "https://hooks.example/x"})
    signed = resolve_secrets(plain.model_copy(update={"secret": "${HOOK_SECRET}"}), {"HOOK_SECRET": "s3cret"})
    body = b'{"a":1}'
    headers = webhook_headers(plain, body, "n-1")
    assert headers == {
        "Content-Type": "application/json",
        "User-Agent": "flightdeck-alerter",
        "X-Flightdeck-Notification-Id": "n-1",
    }
    headers = webhook_headers(signed, body, "n-1")
    assert headers["X-Flightdeck-Signature"] == sign(body, "s3cret")
    assert verify(body, headers["X-Flightdeck-Signature"], "s3cret")
