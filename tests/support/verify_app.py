"""A small real web service for verification tests: each path answers as the test sets it (status, JSON, headers,
a delay, failures before it succeeds), and every request it got is kept."""

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass
class Answer:
    status: int = 200
    document: Any = None
    text: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    failures: int = 0  # answers 503 this many times first (an eventually consistent service)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: str


class Service:
    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.seen: list[Seen] = []
        self.app = Starlette(routes=[Route("/{path:path}", self._answer, methods=["GET", "POST", "PUT", "DELETE"])])

    def set(self, path: str, **answer: Any) -> None:
        self.answers[path] = Answer(**answer)

    async def _answer(self, request: Request) -> Response:
        path = "/" + request.path_params["path"]
        body = (await request.body()).decode()
        self.seen.append(Seen(request.method, path, dict(request.headers), body))
        answer = self.answers.get(path)
        if answer is None:
            return Response("no such path", status_code=404)
        if answer.delay_s:
            await asyncio.sleep(answer.delay_s)
        if answer.failures > 0:
            answer.failures -= 1
            return Response("not yet", status_code=503)
        content = json.dumps(answer.document) if answer.document is not None else answer.text
        media = "application/json" if answer.document is not None else "text/plain"
        return Response(content, status_code=answer.status, headers=answer.headers, media_type=media)
