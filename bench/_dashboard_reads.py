"""Reads through the dashboard's real HTTP API, one request at a time, as a page or the CLI asks: the history's
first page, a filtered one (environment + service + status), and text searches (words most deployments' logs have,
rare ones, one in a single log, a word in none), each timed from request to the whole answer read."""

import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from bench._dashboard_logs import COMMON, RARE, SERVICES, UNIQUE
from bench._figures import Spread

QUERIES = 300  # requests per kind
LIMIT = 50  # the page size a page asks for


@dataclass(frozen=True)
class ReadFigures:
    label: str
    ms: Spread
    items: float  # items per answer, on average: what the figure paid for


def list_params(i: int) -> dict[str, str | int]:
    return {"limit": LIMIT}


def filtered_params(i: int) -> dict[str, str | int]:
    environment = ("production", "staging", "qa", "dev")[i % 4]
    return {"environment": environment, "service": SERVICES[i % len(SERVICES)], "status": "succeeded", "limit": LIMIT}


def common_search(i: int) -> dict[str, str | int]:
    return {"text": COMMON[i % len(COMMON)], "limit": LIMIT}


def two_words_search(i: int) -> dict[str, str | int]:
    return {"text": f"{COMMON[i % len(COMMON)]} {SERVICES[i % len(SERVICES)]}", "limit": LIMIT}


def rare_search(i: int) -> dict[str, str | int]:
    words = [*RARE, UNIQUE, "nowhereatall"]
    return {"text": words[i % len(words)], "limit": LIMIT}


def filtered_search(i: int) -> dict[str, str | int]:
    return {**filtered_params(i), "text": COMMON[i % len(COMMON)], "status": "failed"}


KINDS = (
    ("list", "/api/v1/deployments", list_params),
    ("filtered list", "/api/v1/deployments", filtered_params),
    ("search common word", "/api/v1/search", common_search),
    ("search two words", "/api/v1/search", two_words_search),
    ("search rare word", "/api/v1/search", rare_search),
    ("search + filters", "/api/v1/search", filtered_search),
)


async def read_latencies(url: str, token: str, count: int = QUERIES) -> list[ReadFigures]:
    """Each kind `count` times (after a few untimed warm-up requests), one after the other, on one keep-alive
    connection."""
    found = []
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
        for label, path, params in KINDS:
            for i in range(5):
                (await client.get(path, params=params(i))).raise_for_status()
            took, items = [], []
            for i in range(count):
                started = time.perf_counter()
                answer = await client.get(path, params=params(i))
                body = answer.content
                took.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    raise RuntimeError(f"{path} {params(i)} answered {answer.status_code}: {body[:200]!r}")
                items.append(len(answer.json()["items"]))
            found.append(ReadFigures(label, Spread.of(took), sum(items) / len(items)))
            print(f"  {label:<20} {found[-1].ms.line()}  ({found[-1].items:.1f} items per answer)", flush=True)
    return found


def worst(figures: Sequence[ReadFigures], prefix: str) -> float | None:
    """The highest p99 among the kinds whose label starts with `prefix`."""
    p99s = [f.ms.p99 for f in figures if f.label.startswith(prefix) and f.ms.p99 is not None]
    return max(p99s, default=None)
