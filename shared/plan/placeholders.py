"""Placeholders in commands and URLs: checking them in a plan and filling them in, never through a shell.

{service} {version} {previous_version} {environment} {color} {artifact} are filled from the deployment;
${NAME} from environment variables; {{ }} and $$ stand for a literal brace and dollar sign.
"""

import re
from collections.abc import Mapping, Sequence

from shared.plan.errors import unknown

PLACEHOLDERS = ("service", "version", "previous_version", "environment", "color", "artifact")

_TOKEN = re.compile(
    r"\{\{|\}\}|\$\$"
    r"|\$\{(?P<variable>[^}]*)\}"
    r"|\{(?P<placeholder>[^{}]*)\}"
    r"|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LITERALS = {"{{": "{", "}}": "}", "$$": "$"}


class RenderError(ValueError):
    """A template could not be filled in; the message names what was missing, never a secret's value."""


def template_problems(text: str) -> list[str]:
    """Sentences describing every placeholder or variable in text that cannot work."""
    problems = []
    for token in _TOKEN.finditer(text):
        variable, placeholder, bare = token.group("variable", "placeholder", "bare")
        if variable is not None and not _VARIABLE_NAME.fullmatch(variable):
            problems.append(
                f"${{{variable}}} is not a valid variable name; use letters, digits and _ (like ${{API_TOKEN}})"
            )
        elif placeholder is not None and placeholder not in PLACEHOLDERS:
            head = f"{{{placeholder}}} is not a placeholder"
            problems.append(
                unknown(head, placeholder.strip(), PLACEHOLDERS, "placeholders", "{", "}")
                + " (write {{ and }} for a literal brace)"
            )
        elif bare is not None:
            problems.append(
                f"${bare} would be passed on literally because no shell runs the command; "
                f"write ${{{bare}}} to use the variable (or $$ for a literal dollar sign)"
            )
    return problems


def check_template(text: str) -> str:
    """A pydantic validator: the text unchanged, or ValueError describing every bad placeholder."""
    problems = template_problems(text)
    if problems:
        raise ValueError("; ".join(problems))
    return text


def render(template: str, values: Mapping[str, str | None], env: Mapping[str, str] | None = None) -> str:
    """Fill in placeholders from values and ${NAME} from env, in one pass: filled-in text is never re-read."""
    variables = env if env is not None else {}

    def fill(token: re.Match[str]) -> str:
        variable, placeholder, bare = token.group("variable", "placeholder", "bare")
        if variable is not None:
            if variable not in variables:
                raise RenderError(f"${{{variable}}} is used but the variable {variable} is not set")
            return variables[variable]
        if placeholder is not None:
            if placeholder not in PLACEHOLDERS:
                raise RenderError(f"{{{placeholder}}} is not a placeholder")
            value = values.get(placeholder)
            if value is None:
                raise RenderError(f"{{{placeholder}}} is used but has no value for this deployment")
            return value
        if bare is not None:
            return token.group(0)
        return _LITERALS[token.group(0)]

    return _TOKEN.sub(fill, template)


def render_command(
    command: Sequence[str], values: Mapping[str, str | None], env: Mapping[str, str] | None = None
) -> list[str]:
    """The argument list to execute: each argument filled in on its own, so a value never splits or joins."""
    return [render(argument, values, env) for argument in command]
