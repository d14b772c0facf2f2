"""Smoke requests of a verification, and the cross-service integration checks built from them (plan model).

A request's URL and header values may hold {service} {version} {previous_version} {environment} and ${NAME}; its
body only ${NAME} (a JSON body is full of braces). ${NAME} of the environment's variables is filled in with the
plan; any other ${NAME} is a secret, read from the verifier's environment when the check runs and masked in every
report."""

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, NonNegativeInt, field_serializer, field_validator, model_validator

from shared.plan.json_path import parse
from shared.plan.secrets import mask_secret
from shared.plan.types import Duration, Names, StrictModel, Text, Url

Method = Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def _statuses(value: Any) -> Any:
    return [value] if isinstance(value, int | str) and not isinstance(value, bool) else value


class JsonExpectation(StrictModel):
    """A field of the JSON body: it exists (the default), equals a value, or matches a regular expression."""

    path: str = Field(description="like data.items[0].id")
    exists: bool | None = None
    equals: Any = None
    matches: str | None = Field(None, description="a regular expression the field's text must contain a match of")

    @field_validator("path")
    @classmethod
    def _path(cls, path: str) -> str:
        parse(path)
        return path

    @field_validator("matches")
    @classmethod
    def _regex(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from None
        return pattern

    @model_validator(mode="after")
    def _one_test(self) -> "JsonExpectation":
        given = [name for name in ("exists", "equals", "matches") if name in self.model_fields_set]
        if len(given) > 1:
            raise ValueError(f"give one of exists, equals or matches for {self.path}, not {' and '.join(given)}")
        return self

    @property
    def test(self) -> str:
        """Which test this is: exists, absent, equals or matches."""
        if "equals" in self.model_fields_set:
            return "equals"
        if self.matches is not None:
            return "matches"
        return "absent" if self.exists is False else "exists"


class Expectation(StrictModel):
    status: Annotated[list[int], BeforeValidator(_statuses)] = [200]
    body_contains: str | None = None
    json_fields: list[JsonExpectation] = Field([], alias="json")
    headers: dict[str, str] = Field({}, description="each header present, its value containing the text given")
    max_latency: Duration | None = None


class SmokeRequest(StrictModel):
    url: Url
    name: str | None = None
    method: Annotated[Method, BeforeValidator(_upper)] = "GET"
    headers: dict[str, Text] = {}
    body: str | None = None
    expect: Expectation = Expectation()
    retries: NonNegativeInt = Field(0, le=10, description="tries again this many times before it fails")
    retry_delay: Duration = 1.0

    @field_serializer("headers", when_used="json")
    def _mask_credentials(self, headers: dict[str, str]) -> dict[str, str]:
        return {
            name: mask_secret(value) if name.lower() in SENSITIVE_HEADERS else value for name, value in headers.items()
        }

    @property
    def label(self) -> str:
        return self.name or f"{self.method} {self.url}"


class IntegrationCheck(SmokeRequest):
    """A request whose path crosses several services (the frontend's API proxy through the API to its database),
    run once every service of the deployment is up."""

    name: str
    through: Names = Field([], description="the services the request passes through, first to last")
