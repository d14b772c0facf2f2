"""The checks of one service (smoke, performance, security) run against its new version, into CheckResults."""

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import aiohttp

from shared.events.verification import CheckResult
from shared.plan.services import Service
from shared.plan.smoke import SmokeRequest
from shared.plan.verification import Performance, Security

from ..domain.verification import regression, security
from ..domain.verification.reply import Mismatch, excerpt
from ..domain.verification.report import outcome
from .baselines import Baselines, NoBaselines
from .client import send
from .load import run_load
from .prepared import Prepared
from .scanner import run_scanner, shown
from .smoke import prepared_or_mismatch, run_smoke
from .tls import certificate


@dataclass(frozen=True)
class Target:
    """One service to verify: its settings in the environment, the version deployed and the one it replaced."""

    environment: str
    service: str
    version: str
    previous: str | None
    settings: Service

    @property
    def values(self) -> dict[str, str | None]:
        return {
            "service": self.service,
            "version": self.version,
            "previous_version": self.previous,
            "environment": self.environment,
        }


async def smoke(client: aiohttp.ClientSession, target: Target, env: Mapping[str, str]) -> list[CheckResult]:
    requests = target.settings.verification.smoke
    return list(await asyncio.gather(*(run_smoke(client, r, target.values, env, target.service) for r in requests)))


async def performance(
    client: aiohttp.ClientSession,
    target: Target,
    env: Mapping[str, str],
    baselines: Baselines | NoBaselines,
    record: bool,
) -> CheckResult | None:
    plan = target.settings.verification.performance
    if plan is None:
        return None
    loaded = _loaded(target, plan)
    prepared = [prepared_or_mismatch(r, target.values, env) for r in loaded]
    name = f"load ({plan.requests} requests, {plan.concurrency} at a time)"
    unready = [p for p in prepared if isinstance(p, Mismatch)]
    if not loaded or unready:
        why = unready or [Mismatch("a performance url or a GET smoke request", "neither in the plan")]
        return outcome("performance", name, target.service, why)
    requests = [p for p in prepared if isinstance(p, Prepared)]
    load = await run_load(client, requests, plan, target.version)
    previous = await baselines.get(target.environment, target.service, target.previous)
    verdict = regression.judge(load, previous, plan)
    if previous is None and not record and verdict.passed:
        verdict = replace(verdict, detail=f"no baseline of {target.previous or target.version} to compare with")
    if verdict.passed and record:
        await baselines.record(target.environment, target.service, load, time.time())
    versions = {"current": target.version, **({"previous": target.previous} if previous is not None else {})}
    failed = [] if verdict.passed else [Mismatch("no regression", verdict.detail)]
    result = outcome("performance", name, target.service, failed, requests[0].reproduce, verdict.detail)
    return result.model_copy(update={"figures": verdict.figures, "versions": versions, "detail": verdict.detail})


def _loaded(target: Target, plan: Performance) -> list[SmokeRequest]:
    if plan.url is not None:
        return [SmokeRequest(url=plan.url)]
    return [r for r in target.settings.verification.smoke if r.method == "GET"]


async def secure(client: aiohttp.ClientSession, target: Target, env: Mapping[str, str]) -> list[CheckResult]:
    plan = target.settings.verification.security
    if plan is None:
        return []
    results = await _web_facing(client, target, env, plan)
    for url in plan.require_auth:
        results.append(await _auth_required(client, target, env, url))
    if plan.scanner is not None:
        found, tail = await run_scanner(plan.scanner, target.values, env, plan.scanner_timeout)
        command = shown(plan.scanner, target.values)
        name = f"scanner {plan.scanner[0]}"
        results.append(outcome("security", name, target.service, found, command, excerpt(tail, 500)))
    return results


async def _web_facing(
    client: aiohttp.ClientSession, target: Target, env: Mapping[str, str], plan: Security
) -> list[CheckResult]:
    smoke_urls = [r.url for r in target.settings.verification.smoke]
    url = plan.url or (smoke_urls[0] if smoke_urls else None)
    if url is None:
        return [outcome("security", "security", target.service, [Mismatch("a security url", "none in the plan")])]
    prepared = prepared_or_mismatch(SmokeRequest(url=url), target.values, env)
    if isinstance(prepared, Mismatch):
        return [outcome("security", "security", target.service, [prepared])]
    https = prepared.url.startswith("https://")
    asked = {"security-headers", "no-server-banner"} & set(plan.checks)
    reply = await send(client, prepared, 10.0) if asked else None
    results = []
    if reply is not None and "security-headers" in plan.checks:
        found = [Mismatch("an answer", reply.error)] if reply.error else security.header_mismatches(reply, https)
        results.append(outcome("security", "security headers", target.service, found, prepared.reproduce))
    if reply is not None and "no-server-banner" in plan.checks:
        found = [Mismatch("an answer", reply.error)] if reply.error else security.banner_mismatches(reply)
        results.append(outcome("security", "no server version", target.service, found, prepared.reproduce))
    if "tls" in plan.checks and https:
        cert = await certificate(prepared.url)
        mismatch, described = security.certificate_mismatch(cert, datetime.now(UTC), plan.min_certificate_days)
        found = [mismatch] if mismatch else []
        results.append(outcome("security", "TLS certificate", target.service, found, prepared.reproduce, described))
    return results


async def _auth_required(
    client: aiohttp.ClientSession, target: Target, env: Mapping[str, str], url: str
) -> CheckResult:
    prepared = prepared_or_mismatch(SmokeRequest(url=url), target.values, env)
    name = f"requires authentication: {url}"
    if isinstance(prepared, Mismatch):
        return outcome("security", name, target.service, [prepared])
    mismatch = security.auth_mismatch(await send(client, prepared, 10.0))
    return outcome("security", name, target.service, [mismatch] if mismatch else [], prepared.reproduce)
