"""`flightdeck verify`'s report as text (pure): a line per check, and under a failed one what came back and the
request to reproduce it; a performance check's figures with the baseline beside them."""

from collections.abc import Sequence

from shared.events.verification import CheckResult, Figure


def report(results: Sequence[CheckResult], summary: str) -> str:
    lines: list[str] = []
    for result in results:
        where = f"{result.kind} {result.service + ' ' if result.service else ''}{result.name}"
        mark = "ok  " if result.passed else "FAIL"
        lines.append(f"{mark} {where}{': ' + result.detail if result.detail else ''}")
        if result.figures:
            lines += ["     " + line for line in figures(result.figures, result.versions)]
        if not result.passed and result.reproduce:
            lines.append(f"     reproduce: {result.reproduce}")
    lines.append(summary)
    return "\n".join(lines) + "\n"


def figures(rows: Sequence[Figure], versions: dict[str, str]) -> list[str]:
    now, before = versions.get("current", "now"), versions.get("previous")
    head = f"{'':<16}{now:>12}" + (f"{before:>12}" if before else "")
    body = [
        f"{row.name:<16}{row.current:>12g}" + (f"{row.previous:>12g}" if before and row.previous is not None else "")
        for row in rows
    ]
    return [head, *body]
