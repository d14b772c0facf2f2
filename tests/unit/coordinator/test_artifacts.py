"""A request's artifacts and metadata are recorded, offered to commands, and checkpointed for a rollback."""

from datetime import UTC, datetime

from services.coordinator.domain.effects import RunCommand
from tests.unit.coordinator.scenario import World

DIGEST = "sha256:" + "a" * 64


def test_artifacts_reach_commands_and_the_previous_one_is_kept() -> None:
    world = World()
    world.request(
        "d1",
        version="1.0",
        services=["api"],
        requested_by="ci",
        reason="release",
        commit_sha="abc123",
        commit_time=datetime(2026, 1, 1, tzinfo=UTC),
        ci_run_url="https://ci/run/1",
        artifacts={"api": {"reference": "registry/api:1.0", "digest": DIGEST}},
    )
    world.finish("d1", "api")
    first = world.deployments["d1"]
    assert (first.requested_by, first.reason, first.commit_sha, first.ci_run_url) == (
        "ci",
        "release",
        "abc123",
        "https://ci/run/1",
    )
    assert world.env.desired["api"].artifact == f"registry/api:1.0@{DIGEST}"
    transition = world.request(
        "d2",
        version="1.1",
        services=["api"],
        artifacts={"api": {"reference": "https://files/api-1.1.tgz", "digest": "sha256:bb"}},
    )
    (run,) = [e for e in transition.effects if isinstance(e, RunCommand)]
    assert run.values["artifact"] == "https://files/api-1.1.tgz@sha256:bb"
    assert run.variables == {"REGION": "eu"}, "the environment's variables reach the command"
    progress = world.deployments["d2"].services["api"]
    assert progress.previous_artifact == f"registry/api:1.0@{DIGEST}" and progress.previous_version == "1.0"
