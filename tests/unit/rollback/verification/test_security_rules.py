"""Security rules over plain replies and certificates."""

from datetime import UTC, datetime, timedelta

from services.rollback.domain.verification.reply import Reply
from services.rollback.domain.verification.security import (
    Certificate,
    auth_mismatch,
    banner_mismatches,
    certificate_mismatch,
    header_mismatches,
)

SAFE = {
    "strict-transport-security": "max-age=31536000",
    "content-security-policy": "default-src 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "server": "flightdeck",
}
NOW = datetime(2026, 12, 6, tzinfo=UTC)


def test_a_well_configured_service_passes() -> None:
    assert header_mismatches(Reply(200, SAFE), https=True) == []
    assert banner_mismatches(Reply(200, SAFE)) == []


def test_each_missing_header_is_named() -> None:
    found = [m.sentence() for m in header_mismatches(Reply(200, {}), https=True)]
    assert found == [
        "expected Strict-Transport-Security with a max-age, got no such header",
        "expected a Content-Security-Policy header, got no such header",
        "expected X-Content-Type-Options: nosniff, got no such header",
        "expected frame protection (X-Frame-Options or CSP frame-ancestors), "
        "got neither X-Frame-Options nor frame-ancestors",
    ]


def test_hsts_is_only_asked_of_https_and_frame_ancestors_protects_frames() -> None:
    headers = {"content-security-policy": "frame-ancestors 'none'", "x-content-type-options": "nosniff"}
    assert header_mismatches(Reply(200, headers), https=False) == []
    assert [
        m.expected for m in header_mismatches(Reply(200, {**headers, "strict-transport-security": "max-age=0"}), True)
    ] == ["Strict-Transport-Security with a max-age"]


def test_a_server_version_leak_is_reported() -> None:
    leaky = {"server": "nginx/1.25.3", "x-powered-by": "Express"}
    assert [m.actual for m in banner_mismatches(Reply(200, leaky))] == ["Server: nginx/1.25.3", "x-powered-by: Express"]


def test_certificates_expired_soon_to_expire_untrusted_and_good() -> None:
    def check(days: float, untrusted: str | None = None) -> str:
        cert = Certificate(not_after=NOW + timedelta(days=days), subject="CN=api", untrusted=untrusted)
        mismatch, shown = certificate_mismatch(cert, NOW, 14)
        return mismatch.sentence() if mismatch else shown

    assert check(-3) == "expected a certificate that has not expired, got one that expired 3 days ago"
    assert check(2.5) == "expected at least 14 days before it expires, got 2.5 days left"
    assert check(90, "not trusted: self-signed certificate") == (
        "expected a certificate the system trusts, got not trusted: self-signed certificate"
    )
    assert check(90) == "CN=api valid until 2027-03-06 00:00 UTC (90 days left)"


def test_a_protected_endpoint_must_refuse_a_stranger() -> None:
    assert auth_mismatch(Reply(401)) is None and auth_mismatch(Reply(403)) is None
    mismatch = auth_mismatch(Reply(200))
    assert mismatch is not None and mismatch.sentence() == (
        "expected HTTP 401 or 403 without credentials, got HTTP 200 to a request without credentials"
    )
