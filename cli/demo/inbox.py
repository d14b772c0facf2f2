"""What on-call would receive during the demo, caught on 127.0.0.1: mail (mailbox.py) and posts to Slack or a webhook.

Everything that arrives is kept in memory for the terminal, served at GET /received for a dashboard, and appended
to mails.jsonl and posts.jsonl. The Slack URL's last segment is a token, a secret like a real one: it is kept out of
all three, and out of the logs (no access log; masked in Flightdeck's log lines).
"""

import asyncio
import json
import secrets
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn

from aiohttp import web

from shared import logs

from .mailbox import Mail, Mailbox
from .posts import Post, slack_summary, webhook_summary

__all__ = ["Inbox", "Mail", "Post"]

HOST = "127.0.0.1"
ROUTES = "POST /slack/... (a Slack incoming webhook), POST /hook (a Flightdeck webhook), GET /received"


def _constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _parse(raw: bytes) -> Any:
    """Strict JSON: NaN and Infinity are Python's, and no JSON reader takes them back."""
    return json.loads(raw, parse_constant=_constant)


class Inbox:
    """What on-call would receive, caught on 127.0.0.1: an SMTP server and an HTTP receiver (Slack and webhooks)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.mails: list[Mail] = []
        self.posts: list[Post] = []
        self.smtp_port = 0
        self.http_port = 0
        self._token = secrets.token_hex(12)
        logs.redact(self._token)  # should a line of this process still name the Slack URL
        self._mailbox = Mailbox(self._keep_mail)
        self._runner: web.AppRunner | None = None
        self._arrived = asyncio.Event()

    @property
    def slack_url(self) -> str:
        return f"http://{HOST}:{self.http_port}/slack/services/T0DEMO/B0DEMO/{self._token}"

    @property
    def webhook_url(self) -> str:
        return f"http://{HOST}:{self.http_port}/hook"

    async def start(self) -> None:
        """Binds both on 127.0.0.1, on ports the system picks; if either fails, neither stays bound."""
        if self._runner is not None:
            return
        try:
            await asyncio.to_thread(self.folder.mkdir, parents=True, exist_ok=True)
            await self._mailbox.start()
            self.smtp_port = self._mailbox.port
            await self._start_http()
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Frees both ports; idempotent, and fine after a start that failed half way."""
        runner, self._runner = self._runner, None
        try:
            if runner is not None:
                await runner.cleanup()
        finally:
            await self._mailbox.stop()

    async def wait_for(self, mails: int, posts: int, within: float) -> bool:
        """True once at least `mails` mails and `posts` posts arrived; False if that takes longer than `within` s."""

        def enough() -> bool:
            return len(self.mails) >= mails and len(self.posts) >= posts

        try:
            async with asyncio.timeout(max(0.0, within)):
                while not enough():
                    self._arrived.clear()
                    await self._arrived.wait()
        except TimeoutError:
            return enough()
        return True

    def received(self) -> dict[str, list[dict[str, Any]]]:
        """Everything kept, as plain JSON values."""
        return {"mails": [asdict(mail) for mail in self.mails], "posts": [asdict(post) for post in self.posts]}

    async def _start_http(self) -> None:
        app = web.Application()
        app.router.add_post("/slack/{rest:.+}", self._slack)
        app.router.add_post("/hook", self._webhook)
        app.router.add_post("/hook/{rest:.*}", self._webhook)
        app.router.add_get("/received", self._received)
        app.router.add_route("*", "/{rest:.*}", self._nowhere)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)  # an access log would print the token
        await runner.setup()
        self._runner = runner
        site = web.TCPSite(runner, HOST, 0)
        await site.start()
        self.http_port = runner.addresses[0][1]

    def _append(self, name: str, record: Mail | Post) -> None:
        with (self.folder / name).open("a", encoding="utf-8") as lines:
            lines.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
        self._arrived.set()

    def _keep_mail(self, mail: Mail) -> None:
        self.mails.append(mail)
        self._append("mails.jsonl", mail)

    async def _take(self, request: web.Request, kind: str, path: str) -> web.Response:
        raw = await request.read()
        try:
            body = _parse(raw)
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, NaN
            refusal = f"the body is not JSON ({exc})"
            return web.Response(status=400, text=f"invalid_payload: {refusal}" if kind == "slack" else refusal)
        summary = slack_summary(body) if kind == "slack" else webhook_summary(body)
        post = Post(at=time.time(), kind=kind, path=path, body=body, summary=summary)
        self.posts.append(post)
        self._append("posts.jsonl", post)
        return web.Response(text="ok")

    async def _slack(self, request: web.Request) -> web.Response:
        return await self._take(request, "slack", "/slack")  # the rest of the path holds the token

    async def _webhook(self, request: web.Request) -> web.Response:
        return await self._take(request, "webhook", request.path)

    async def _received(self, request: web.Request) -> web.Response:
        return web.json_response(self.received())

    async def _nowhere(self, request: web.Request) -> web.Response:
        return web.Response(status=404, text=f"not found; this inbox takes {ROUTES}")  # not the path: a token maybe
