"""The runner's pure decisions: reason texts, the orphan policy, outcome events, line splitting."""

from typing import Any

import pytest
from pydantic import ValidationError

from services.coordinator.execution import ORPHAN_NOT_RERUN, Claimed, ProcessResult, outcome_event, refusal
from services.coordinator.execution.policy import heartbeat_interval, presumed_lost
from shared.events import ServiceDeployFailed, ServiceDeploySucceeded
from shared.process.lines import TRUNCATED, LineSplitter

from .execution_helpers import job


def result(**fields: Any) -> ProcessResult:
    """`fields`: ProcessResult's, over a run that exited 0 in 1.5 s."""
    base: dict[str, Any] = {"exit_code": 0, "timed_out": False, "cancelled": False, "duration_s": 1.5}
    return ProcessResult(**{**base, **fields})


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (
            {"exit_code": 3, "tail": ["deploying", "boom"], "last_stderr": "error: quota exceeded"},
            "exited with code 3: error: quota exceeded",
        ),
        ({"exit_code": 2, "tail": ["only stdout said this"]}, "exited with code 2: only stdout said this"),
        ({"exit_code": 1}, "exited with code 1"),
        ({"exit_code": -15, "timed_out": True, "timeout_s": 30.0}, "timed out after 30s and was killed"),
        ({"exit_code": -9, "timed_out": True, "timeout_s": 90.0}, "timed out after 1m30s and was killed"),
        ({"exit_code": -15, "cancelled": True}, "cancelled"),
        ({"exit_code": -11, "last_stderr": "core dumped"}, "was killed by SIGSEGV: core dumped"),
        (
            {"exit_code": None, "error": "cannot run './deploy.sh': No such file or directory"},
            "cannot run './deploy.sh': No such file or directory",
        ),
        ({"exit_code": 0}, "exited with code 0"),
    ],
)
def test_reason_is_one_human_sentence(fields: dict[str, object], reason: str) -> None:
    assert result(**fields).reason() == reason


def test_ok_only_for_exit_zero_that_was_neither_timed_out_nor_cancelled() -> None:
    assert result().ok
    assert not result(exit_code=1).ok
    assert not result(timed_out=True).ok  # a script that traps SIGTERM and exits 0 still ran out of time
    assert not result(cancelled=True).ok
    assert not result(exit_code=None, error="cannot run").ok


def claimed(*, idempotent: bool, orphaned: bool, cancel_requested: bool = False) -> Claimed:
    return Claimed(
        job(idempotent=idempotent),
        attempt=2 if orphaned else 1,
        orphaned=orphaned,
        owner="b",
        cancel_requested=cancel_requested,
    )


def test_orphan_policy_reruns_only_idempotent_commands() -> None:
    assert refusal(claimed(idempotent=False, orphaned=False)) is None
    assert refusal(claimed(idempotent=True, orphaned=False)) is None
    assert refusal(claimed(idempotent=True, orphaned=True)) is None
    assert refusal(claimed(idempotent=False, orphaned=True)) == ORPHAN_NOT_RERUN
    assert "not marked idempotent" in ORPHAN_NOT_RERUN


def test_a_cancel_seen_at_claim_time_wins_over_running_again() -> None:
    assert refusal(claimed(idempotent=True, orphaned=True, cancel_requested=True)) == "cancelled"


def test_outcome_events_carry_the_jobs_envelope() -> None:
    item = job(kind="switch")
    good = outcome_event(item, result(duration_s=2.0))
    assert isinstance(good, ServiceDeploySucceeded)
    assert (good.deployment_id, good.environment, good.service) == ("dep-1", "staging", "api")
    assert (good.correlation_id, good.causation_id, good.producer) == ("dep-1", "evt-0", "coordinator")
    assert (good.payload.version, good.payload.duration_s, good.payload.exit_code) == ("1.2.3", 2.0, 0)
    bad = outcome_event(item, result(exit_code=-15, timed_out=True, timeout_s=5.0), producer="elsewhere")
    assert isinstance(bad, ServiceDeployFailed)
    assert bad.producer == "elsewhere"
    assert bad.payload.reason == "timed out after 5s and was killed"
    assert (bad.payload.exit_code, bad.payload.timed_out) == (-15, True)


def test_job_ids_default_to_deployment_service_and_kind() -> None:
    assert job().job_id == "dep-1:api:deploy"
    assert job(kind="rollback").job_id == "dep-1:api:rollback"
    assert job(job_id="custom").job_id == "custom"
    with pytest.raises(ValidationError):
        job(service="no spaces allowed")  # would not fit an event's envelope later
    with pytest.raises(ValidationError):
        job(argv=[])


def test_lease_arithmetic() -> None:
    assert heartbeat_interval(9.0) == 3.0
    assert not presumed_lost(5.9, 9.0)
    assert presumed_lost(6.0, 9.0)


def test_lines_are_split_across_chunks_and_cut_when_too_long() -> None:
    splitter = LineSplitter(max_bytes=10)
    assert splitter.feed(b"one\ntw") == ["one"]
    assert splitter.feed(b"o\r\nthree") == ["two"]
    assert splitter.feed(b"-is-far-too-long") == ["three-is-f" + TRUNCATED]
    assert splitter.feed(b" and more\nfour") == []  # the rest of the long line is dropped
    assert splitter.close() == ["four"]


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    assert LineSplitter().feed(b"caf\xc3\xa9 \xff\n") == ["café \ufffd"]
