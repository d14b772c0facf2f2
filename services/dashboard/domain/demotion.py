"""When a change to a user ends their sessions: a new password (whoever learnt the old one signed in with it, and
stays signed in otherwise), or a demotion (a session made for more than the user may now do should not live on)."""

from .roles import Principal, narrowed


def demoted(before: Principal, after: Principal) -> bool:
    """A lower role, or fewer environments: something `before` could do that `after` may not."""
    return narrowed(after, before.role, before.environments) is not None


def ends_sessions(before: Principal, after: Principal, password_changed: bool) -> bool:
    return password_changed or demoted(before, after)
