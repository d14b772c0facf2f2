"""Reading the YAML while keeping its node tree, so every problem can name the line it is on."""

from collections.abc import Sequence
from typing import Any

import yaml

from shared.plan.errors import Issue, PathPart, PlanError, Problem, join_path


def read_yaml(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree; PlanError with line and column when the YAML itself is broken."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        raise PlanError([_syntax_problem(error)], source) from None
    except yaml.YAMLError as error:
        raise PlanError([Problem("", f"YAML syntax error: {error}")], source) from None
    finally:
        loader.dispose()
    return data, node


def _syntax_problem(error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    what = "; ".join(part for part in (error.context, error.problem) if part)
    if mark is None:
        return Problem("", f"YAML syntax error: {what}")
    return Problem("", f"YAML syntax error at line {mark.line + 1}, column {mark.column + 1}: {what}", mark.line + 1)


def line_of(node: yaml.Node | None, parts: Sequence[PathPart]) -> int | None:
    """The 1-based line of the deepest part of the path that exists in the file."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in parts:
        child = _child(node, part)
        if child is None:
            break
        key, node = child
        line = (key or node).start_mark.line + 1
    return line


def _child(node: yaml.Node, part: PathPart) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in reversed(node.value):  # the last of duplicated keys is the one YAML keeps
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def duplicate_keys(node: yaml.Node | None, parts: tuple[PathPart, ...] = ()) -> list[Issue]:
    """Keys written twice in one mapping: YAML silently keeps only the last, which hides mistakes."""
    issues: list[Issue] = []
    if isinstance(node, yaml.MappingNode):
        first_line: dict[str, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name is not None and name != "<<":
                if name in first_line:
                    issues.append(
                        Issue(
                            (*parts, name),
                            f"'{name}' appears twice (lines {first_line[name]} and {key.start_mark.line + 1}); "
                            "YAML keeps only the last one",
                        )
                    )
                first_line.setdefault(name, key.start_mark.line + 1)
            issues.extend(duplicate_keys(value, (*parts, name if name is not None else "?")))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            issues.extend(duplicate_keys(item, (*parts, index)))
    return issues


def placed(issues: Sequence[Issue], node: yaml.Node | None) -> list[Problem]:
    """Issues as problems with their lines, in file order, each reported once."""
    problems = {Problem(join_path(issue.parts), issue.message, line_of(node, issue.parts)) for issue in issues}
    return sorted(problems, key=lambda problem: (problem.line or 0, problem.path, problem.message))
