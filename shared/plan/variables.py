"""Checks on the ${NAME}s of each service as each environment gets it, once that environment's variables are in.

An address (a health, metrics, audit or verification URL) is filled in from the environment's variables alone:
the monitor and the verifier must be able to reach it, so a ${NAME} left there is a mistake, named with a
"did you mean". Elsewhere (commands, headers) a ${NAME} left is a secret the process that uses it takes from its
own environment, unless its name is one slip away from a variable of the environment (${API_ULR} for ${API_URL}):
a misspelling that would otherwise surface only when the command runs.
"""

from collections.abc import Iterator

from shared.plan.errors import Issue, PathPart, closest, listing
from shared.plan.model import Plan
from shared.plan.resolve import effective_service
from shared.plan.secrets import substitute

ADDRESSES = {"ready", "detailed", "url"}  # the last key of a field that holds an address
Found = tuple[tuple[PathPart, ...], str]


def variable_issues(plan: Plan) -> list[Issue]:
    """Reported once per field, name and hint, naming the environments it fails in."""
    where: dict[tuple[tuple[PathPart, ...], str, bool, str], list[str]] = {}
    for environment, settings in plan.environments.items():
        variables = sorted(settings.variables)
        for name in plan.services:
            for parts, variable in _left(effective_service(plan, environment, name), ("services", name)):
                found = _problem(parts, variable, variables)
                if found is not None:
                    where.setdefault((parts, variable, *found), []).append(environment)
    issues = []
    for (parts, variable, address, hint), environments in where.items():
        envs = f"environment {environments[0]}" if len(environments) == 1 else f"environments {listing(environments)}"
        head = f"${{{variable}}} is not a variable of {envs}{hint}"
        defined = " or ".join(f"environments.{e}.variables" for e in environments)
        issues.append(
            Issue(
                parts,
                f"{head} An address is filled in from the environment's variables only: define "
                f"it under {defined}, or correct the name"
                if address
                else f"{head} (a secret the process that runs it takes from its own environment would "
                f"be spelled differently from every variable)",
            )
        )
    return issues


def _left(value: object, parts: tuple[PathPart, ...]) -> Iterator[Found]:
    found: list[Found] = []
    substitute(value, lambda name: None, lambda at, name: found.append((at, name)), parts)
    return iter(found)


def _problem(parts: tuple[PathPart, ...], variable: str, variables: list[str]) -> tuple[bool, str] | None:
    """(is an address, hint) when the ${NAME} left is a mistake; None for a secret."""
    if _is_address(parts):
        meant = closest(variable, variables)
        return True, f"; did you mean ${{{meant}}}?" if meant else (
            f"; its variables are {listing(f'${{{v}}}' for v in variables)}." if variables else "; it has no variables."
        )
    slip = _one_slip(variable, variables)
    return (False, f"; did you mean ${{{slip}}}?") if slip is not None else None


def _is_address(parts: tuple[PathPart, ...]) -> bool:
    keys = [part for part in parts if isinstance(part, str)]
    return bool(keys) and keys[-1] in ADDRESSES


def _one_slip(word: str, names: list[str]) -> str | None:
    """A name one edit away (a letter added, dropped, changed, or two swapped), for names of 4 or more letters."""
    if len(word) < 4:
        return None
    return next((name for name in names if name != word and _distance(word, name) <= 1), None)


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a transposition counts as one edit."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]
