"""A verification's report (pure): one CheckResult per check, and the sentence that sums them up."""

from collections.abc import Sequence

from shared.events.verification import CheckKind, CheckResult

from .reply import Mismatch

SHOWN_FAILURES = 3  # the summary names this many failed checks; the report has them all


def outcome(
    kind: CheckKind,
    name: str,
    service: str | None,
    mismatches: Sequence[Mismatch],
    reproduce: str = "",
    passed_detail: str = "",
) -> CheckResult:
    """A passed check, or a failed one saying what was expected, what came back, and how to reproduce it."""
    if not mismatches:
        return CheckResult(kind=kind, name=name, service=service, passed=True, detail=passed_detail)
    return CheckResult(
        kind=kind,
        name=name,
        service=service,
        passed=False,
        detail="; ".join(m.sentence() for m in mismatches),
        expected="; ".join(m.expected for m in mismatches),
        actual="; ".join(m.actual for m in mismatches),
        reproduce=reproduce,
    )


def summary(results: Sequence[CheckResult]) -> str:
    failed = [r for r in results if not r.passed]
    if not results:
        return "no checks to run"
    if not failed:
        return f"all {len(results)} checks passed"
    named = "; ".join(f"{_where(r)}: {r.detail}" for r in failed[:SHOWN_FAILURES])
    more = f"; and {len(failed) - SHOWN_FAILURES} more" if len(failed) > SHOWN_FAILURES else ""
    return f"{len(failed)} of {len(results)} checks failed: {named}{more}"


def _where(result: CheckResult) -> str:
    return f"{result.kind} {result.service + ' ' if result.service else ''}{result.name}"
