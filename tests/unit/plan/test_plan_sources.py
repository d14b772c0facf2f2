"""During development a service may read its plan straight from a file, as revision 0."""

from pathlib import Path

import pytest

from shared.plan import FilePlanSource, PlanError
from tests.unit.plan.helpers import base, dump


async def test_a_file_source_reads_the_file_as_revision_0_and_sees_edits(tmp_path: Path) -> None:
    path = tmp_path / "flightdeck.yaml"
    path.write_text(dump(base()))
    source = FilePlanSource(path)
    first = await source.current()
    assert first is not None
    assert (first.revision, first.source, sorted(first.plan.services)) == (0, str(path), ["api"])
    data = base()
    data["services"]["worker"] = {"kind": "job", "deploy": ["./worker.sh"]}
    path.write_text(dump(data))
    edited = await source.get(0)
    assert edited is not None and sorted(edited.plan.services) == ["api", "worker"]
    assert edited.sha256 != first.sha256
    assert await source.get(1) is None


async def test_a_missing_file_has_no_plan_and_a_broken_one_is_a_plan_error(tmp_path: Path) -> None:
    path = tmp_path / "flightdeck.yaml"
    assert await FilePlanSource(path).current() is None
    path.write_text("version: 1\nservices: {api: {depnds_on: []}}\nenvironments: {staging: {}}\n")
    with pytest.raises(PlanError) as caught:
        await FilePlanSource(path).current()
    assert f"{path}:2: services.api.depnds_on: unknown key 'depnds_on'; did you mean 'depends_on'?" in str(caught.value)
