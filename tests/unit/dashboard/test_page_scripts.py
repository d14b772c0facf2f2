"""The page scripts' plain functions, run by node: a live row says what the server renders for the same deployment
(static/js/rows.js against pages/views.py), and reconnecting backs off, doubling up to a cap, with jitter."""

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services.dashboard.domain.views import DeploymentView
from services.dashboard.pages.views import row_of

JS = Path(__file__).resolve().parents[3] / "services/dashboard/static/js"
NODE = shutil.which("node") or "node"


def run(script: str) -> Any:
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60, cwd=JS
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


VIEWS = [
    {"versions": {"web": "2.0", "api": "1.<b>5</b>"}, "requested_by": "ana", "reason": "fix <script>"},
    {"version": "3.1", "status": "succeeded"},
    {"requested_by": "unknown"},
]


@pytest.mark.parametrize("more", VIEWS)
def test_a_live_row_reads_as_the_server_renders_it(more: dict[str, Any]) -> None:
    at = datetime(2026, 11, 1, 12, 5, 7, 250000, tzinfo=UTC)
    view = DeploymentView.model_validate(
        {"id": "d-1", "environment": "staging", "status": "running", "created_at": at, "updated_at": at, **more}
    )
    server = row_of(view)
    sent = view.model_dump_json()
    client = run(f"import {{ rowOf }} from './rows.js'; console.log(JSON.stringify(rowOf({sent}).slots))")
    assert client == {
        "id": server.id,
        "status": server.status,
        "environment": server.environment,
        "created": server.created_text,
        "versions": server.versions,
        "requested-by": server.requested_by,
        "reason": server.reason,
    }


def test_reconnecting_doubles_its_wait_up_to_a_cap_with_jitter() -> None:
    waits = run(
        "import { backoff } from './live.js';"
        "const at = (r) => [0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoff(n, () => r));"
        "console.log(JSON.stringify({ low: at(0), high: at(0.999999) }));"
    )
    assert waits["low"] == [250, 500, 1000, 2000, 4000, 7500, 7500, 7500]
    assert waits["high"] == [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]
