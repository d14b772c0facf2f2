"""The dashboard's users, sessions and API tokens in Redis. Kept apart from the read model (DashboardKeys): the
read model can be thrown away and rebuilt from the events, these cannot. No key holds a secret in the clear:
passwords are argon2 hashes, session ids and token secrets are stored as their SHA-256."""

from dataclasses import dataclass

from shared.streams import Keys


@dataclass(frozen=True)
class AuthKeys:
    base: str

    @classmethod
    def of(cls, keys: Keys) -> "AuthKeys":
        return cls(f"{keys.prefix}:dashboard:auth")

    def user(self, name: str) -> str:
        """string: the user (UserRecord JSON: role, environments, password hash)."""
        return f"{self.base}:user:{name}"

    @property
    def users(self) -> str:
        """set: every user's name."""
        return f"{self.base}:users"

    def session(self, digest: str) -> str:
        """string, expiring when idle: a browser session (SessionRecord JSON), by the SHA-256 of its id."""
        return f"{self.base}:session:{digest}"

    def sessions_of(self, user: str) -> str:
        """set: the digests of the user's sessions, some perhaps expired since (pruned as it is read), so a new
        password, a demotion or a removal ends them all."""
        return f"{self.base}:sessions-of:{user}"

    def token(self, token_id: str) -> str:
        """string: an API token (TokenRecord JSON with the SHA-256 of its secret), by its public id."""
        return f"{self.base}:token:{token_id}"

    def token_used(self, token_id: str) -> str:
        """string: when the token was last used (ISO time), apart from the token so noting a use never races a
        revocation."""
        return f"{self.base}:token-used:{token_id}"

    @property
    def tokens(self) -> str:
        """set: every token's id."""
        return f"{self.base}:tokens"

    def failures(self, kind: str, who: str) -> str:
        """string counter, expiring at the end of its window: failed logins of one user name or one address."""
        return f"{self.base}:failures:{kind}:{who}"
