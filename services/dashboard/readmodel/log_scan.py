"""Finding lines in a deployment's command log where the log is: a Lua script scans it in Redis and sends back one
line, instead of the whole log crossing to Python for every hit of a search. The script's word test (no letter or
digit either side) is looser than the index's terms, so each line it finds is checked here, and the scan goes on
past one that fails. A line's service counts as a word of it, as the pages show a line under its service."""

from dataclasses import dataclass
from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain.terms import matches, terms
from shared.keys.dashboard import DashboardKeys
from shared.text import text

from . import scripts

SCAN_LINES = 10_000  # the most one search reads of one log (the coordinator keeps about that many)
PAGE_SCAN_LINES = 2_500  # the most a page's search for lines with every word reads of all its logs together
LEAST_SCAN_LINES = 50  # ... though never fewer than this of each log
RETRIES = 3

Found = tuple[str, str, str]  # the line's stream id, its service, the line


@dataclass(frozen=True)
class LogLine:
    """A page's line of one log: `found`, and whether it has every word searched for (else it has one of them)."""

    found: Found
    every: bool


def scan_budget(logs: int) -> int:
    """How many lines of each of `logs` logs a page's search for a line with every word reads."""
    return min(SCAN_LINES, max(LEAST_SCAN_LINES, PAGE_SCAN_LINES // max(1, logs)))


class LogScanner:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.keys = redis, keys
        self._first = redis.register_script(scripts.FIRST_LINE)

    async def first_line(
        self, deployment_id: str, wanted: list[str], every: bool = True, after: str = "-"
    ) -> Found | None:
        """The first line after `after` with every wanted term (or, not `every`, any of them); None when none has."""
        mode = "all" if every else "any"
        for _ in range(RETRIES):
            reply = await self._first(keys=[self._log(deployment_id)], args=_args(after, wanted, mode, SCAN_LINES))
            if not reply:
                return None
            found = _checked(reply, wanted)
            if found is not None and (found.every or not every):
                return found.found
            after = f"({_entry_id(reply)}"
        return None

    async def page_lines(self, deployment_ids: list[str], wanted: list[str]) -> list[LogLine | None]:
        """For each log, its first line with every word among its first lines (the page's PAGE_SCAN_LINES shared
        between them), else its first line with any word; all of them in one round trip. The deployments are hits
        either way (the index decided that): the line is the snippet that shows why."""
        if not deployment_ids:
            return []
        budget = scan_budget(len(deployment_ids))
        async with self.redis.pipeline(transaction=False) as pipe:
            for deployment_id in deployment_ids:
                args = _args("-", wanted, "best", budget)
                await self._first(keys=[self._log(deployment_id)], args=args, client=pipe)
            replies = await pipe.execute()
        answers: list[LogLine | None] = []
        for deployment_id, reply in zip(deployment_ids, replies, strict=True):
            found = _checked(reply, wanted) if reply else None
            if reply and (found is None or (_claims_every(reply) and not found.every)):  # its looser test
                found = await self._past(deployment_id, wanted, _entry_id(reply))
            answers.append(found)
        return answers

    async def _past(self, deployment_id: str, wanted: list[str], entry_id: str) -> LogLine | None:
        """A line with every word after the one the script wrongly passed, else the first with any."""
        if (line := await self.first_line(deployment_id, wanted, True, after=f"({entry_id}")) is not None:
            return LogLine(line, True)
        line = await self.first_line(deployment_id, wanted, False)
        return LogLine(line, False) if line is not None else None

    def _log(self, deployment_id: str) -> str:
        return self.keys.streams.deployment_log(deployment_id)

    async def has_all(self, deployment_id: str, wanted: list[str]) -> bool:
        """Whether the log has every wanted term, each on some line."""
        for term in wanted:
            if await self.first_line(deployment_id, [term]) is None:
                return False
        return True


def _args(after: str, wanted: list[str], mode: str, budget: int) -> list[str | int]:
    return [after, budget, mode, SCAN_LINES, *wanted]


def _entry_id(reply: object) -> str:
    return text(cast(list[bytes], reply)[0])


def _claims_every(reply: object) -> bool:
    """Whether the script said its line has every word."""
    return text(cast(list[bytes], reply)[3]) == "all"


def _checked(reply: object, wanted: list[str]) -> LogLine | None:
    """The line the script found, and whether it has every word by the terms' own test (its service's name
    counting as a word of it, as the script counts it); None when by that test it has none of them."""
    entry_id, service, line, _ = (text(part, "replace") for part in cast(list[bytes], reply))
    said = f"{service} {line}"
    if matches(said, wanted):
        return LogLine((entry_id, service, line), True)
    return LogLine((entry_id, service, line), False) if terms(said) & set(wanted) else None
