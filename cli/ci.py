"""What a CI run tells a deployment (commit, who, the run's URL), and how to speak to GitHub Actions: log groups,
error annotations and the job summary. Pure functions over a given environment, except the `git` and file calls."""

import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# Other CIs, first variable set wins: GitLab, Buildkite, CircleCI, Jenkins, then a generic name.
_GENERIC_SHA = ("CI_COMMIT_SHA", "BUILDKITE_COMMIT", "CIRCLE_SHA1", "GIT_COMMIT", "COMMIT_SHA")
_GENERIC_URL = ("CI_JOB_URL", "CI_PIPELINE_URL", "BUILDKITE_BUILD_URL", "CIRCLE_BUILD_URL", "BUILD_URL")
_GENERIC_ACTOR = ("GITLAB_USER_LOGIN", "BUILDKITE_BUILD_CREATOR", "CIRCLE_USERNAME", "BUILD_USER_ID")
_GENERIC_REF = ("CI_COMMIT_REF_NAME", "BUILDKITE_BRANCH", "CIRCLE_BRANCH", "BRANCH_NAME", "GIT_BRANCH")


@dataclass(frozen=True)
class CIContext:
    """Empty (`provider` None) outside CI; every field may be None when the CI does not say."""

    provider: str | None = None
    commit_sha: str | None = None
    commit_time: datetime | None = None
    actor: str | None = None
    run_url: str | None = None
    ref_name: str | None = None
    step_summary: str | None = None

    @property
    def actions(self) -> bool:
        return self.provider == "github-actions"


def git_commit_time(sha: str) -> datetime | None:
    """The commit's committer time from the local clone; None without git, a clone or the commit."""
    try:
        done = subprocess.run(
            ["git", "show", "-s", "--format=%cI", sha], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        return datetime.fromisoformat(done.stdout.strip()) if done.returncode == 0 else None
    except ValueError:
        return None


def _first(environ: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    return next((environ[name] for name in names if environ.get(name)), None)


def _parse_time(text: str | None) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None
    return parsed if parsed is None or parsed.tzinfo else None


def ci_context(
    environ: Mapping[str, str], commit_time_of: Callable[[str], datetime | None] = git_commit_time
) -> CIContext:
    """The CI run described by `environ` (GitHub Actions, else a generic CI=true one), or an empty context."""
    if environ.get("GITHUB_ACTIONS") == "true":
        sha = environ.get("GITHUB_SHA") or None
        server, repo, run = (environ.get(n) for n in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
        url = f"{(server or 'https://github.com').rstrip('/')}/{repo}/actions/runs/{run}" if repo and run else None
        if url and environ.get("GITHUB_RUN_ATTEMPT", "1") not in ("", "1"):
            url += f"/attempts/{environ['GITHUB_RUN_ATTEMPT']}"
        return CIContext(
            "github-actions",
            sha,
            commit_time_of(sha) if sha else None,
            environ.get("GITHUB_ACTOR"),
            url,
            environ.get("GITHUB_REF_NAME"),
            environ.get("GITHUB_STEP_SUMMARY") or None,
        )
    if environ.get("CI", "").lower() in ("true", "1", "yes"):
        sha = _first(environ, _GENERIC_SHA)
        when = _parse_time(environ.get("CI_COMMIT_TIMESTAMP")) or (commit_time_of(sha) if sha else None)
        return CIContext(
            "ci",
            sha,
            when,
            _first(environ, _GENERIC_ACTOR),
            _first(environ, _GENERIC_URL),
            _first(environ, _GENERIC_REF),
        )
    return CIContext()


def group(title: str) -> str:
    """Starts a collapsible group in an Actions log (until `endgroup()`)."""
    return f"::group::{escape_data(title)}"


def endgroup() -> str:
    return "::endgroup::"


def escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF encoded as GitHub requires."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also : and , encoded."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def error_annotation(message: str, title: str | None = None) -> str:
    """An error shown on the run's summary page: `::error title=...::message`."""
    properties = f" title={escape_property(title)}" if title else ""
    return f"::error{properties}::{escape_data(message)}"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def summary_markdown(
    deployment_id: str,
    environment: str,
    versions: Mapping[str, str],
    outcome: str,
    duration: str,
    run_url: str | None = None,
) -> str:
    """A job summary section: the outcome, then a table of services and versions."""
    mark = {"succeeded": "✅"}.get(outcome, "❌")
    lines = [
        f"### {mark} Deployment to {_cell(environment)}: {_cell(outcome)}",
        "",
        "| service | version | outcome | duration | deployment |",
        "|---|---|---|---|---|",
    ]
    for service, version in versions.items() or {"(as requested)": "-"}.items():
        lines.append(
            f"| {_cell(service)} | {_cell(version)} | {_cell(outcome)} | {duration} | `{_cell(deployment_id)}` |"
        )
    if run_url:
        lines += ["", f"[CI run]({run_url})"]
    return "\n".join(lines) + "\n\n"


def write_step_summary(path: str | Path, markdown: str) -> None:
    """Appends to the file named by $GITHUB_STEP_SUMMARY (Actions shows it on the run's page)."""
    with open(path, "a", encoding="utf-8") as out:
        out.write(markdown)
