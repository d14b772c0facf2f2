"""A service's performance and security checks against real servers, baselines in a real Redis: a slower version
fails its regression check while an equally fast one passes; missing headers, expired and soon-expiring certificates,
an open protected endpoint and a failing scanner are reported."""

import datetime
import sys
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import aiohttp
import pytest
from redis.asyncio import Redis

from services.rollback.verification.baselines import Baselines
from services.rollback.verification.checks import Target, performance, secure
from services.rollback.verification.client import session
from shared.plan.services import Service as ServiceModel
from shared.streams import Keys
from tests.support.asgi_server import serving
from tests.support.certs import self_signed, tls_server
from tests.support.tls import certificates
from tests.support.verify_app import Service

SAFE = {"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}


@pytest.fixture
async def api() -> AsyncIterator[tuple[Service, str]]:
    service = Service()
    async with serving(service.app) as base:
        yield service, base


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with session() as opened:
        yield opened


def target(version: str, previous: str | None, verification: Mapping[str, object]) -> Target:
    settings = ServiceModel.model_validate({"deploy": ["true"], "verification": verification})
    return Target("staging", "api", version, previous, settings)


async def test_a_slower_version_fails_against_the_baseline_and_an_equally_fast_one_passes(
    api: tuple[Service, str], client: aiohttp.ClientSession, redis_client: Redis
) -> None:
    service, base = api
    baselines = Baselines(redis_client, Keys("verify-perf"))
    plan = {"smoke": [{"url": f"{base}/v1/status"}], "performance": {"requests": 40, "concurrency": 4}}
    service.set("/v1/status", text="ok", delay_s=0.03)
    first = await performance(client, target("1.0", None, plan), {}, baselines, record=True)
    assert first is not None and first.passed and first.detail == "no baseline yet: recorded 1.0 as the baseline"
    service.set("/v1/status", text="ok", delay_s=0.1)
    slower = await performance(client, target("1.1", "1.0", plan), {}, baselines, record=True)
    assert slower is not None
    assert not slower.passed, slower.detail
    assert slower.detail.startswith("slower than 1.0: ")
    assert slower.versions == {"current": "1.1", "previous": "1.0"}
    p50 = {f.name: f for f in slower.figures}["p50_ms"]
    assert p50.previous is not None and p50.current > p50.previous * 2
    assert slower.reproduce == f"curl -sS -i {base}/v1/status"
    service.set("/v1/status", text="ok", delay_s=0.03)
    same = await performance(client, target("1.2", "1.0", plan), {}, baselines, record=True)
    assert same is not None
    assert same.passed, same.detail
    assert await baselines.get("staging", "api", "1.1") is None  # a regression is no baseline
    assert await baselines.get("staging", "api", "1.2") is not None


async def test_errors_under_load_fail_the_performance_check(
    api: tuple[Service, str], client: aiohttp.ClientSession, redis_client: Redis
) -> None:
    service, base = api
    service.set("/v1/status", status=500, text="boom")
    plan = {"performance": {"url": f"{base}/v1/status", "requests": 20}}
    result = await performance(client, target("1.0", None, plan), {}, Baselines(redis_client, Keys("v-err")), True)
    assert result is not None and not result.passed
    assert result.detail == "no request of the load was answered (20 errors)"


async def test_missing_security_headers_and_a_version_leak_are_reported(
    api: tuple[Service, str], client: aiohttp.ClientSession
) -> None:
    service, base = api
    service.set("/", text="home", headers={"Server": "nginx/1.25.3", "X-Content-Type-Options": "nosniff"})
    plan = {"security": {"url": f"{base}/", "checks": ["security-headers", "no-server-banner", "tls"]}}
    results = {r.name: r for r in await secure(client, target("1.0", None, plan), {})}
    assert set(results) == {"security headers", "no server version"}  # tls: an http URL has no certificate
    assert results["security headers"].detail == (
        "expected a Content-Security-Policy header, got no such header; expected frame protection "
        "(X-Frame-Options or CSP frame-ancestors), got neither X-Frame-Options nor frame-ancestors"
    )
    assert results["no server version"].actual == "Server: nginx/1.25.3"
    service.set("/", text="home", headers=SAFE)
    assert all(r.passed for r in await secure(client, target("1.0", None, plan), {}))


@pytest.mark.parametrize(
    ("days", "detail"),
    [
        (-2, "expected a certificate that has not expired, got one that expired 2 days ago"),
        (3, "expected at least 14 days before it expires, got 2.9 days left"),
        (60, "expected a certificate the system trusts, got not trusted: self-signed certificate"),
    ],
)
async def test_certificates_that_expired_will_expire_or_are_not_trusted_fail(
    tmp_path: Path, client: aiohttp.ClientSession, days: int, detail: str
) -> None:
    not_after = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days, hours=-2)
    cert, key = self_signed(tmp_path, not_after)
    async with tls_server(cert, key) as port:
        plan = {"security": {"url": f"https://localhost:{port}/", "checks": ["tls"]}}
        (result,) = await secure(client, target("1.0", None, plan), {})
    assert (result.name, result.passed, result.detail) == ("TLS certificate", False, detail)


async def test_a_protected_endpoint_that_answers_a_stranger_fails(
    api: tuple[Service, str], client: aiohttp.ClientSession
) -> None:
    service, base = api
    service.set("/admin", text="welcome")
    service.set("/private", status=401, text="sign in")
    plan = {"security": {"url": f"{base}/", "checks": [], "require_auth": [f"{base}/admin", f"{base}/private"]}}
    service.set("/", text="home", headers=SAFE)
    admin, private = await secure(client, target("1.0", None, plan), {})
    assert (admin.passed, admin.actual) == (False, "HTTP 200 to a request without credentials")
    assert admin.reproduce == f"curl -sS -i {base}/admin"
    assert private.passed


async def test_the_scanner_hook_reports_a_failing_command_and_its_output(client: aiohttp.ClientSession) -> None:
    script = "import sys; print('CVE-2026-0001 in libfoo 1.2 (token', sys.argv[1] + ')'); sys.exit(3)"
    plan = {
        "security": {
            "checks": [],
            "url": "http://127.0.0.1:1/",
            "scanner": [sys.executable, "-c", script, "${SCAN_TOKEN}"],
        }
    }
    (result,) = await secure(client, target("1.0", None, plan), {"SCAN_TOKEN": "hush-hush"})
    assert not result.passed
    assert result.expected == "the scanner to exit 0"
    assert result.actual.startswith("exit code 3: CVE-2026-0001 in libfoo 1.2")
    assert "hush-hush" not in result.model_dump_json()


async def test_a_trusted_certificate_passes_and_says_how_long_it_has(
    client: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = certificates()  # a test CA and a certificate for localhost it signed, valid for a day or two
    monkeypatch.setenv("SSL_CERT_FILE", made.ca_file)
    async with tls_server(Path(made.cert_file), Path(made.key_file)) as port:
        plan = {"security": {"url": f"https://localhost:{port}/", "checks": ["tls"], "min_certificate_days": 0}}
        (result,) = await secure(client, target("1.0", None, plan), {})
    assert result.passed, result.detail
    assert result.detail.startswith("CN=localhost valid until ") and result.detail.endswith(" days left)")
