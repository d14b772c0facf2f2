"""Reads an https endpoint's certificate: its end of validity even when it is not trusted (expired or self-signed),
and whether the system's trust store (SSL_CERT_FILE where set) accepts it for that host."""

import asyncio
import ssl
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.x509.oid import NameOID

from shared.net_errors import brief, describe, timed_out

from ..domain.verification.security import Certificate

TIMEOUT_S = 10.0


async def certificate(url: str, timeout_s: float = TIMEOUT_S) -> Certificate:
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 443
    try:
        async with asyncio.timeout(timeout_s):
            der = await _handshake(host, port, _unverified())
            untrusted = await _untrusted(host, port)
    except TimeoutError:
        return Certificate(untrusted=f"TLS handshake with {host}:{port} {timed_out(timeout_s)}")
    except OSError as exc:
        return Certificate(untrusted=f"no TLS handshake with {host}:{port}: {describe(exc) or brief(exc)}")
    if der is None:
        return Certificate(untrusted=f"{host}:{port} showed no certificate")
    cert = x509.load_der_x509_certificate(der)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    subject = f"CN={names[0].value!s}" if names else cert.subject.rfc4514_string()
    return Certificate(not_after=cert.not_valid_after_utc, subject=subject, untrusted=untrusted)


def _unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # only to read the dates; trust is decided by the second handshake
    return context


async def _handshake(host: str, port: int, context: ssl.SSLContext) -> bytes | None:
    _reader, writer = await asyncio.open_connection(host, port, ssl=context, server_hostname=host)
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        return ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    finally:
        writer.close()
        await asyncio.gather(writer.wait_closed(), return_exceptions=True)


async def _untrusted(host: str, port: int) -> str | None:
    try:
        await _handshake(host, port, ssl.create_default_context())
    except ssl.SSLCertVerificationError as exc:
        return f"not trusted: {exc.verify_message}"
    except ssl.SSLError as exc:
        return f"TLS failed: {exc.reason or exc}"
    return None
