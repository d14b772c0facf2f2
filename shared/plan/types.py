"""Value types of the plan file: durations, percentages, commands, templates and secrets, each with its own checks."""

import json
import re
import shlex
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, PlainSerializer, ValidationInfo

from shared.durations import format_duration, parse_duration, parse_percent
from shared.plan.placeholders import check_template
from shared.plan.secrets import mask_secret, uses_reference

_SHELL_SYNTAX = re.compile(r"&&|\|\||[|;<>`]|\$\(")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class StrictModel(BaseModel):
    """Unknown keys are errors (a typo must not be ignored) and a loaded plan never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


def _duration(value: Any) -> float:
    if isinstance(value, str | int | float):
        return parse_duration(value)
    raise ValueError(f"expected a duration like 500ms, 30s, 5m or 1h, not a {type(value).__name__}")


def _positive(seconds: float) -> float:
    if seconds <= 0:
        raise ValueError("must be longer than zero")
    return seconds


def _percent(value: Any) -> float:
    if isinstance(value, str | int | float):
        return parse_percent(value)
    raise ValueError(f"expected a percentage like 5%, not a {type(value).__name__}")


def _format_percent(fraction: float) -> str:
    return f"{round(fraction * 100, 6):g}%"


def one_or_many(value: Any) -> Any:
    """One name may be written without brackets: `depends_on: migrate` means [migrate]."""
    return [value] if isinstance(value, str | int) and not isinstance(value, bool) else value


def _text(value: Any) -> Any:
    """YAML reads `8080` or `1.4` as numbers; where text is expected they mean their text."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def command_advice(text: str) -> str:
    """How to write a shell string as the argument list Flightdeck runs."""
    try:
        arguments = shlex.split(text)
    except ValueError:
        arguments = text.split()
    advice = (
        "a command is a list of arguments, not one shell string (Flightdeck never runs commands through "
        f"a shell); write it as {json.dumps(arguments)}"
    )
    if _SHELL_SYNTAX.search(text):
        advice += '; pipes, && and redirections need a shell: put them in a script, or write ["bash", "-c", "..."]'
    return advice


def _command(value: Any) -> Any:
    if isinstance(value, str):
        raise ValueError(command_advice(value))
    if isinstance(value, list):
        if not value:
            raise ValueError('a command needs at least the program to run, like ["./deploy.sh", "{service}"]')
        if len(value) == 1 and isinstance(value[0], str) and len(value[0].split()) > 1:
            raise ValueError(command_advice(value[0]))
        return [_argument(argument) for argument in value]
    return value


def _argument(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1 and None in value.values():
        # YAML reads an unquoted {service} inside [...] as a mapping, not as text
        name = next(iter(value))
        raise ValueError(f'write "{{{name}}}" in quotes: without them YAML reads {{{name}}} as a mapping')
    return _text(value)


def _url(value: str) -> str:
    if not value.startswith(("http://", "https://", "${", "{")):
        raise ValueError("must be an http:// or https:// URL (or start with a ${VARIABLE} holding one)")
    return value


_SECRET_EXAMPLES = {"webhook_url": "SLACK_WEBHOOK_URL", "password": "SMTP_PASSWORD", "secret": "WEBHOOK_SECRET"}


def _secret(value: str, info: ValidationInfo) -> str:
    # The plan is stored in Redis and shown to people, so a secret must stay a reference to the environment.
    if not uses_reference(value):
        example = _SECRET_EXAMPLES.get(info.field_name or "", "SECRET_NAME")
        raise ValueError(
            f"holds a literal secret; write a reference such as ${{{example}}} and set that variable "
            "in the environment of the service that uses it"
        )
    return value


def _name(value: str) -> str:
    if not _NAME.fullmatch(value):
        raise ValueError("a name uses lowercase letters, digits, - and _, starting with a letter or digit")
    return value


def _variable(value: str) -> str:
    if not _VARIABLE.fullmatch(value):
        raise ValueError("a variable name uses letters, digits and _, like GCP_PROJECT")
    return value


Duration = Annotated[float, BeforeValidator(_duration), PlainSerializer(format_duration, when_used="json")]
PositiveDuration = Annotated[Duration, AfterValidator(_positive)]
Percent = Annotated[float, BeforeValidator(_percent), PlainSerializer(_format_percent, when_used="json")]
Text = Annotated[str, BeforeValidator(_text)]
Names = Annotated[list[str], BeforeValidator(one_or_many)]
Template = Annotated[str, BeforeValidator(_text), AfterValidator(check_template)]
Command = Annotated[list[Template], BeforeValidator(_command)]
Url = Annotated[str, AfterValidator(check_template), AfterValidator(_url)]
SecretRef = Annotated[str, AfterValidator(_secret), PlainSerializer(mask_secret, when_used="json")]
Name = Annotated[str, AfterValidator(_name)]
VariableName = Annotated[str, AfterValidator(_variable)]
