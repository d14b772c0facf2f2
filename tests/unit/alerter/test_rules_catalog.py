"""Every rule against every shape of every event it accepts, built from the catalog's own models: a new payload
field or a new event type is evaluated here before it reaches on-call (or, failing, the dead-letter stream)."""

import pytest

from services.alerter.app import DEFINITION
from services.alerter.domain.alert import Alert
from services.alerter.domain.changes import Fire, Resolve
from services.alerter.domain.not_alerting import NOT_ALERTING
from services.alerter.domain.rules import RULE_EVENTS, evaluate
from shared.events import EVENT_CLASSES, Event

from .instances import instances

ALERT_NAMES = DEFINITION.wire_types(RULE_EVENTS)
CASES = [
    pytest.param(event, production, id=f"{event.type}-{index}-{'prod' if production else 'staging'}")
    for cls in RULE_EVENTS
    for index, event in enumerate(instances(cls))
    for production in (False, True)
]


def _names_its_subject(alert: Alert, event: Event) -> None:
    assert alert.summary and alert.summary == alert.summary.strip()
    assert str(event.environment) in alert.summary, f"{event.type}: {alert.summary!r} does not name the environment"
    if EVENT_CLASSES[event.type].model_fields["service"].is_required():
        assert str(event.service) in alert.summary, f"{event.type}: {alert.summary!r} does not name the service"
    for text in (alert.summary, *alert.details.values()):
        assert "None" not in text, f"{event.type}: a missing value shows as None in {text!r}"


@pytest.mark.parametrize(("event", "production"), CASES)
def test_each_rule_makes_well_formed_changes_from_every_shape_of_its_events(event: Event, production: bool) -> None:
    changes = evaluate(event, lambda name: production)
    assert changes, f"{event.type} is a rule's event but changed nothing"
    for change in changes:
        if isinstance(change, Fire):
            alert = change.alert
            assert Alert.model_validate_json(alert.model_dump_json()) == alert
            assert alert.name == event.type and alert.environment == event.environment
            assert alert.event_id == event.event_id and len(alert.fingerprint) == 16
            assert all(alert.details.values()), alert.details  # none empty (each a str: Alert validates that)
            _names_its_subject(alert, event)
        else:
            assert isinstance(change, Resolve)
            assert change.environment == event.environment and change.names
            assert set(change.names) <= ALERT_NAMES, f"{event.type} resolves alerts no rule fires"


@pytest.mark.parametrize("cls", RULE_EVENTS)
def test_an_event_without_an_environment_changes_nothing(cls: type[Event]) -> None:
    event = instances(cls)[1]
    if not cls.model_fields["environment"].is_required():
        assert evaluate(event.model_copy(update={"environment": None}), lambda name: False) == []


def test_every_event_type_is_alerted_by_a_rule_or_listed_as_not_alerting() -> None:
    catalog, rules, quiet = set(EVENT_CLASSES), ALERT_NAMES, set(NOT_ALERTING)
    assert not rules & quiet, f"both a rule and not alerting: {sorted(rules & quiet)}"
    undecided = catalog - rules - quiet
    assert not undecided, (
        f"new event types {sorted(undecided)}: give each a rule in services/alerter/domain/rules.py "
        "or list it, with why, in services/alerter/domain/not_alerting.py"
    )
    assert not (rules | quiet) - catalog, f"no longer in the catalog: {sorted((rules | quiet) - catalog)}"
    assert all(NOT_ALERTING.values()), "say why each type does not alert"


def test_the_alerter_consumes_every_event_a_rule_alerts_on() -> None:
    assert set(RULE_EVENTS) <= set(DEFINITION.consumes)
