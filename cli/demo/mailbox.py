"""The inbox's SMTP side: aiosmtpd on 127.0.0.1, plain, taking any login, handing each message over as a Mail.

aiosmtpd's Controller runs the server in a thread of its own (with its own loop); each Mail is handed to the
caller's loop, so the inbox changes only there.
"""

import asyncio
import email
import email.policy
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage, MIMEPart
from html.parser import HTMLParser
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

HOSTNAME = "flightdeck-demo-inbox"  # named, so aiosmtpd does not ask the DNS for this machine's name
# aiosmtpd itself uses the attribute it deprecates, and says so at every login
logging.getLogger("mail.log").addFilter(lambda record: "login_data is deprecated" not in record.getMessage())


@dataclass(frozen=True)
class Mail:
    at: float  # time.time() when it arrived
    sender: str  # MAIL FROM
    to: list[str]  # RCPT TOs
    subject: str
    text: str  # the text/plain part (or the HTML stripped of tags when there is none)


class _Text(HTMLParser):
    """The words of an HTML body, a line per block, without what a reader never sees (style, script)."""

    BLOCKS = frozenset({"p", "div", "br", "tr", "h1", "h2", "h3", "h4", "li", "table"})
    HIDDEN = frozenset({"style", "script", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _content(part: MIMEPart) -> str:
    try:
        text = str(part.get_content())
    except (LookupError, UnicodeError):  # a charset Python does not know, or bytes that are not in it
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    return text.replace("\r\n", "\n")


def read_mail(content: bytes, sender: str, to: list[str], at: float) -> Mail:
    """What a reader sees of a message: its subject and its text (the plain part, else the HTML's words)."""
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert isinstance(message, EmailMessage)  # what policy.default makes
    plain = message.get_body(preferencelist=("plain",))
    html = None if plain is not None else message.get_body(preferencelist=("html",))
    if plain is not None:
        text = _content(plain).rstrip()
    elif html is not None:
        text = html_text(_content(html))
    else:
        text = ""
    return Mail(at=at, sender=sender, to=to, subject=str(message.get("Subject", "")), text=text)


class _Handler:
    def __init__(self, deliver: Callable[[Mail], None]) -> None:
        self.deliver = deliver

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        self.deliver(read_mail(raw, envelope.mail_from or "", list(envelope.rcpt_tos), time.time()))
        return "250 OK: caught by the demo inbox"


def _anyone(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
    """Any login will do: the demo's mail goes nowhere but here."""
    return AuthResult(success=True)


class _Controller(Controller):
    """aiosmtpd's Controller, on a port the system picks (Controller itself needs the port up front)."""

    def _trigger_server(self) -> None:
        server = cast(asyncio.Server, self.server)  # what loop.create_server made (typed as AbstractServer)
        self.port = server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]  # aiosmtpd leaves it unannotated


def _abandon(controller: Controller) -> None:
    """What a failed Controller.start leaves: its thread, maybe still running, and its loop."""
    controller.stop(no_assert=True)
    if not controller.loop.is_closed():
        controller.loop.close()


class Mailbox:
    """An SMTP server on 127.0.0.1; `deliver` gets each Mail in the loop that called start()."""

    def __init__(self, deliver: Callable[[Mail], None]) -> None:
        self.deliver = deliver
        self.port = 0
        self._controller: Controller | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()

        def hand_over(mail: Mail) -> None:  # in the server's thread
            loop.call_soon_threadsafe(self.deliver, mail)

        controller = _Controller(
            _Handler(hand_over),
            hostname="127.0.0.1",
            port=0,
            server_hostname=HOSTNAME,
            authenticator=_anyone,
            auth_require_tls=False,
        )
        try:
            await asyncio.to_thread(controller.start)
        except BaseException:
            await asyncio.to_thread(_abandon, controller)
            raise
        self._controller = controller
        self.port = controller.port

    async def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            await asyncio.to_thread(controller.stop)
