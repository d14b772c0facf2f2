"""Acknowledge links from Slack and e-mail: GET shows the alert and a button (mail scanners follow links, so a GET
changes nothing); POST, with the same signature, publishes alert-acknowledged, which stops the escalation."""

import json
from html import escape
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from shared.bus.publisher import EventPublisher
from shared.events import AlertAcknowledged
from shared.events.alerting import AlertAcknowledgedPayload
from shared.keys.alerter import AlerterKeys

from .links import LinkMaker

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>{title}</h1>{body}</body></html>"""


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title=escape(title), body=body), status_code=status)


def ack_routes(links: LinkMaker, publisher: EventPublisher, keys: AlerterKeys) -> list[Route]:
    async def check(request: Request) -> tuple[str, str, str, bool]:
        fingerprint = request.path_params["fingerprint"]
        expires, signature = request.query_params.get("expires", ""), request.query_params.get("signature", "")
        return fingerprint, expires, signature, await links.valid(fingerprint, expires, signature)

    async def show(request: Request) -> HTMLResponse:
        fingerprint, expires, signature, valid = await check(request)
        if not valid:
            return _refused(fingerprint)
        raw = await links.redis.hget(keys.alerts, fingerprint)
        summary = json.loads(raw)["summary"] if raw else "This alert is no longer firing."
        acked = await links.redis.hget(keys.acks, fingerprint)
        already = f"<p>Already acknowledged by {escape(json.loads(acked)['by'])}.</p>" if acked else ""
        form = (
            f'<form method="post" action="?expires={escape(expires)}&amp;signature={escape(signature)}">'
            '<label>Your name <input name="by" autocomplete="name" required></label> '
            '<button type="submit">Acknowledge</button></form>'
        )
        return _page("Acknowledge alert", f"<p>{escape(summary)}</p>{already}{form}")

    async def acknowledge(request: Request) -> HTMLResponse:
        fingerprint, _, _, valid = await check(request)
        if not valid:
            return _refused(fingerprint)
        form = parse_qs((await request.body()).decode(errors="replace"))  # a plain form: no multipart parser needed
        by = (form.get("by") or [""])[0].strip()[:200] or "someone with the link"
        await publisher.publish(
            AlertAcknowledged(payload=AlertAcknowledgedPayload(fingerprint=fingerprint, by=by, via="link"))
        )
        return _page("Acknowledged", f"<p>Thank you, {escape(by)}: escalation of this alert stops.</p>")

    return [
        Route("/alerts/{fingerprint}/ack", show, methods=["GET"]),
        Route("/alerts/{fingerprint}/ack", acknowledge, methods=["POST"]),
    ]


def _refused(fingerprint: str) -> HTMLResponse:
    body = (
        "<p>This acknowledge link is not valid or has expired.</p>"
        f"<p>Acknowledge from a terminal instead: <code>flightdeck alerts ack {escape(fingerprint)}</code></p>"
    )
    return _page("Link not valid", body, status=403)
