"""What a provider raises when it cannot give a figure, in words that never carry a credential."""

from urllib.parse import urlsplit, urlunsplit


class ProviderError(RuntimeError):
    """A provider failed; str() says which provider, what it was asked and why, fit for an event or a log."""

    def __init__(self, provider: str, reason: str, subject: str | None = None) -> None:
        self.provider = provider
        self.reason = reason
        self.subject = subject  # the query or the URL it was asked about
        about = f" {subject}" if subject else ""
        super().__init__(f"{provider}{about}: {reason}")


def redact(url: str) -> str:
    """url without user, password, query and fragment: what may appear in a message about it."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "(an unparsable URL)"
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
