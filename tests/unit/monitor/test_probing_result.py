"""ProbeResult's meaning (ok, evidence) and how network errors become sentences, wherever they sit in a chain."""

import dataclasses
import errno
import socket
import ssl

import pytest

from services.monitor.probing import ProbeResult
from shared.net_errors import brief, describe, timed_out


def result(status: str, **changes: object) -> ProbeResult:
    base = ProbeResult(status, 12.5, 200, "1.4.2", (), "", 1_700_000_000.0)  # type: ignore[arg-type]
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("status", "ok"), [("pass", True), ("warn", True), ("fail", False)])
def test_ok_means_serving(status: str, ok: bool) -> None:
    assert result(status).ok is ok
    assert result(status).evidence().ok is ok


def test_evidence_carries_what_a_person_needs() -> None:
    failed = result("fail", http_status=None, version=None, failing_checks=("db", "redis"), reason="timed out after 2s")
    assert failed.evidence().model_dump() == {
        "ok": False,
        "latency_ms": 12.5,
        "http_status": None,
        "version": None,
        "reason": "timed out after 2s",
        "failing_checks": ["db", "redis"],
    }


def test_results_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        result("pass").status = "fail"  # type: ignore[misc]


def chained(inner: BaseException) -> Exception:
    """An adapter's exception wrapping a library's wrapping the OS error, as httpx and aiohttp raise them."""
    try:
        try:
            raise inner
        except BaseException as exc:
            raise RuntimeError("library") from exc
    except RuntimeError as exc:
        try:
            raise ValueError("adapter") from exc
        except ValueError as outer:
            return outer


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "connection refused"),
        (OSError(errno.ECONNREFUSED, "Connect call failed"), "connection refused"),
        (OSError("Multiple exceptions: [Errno 111] Connect call failed ('127.0.0.1', 1)"), "connection refused"),
        (ConnectionResetError(errno.ECONNRESET, "reset"), "connection reset by peer"),
        (OSError(errno.EHOSTUNREACH, "No route to host"), "host unreachable: [Errno 113] No route to host"),
        (
            socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
            "cannot resolve host: Name or service not known",
        ),
        (ssl.SSLError(1, "wrong version number"), "TLS error: wrong version number"),
    ],
)
def test_network_errors_are_found_anywhere_in_the_chain(error: BaseException, sentence: str) -> None:
    assert describe(error) == sentence
    assert describe(chained(error)) == sentence


def test_an_unknown_error_is_left_to_the_adapter() -> None:
    assert describe(chained(KeyError("x"))) is None
    assert brief(KeyError("x")) == "KeyError: 'x'"
    assert len(brief(RuntimeError("y" * 1000))) == 160


def test_timeouts_read_naturally() -> None:
    assert (timed_out(2.0), timed_out(0.25), timed_out(10)) == (
        "timed out after 2s",
        "timed out after 0.25s",
        "timed out after 10s",
    )
