"""The plan's revisions as the dashboard shows them, from plain values: services counted from the YAML alone, the
next page's start, one revision in full with its text as applied, and who may apply a plan."""

from datetime import UTC, datetime

from services.dashboard.domain.plans import RevisionRow, apply_refusal, detail_of, next_before, services_in
from services.dashboard.domain.roles import Principal
from shared.plan.loader import parse_plan
from shared.plan.sources import StoredPlan, digest

PLAN = """version: 1
environments: {staging: {}, prod: {}}
services:
  db: {kind: job, deploy: ["./migrate", "${DB_URL}"]}
  api: {kind: job, depends_on: db, deploy: ["./api"]}
  web: {kind: job, depends_on: [api], deploy: ["./web"]}
"""
AT = datetime(2026, 11, 1, tzinfo=UTC)


def rows(*numbers: int) -> list[RevisionRow]:
    return [RevisionRow(revision=n, source="f", applied_at=AT, sha256="", current=False, services=1) for n in numbers]


def test_services_are_counted_from_the_yaml_as_the_full_parse_counts_them() -> None:
    assert services_in(PLAN) == len(parse_plan(PLAN).services) == 3
    assert services_in("version: 1\nservices: {}\n") == 0
    assert services_in("") == 0


def test_the_next_page_starts_below_a_full_pages_oldest_row_until_revision_one() -> None:
    assert next_before(rows(9, 8), limit=2) == 8
    assert next_before(rows(2, 1), limit=2) is None
    assert next_before(rows(5), limit=2) is None
    assert next_before([], limit=2) is None


def test_a_revision_in_full_keeps_its_text_and_references_unresolved() -> None:
    stored = StoredPlan(4, PLAN, "deploy/flightdeck.yaml", digest(PLAN), AT, parse_plan(PLAN))
    detail = detail_of(stored, "deploy/flightdeck.yaml", current=True)
    assert detail.text == PLAN and "${DB_URL}" in detail.text
    assert detail.summary.startswith("deploy/flightdeck.yaml: valid plan (version 1): 3 services in 3 waves")
    assert [(e.name, e.production) for e in detail.environments] == [("staging", False), ("prod", True)]
    assert [(s.name, s.depends_on) for s in detail.services] == [("db", []), ("api", ["db"]), ("web", ["api"])]
    assert detail.revision == 4 and detail.current and detail.sha256 == digest(PLAN)


def test_only_an_admin_who_reaches_every_environment_applies_a_plan() -> None:
    assert apply_refusal(Principal(name="ad", role="admin")) is None
    staging = Principal(name="ad", role="admin", environments=("staging", "qa"), via="token", token_id="t")
    assert apply_refusal(staging) == "applying a plan changes every environment; ad may act only in staging, qa"
