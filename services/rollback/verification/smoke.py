"""Runs one smoke request or integration check, with its retry budget, into a CheckResult."""

import asyncio
from collections.abc import Mapping

import aiohttp

from shared.events.verification import CheckKind, CheckResult
from shared.plan.placeholders import RenderError
from shared.plan.smoke import SmokeRequest

from ..domain.verification.expectations import filled, mismatches
from ..domain.verification.reply import Mismatch, Reply
from ..domain.verification.report import outcome
from .client import send
from .prepared import Prepared, prepare

DEFAULT_TIMEOUT_S = 10.0


def timeout_of(request: SmokeRequest) -> float:
    return max(DEFAULT_TIMEOUT_S, 2 * (request.expect.max_latency or 0.0))


def prepared_or_mismatch(
    request: SmokeRequest, values: Mapping[str, str | None], env: Mapping[str, str]
) -> Prepared | Mismatch:
    try:
        return prepare(request, values, env)
    except RenderError as exc:
        return Mismatch("a request Flightdeck can fill in", f"{exc} (in the rollback service's environment)")


async def run_smoke(
    client: aiohttp.ClientSession,
    request: SmokeRequest,
    values: Mapping[str, str | None],
    env: Mapping[str, str],
    service: str | None,
    kind: CheckKind = "smoke",
) -> CheckResult:
    prepared = prepared_or_mismatch(request, values, env)
    if isinstance(prepared, Mismatch):
        return outcome(kind, request.label, service, [prepared])
    expect = filled(request.expect, values)
    reply, found, tries = Reply(), [Mismatch("an answer", "no try")], 0
    while found and tries <= request.retries:
        if tries:
            await asyncio.sleep(request.retry_delay)
        reply = await send(client, prepared, timeout_of(request))
        found, tries = mismatches(expect, reply), tries + 1
    after = f" (try {tries} of {request.retries + 1})" if tries > 1 else ""
    if found and tries > 1:
        found = [*found[:-1], Mismatch(found[-1].expected, found[-1].actual + after)]
    took = f"HTTP {reply.status} in {reply.latency_s * 1000:.0f} ms{after}"
    return outcome(kind, request.label, service, found, prepared.reproduce, took)
