"""Two deployments' versions side by side, per service: what each asked for (or ran), and what changed. Pure."""

from dataclasses import dataclass

from services.dashboard.domain.views import DeploymentView


@dataclass(frozen=True)
class VersionDiff:
    service: str
    left: str
    right: str
    change: str  # changed, same, added, removed


def versions_of(view: DeploymentView) -> dict[str, str]:
    """The version of each service the deployment was about: what it deployed where it got that far, else asked."""
    found = {name: version for name, version in view.versions.items()}
    for name, steps in view.services.items():
        version = steps.to_version or (steps.attempts[-1].version if steps.attempts else None)
        if version:
            found[name] = version
        elif name not in found and view.version:
            found[name] = view.version
    return found


def diff(left: DeploymentView, right: DeploymentView) -> list[VersionDiff]:
    """Every service either has, changed ones first, then by name."""
    a, b = versions_of(left), versions_of(right)
    rows = []
    for name in sorted(set(a) | set(b)):
        if name not in a:
            change = "added"
        elif name not in b:
            change = "removed"
        else:
            change = "same" if a[name] == b[name] else "changed"
        rows.append(VersionDiff(name, a.get(name, "—"), b.get(name, "—"), change))
    return sorted(rows, key=lambda row: (row.change == "same", row.service))
