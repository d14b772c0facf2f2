"""How many login attempts are let through before the next attempt waits: per user name (guessing one password)
and per client address (trying many names), each in a window that starts at its first failure."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LoginLimit:
    per_name: int = 5
    per_address: int = 100  # attempts, successes too: an office behind one address signs in often
    window_s: int = 900

    def retry_after(self, name_failures: int, name_ttl_s: float, address_failures: int, address_ttl_s: float) -> int:
        """Seconds to wait before trying again (0: go ahead), from the failures counted so far and how long their
        windows still run."""
        waits = [0.0]
        if name_failures >= self.per_name:
            waits.append(name_ttl_s)
        if address_failures >= self.per_address:
            waits.append(address_ttl_s)
        wait = max(waits)
        return max(1, int(wait + 0.999)) if wait > 0 else 0
