"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it accepts, with TLS from a test CA made by openssl.

async with smtp_server("starttls", users={"alerts": "s3cret"}) as box:
    smtp = Smtp(host="127.0.0.1", port=box.port, security="starttls", ca_file=box.ca_file, ...)
    box.refuse(1, 451, "try later")  # the next message is refused at DATA
"""

import asyncio
import email
import email.policy
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Literal, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.support.tls import certificates, server_context

Security = Literal["none", "starttls", "tls"]
# aiosmtpd itself uses the attribute it deprecates, and says so at every login
logging.getLogger("mail.log").addFilter(lambda record: "login_data is deprecated" not in record.getMessage())


@dataclass
class Mailbox:
    port: int = 0
    ca_file: str = ""
    security: Security = "none"
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)  # (MAIL FROM, RCPT TOs) per message
    logins: list[str] = field(default_factory=list)
    _refusals: list[tuple[str, int, str]] = field(default_factory=list)

    def refuse(
        self, count: int, code: int = 451, text: str = "try later", *, at: Literal["data", "rcpt"] = "data"
    ) -> None:
        """Refuse the next `count` DATA commands (one per message) or, with at="rcpt", RCPT commands."""
        self._refusals.extend([(at, code, text)] * count)

    def _refusal(self, command: str) -> str | None:
        if self._refusals and self._refusals[0][0] == command:
            _, code, text = self._refusals.pop(0)
            return f"{code} {text}"
        return None


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        refused = self.box._refusal("rcpt")
        if refused:
            return refused
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        refused = self.box._refusal("data")
        if refused:
            return refused
        content = envelope.original_content or b""
        self.box.messages.append(email.message_from_bytes(content, policy=email.policy.default))
        self.box.envelopes.append((envelope.mail_from or "", list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class _Controller(Controller):
    """aiosmtpd's Controller, on a port the system picks (Controller itself needs the port up front)."""

    def _trigger_server(self) -> None:
        server = cast(asyncio.Server, self.server)  # what loop.create_server made (typed as AbstractServer)
        self.port = server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]  # aiosmtpd leaves it unannotated


def _authenticator(users: dict[str, str], box: Mailbox) -> Any:
    def authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword):
            login, password = data.login.decode(), data.password.decode()
            if users.get(login) == password:
                box.logins.append(login)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return authenticate


@asynccontextmanager
async def smtp_server(security: Security = "none", users: dict[str, str] | None = None) -> AsyncIterator[Mailbox]:
    """An SMTP server: plain, STARTTLS (offered, and required before AUTH) or implicit TLS; AUTH when users given."""
    made = await asyncio.to_thread(certificates)
    box = Mailbox(ca_file=made.ca_file, security=security)
    context = await asyncio.to_thread(server_context) if security != "none" else None
    options: dict[str, Any] = {
        "server_hostname": "flightdeck-test-smtp",
        "auth_require_tls": security == "starttls",  # implicit TLS is TLS from the start; "none" is for tests only
        "authenticator": _authenticator(users, box) if users else None,
    }
    if security == "starttls":
        options["tls_context"] = context
    elif security == "tls":
        options["ssl_context"] = context
    controller = _Controller(_Handler(box), hostname="127.0.0.1", port=0, **options)
    await asyncio.to_thread(controller.start)
    box.port = controller.port
    try:
        yield box
    finally:
        await asyncio.to_thread(controller.stop)
