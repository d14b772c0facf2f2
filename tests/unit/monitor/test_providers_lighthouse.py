"""The Lighthouse provider's own logic: judging scores, reading reports, and running and stopping its process.

A stand-in for the lighthouse CLI (a Python script run as `node`) keeps these fast; the real audit is in
tests/integration/monitor/test_providers_lighthouse.py.
"""

import asyncio
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from services.monitor.providers import LighthouseScores, ProviderError, audit, judge
from services.monitor.providers.lighthouse import scores_from_report
from services.monitor.providers.lighthouse_process import kill_browser
from shared.plan.health import Lighthouse

PAGE = "https://www.example/"
WAITED = "Timed out waiting for the page"


def report(**scores: float | None) -> dict[str, object]:
    return {"categories": {name: {"score": score} for name, score in scores.items()}}


def test_judge_names_each_score_below_its_minimum() -> None:
    scores = LighthouseScores(performance=49, accessibility=90, best_practices=10, seo=None)
    assert judge(scores, Lighthouse(url=PAGE, min_performance=50, min_accessibility=90)) == [
        "Lighthouse performance score 49 is below the plan's minimum of 50"
    ]
    assert judge(scores, Lighthouse(url=PAGE, min_performance=95, min_accessibility=91)) == [
        "Lighthouse performance score 49 is below the plan's minimum of 95",
        "Lighthouse accessibility score 90 is below the plan's minimum of 91",
    ]
    assert judge(scores, Lighthouse(url=PAGE)) == []  # no minimum, nothing to fall below


def test_a_report_gives_scores_from_0_to_100() -> None:
    scores = scores_from_report(report(performance=0.874, accessibility=1, **{"best-practices": 0.5, "seo": None}))
    assert scores == LighthouseScores(performance=87, accessibility=100, best_practices=50, seo=None)


def test_a_report_of_a_failed_audit_raises_with_lighthouse_reason() -> None:
    failed = {"runtimeError": {"code": "NO_FCP", "message": "The page did not paint any content."}, "categories": {}}
    with pytest.raises(ProviderError, match=r"lighthouse https://www\.example/: NO_FCP: The page did not paint"):
        scores_from_report(failed, PAGE)
    with pytest.raises(ProviderError, match=r"no performance score \(Timed out waiting for the page\)"):
        scores_from_report(report(performance=None, accessibility=1) | {"runWarnings": [WAITED]})
    with pytest.raises(ProviderError, match="the report has no categories"):
        scores_from_report({"lighthouseVersion": "12.8.2"})


def _stand_in(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "lighthouse.py"
    script.write_text("import json, os, subprocess, sys, time\n" + body)
    return script


async def test_the_cli_gets_the_url_the_flags_and_chrome_path(tmp_path: Path) -> None:
    cli = _stand_in(
        tmp_path,
        f"""
json.dump({{"categories": {{"performance": {{"score": 0.9}}, "accessibility": {{"score": 0.8}}}}}}, sys.stdout)
json.dump({{"argv": sys.argv[1:], "chrome": os.environ["CHROME_PATH"]}}, open({str(tmp_path / "seen")!r}, "w"))
""",
    )
    scores = await audit(PAGE, chrome_path="/opt/chromium", timeout_s=30, cli=cli, node=sys.executable)
    assert scores == LighthouseScores(performance=90, accessibility=80)
    seen = json.loads((tmp_path / "seen").read_text())
    assert seen["chrome"] == "/opt/chromium"
    assert seen["argv"][:5] == [PAGE, "--output=json", "--output-path=stdout", "--quiet", seen["argv"][4]]
    flags = seen["argv"][4].removeprefix("--chrome-flags=").split()
    assert {"--headless=new", "--no-sandbox", "--disable-background-networking"} <= set(flags)
    assert any(flag.startswith("--user-data-dir=") for flag in flags)
    assert "--only-categories=performance,accessibility,best-practices,seo" in seen["argv"]


async def test_a_failing_cli_raises_with_the_tail_of_its_stderr(tmp_path: Path) -> None:
    cli = _stand_in(tmp_path, "print('\\n'.join(f'line {n}' for n in range(20)), file=sys.stderr); sys.exit(2)\n")
    with pytest.raises(ProviderError, match=r"exited with code 2: line 12 \| line 13 .* \| line 19$"):
        await audit(PAGE, timeout_s=30, cli=cli, node=sys.executable)
    garbage = _stand_in(tmp_path, "print('not json')\n")
    with pytest.raises(ProviderError, match="did not write a JSON report"):
        await audit(PAGE, timeout_s=30, cli=garbage, node=sys.executable)


async def test_a_timeout_kills_the_cli_and_the_browser_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "browser.pids"
    # like chrome-launcher: the browser gets the profile flag and a session of its own; a helper stays in the group
    cli = _stand_in(
        tmp_path,
        f"""
profile = next(f for a in sys.argv for f in a.split() if f.startswith("--user-data-dir="))
sleep = [sys.executable, "-c", "import time; time.sleep(60)"]
browser = subprocess.Popen([*sleep, profile], start_new_session=True)
helper = subprocess.Popen(sleep)
open({str(pid_file)!r}, "w").write(f"{{browser.pid}} {{helper.pid}}")
print("launched chromium", file=sys.stderr, flush=True)
time.sleep(60)
""",
    )
    with pytest.raises(ProviderError, match=r"took longer than 1s and was stopped: launched chromium$"):
        await audit(PAGE, timeout_s=1, cli=cli, node=sys.executable)
    pids = [int(pid) for pid in pid_file.read_text().split()]
    for _ in range(100):  # killed; zombies until something reaps them
        if not any(map(_alive, pids)):
            break
        await asyncio.sleep(0.02)
    assert not any(map(_alive, pids))


def test_the_browser_is_found_by_its_profile_whatever_its_session() -> None:
    sleep = [sys.executable, "-c", "import time; time.sleep(60)"]
    ours = subprocess.Popen([*sleep, "--user-data-dir=/tmp/flightdeck-lighthouse-x1"], start_new_session=True)
    other = subprocess.Popen([*sleep, "--user-data-dir=/tmp/flightdeck-lighthouse-x12"], start_new_session=True)
    try:
        kill_browser("/tmp/flightdeck-lighthouse-x1")
        assert ours.wait(timeout=5) == -signal.SIGKILL
        assert other.poll() is None  # another audit's profile only starts the same
    finally:
        other.kill()
        other.wait()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


async def test_what_cannot_run_says_why(tmp_path: Path) -> None:
    with pytest.raises(ProviderError, match="can only audit an http:// or https:// URL"):
        await audit("--view", cli=tmp_path / "lighthouse.py")
    with pytest.raises(ProviderError, match=r"is missing; run scripts/setup\.sh to install it"):
        await audit(PAGE, cli=tmp_path / "absent")
    with pytest.raises(ProviderError, match="cannot start /nonexistent/node"):
        await audit(PAGE, cli=_stand_in(tmp_path, ""), node="/nonexistent/node")
