"""The demo's inbox starts and stops cleanly: stopping frees both ports (and may be repeated), and a start that
fails half way leaves nothing bound."""

import socket
from pathlib import Path

import aiosmtplib
import pytest

from cli.demo.inbox import Inbox

pytestmark = pytest.mark.integration


def bindable(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: connections may be in TIME_WAIT
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError:
            return False
    return True


async def test_stop_frees_both_ports_and_can_be_repeated(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path)
    await inbox.stop()  # never started: nothing to do
    await inbox.start()
    ports = (inbox.smtp_port, inbox.http_port)
    assert all(ports) and not any(bindable(port) for port in ports)
    await aiosmtplib.send(
        "Subject: hi\r\n\r\nhello\r\n",
        sender="a@example.com",
        recipients=["b@example.com"],
        hostname="127.0.0.1",
        port=inbox.smtp_port,
        timeout=5,
    )
    assert await inbox.wait_for(1, 0, within=5) and inbox.mails[0].text == "hello"
    await inbox.stop()
    await inbox.stop()
    assert all(bindable(port) for port in ports)


async def test_a_start_failing_half_way_leaves_nothing_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = Inbox(tmp_path)

    async def refused() -> None:
        raise OSError("no HTTP today")

    monkeypatch.setattr(inbox, "_start_http", refused)
    with pytest.raises(OSError, match="no HTTP today"):
        await inbox.start()
    assert inbox.smtp_port and bindable(inbox.smtp_port)
    await inbox.stop()
