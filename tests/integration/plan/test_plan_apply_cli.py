"""`flightdeck plan apply` against a real Redis: stores a revision, announces it, and never prints a password."""

import argparse
from pathlib import Path
from typing import cast

import pytest
import redis

from cli import plan as plan_cli
from shared.keys.plan import PlanKeys
from shared.ports import free_port
from shared.streams import Keys
from tests.unit.plan.helpers import base, dump


def _apply(path: Path) -> int:
    root = argparse.ArgumentParser(prog="flightdeck")
    plan_cli.register(root.add_subparsers(dest="command"))
    args = root.parse_args(["plan", "apply", str(path)])
    exit_code: int = args.func(args)
    return exit_code


def test_apply_stores_a_revision_and_publishes_plan_applied(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flightdeck.yaml"
    path.write_text(dump(base()))
    monkeypatch.setenv("REDIS_URL", redis_url)
    assert _apply(path) == 0
    assert _apply(path) == 0
    out = capsys.readouterr().out
    assert f"{path}: stored as plan revision 1, now current\n" in out
    assert f"{path}: stored as plan revision 2, now current\n" in out
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.get(PlanKeys.of(Keys()).current) == b"2"
        entries = cast(list[tuple[bytes, dict[bytes, bytes]]], client.xrange(Keys().events))
        assert [fields[b"type"] for _, fields in entries] == [b"plan-applied", b"plan-applied"]
        assert b'"revision":2' in entries[1][1][b"__data__"]
    finally:
        client.close()


def test_apply_refuses_an_invalid_plan_before_touching_redis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flightdeck.yaml"
    path.write_text("version: 1\n")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    assert _apply(path) == 1
    assert capsys.readouterr().out.splitlines()[-1] == f"2 problems found in {path}"


def test_an_unreachable_redis_is_reported_without_its_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()  # a port nobody listens on
    path = tmp_path / "flightdeck.yaml"
    path.write_text(dump(base()))
    monkeypatch.setenv("REDIS_URL", f"redis://:hunter2@127.0.0.1:{port}/0")
    assert _apply(path) == 4
    out, err = capsys.readouterr()
    assert f"plan apply: cannot reach Redis at REDIS_URL=redis://:***@127.0.0.1:{port}/0" in err
    assert "hunter2" not in out + err
