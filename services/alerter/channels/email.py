"""Email: a text and HTML message, threaded per group, sent with aiosmtplib."""

import hashlib
import re
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

import aiosmtplib

from services.alerter.channels import digest_render
from services.alerter.channels.templates import render
from services.alerter.domain.alert import Delivered, Final, Links, Notification, Retry, SendOutcome
from shared.plan.alerting import EmailChannel, Smtp

MAX_SUBJECT = 200
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def thread_root_for(group_key: str) -> str:
    """The Message-ID a group's first message carries and its later ones answer, so a group stays one thread."""
    return f"<group-{hashlib.sha256(group_key.encode()).hexdigest()[:24]}@flightdeck>"


def message_id(notification: Notification) -> str:
    return f"<{_ID_UNSAFE.sub('-', notification.id)}@flightdeck>"


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_SUBJECT else line[: MAX_SUBJECT - 1] + "…"


def email_message(notification: Notification, links: Links, channel: EmailChannel, thread_root: str) -> EmailMessage:
    """multipart/alternative (text, then HTML); a "new" message starts the thread, the others answer it."""
    if notification.digest is not None:
        return digest_message(notification, links, channel)
    overrides = channel.templates
    message = EmailMessage()
    message["From"] = channel.sender
    message["To"] = ", ".join(channel.to)
    message["Subject"] = _one_line(render("subject", notification, links, overrides)) or notification.status
    message["Date"] = format_datetime(datetime.fromtimestamp(notification.created_at, UTC))
    if notification.kind == "new":
        message["Message-ID"] = thread_root
    else:
        message["Message-ID"] = message_id(notification)
        message["In-Reply-To"] = thread_root
        message["References"] = thread_root
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message["X-Flightdeck-Notification-Id"] = notification.id
    message.set_content(render("text", notification, links, overrides))
    message.add_alternative(render("html", notification, links, overrides), subtype="html")
    return message


def digest_message(notification: Notification, links: Links, channel: EmailChannel) -> EmailMessage:
    """A digest stands on its own: no thread to start or answer."""
    message = EmailMessage()
    message["From"] = channel.sender
    message["To"] = ", ".join(channel.to)
    message["Subject"] = _one_line(digest_render.subject(notification))
    message["Date"] = format_datetime(datetime.fromtimestamp(notification.created_at, UTC))
    message["Message-ID"] = message_id(notification)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Flightdeck-Notification-Id"] = notification.id
    message.set_content(digest_render.text(notification, links))
    message.add_alternative(digest_render.html(notification, links), subtype="html")
    return message


def _scrub(text: str, smtp: Smtp) -> str:
    text = " ".join(str(text).split())[:300]
    return text.replace(smtp.password, "****") if smtp.password else text


def _by_code(code: int, what: str, smtp: Smtp, text: str) -> SendOutcome:
    reason = _scrub(f"{what}: {code} {text}".rstrip(), smtp)
    return Retry(reason=reason) if 400 <= code < 500 else Final(reason=reason)


def _failed(exc: Exception, smtp: Smtp) -> SendOutcome:
    """What an aiosmtplib error means: 4xx and no connection pass, 5xx does not. Never the password."""
    name = type(exc).__name__
    where = f"the mail server {smtp.host}:{smtp.port}"
    if isinstance(exc, ssl.SSLCertVerificationError) or isinstance(exc.__cause__, ssl.SSLCertVerificationError):
        return Final(reason=f"{where} has a certificate we do not trust (set smtp.ca_file for a private CA)")
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        refusals = "; ".join(f"{each.recipient} {each.code} {each.message}" for each in exc.recipients)
        reason = _scrub(f"{where} refused every recipient: {refusals}", smtp)
        temporary = any(400 <= each.code < 500 for each in exc.recipients)
        return Retry(reason=reason) if temporary else Final(reason=reason)
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return _by_code(exc.code, f"{where} refused the login of {smtp.username}", smtp, exc.message)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return _by_code(exc.code, f"{where} answered", smtp, exc.message)
    if isinstance(exc, aiosmtplib.SMTPTimeoutError):
        return Retry(reason=f"{where} did not answer in time ({name})")
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        return Final(reason=_scrub(f"{where} does not support what the channel asks: {exc.message}", smtp))
    if isinstance(exc, ssl.SSLError):
        return Retry(reason=f"TLS with {where} failed ({name}); check smtp.security and smtp.port")
    if isinstance(exc, aiosmtplib.SMTPException | OSError):
        return Retry(reason=f"could not reach {where} ({name})")
    if isinstance(exc, ValueError):  # aiosmtplib's checks of its options: settings that cannot work
        return Final(reason=f"the smtp settings cannot work ({name})")
    return Retry(reason=f"sending through {where} failed ({name})")


async def send_email(message: EmailMessage, smtp: Smtp) -> SendOutcome:
    """Accepted: delivered (naming any recipients refused while others accepted it). Reasons never hold the password."""
    try:
        refused, answer = await aiosmtplib.send(
            message,
            hostname=smtp.host,
            port=smtp.port,
            username=smtp.username,
            password=smtp.password if smtp.username else None,
            use_tls=smtp.security == "tls",
            start_tls=smtp.security == "starttls",
            cert_bundle=smtp.ca_file,
            timeout=smtp.timeout,
        )
    except Exception as exc:
        return _failed(exc, smtp)
    if refused:
        names = ", ".join(f"{address} ({response.code})" for address, response in sorted(refused.items()))
        return Delivered(detail=_scrub(f"accepted, but these recipients were refused: {names}", smtp))
    return Delivered(detail=_scrub(answer, smtp))
