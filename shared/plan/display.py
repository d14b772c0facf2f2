"""Text for people: the one-line summary of a valid plan and the resolved plan of one environment."""

from typing import Any

import yaml

from shared.plan.errors import listing
from shared.plan.model import Plan
from shared.plan.resolve import ResolvedPlan
from shared.plan.waves import dependency_waves


def summary(plan: Plan, source: str) -> str:
    waves = dependency_waves(plan.dependency_graph(), plan.max_parallelism)
    services, channels = len(plan.services), len(plan.alerting.channels)
    return (
        f"{source}: valid plan (version {plan.version}): {services} service{'s' * (services != 1)} "
        f"in {len(waves)} wave{'s' * (len(waves) != 1)}, environments {listing(plan.environments)}, "
        f"{channels} alert channel{'s' * (channels != 1)}"
    )


def _numbered(waves: list[list[str]]) -> list[str]:
    return [f"  {number}. {', '.join(wave)}" for number, wave in enumerate(waves, start=1)]


def show(resolved: ResolvedPlan, source: str) -> str:
    """Secrets appear only as their ${NAME} references (or masked); durations and percentages as written."""
    approval = "approval required" if resolved.approval_required else "no approval needed"
    parallelism = resolved.max_parallelism or "unlimited"
    lines = [
        f"# {source}, environment {resolved.environment} ({approval}, max parallelism {parallelism})",
        "# deploy order (services in one wave run in parallel):",
        *(f"#{line}" for line in _numbered(resolved.waves)),
        "# rollback order:",
        *(f"#{line}" for line in _numbered(resolved.rollback_waves)),
    ]
    body = {
        "variables": resolved.variables,
        "services": {
            name: service.model_dump(mode="json", by_alias=True, exclude_none=True)
            for name, service in resolved.services.items()
        },
        "alerting": resolved.alerting.model_dump(mode="json", by_alias=True, exclude_none=True),
    }
    dumped = yaml.dump(_compact(body), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
    return "\n".join(lines) + "\n" + dumped


def _compact(value: Any) -> Any:
    """Without empty lists and mappings, which only say that nothing is set."""
    if isinstance(value, dict):
        return {key: _compact(item) for key, item in value.items() if item not in ([], {})}
    if isinstance(value, list):
        return [_compact(item) for item in value]
    return value


class _Dumper(yaml.SafeDumper):
    """Mappings as blocks, lists of plain values on one line: a command reads like the list it is."""

    def represent_list(self, data: Any) -> yaml.SequenceNode:
        flat = all(not isinstance(item, dict | list) for item in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


_Dumper.add_representer(list, _Dumper.represent_list)
