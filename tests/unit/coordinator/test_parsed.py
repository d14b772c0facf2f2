"""The parsed documents a replica keeps: reused only while Redis holds the stamp it wrote, taken out when used
(a decision that did not commit never reaches the next), and bounded."""

from datetime import UTC, datetime

from services.coordinator.documents import Memo
from services.coordinator.domain.model import Deployment, Phase
from services.coordinator.parsed import Parsed

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def deployment(deployment_id: str = "d1") -> Deployment:
    return Deployment(id=deployment_id, environment="staging", phase=Phase.RUNNING, created_at=NOW)


def memo(stamp: str) -> Memo:
    return Memo(stamp, {}, {})


def test_what_it_wrote_is_reused_once_then_read_again() -> None:
    parsed: Parsed[Deployment] = Parsed()
    mine = deployment()
    parsed.put("d1", mine, memo("1.me"))
    kept = parsed.take("d1", "1.me")
    assert kept is not None and kept[0] is mine
    assert parsed.take("d1", "1.me") is None, "taken out when used: the next take reads Redis"


def test_what_another_replica_wrote_is_not_reused() -> None:
    parsed: Parsed[Deployment] = Parsed()
    parsed.put("d1", deployment(), memo("1.me"))
    assert parsed.take("d1", "2.them") is None
    parsed.put("d1", deployment(), memo("1.me"))
    assert parsed.take("d1", None) is None, "gone from Redis, or of the earlier layout"
    assert parsed.take("d1", "1.me") is None


def test_only_the_latest_documents_are_kept() -> None:
    parsed: Parsed[Deployment] = Parsed(keep=2)
    for i in range(3):
        parsed.put(f"d{i}", deployment(f"d{i}"), memo(f"{i}.me"))
    assert parsed.take("d0", "0.me") is None
    assert parsed.take("d2", "2.me") is not None
