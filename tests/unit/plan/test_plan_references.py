"""Names that must exist (services, channels, environments), dependency cycles, and what each service needs."""

from tests.unit.plan.helpers import base, parsed, problems, with_services


def test_a_dependency_on_an_unknown_service_points_at_the_entry() -> None:
    data = with_services(db={}, api={"depends_on": ["db", "cahce"]}, cache={})
    assert problems(data) == [
        "services.api.depends_on[1]: 'cahce' is not a service in this plan; did you mean 'cache'?"
    ]


def test_an_unknown_dependency_without_a_close_name_lists_the_services() -> None:
    data = with_services(db={}, api={"depends_on": "queue"})
    assert problems(data) == [
        "services.api.depends_on: 'queue' is not a service in this plan; the services are 'api' and 'db'"
    ]


def test_a_dependency_listed_twice_is_reported() -> None:
    data = with_services(db={}, api={"depends_on": ["db", "db"]})
    assert problems(data) == ["services.api.depends_on[1]: 'db' is listed twice"]


def test_a_cycle_names_every_service_in_it() -> None:
    data = with_services(
        api={"depends_on": ["worker"]}, worker={"depends_on": ["migrate"]}, migrate={"depends_on": "api"}
    )
    assert problems(data) == [
        "services.api.depends_on: dependency cycle: api -> worker -> migrate -> api "
        "(each depends on the next, so none of them can start)"
    ]


def test_a_knot_larger_than_one_loop_names_all_its_members() -> None:
    data = with_services(a={"depends_on": ["b"]}, b={"depends_on": ["a", "c"]}, c={"depends_on": ["b"]})
    assert problems(data) == [
        "services.a.depends_on: dependency cycle: a -> b -> a; a, b, c all depend on each other, "
        "so none of them can start"
    ]


def test_separate_cycles_and_a_self_dependency_are_each_reported() -> None:
    data = with_services(a={"depends_on": "b"}, b={"depends_on": "a"}, solo={"depends_on": "solo"}, ok={})
    assert problems(data) == [
        "services.a.depends_on: dependency cycle: a -> b -> a (each depends on the next, so none of them can start)",
        "services.solo.depends_on: solo depends on itself",
    ]


def test_a_route_naming_an_unknown_channel_is_reported_with_a_hint() -> None:
    data = base()
    data["alerting"] = {
        "channels": {"ops-slack": {"type": "slack", "webhook_url": "${SLACK_WEBHOOK_URL}"}},
        "routes": [{"channels": ["ops-slack"]}, {"match": {"severity": "critical"}, "channels": ["ops-slak", "pager"]}],
        "escalation": [{"after": "15m", "channels": "oncall"}],
    }
    assert problems(data) == [
        "alerting.routes[1].channels[0]: 'ops-slak' is not a channel in this plan; did you mean 'ops-slack'?",
        "alerting.routes[1].channels[1]: 'pager' is not a channel in this plan; the channels are 'ops-slack'",
        "alerting.escalation[0].channels: 'oncall' is not a channel in this plan; the channels are 'ops-slack'",
    ]


def test_a_route_matching_an_unknown_environment_or_service_is_reported() -> None:
    data = base()
    data["alerting"] = {
        "channels": {"ops": {"type": "webhook", "url": "https://hooks.example/x"}},
        "routes": [{"match": {"environment": "prod", "service": ["api", "apii"]}, "channels": "ops"}],
    }
    assert problems(data) == [  # both on one line of the file, so in path order
        "alerting.routes[0].match.environment: 'prod' is not an environment in this plan; did you mean 'production'?",
        "alerting.routes[0].match.service[1]: 'apii' is not a service in this plan; did you mean 'api'?",
    ]


def test_an_unknown_channel_type_is_named() -> None:
    data = base()
    data["alerting"] = {"channels": {"a": {"type": "emial"}, "b": {"to": "x@example.com"}}}
    assert problems(data) == [
        "alerting.channels.a: unknown type 'emial'; did you mean 'email'?",
        "alerting.channels.b: needs a type: slack, email or webhook",
    ]


def test_an_environment_overriding_an_unknown_service_is_reported() -> None:
    data = base()
    data["environments"]["production"]["services"] = {"apj": {"timeouts": {"deploy": "20m"}}}
    assert problems(data) == [
        "environments.production.services.apj: 'apj' is not a service in this plan; did you mean 'api'?"
    ]


def test_a_plan_needs_services_and_environments() -> None:
    data = base()
    data["services"], data["environments"] = {}, {}
    assert problems(data) == [
        "environments: the plan names no environments; add one, like staging:",
        "services: the plan names no services; describe at least one under services:",
    ]


def test_a_service_without_a_deploy_command_anywhere_is_reported() -> None:
    data = base()
    del data["services"]["api"]["deploy"]
    assert problems(data) == ["services.api.deploy: there is no deploy command; give one here or under defaults"]
    data["defaults"] = {"deploy": ["./deploy.sh", "{service}"]}
    assert parsed(data).services["api"].deploy is None  # inherited at resolution, not copied into the service


def test_a_gap_in_some_environments_only_names_them() -> None:
    data = base()
    data["environments"]["production"]["services"] = {"api": {"health": {"ready": None}}}
    assert problems(data) == [
        "services.api.health.ready: in production, a backend service is probed before the deployment goes on, "
        "so it needs health.ready (the URL of its ready endpoint); use kind: job for a step that only has to exit 0"
    ]


def test_blue_green_needs_a_switch_command_and_color_needs_blue_green() -> None:
    data = base()
    data["services"]["api"]["strategy"] = {"type": "blue-green"}
    data["services"]["web"] = {"kind": "job", "deploy": ["./deploy.sh", "{color}"]}
    assert problems(data) == [
        'services.api.strategy.switch: a blue-green strategy needs a switch command, like ["./switch.sh", '
        '"{service}", "{color}"]',
        "services.web.deploy: uses {color}, which only has a value with strategy type blue-green",
    ]


def test_a_job_is_not_probed_and_needs_no_health_endpoint() -> None:
    plan = parsed(with_services(migrate={}))
    assert plan.services["migrate"].kind == "job"
    assert not plan.services["migrate"].probed
