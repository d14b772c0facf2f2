"""Who may do what, decided from plain values: roles ranked, deployers kept to their environments, and every
refusal naming the role it needs."""

from services.dashboard.domain.login_limit import LoginLimit
from services.dashboard.domain.roles import NEEDS, Allowed, Denied, Principal, authorize, narrowed

VIEWER = Principal(name="vi", role="viewer")
STAGING_DEPLOYER = Principal(name="de", role="deployer", environments=("staging",))
ADMIN = Principal(name="ad", role="admin")
STAGING_ADMIN_TOKEN = Principal(name="ad", role="admin", environments=("staging",), via="token", token_id="t")


def test_anonymous_is_asked_who_it_is_and_told_the_role_needed() -> None:
    verdict = authorize(None, "deploy", "staging")
    assert verdict == Denied(
        401, "deployer", "sign in (or send an API token) with the deployer role or higher to deploy"
    )


def test_every_write_refuses_a_viewer_and_every_read_lets_it_in() -> None:
    for action, needed in NEEDS.items():
        verdict = authorize(VIEWER, action, "staging")
        if needed == "viewer":
            assert isinstance(verdict, Allowed)
        else:
            assert isinstance(verdict, Denied) and verdict.status == 403 and verdict.needed == needed


def test_a_deployer_acts_only_in_its_environments_and_reads_everywhere() -> None:
    assert isinstance(authorize(STAGING_DEPLOYER, "rollback", "staging"), Allowed)
    refused = authorize(STAGING_DEPLOYER, "rollback", "production")
    assert isinstance(refused, Denied) and refused.why == "de may rollback only in staging, not in production"
    assert isinstance(authorize(STAGING_DEPLOYER, "read", "production"), Allowed)
    assert isinstance(authorize(STAGING_DEPLOYER, "admin"), Denied)
    assert isinstance(authorize(ADMIN, "deploy", "production"), Allowed)
    assert isinstance(authorize(STAGING_ADMIN_TOKEN, "deploy", "production"), Denied), "held to its environments"


def test_a_token_can_do_no_more_than_its_owner() -> None:
    assert narrowed(STAGING_DEPLOYER, "deployer", ("staging",)) is None
    assert narrowed(STAGING_DEPLOYER, "viewer", ("staging",)) is None
    higher = narrowed(STAGING_DEPLOYER, "admin", ("staging",))
    assert higher is not None and "cannot make a token with the admin role" in higher.why
    elsewhere = narrowed(STAGING_DEPLOYER, "deployer", ("staging", "production"))
    assert elsewhere is not None and elsewhere.why == "de cannot make a token for production"
    assert narrowed(ADMIN, "admin", ("*",)) is None


def test_failed_logins_wait_out_the_longer_window_once_a_limit_is_reached() -> None:
    limit = LoginLimit(per_name=5, per_address=30, window_s=900)
    assert limit.retry_after(4, 800, 29, 800) == 0
    assert limit.retry_after(5, 612.2, 0, 0) == 613
    assert limit.retry_after(0, 0, 30, 10) == 10
    assert limit.retry_after(5, 100, 30, 300) == 300
