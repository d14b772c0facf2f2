"""Words for the history's text search: what a line is indexed under, what a query asks for, whether a line
matches, and the snippet shown for it. Pure.

A term is a lowercased run of letters and digits, with dots, dashes and underscores inside it kept
(`api-gateway`, `1.4.2`, `exit_code`), and for such a run also its parts (`api`, `gateway`), so a query for either
finds it. Left out: one-letter words, words over 64 characters, and runs of more than 4 digits with no letter and no
separator (counters, epoch times, byte counts: they would add a term per line and find nothing anyone searches for).
"""

import re

from .views import DeploymentView

_RUN = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")
_PARTS = re.compile(r"[a-z0-9]+")
MAX_TERM = 64
MAX_QUERY_TERMS = 8
SNIPPET = 160


def _kept(term: str) -> bool:
    if len(term) < 2 or len(term) > MAX_TERM:
        return False
    return not (term.isdigit() and len(term) > 4)


def terms(line: str) -> set[str]:
    """Every term `line` is indexed under."""
    found: set[str] = set()
    for run in _RUN.findall(line.lower()):
        found.add(run)
        if run.isalnum():
            continue
        found.update(_PARTS.findall(run))
    return {term for term in found if _kept(term)}


class SearchTextError(ValueError):
    """A search text with nothing to search for, or too much."""


def query_terms(text: str) -> list[str]:
    """The terms a deployment must have, every one of them, to match `text`; SearchTextError when there is none."""
    asked = [run for run in _RUN.findall(text.lower()) if _kept(run)]
    unique = list(dict.fromkeys(asked))
    if not unique:
        raise SearchTextError(
            f"search text {text[:60]!r} has no word to search for: use words of two or more letters or digits"
        )
    if len(unique) > MAX_QUERY_TERMS:
        raise SearchTextError(f"search text has {len(unique)} words; at most {MAX_QUERY_TERMS} are looked for")
    return unique


def matches(line: str, wanted: list[str]) -> bool:
    """Whether `line` has every wanted term (a cheap substring test first: most lines fail it)."""
    low = line.lower()
    if not all(term in low for term in wanted):
        return False
    return set(wanted) <= terms(line)


def snippet(line: str, wanted: list[str], width: int = SNIPPET) -> str:
    """The part of `line` around the first wanted term, at most `width` characters, marked with … where cut."""
    line = " ".join(line.split())
    if len(line) <= width:
        return line
    low = line.lower()
    first = min((at for at in (low.find(term) for term in wanted) if at >= 0), default=0)
    start = max(0, min(first - width // 4, len(line) - width))
    cut = line[start : start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(line) else "")


def view_texts(view: DeploymentView) -> list[tuple[str, str]]:
    """What people and Flightdeck wrote about the deployment, as (where, text): reasons, failures, rollback
    decisions, checks, the incident. The texts of its events end up here through the view."""
    found = [("reason", view.reason), ("failure", view.failure)]
    if view.approval is not None:
        found += [("approval", view.approval.reason), ("approval", view.approval.comment)]
    for name, said in (("cancel", view.cancel), ("pause", view.pause)):
        if said is not None:
            found.append((name, said.reason))
    found += [("resume", said.reason) for said in view.resumes]
    for service, steps in sorted(view.services.items()):
        found += [(f"{service} attempt {a.attempt}", a.reason) for a in steps.attempts]
        if steps.gate is not None:
            found.append((f"{service} gate", steps.gate.reason))
        found.append((f"{service} rollback", steps.rollback_detail))
    if view.rollback is not None:
        found.append(("rollback", view.rollback.reason))
        found += [("rollback", reason) for reason in view.rollback.reasons]
    if view.verification is not None:
        found.append(("verification", view.verification.summary))
        found += [(f"check {r.name}", r.detail) for r in view.verification.results]
    if view.incident is not None:
        incident = view.incident
        found += [("incident", incident.title), ("incident", incident.decision)]
        found += [("incident", reason) for reason in incident.reasons]
    return [(where, said) for where, said in found if said]
