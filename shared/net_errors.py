"""Sentences for the usual network failures, for anything that talks to other machines (the monitor's probes, the
verifier's checks): what an event or a report says instead of a traceback."""

import errno
import socket
import ssl

HUNG_UP = "server closed the connection without answering"


def timed_out(timeout_s: float) -> str:
    return f"timed out after {timeout_s:g}s"


def describe(exc: BaseException) -> str | None:
    """A sentence for the usual network failures, found anywhere in the exception's chain (httpx and aiohttp both wrap
    the OSError or SSLError that says what happened); None when nothing in it is recognisable."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        found = _one(current)
        if found:
            return found
        current = current.__cause__ or current.__context__
    return None


def _one(exc: BaseException) -> str | None:
    # SSLError's reason and verify_message exist only when OpenSSL raised it: read them with getattr
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted: {getattr(exc, 'verify_message', None) or exc}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {getattr(exc, 'reason', None) or exc}"
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve host: {exc.strerror or exc}"
    if isinstance(exc, ConnectionRefusedError) or _errno(exc) == errno.ECONNREFUSED:
        return "connection refused"
    if isinstance(exc, ConnectionResetError) or _errno(exc) == errno.ECONNRESET:
        return "connection reset by peer"
    if _errno(exc) in (errno.EHOSTUNREACH, errno.ENETUNREACH):
        return f"host unreachable: {exc}"
    # asyncio folds the failed attempts at several addresses into one OSError without an errno ("Multiple exceptions:
    # [Errno 111] Connect call failed ...")
    if isinstance(exc, OSError) and f"[Errno {errno.ECONNREFUSED}]" in str(exc):
        return "connection refused"
    return None


def _errno(exc: BaseException) -> int | None:
    return exc.errno if isinstance(exc, OSError) else None


def brief(exc: BaseException) -> str:
    """Last resort: the exception's type and message, short enough for an event."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."
