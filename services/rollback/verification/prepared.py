"""A check's request filled in twice: once with the secrets, to send, and once with each secret masked, to show.

{service} {version} {previous_version} {environment} come from the deployment; ${NAME} from the verifier's own
environment (the environment's plan variables were filled in with the plan already). A body holds ${NAME} only,
and one that starts like JSON is sent as application/json unless a Content-Type header says otherwise."""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from shared.plan.placeholders import RenderError, render
from shared.plan.secrets import MASK, REFERENCE
from shared.plan.smoke import SmokeRequest

from ..domain.verification.reproduce import curl_line


class _Masked(Mapping[str, str]):
    """Every variable is set, to the mask: what a report shows in place of a secret."""

    def __getitem__(self, name: str) -> str:
        return MASK

    def __contains__(self, name: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


MASKED = _Masked()


@dataclass(frozen=True)
class Prepared:
    method: str
    url: str
    headers: dict[str, str]
    body: str | None
    reproduce: str  # the curl line, every secret masked
    secrets: tuple[str, ...]  # the values filled in from the environment, to scrub from any error text

    def scrub(self, text: str) -> str:
        for value in self.secrets:
            text = text.replace(value, MASK)
        return text


def prepare(request: SmokeRequest, values: Mapping[str, str | None], env: Mapping[str, str]) -> Prepared:
    """RenderError naming a placeholder without a value or a variable this process does not have."""
    used = sorted({name for name in _names(request) if env.get(name)}, key=len, reverse=True)
    url, headers = render(request.url, values, env), {k: render(v, values, env) for k, v in request.headers.items()}
    body = _body(request.body, env)
    shown_headers = {k: render(v, values, MASKED) for k, v in request.headers.items()}
    if body is not None and body.lstrip()[:1] in ("{", "[") and not any(k.lower() == "content-type" for k in headers):
        headers["Content-Type"] = shown_headers["Content-Type"] = "application/json"  # a JSON body, said so
    shown = curl_line(request.method, render(request.url, values, MASKED), shown_headers, _body(request.body, MASKED))
    return Prepared(request.method, url, headers, body, shown, tuple(env[name] for name in used))


def _names(request: SmokeRequest) -> Iterator[str]:
    for text in (request.url, request.body or "", *request.headers.values()):
        for token in REFERENCE.finditer(text):
            if token.group(1):
                yield token.group(1)


def _body(body: str | None, env: Mapping[str, str]) -> str | None:
    if body is None:
        return None

    def fill(token: re.Match[str]) -> str:
        name = token.group(1)
        if name is None:
            return "$"
        if name not in env:
            raise RenderError(f"${{{name}}} is used but the variable {name} is not set")
        return env[name]

    return REFERENCE.sub(fill, body)
