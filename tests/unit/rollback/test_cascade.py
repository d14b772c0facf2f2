"""The cascade (root causes first), as plain values."""

from services.rollback.domain.cascade import Act, Defer, Release, cascade, release


def test_a_service_that_is_its_own_root_cause_is_acted_on() -> None:
    assert cascade("db", "db", {"db", "api"}) == Act()
    assert cascade("db", None, {"db"}) == Act()


def test_a_dependent_of_a_degraded_root_cause_is_deferred() -> None:
    assert cascade("api", "db", {"db", "api"}) == Defer("db")


def test_a_dependent_whose_root_cause_recovered_is_acted_on() -> None:
    assert cascade("api", "db", {"api"}) == Act()


def test_when_the_root_recovers_its_deferred_dependents_are_rechecked_if_still_degraded() -> None:
    deferred = {"api": "db", "web": "db", "worker": "queue"}
    assert release("db", deferred, {"api", "worker"}) == Release(recheck=["api"], dropped=["web"])
    assert release("queue", deferred, {"api", "worker"}) == Release(recheck=["worker"], dropped=[])
    assert release("cache", deferred, {"api"}) == Release()
