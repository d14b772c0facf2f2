"""The parsed deployments a replica keeps: reused only while Redis holds exactly what it wrote, taken out when used
(a decision that did not commit never reaches the next), and bounded."""

from datetime import UTC, datetime

from services.coordinator.domain.model import Deployment, Phase
from services.coordinator.parsed import Parsed

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def deployment(deployment_id: str = "d1", reason: str = "") -> Deployment:
    return Deployment(id=deployment_id, environment="staging", phase=Phase.RUNNING, reason=reason, created_at=NOW)


def test_what_it_wrote_is_reused_once_then_parsed_again() -> None:
    parsed, mine = Parsed(), deployment()
    text = mine.model_dump_json()
    parsed.put(mine, text)
    assert parsed.take("d1", text.encode()) is mine
    again = parsed.take("d1", text.encode())
    assert again is not mine and again == mine, "taken out when used: the next take parses"


def test_what_another_replica_wrote_is_parsed() -> None:
    parsed, mine = Parsed(), deployment()
    parsed.put(mine, mine.model_dump_json())
    theirs = deployment(reason="written elsewhere").model_dump_json()
    found = parsed.take("d1", theirs)
    assert found is not mine and found is not None and found.reason == "written elsewhere"
    assert parsed.take("d1", None) is None


def test_only_the_latest_deployments_are_kept() -> None:
    parsed = Parsed(keep=2)
    kept = [deployment(f"d{i}") for i in range(3)]
    for each in kept:
        parsed.put(each, each.model_dump_json())
    assert parsed.take("d0", kept[0].model_dump_json()) is not kept[0]
    assert parsed.take("d2", kept[2].model_dump_json()) is kept[2]
