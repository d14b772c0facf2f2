"""Finding lines in a deployment's command log where the log is: a Lua script scans it in Redis and sends back one
line, instead of the whole log crossing to Python for every hit of a search. The script's word test (no letter or
digit either side) is looser than the index's terms, so each line it finds is checked here, and the scan goes on
past one that fails."""

from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain.terms import matches, terms
from shared.keys.dashboard import DashboardKeys
from shared.text import text

from . import scripts

SCAN_LINES = 10_000  # the most one search reads of one log (the coordinator keeps about that many)
RETRIES = 3

Found = tuple[str, str, str]  # the line's stream id, its service, the line


class LogScanner:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.keys = redis, keys
        self._first = redis.register_script(scripts.FIRST_LINE)

    async def first_line(
        self, deployment_id: str, wanted: list[str], every: bool = True, after: str = "-"
    ) -> Found | None:
        """The first line after `after` with every wanted term (or, not `every`, any of them); None when none has."""
        for _ in range(RETRIES):
            reply = await self._first(keys=[self._log(deployment_id)], args=self._args(after, wanted, every))
            found = _checked(reply, wanted, every)
            if found is None or found[1]:
                return found[0] if found else None
            after = f"({found[0][0]}"
        return None

    async def first_lines(self, deployment_ids: list[str], wanted: list[str], every: bool = True) -> list[Found | None]:
        """first_line of each deployment, the scans of all of them in one round trip."""
        if not deployment_ids:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for deployment_id in deployment_ids:
                await self._first(keys=[self._log(deployment_id)], args=self._args("-", wanted, every), client=pipe)
            replies = await pipe.execute()
        answers: list[Found | None] = []
        for deployment_id, reply in zip(deployment_ids, replies, strict=True):
            found = _checked(reply, wanted, every)
            if found is not None and not found[1]:  # the script's looser test passed a line the terms do not
                answers.append(await self.first_line(deployment_id, wanted, every, after=f"({found[0][0]}"))
            else:
                answers.append(found[0] if found else None)
        return answers

    def _log(self, deployment_id: str) -> str:
        return self.keys.streams.deployment_log(deployment_id)

    @staticmethod
    def _args(after: str, wanted: list[str], every: bool) -> list[str | int]:
        return [after, SCAN_LINES, "all" if every else "any", *wanted]

    async def has_all(self, deployment_id: str, wanted: list[str]) -> bool:
        """Whether the log has every wanted term, each on some line."""
        for term in wanted:
            if await self.first_line(deployment_id, [term]) is None:
                return False
        return True


def _checked(reply: object, wanted: list[str], every: bool) -> tuple[Found, bool] | None:
    """The line the script found and whether it passes the terms' own test; None when it found none."""
    if not reply:
        return None
    entry_id, service, line = (text(part, "replace") for part in cast(list[bytes], reply))
    passes = matches(line, wanted) if every else bool(terms(line) & set(wanted))
    return (entry_id, service, line), passes
