"""The read model's readiness from plain values: served only once built, and while a rebuild runs, how far it is."""

from services.dashboard.domain.readiness import read_model_readiness


def test_a_built_model_is_ready() -> None:
    assert read_model_readiness(built=True, rebuilding=None) == "pass"


def test_a_rebuild_in_progress_says_how_far_it_is_even_before_the_marker_is_back() -> None:
    assert read_model_readiness(built=False, rebuilding=0) == "rebuilding from the stream: 0 events so far"
    assert read_model_readiness(built=False, rebuilding=1200) == "rebuilding from the stream: 1200 events so far"


def test_a_missing_marker_is_not_ready_though_no_rebuild_has_started_yet() -> None:
    assert read_model_readiness(built=False, rebuilding=None) == (
        "the read model's marker is missing: it is being rebuilt from the stream"
    )
