"""Security rules over a response and a certificate (pure): the headers a web-facing service sends, whether it
leaks its server version, how long its certificate has left, and whether a protected endpoint refuses a stranger."""

import re
from dataclasses import dataclass
from datetime import datetime

from .reply import Mismatch, Reply

_VERSIONED = re.compile(r"\d")
_LEAKY = ("x-powered-by", "x-aspnet-version", "x-aspnetmvc-version")


def header_mismatches(reply: Reply, https: bool) -> list[Mismatch]:
    found = []
    if https:
        hsts = reply.header("strict-transport-security") or ""
        age = re.search(r"max-age=(\d+)", hsts)
        if age is None or int(age.group(1)) == 0:
            found.append(Mismatch("Strict-Transport-Security with a max-age", hsts or "no such header"))
    policy = reply.header("content-security-policy")
    if not policy:
        found.append(Mismatch("a Content-Security-Policy header", "no such header"))
    sniff = reply.header("x-content-type-options") or ""
    if sniff.strip().lower() != "nosniff":
        found.append(Mismatch("X-Content-Type-Options: nosniff", sniff or "no such header"))
    frames = (reply.header("x-frame-options") or "").strip().upper()
    if frames not in ("DENY", "SAMEORIGIN") and "frame-ancestors" not in (policy or ""):
        got = f"X-Frame-Options: {frames}" if frames else "neither X-Frame-Options nor frame-ancestors"
        found.append(Mismatch("frame protection (X-Frame-Options or CSP frame-ancestors)", got))
    return found


def banner_mismatches(reply: Reply) -> list[Mismatch]:
    found = []
    server = reply.header("server")
    if server and _VERSIONED.search(server):
        found.append(Mismatch("a Server header without a version", f"Server: {server}"))
    for name in _LEAKY:
        value = reply.header(name)
        if value:
            found.append(Mismatch(f"no {name} header", f"{name}: {value}"))
    return found


@dataclass(frozen=True)
class Certificate:
    """What a TLS handshake showed: the certificate's end of validity (read even when it is not trusted), and why
    the system does not trust it, if it does not."""

    not_after: datetime | None = None
    subject: str = ""
    untrusted: str | None = None


def certificate_mismatch(cert: Certificate, now: datetime, min_days: int) -> tuple[Mismatch | None, str]:
    """A mismatch or None, and a sentence of what the certificate is (for the report either way)."""
    if cert.not_after is None:
        return Mismatch("a TLS certificate", cert.untrusted or "no certificate"), "no certificate"
    days = (cert.not_after - now).total_seconds() / 86400
    shown = f"{cert.subject or 'the certificate'} valid until {cert.not_after:%Y-%m-%d %H:%M} UTC"
    if days < 0:
        return Mismatch("a certificate that has not expired", f"one that expired {-days:.0f} days ago"), shown
    if days < min_days:
        return Mismatch(f"at least {min_days} days before it expires", f"{days:.1f} days left"), shown
    if cert.untrusted is not None:
        return Mismatch("a certificate the system trusts", cert.untrusted), shown
    return None, f"{shown} ({days:.0f} days left)"


def auth_mismatch(reply: Reply) -> Mismatch | None:
    if reply.status in (401, 403):
        return None
    got = reply.error or f"HTTP {reply.status} to a request without credentials"
    return Mismatch("HTTP 401 or 403 without credentials", got)
