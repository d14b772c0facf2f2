"""What a check's request got back, as plain values (pure)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reply:
    """An answer (status, headers with lowercase names, body text, seconds taken), or the error that stopped it."""

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    text: str = ""
    latency_s: float = 0.0
    error: str | None = None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Mismatch:
    expected: str
    actual: str

    def sentence(self) -> str:
        return f"expected {self.expected}, got {self.actual}"


def excerpt(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
