"""Probe failures against real servers on 127.0.0.1: each becomes a fail result with its reason, never an exception
(only cancellation propagates); and connections are reused, including after a server closed an idle one."""

import asyncio
import ssl
import subprocess
from pathlib import Path

import pytest

from services.monitor.probing import Prober
from shared.ports import free_port
from tests.integration.monitor.test_probing_http import Server, serving
from tests.support.inprocess import eventually


async def test_a_huge_body_is_not_read_whole(server: Server, prober: Prober) -> None:
    result = await prober.probe(server.route("/ready", body=b"[" + b"0," * 600_000 + b"0]"), 5.0)
    assert (result.status, result.reason) == ("fail", "body larger than 256 KiB")


async def test_a_slow_endpoint_times_out(server: Server, prober: Prober) -> None:
    url = server.route("/slow", {"status": "pass"}, delay_s=5.0)
    result = await prober.probe(url, 0.2)
    assert (result.status, result.http_status, result.reason) == ("fail", None, "timed out after 0.2s")
    assert result.latency_ms >= 200 - 1  # it waited its whole timeout (a clock tick of slack), not less


async def test_connection_refused(prober: Prober) -> None:
    port = free_port()  # a port that was free a moment ago and has no listener now
    result = await prober.probe(f"http://127.0.0.1:{port}/health/ready", 2.0)
    assert (result.status, result.http_status, result.reason) == ("fail", None, "connection refused")


async def test_redirects_are_reported_not_followed(server: Server, prober: Prober) -> None:
    target = server.route("/moved", {"status": "pass"})
    result = await prober.probe(server.route("/ready", status=302, headers={"Location": target}), 2.0)
    assert (result.status, result.http_status, result.reason) == ("fail", 302, "HTTP 302 (redirect not followed)")
    assert server.requests.get("/moved", 0) == 0


async def test_a_server_hanging_up_without_answering_is_a_failure(server: Server, prober: Prober) -> None:
    result = await prober.probe(server.route("/ready", hang_up=True), 2.0)
    assert (result.status, result.http_status, result.reason) == (
        "fail",
        None,
        "server closed the connection without answering",
    )


async def test_tls_to_a_plain_http_port_is_a_tls_failure(server: Server, prober: Prober) -> None:
    result = await prober.probe(f"https://127.0.0.1:{server.port}/ready", 2.0)
    assert result.status == "fail" and result.reason.startswith("TLS error: ")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("not a url", "invalid URL: "),
        ("ftp://x/y", "invalid URL: "),
        ("http://no-such-host.invalid/", "cannot resolve host: "),
    ],
)
async def test_bad_urls_fail_without_raising(prober: Prober, url: str, reason: str) -> None:
    result = await prober.probe(url, 2.0)
    assert result.status == "fail" and result.reason.startswith(reason)


async def test_cancellation_propagates(server: Server, prober: Prober) -> None:
    task = asyncio.create_task(prober.probe(server.route("/slow", {"status": "pass"}, delay_s=5.0), 10.0))
    await eventually(lambda: server.requests.get("/slow", 0) > 0)  # the request is in the server's hands
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


@pytest.fixture
def self_signed(tmp_path: Path) -> ssl.SSLContext:
    """A server-side TLS context with a certificate nobody trusts (openssl ships with Debian and Ubuntu)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    return tls


async def test_an_untrusted_certificate_is_a_tls_failure(self_signed: ssl.SSLContext, prober: Prober) -> None:
    with serving(self_signed) as server:
        result = await prober.probe(server.route("/ready", {"status": "pass"}).replace("http:", "https:"), 2.0)
    assert (result.status, result.http_status) == ("fail", None)
    assert result.reason.startswith("TLS certificate not trusted: "), result.reason


async def test_concurrent_probes_reuse_few_connections(server: Server, prober: Prober) -> None:
    urls = [server.route(f"/svc/{n}/ready", {"status": "pass"}) for n in range(25)]
    for _ in range(20):  # 20 rounds of 25 probes side by side
        results = await asyncio.gather(*(prober.probe(url, 5.0) for url in urls))
        assert [r.status for r in results] == ["pass"] * 25
    assert sum(server.requests.values()) == 500
    assert server.connections <= 25  # at most one per probe of a round, then kept alive across rounds


async def test_a_connection_the_server_closed_while_idle_is_not_a_failure(server: Server, prober: Prober) -> None:
    url = server.route("/ready", {"status": "pass"}, close_after=True)  # answers keep-alive, then hangs up anyway
    results = [await prober.probe(url, 2.0) for _ in range(10)]
    assert [(r.status, r.reason) for r in results] == [("pass", "")] * 10
    assert server.connections == 10
