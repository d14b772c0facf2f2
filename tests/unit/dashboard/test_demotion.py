"""When a change to a user ends their sessions, decided from plain values: a new password always, a lower role or
fewer environments, and nothing that only adds."""

from services.dashboard.domain.demotion import demoted, ends_sessions
from services.dashboard.domain.roles import Principal

DEPLOYER = Principal(name="ana", role="deployer", environments=("staging", "live"))


def test_a_lower_role_or_fewer_environments_is_a_demotion() -> None:
    assert demoted(DEPLOYER, DEPLOYER.model_copy(update={"role": "viewer"}))
    assert demoted(DEPLOYER, DEPLOYER.model_copy(update={"environments": ("staging",)}))
    assert demoted(DEPLOYER.model_copy(update={"environments": ("*",)}), DEPLOYER)


def test_more_or_the_same_is_none() -> None:
    assert not demoted(DEPLOYER, DEPLOYER)
    assert not demoted(DEPLOYER, DEPLOYER.model_copy(update={"role": "admin"}))
    assert not demoted(DEPLOYER, DEPLOYER.model_copy(update={"environments": ("*",)}))
    assert not demoted(DEPLOYER, DEPLOYER.model_copy(update={"environments": ("live", "staging", "qa")}))


def test_a_new_password_ends_sessions_whatever_else_changed() -> None:
    assert ends_sessions(DEPLOYER, DEPLOYER, password_changed=True)
    assert not ends_sessions(DEPLOYER, DEPLOYER, password_changed=False)
    assert ends_sessions(DEPLOYER, DEPLOYER.model_copy(update={"role": "viewer"}), password_changed=False)
