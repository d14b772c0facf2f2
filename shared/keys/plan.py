"""The numbered plan revisions' keys, written by `flightdeck plan apply` and read by every service."""

from dataclasses import dataclass

from shared.streams import Keys


@dataclass(frozen=True)
class PlanKeys:
    base: str

    @classmethod
    def of(cls, keys: Keys) -> "PlanKeys":
        return cls(f"{keys.prefix}:plan")

    @property
    def counter(self) -> str:
        """The last revision number given out: numbers stay gapless."""
        return f"{self.base}:counter"

    def revision(self, number: int) -> str:
        """hash of one revision: text, source, sha256, applied_at."""
        return f"{self.base}:rev:{number}"

    @property
    def current(self) -> str:
        """The number of the revision services use now."""
        return f"{self.base}:current"
