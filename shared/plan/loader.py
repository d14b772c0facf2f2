"""Reading a plan: YAML, then the model, then the checks across it; every problem is collected, not the first."""

from pathlib import Path

from pydantic import ValidationError

from shared.plan.checks import cross_reference_issues
from shared.plan.completeness import completeness_issues
from shared.plan.errors import Issue, PlanError, Problem
from shared.plan.locate import duplicate_keys, placed, read_yaml
from shared.plan.model import PLAN_VERSION, Plan
from shared.plan.translate import issues_from_validation
from shared.plan.variables import variable_issues

DEFAULT_PLAN_FILE = "flightdeck.yaml"


def parse_plan(text: str, source: str = DEFAULT_PLAN_FILE) -> Plan:
    """The validated plan, or PlanError listing every problem with its path, line and a plain sentence."""
    data, node = read_yaml(text, source)
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}, not a mapping of keys"
        raise PlanError([Problem("", f"the file is {what}; a plan starts with `version: 1`", 1)], source)
    version = data.get("version", PLAN_VERSION)
    if version != PLAN_VERSION:
        issue = Issue(("version",), f"this Flightdeck reads plan format version {PLAN_VERSION}, not {version!r}")
        raise PlanError(placed([issue], node), source)
    issues = duplicate_keys(node)
    plan = None
    try:
        plan = Plan.model_validate(data)
    except ValidationError as error:
        issues += issues_from_validation(error, Plan)
    issues += cross_reference_issues(data)
    if plan is not None:
        issues += completeness_issues(plan) + variable_issues(plan)
    if issues or plan is None:
        raise PlanError(placed(issues, node), source)
    return plan


def load_plan(path: str | Path = DEFAULT_PLAN_FILE) -> Plan:
    """parse_plan on a file; a file that cannot be read is a PlanError too."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError(
            [Problem("", "no such file; pass the plan's path, or run where flightdeck.yaml is")], str(path)
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise PlanError([Problem("", f"cannot read the plan: {error}")], str(path)) from None
    return parse_plan(text, str(path))
