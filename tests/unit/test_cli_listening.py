"""Whether anybody takes a request off the events stream, from what the coordinator's consumer group says (pure)."""

import pytest

from cli.listening import Readers, nobody_took

REQUEST = "1700000000000-5"


@pytest.mark.parametrize(
    ("readers", "said"),
    [
        (Readers(exists=False), "no coordinator has ever read the events stream here"),
        (Readers(True, "1700000000000-4", ()), "no coordinator is reading the events stream"),
        (
            Readers(True, "1699999999999-9", (60.0, 12.0)),
            "no coordinator is reading the events stream (its consumers last read 12s ago or more)",
        ),
        (Readers(True, "1700000000000-5", (600.0,)), None),  # taken: the coordinator works on it
        (Readers(True, "1700000000001-0", ()), None),
        (Readers(True, "1600000000000-0", (90.0, 0.4)), None),  # one reads now: busy with what came before
    ],
)
def test_who_takes_the_request(readers: Readers, said: str | None) -> None:
    assert nobody_took(readers, REQUEST) == said


def test_entry_ids_compare_as_numbers_not_text() -> None:
    assert nobody_took(Readers(True, "999-0", (60.0,)), "1000-0") is not None
    assert nobody_took(Readers(True, "1000-10", (60.0,)), "1000-9") is None
