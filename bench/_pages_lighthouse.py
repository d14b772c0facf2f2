"""The project's own Lighthouse (tools/lighthouse, Debian's chromium) on a signed-in page: the session cookie passed
with --extra-headers (it rides on every request of the load, the page's static files included), once with the
default mobile emulation and once with --preset=desktop. From each report: the three category scores, the bytes
transferred on the first load (cold cache: Lighthouse's total-byte-weight, and the requests that made it up), the
metrics behind the performance score, and the audits that cost points, so a missed target says why.

The child process and the chromium it starts are run and killed as the monitor's Lighthouse provider does it
(services/monitor/providers/lighthouse_process.py)."""

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.monitor.providers.lighthouse import CHROME_FLAGS, CHROME_PATH, LIGHTHOUSE_CLI
from services.monitor.providers.lighthouse_process import run_audit, tail

CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = (
    ("FCP", "first-contentful-paint"),
    ("LCP", "largest-contentful-paint"),
    ("TBT", "total-blocking-time"),
    ("CLS", "cumulative-layout-shift"),
    ("SI", "speed-index"),
)
FORMS = ("mobile", "desktop")
KEEP_REPORTS = os.environ.get("BENCH_LIGHTHOUSE_DIR")  # a folder to keep each JSON report in, when set


@dataclass(frozen=True)
class Request:
    url: str
    kind: str
    bytes: int


@dataclass(frozen=True)
class Audit:
    page: str
    form: str  # mobile or desktop
    scores: dict[str, int | None]
    first_load_bytes: int | None
    requests: tuple[Request, ...]
    metrics: dict[str, str]
    costs: tuple[str, ...]  # the audits that cost points: "category: title (shown value)"
    error: str | None = None

    def line(self) -> str:
        if self.error:
            return f"  {self.page:<26} {self.form:<7} FAILED: {self.error}"
        scores = "  ".join(f"{name[:4]} {_shown(self.scores.get(name))}" for name in CATEGORIES)
        size = f"{self.first_load_bytes / 1024:6.1f} KB" if self.first_load_bytes is not None else "     - KB"
        metrics = " ".join(f"{name} {value}" for name, value in self.metrics.items())
        return f"  {self.page:<26} {self.form:<7} {scores}  first load {size} in {len(self.requests)}  {metrics}"


@dataclass
class Audits:
    found: list[Audit] = field(default_factory=list)

    def lowest(self, category: str) -> int | None:
        scores = [a.scores.get(category) for a in self.found]
        if any(a.error for a in self.found) or not scores or any(s is None for s in scores):
            return None  # a failed audit leaves the minimum unknown, never higher than it is
        return min(s for s in scores if s is not None)

    def heaviest(self) -> int | None:
        sizes = [a.first_load_bytes for a in self.found]
        return None if not sizes or any(s is None for s in sizes) else max(s for s in sizes if s is not None)


def _shown(score: int | None) -> str:
    return "  -" if score is None else f"{score:3d}"


def command(url: str, cookie: str, form: str, profile: str) -> list[str]:
    flags = " ".join((*CHROME_FLAGS, f"--user-data-dir={profile}"))
    return [
        "node",
        str(LIGHTHOUSE_CLI),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
        "--disable-full-page-screenshot",
        "--no-enable-error-reporting",
        *(["--preset=desktop"] if form == "desktop" else []),
    ]


RETRIED = ("NO_NAVSTART", "NO_FCP", "PROTOCOL_TIMEOUT")  # Lighthouse's own "please run Lighthouse again"


async def audit(page: str, url: str, cookie: str, form: str, timeout_s: float = 180, tries: int = 3) -> Audit:
    """A Lighthouse run, run again (up to `tries` in all) when Lighthouse says its trace went wrong; an Audit with
    `error` set when it could not run or load the page."""
    for _ in range(tries - 1):
        found = await audit_once(page, url, cookie, form, timeout_s)
        if not (found.error and any(code in found.error for code in RETRIED)):
            return found
        print(f"    Lighthouse asked to be run again ({found.error[:80]}): running it again", flush=True)
    return await audit_once(page, url, cookie, form, timeout_s)


async def audit_once(page: str, url: str, cookie: str, form: str, timeout_s: float) -> Audit:
    """One Lighthouse run."""
    if not LIGHTHOUSE_CLI.exists():
        return Audit(page, form, {}, None, (), {}, (), f"{LIGHTHOUSE_CLI} is missing: run scripts/setup.sh")
    with tempfile.TemporaryDirectory(prefix="flightdeck-bench-lighthouse-", ignore_cleanup_errors=True) as profile:
        env = {**os.environ, "CHROME_PATH": CHROME_PATH}
        try:
            out, err, code = await run_audit(command(url, cookie, form, profile), env, timeout_s, page, profile)
        except Exception as error:  # ProviderError: timed out or could not start
            return Audit(page, form, {}, None, (), {}, (), str(error))
    try:
        report = json.loads(out)
    except ValueError:
        return Audit(page, form, {}, None, (), {}, (), f"exit code {code}, no JSON report: {tail(err)}")
    if KEEP_REPORTS:
        keep(KEEP_REPORTS, f"{page.strip('/').replace('/', '_').replace('?', '_') or 'now'}-{form}.json", out)
    return read_report(page, form, report)


def keep(folder: str, name: str, report: bytes) -> None:
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / name).write_bytes(report)


def read_report(page: str, form: str, report: dict[str, Any]) -> Audit:
    failure = report.get("runtimeError")
    if failure:
        return Audit(page, form, {}, None, (), {}, (), f"{failure.get('code')}: {failure.get('message')}")
    audits: dict[str, Any] = report.get("audits", {})
    categories: dict[str, Any] = report.get("categories", {})
    scores = {name: _percent(categories.get(name, {}).get("score")) for name in CATEGORIES}
    weight = audits.get("total-byte-weight", {}).get("numericValue")
    items = audits.get("network-requests", {}).get("details", {}).get("items", [])
    requests = tuple(
        Request(str(i.get("url", "")), str(i.get("resourceType", "")), int(i.get("transferSize") or 0)) for i in items
    )
    metrics = {name: str(audits.get(key, {}).get("displayValue", "-")).replace("\xa0", " ") for name, key in METRICS}
    return Audit(page, form, scores, None if weight is None else int(weight), requests, metrics, costs(report))


def costs(report: dict[str, Any]) -> tuple[str, ...]:
    """Each weighted audit of each category that scored below 1, and the opportunities with savings."""
    audits: dict[str, Any] = report.get("audits", {})
    found: list[str] = []
    for name in CATEGORIES:
        for ref in report.get("categories", {}).get(name, {}).get("auditRefs", []):
            result = audits.get(ref.get("id"), {})
            score = result.get("score")
            weighted = ref.get("weight", 0) > 0 or result.get("details", {}).get("type") == "opportunity"
            if score is not None and score < 1 and weighted and result.get("scoreDisplayMode") != "informative":
                shown = str(result.get("displayValue") or "").replace("\xa0", " ")
                found.append(f"{name}: {result.get('title', ref.get('id'))}" + (f" ({shown})" if shown else ""))
    return tuple(found)


def _percent(score: object) -> int | None:
    return round(score * 100) if isinstance(score, int | float) else None
