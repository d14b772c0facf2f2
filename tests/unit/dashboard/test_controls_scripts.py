"""The controls' plain functions in the page scripts, run by node: Confirm enables in production only with the
name typed exactly and a reason, a step reads "api 1.0 → 1.1 (wave 2)", and the deploy form's body."""

import json
from typing import Any

import pytest

from tests.unit.dashboard.test_page_scripts import run

PRODUCTION = {"production": True, "environment": "production", "body": {"services": ["api"]}}


@pytest.mark.parametrize(
    ("preview", "typed", "reason", "ready"),
    [
        (PRODUCTION, "production", "broken", True),
        (PRODUCTION, "production", "  ", False),
        (PRODUCTION, "Production", "broken", False),
        (PRODUCTION, "", "broken", False),
        ({"production": False, "environment": "staging"}, "", "", True),
        (None, "production", "broken", False),
    ],
)
def test_confirm_enables_in_production_only_with_the_name_typed_and_a_reason(
    preview: dict[str, Any] | None, typed: str, reason: str, ready: bool
) -> None:
    args = f"{_json(preview)}, {_json(typed)}, {_json(reason)}"
    assert run(f"import {{ ready }} from './actions.js'; console.log(JSON.stringify(ready({args})))") is ready


def test_a_step_and_the_body_sent() -> None:
    shown = run(
        "import { stepText, bodyOf, errorText } from './actions.js';"
        "console.log(JSON.stringify([stepText({service: 'api', from_version: '1.0', to_version: '1.1', wave: 1}),"
        " stepText({service: 'x', from_version: null, to_version: '2', wave: null}),"
        f" bodyOf({_json(PRODUCTION)}, 'production', 'why'), errorText(409, {{error: 'd-1 is succeeded'}})]))"
    )
    assert shown == [
        "api 1.0 → 1.1 (wave 2)",
        "x nothing yet → 2 (not in the plan)",
        {"services": ["api"], "reason": "why", "confirm": "production"},
        "Refused (409): d-1 is succeeded",
    ]


def test_the_deploy_form_s_body_keeps_only_versions_given() -> None:
    made = run(
        "import { deployBody } from './deploy.js';"
        "console.log(JSON.stringify([deployBody('staging', ' 2.0 ', {api: '', web: '2.1'}),"
        " deployBody('staging', '', {api: ' '})]))"
    )
    assert made[0] == {"body": {"environment": "staging", "version": "2.0", "versions": {"web": "2.1"}}}
    assert "Say what to deploy" in made[1]["error"]


def _json(value: object) -> str:
    return json.dumps(value)
