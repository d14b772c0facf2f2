"""The CSRF token as pages carry it: masked afresh every time (no two pages repeat the same bytes, so compressed
pages give BREACH nothing), and a write accepts the mask or the token itself, and nothing else."""

import secrets

from services.dashboard.auth.csrf_mask import mask, matches, unmask


def test_each_mask_differs_and_carries_the_token() -> None:
    token = secrets.token_urlsafe(32)
    masks = {mask(token) for _ in range(50)}
    assert len(masks) == 50 and all(token not in m for m in masks)
    assert all(unmask(m) == token and matches(m, token) for m in masks)
    assert matches(token, token)


def test_anything_else_is_refused() -> None:
    token, other = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    assert not matches(mask(other), token) and not matches(other, token)
    for sent in ("", "m.", "m.!!!", "m.YWJj", mask(token)[:-3], "m." + "A" * 7):
        assert not matches(sent, token), sent
    assert unmask("not-a-mask") is None
