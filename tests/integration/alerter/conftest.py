"""An alerter running in the test's loop against real Redis, with its plan's channels pointing at real receivers."""

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from services.alerter.app import DEFINITION
from services.alerter.channels.http_client import HttpClient
from shared.runtime.service import ServiceRuntime
from tests.support.alerting import SECRET, alerting_plan
from tests.support.inprocess import running
from tests.support.receivers import Receiver, receiver

from .channel_world import PASSWORD, SECRET_PATH, seen

Alerter = Callable[..., AbstractAsyncContextManager[ServiceRuntime]]


@pytest.fixture
async def hook() -> AsyncIterator[Receiver]:
    async with receiver() as made:
        yield made


@pytest.fixture
def alerter(redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Alerter:
    """alerter(channels, **alerting) runs the alerter with that plan until the block ends."""
    monkeypatch.setenv("HOOK_SECRET", SECRET)

    @asynccontextmanager
    async def start(channels: dict[str, Any], **alerting: Any) -> AsyncIterator[ServiceRuntime]:
        plan = alerting_plan(tmp_path, channels, **alerting)
        async with running(DEFINITION, redis_url, plan_file=plan, alert_lease=5) as runtime:
            yield runtime

    return start


@pytest.fixture
async def http_client() -> AsyncIterator[HttpClient]:
    """The alerter's own HTTP client, as its channels send with it."""
    made = HttpClient()
    try:
        yield made
    finally:
        await made.aclose()


@pytest.fixture
def no_secret_in_any_outcome() -> Iterator[None]:
    """After the test: no channel outcome it saw (channel_world.seen) names the webhook URL (or its token) or the
    SMTP password."""
    seen.clear()
    yield
    for outcome in seen:
        text = outcome.model_dump_json()
        assert SECRET_PATH not in text and "xoxsecrettoken" not in text and PASSWORD not in text, text
        assert "127.0.0.1:" not in text or "mail server" in text, text  # the SMTP host may be named; URLs never
