"""A value of the wrong shape gets a plain sentence, not pydantic's wording; natural YAML shorthands are accepted."""

from shared.plan import Environment, parse_plan
from tests.unit.plan.helpers import base, dump, parsed, problems


def test_a_section_of_the_wrong_shape_says_what_shape_it_needs() -> None:
    data = base()
    data["services"]["api"]["depends_on"] = {"db": True}
    data["services"]["api"]["health"] = "https://api.example/health/ready"
    data["alerting"] = {"routes": {"channels": "ops"}}
    assert problems(data) == [
        "services.api.health: must be a mapping of keys to values",
        "services.api.depends_on: must be a list, like [a, b]",
        "alerting.routes: must be a list, like [a, b]",
    ]


def test_wrong_scalars_and_empty_lists_get_plain_sentences() -> None:
    data = base()
    data["environments"]["production"]["approval_required"] = "maybe"
    data["services"]["api"]["health"]["passes_to_ready"] = "three"
    data["alerting"] = {
        "channels": {"mail": {"type": "email", "to": [], "from": "f@acme.example", "smtp": {"host": "smtp"}}},
        "routes": [{"channels": []}],
    }
    assert problems(data) == [
        "environments.production.approval_required: must be true or false",
        "services.api.health.passes_to_ready: must be a whole number",
        "alerting.channels.mail.to: must not be empty",
        "alerting.routes[0].channels: must not be empty",
    ]


def test_a_name_yaml_reads_as_a_number_must_be_quoted() -> None:
    text = dump(base()).replace("  staging: {}\n", "  2024: {}\n")
    assert problems(text) == [
        "environments.2024: this name is not text: YAML reads numbers, and on, off, yes and no, as other types; "
        "quote it"
    ]


def test_counts_must_be_positive_and_dependencies_cannot_change_per_environment() -> None:
    data = base()
    data["max_parallelism"] = 0
    data["environments"]["production"]["services"] = {"api": {"depends_on": ["db"]}}
    assert problems(data) == [
        "environments.production.services.api.depends_on: dependencies are the same in every environment, so "
        "depends_on belongs under services: only",
        "max_parallelism: must be more than 0",
    ]


def test_names_must_be_lowercase_and_variables_must_be_identifiers() -> None:
    data = base()
    data["services"]["API"] = data["services"].pop("api")
    data["environments"]["staging"]["variables"] = {"gcp-project": "acme"}
    assert problems(data) == [
        "environments.staging.variables.gcp-project: a variable name uses letters, digits and _, like GCP_PROJECT",
        "services.API: a name uses lowercase letters, digits, - and _, starting with a letter or digit",
    ]


def test_an_environment_with_nothing_under_it_changes_nothing() -> None:
    text = dump(base()).replace("  staging: {}\n", "  staging:\n")
    assert "  staging:\n  production:\n" in text
    assert parse_plan(text).environments["staging"] == Environment()


def test_one_name_may_be_written_without_a_list() -> None:
    data = base()
    data["services"]["db"] = {"kind": "job", "deploy": ["./db.sh"]}
    data["services"]["api"]["depends_on"] = "db"
    data["services"]["api"]["verification"] = {"smoke": [{"url": "https://api.example/", "expect": {"status": 204}}]}
    data["services"]["api"]["rollback_policy"] = {"signals": "health-degraded"}
    api = parsed(data).services["api"]
    assert api.depends_on == ["db"]
    assert api.verification.smoke[0].expect.status == [204]
    assert api.rollback_policy.signals == ["health-degraded"]
