"""The account pages' decisions with plain values: a token's state and line, the roles a new token may have, and
the users as an admin sees them."""

from datetime import UTC, datetime, timedelta

from services.dashboard.auth.records import TokenOut, UserOut
from services.dashboard.domain.roles import Principal
from services.dashboard.pages.account_view import roles_for, token_rows, user_rows

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def token(tid: str, **more: object) -> TokenOut:
    fields = {"id": tid, "name": f"n-{tid}", "owner": "dee", "role": "viewer", "environments": ("staging",)}
    times = {"created_at": NOW - timedelta(days=int(tid)), "expires_at": None, "revoked_at": None, "last_used_at": None}
    return TokenOut.model_validate(fields | times | more)


def test_a_token_line_says_its_scope_state_and_times_newest_first() -> None:
    rows = token_rows(
        [
            token("3", revoked_at=NOW - timedelta(hours=1)),
            token("1", expires_at=NOW + timedelta(days=1), last_used_at=NOW, environments=("*",), role="deployer"),
            token("2", expires_at=NOW - timedelta(seconds=1)),
        ],
        NOW,
    )
    assert [(r.id, r.state) for r in rows] == [("1", "active"), ("2", "expired"), ("3", "revoked")]
    assert rows[0].scope == "deployer in every environment"
    assert (rows[0].expires, rows[0].last_used) == (
        "expires 2026-12-02 12:00:00 UTC",
        "last used 2026-12-01 12:00:00 UTC",
    )
    assert (rows[2].expires, rows[2].last_used, rows[2].revoked) == (
        "never expires",
        "never used",
        "revoked 2026-12-01 11:00:00 UTC",
    )


def test_a_new_token_has_at_most_its_makers_role() -> None:
    assert roles_for(Principal(name="v", role="viewer")) == ["viewer"]
    assert roles_for(Principal(name="d", role="deployer")) == ["viewer", "deployer"]
    assert roles_for(Principal(name="a", role="admin")) == ["viewer", "deployer", "admin"]


def test_users_by_name_with_their_environments_as_typed() -> None:
    users = [
        UserOut(name="zed", role="viewer", environments=("*",), created_at=NOW),
        UserOut(name="ad", role="admin", environments=("staging", "production"), created_at=NOW),
    ]
    assert [(u.name, u.environments, u.own) for u in user_rows(users, "ad")] == [
        ("ad", "staging production", True),
        ("zed", "*", False),
    ]
