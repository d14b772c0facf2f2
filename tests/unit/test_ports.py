"""Free ports lie below the kernel's ephemeral range, where no outgoing connection can take one before we bind it."""

import socket

import pytest

from shared import ports


def test_a_free_run_is_below_the_ephemeral_range_and_bindable() -> None:
    base = ports.free_run(5)
    assert ports._FLOOR <= base and base + 5 <= ports._ephemeral_floor()
    with socket.socket() as first, socket.socket() as last:
        first.bind(("127.0.0.1", base))
        last.bind(("127.0.0.1", base + 4))


def test_no_port_is_handed_out_twice() -> None:
    given = [ports.free_port() for _ in range(300)]  # none bound in between: bindability alone would allow repeats
    assert len(set(given)) == len(given)


def test_a_listening_port_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    real = ports._random.randint
    with socket.socket() as held:
        candidates = (real(ports._FLOOR, ports._ephemeral_floor() - 1) for _ in range(1000))
        held.bind(("127.0.0.1", next(p for p in candidates if p not in ports._given and ports._bindable(p))))
        held.listen()
        taken = held.getsockname()[1]
        picks = iter([taken, taken])
        monkeypatch.setattr(ports._random, "randint", lambda low, high: next(picks, None) or real(low, high))
        assert ports.free_port() != taken
        assert next(picks, None) is None  # it was offered the held port twice and passed it by
