"""Problems found in a plan: where each one is and a plain sentence a person can act on."""

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PathPart = str | int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan; path is like services.api.depends_on[1], line is 1-based when known."""

    path: str
    message: str
    line: int | None = None

    def describe(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass(frozen=True)
class Issue:
    """A problem before it is placed in the file: the path as parts, so its line can be looked up."""

    parts: tuple[PathPart, ...]
    message: str


class PlanError(ValueError):
    """Every problem found in one plan; str() is the full report, one problem a line."""

    def __init__(self, problems: Sequence[Problem], source: str = "flightdeck.yaml") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(problem.describe(self.source) for problem in self.problems)


def join_path(parts: Iterable[PathPart]) -> str:
    """("services", "api", "depends_on", 1) -> "services.api.depends_on[1]"."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def closest(word: str, options: Iterable[str]) -> str | None:
    """The known name word was probably meant to be: similar spelling, or the only one it abbreviates."""
    names = [str(option) for option in options]
    matches = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    extensions = [name for name in names if word and name.startswith(word)]
    return extensions[0] if len(extensions) == 1 else None


def did_you_mean(word: str, options: Iterable[str], left: str = "'", right: str = "'") -> str:
    """ "; did you mean 'depends_on'?" when a known name is close to word, else ""."""
    match = closest(word, options)
    return f"; did you mean {left}{match}{right}?" if match else ""


def listing(names: Iterable[str], last: str = "and") -> str:
    """ "a, b and c" for a sentence; "(none)" when there is nothing to list."""
    items = [str(name) for name in names]
    if not items:
        return "(none)"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def unknown(head: str, word: str, options: Iterable[str], plural: str, left: str = "'", right: str = "'") -> str:
    """ "'apii' is not a service; did you mean 'api'?", or without a close match "...; the services are ..."."""
    names = [str(option) for option in options]
    hint = did_you_mean(word, names, left, right)
    return f"{head}{hint}" if hint else f"{head}; the {plural} are {listing(f'{left}{n}{right}' for n in names)}"
