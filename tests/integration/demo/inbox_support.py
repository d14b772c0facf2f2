"""What the demo inbox tests share: the alert the alerter sends about, an inbox started (and stopped) for each test,
an HTTP client, and the inbox's JSON lines."""

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cli.demo.inbox import Inbox
from services.alerter.channels.http_client import HttpClient
from services.alerter.domain.alert import Alert, Links, Notification

FAILED = Alert(
    fingerprint="3f2a9c1d7e8b4a60",
    name="deployment-failed",
    severity="critical",
    environment="staging",
    service="checkout",
    deployment_id="d-3",
    summary="checkout failed to deploy: migrate exited with 3",
    details={"step": "migrate", "exit_code": "3"},
    starts_at=1_700_000_000.0,
    event_id="e-1",
)
NOTE = Notification(
    id="n-1",
    channel="ops",
    group_key="g-1",
    group_labels={"deployment_id": "d-3"},
    kind="new",
    firing=[FAILED],
    created_at=1_700_000_030.0,
)
LINKS = Links(deployment="http://127.0.0.1:8704/deployments/d-3")
HEADLINE = "[CRITICAL] deployment-failed in staging: checkout (deployment d-3)"


@pytest.fixture(name="inbox")
async def inbox_fixture(tmp_path: Path) -> AsyncIterator[Inbox]:
    made = Inbox(tmp_path / "inbox")
    await made.start()
    yield made  # stopped even when the test fails
    await made.stop()


@pytest.fixture(name="client")
async def client_fixture() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as made:
        yield made


@pytest.fixture(name="sender")
async def sender_fixture() -> AsyncIterator[HttpClient]:
    """The alerter's own HTTP client, as its Slack and webhook channels send with it."""
    made = HttpClient()
    try:
        yield made
    finally:
        await made.aclose()


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
