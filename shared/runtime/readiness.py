"""Readiness beyond the runtime's own: a service adds checks of what only it knows (the dashboard: whether its read
model is complete or still being rebuilt), each an async callable answering {name: "pass" | reason}. They are merged
into /health/ready beside Redis and consuming, so a load balancer sends no traffic to a replica that would answer
with half its data."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence

Check = Callable[[], Awaitable[dict[str, str]]]
CHECK_TIMEOUT_S = 2.0


async def run_checks(checks: Sequence[Check]) -> dict[str, str]:
    """Every check's answers together. A check that fails or hangs is not ready under its own name, with the kind
    of failure only: an exception's message can carry a URL with its password."""
    results: dict[str, str] = {}
    for check in checks:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT_S):
                results.update(await check())
        except Exception as exc:
            results[getattr(check, "__name__", "check")] = f"the check failed: {type(exc).__name__}"
    return results
