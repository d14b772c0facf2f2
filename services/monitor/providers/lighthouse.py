"""A Lighthouse audit of a frontend: the pinned lighthouse (tools/lighthouse) driving Debian's chromium, headless.

Runs as a child process (an argument list, never a shell) in its own process group; each audit gets a fresh browser
profile, by which the chromium it started (in a session of its own) is found and killed too when the audit ends.
Scores are Lighthouse's category scores times 100 (0-100).
"""

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.monitor.providers.errors import ProviderError, redact
from services.monitor.providers.lighthouse_process import run_audit, tail
from shared.plan.health import Lighthouse

ROOT = Path(__file__).resolve().parents[3]
LIGHTHOUSE_CLI = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = "/usr/bin/chromium"
# Without the background-networking flags chromium's own traffic makes Lighthouse's connections get refused here.
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass(frozen=True)
class LighthouseScores:
    performance: int
    accessibility: int
    best_practices: int | None = None
    seo: int | None = None


async def audit(
    url: str,
    *,
    chrome_path: str = CHROME_PATH,
    timeout_s: float = 120.0,
    categories: Sequence[str] = CATEGORIES,
    cli: Path = LIGHTHOUSE_CLI,
    node: str = "node",
) -> LighthouseScores:
    """Audits url (categories must include performance and accessibility); raises ProviderError when Lighthouse
    cannot run, takes longer than timeout_s or cannot load the page."""
    shown = redact(url)
    if not url.startswith(("http://", "https://")):
        raise ProviderError("lighthouse", "can only audit an http:// or https:// URL", shown)
    with tempfile.TemporaryDirectory(prefix="flightdeck-lighthouse-", ignore_cleanup_errors=True) as profile:
        command = _command(node, cli, url, categories, profile, shown)
        environment = {**os.environ, "CHROME_PATH": chrome_path}
        stdout, stderr, code = await run_audit(command, environment, timeout_s, shown, profile)
    try:
        report = json.loads(stdout)
    except (json.JSONDecodeError, UnicodeDecodeError):
        report = None
    if code != 0 and not (isinstance(report, dict) and report.get("runtimeError")):
        raise ProviderError("lighthouse", f"exited with code {code}: {tail(stderr)}", shown)
    if report is None:
        raise ProviderError("lighthouse", f"did not write a JSON report: {tail(stderr)}", shown)
    return scores_from_report(report, shown)


def judge(scores: LighthouseScores, minimums: Lighthouse) -> list[str]:
    """Why scores fall short of the plan's minimums, one sentence each; empty when they do not."""
    reasons = []
    for category, score, minimum in (
        ("performance", scores.performance, minimums.min_performance),
        ("accessibility", scores.accessibility, minimums.min_accessibility),
    ):
        if minimum is not None and score < minimum:
            reasons.append(f"Lighthouse {category} score {score} is below the plan's minimum of {minimum}")
    return reasons


def _command(node: str, cli: Path, url: str, categories: Sequence[str], profile: str, shown: str) -> list[str]:
    if not cli.exists():
        raise ProviderError("lighthouse", f"{cli} is missing; run scripts/setup.sh to install it", shown)
    flags = " ".join((*CHROME_FLAGS, f"--user-data-dir={profile}"))
    return [
        node,
        str(cli),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(categories)}",
        "--disable-full-page-screenshot",
        "--no-enable-error-reporting",
    ]


def scores_from_report(report: Any, shown: str = "the page") -> LighthouseScores:
    """The scores of a Lighthouse JSON report; ProviderError when the audit failed or lacks a main score."""
    failure = report.get("runtimeError") if isinstance(report, dict) else None
    if failure:
        raise ProviderError("lighthouse", f"{failure.get('code')}: {failure.get('message')}", shown)
    categories = report.get("categories") if isinstance(report, dict) else None
    if not isinstance(categories, dict):
        raise ProviderError("lighthouse", "the report has no categories", shown)
    performance, accessibility = _score(categories, "performance"), _score(categories, "accessibility")
    if performance is None or accessibility is None:
        missing = "performance" if performance is None else "accessibility"
        warnings = "; ".join(str(w) for w in report.get("runWarnings") or []) or "no warning given"
        raise ProviderError("lighthouse", f"the report has no {missing} score ({warnings})", shown)
    return LighthouseScores(performance, accessibility, _score(categories, "best-practices"), _score(categories, "seo"))


def _score(categories: dict[str, Any], name: str) -> int | None:
    score = (categories.get(name) or {}).get("score")
    return round(score * 100) if isinstance(score, int | float) and not isinstance(score, bool) else None
