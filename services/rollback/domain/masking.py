"""What a command said, fit to travel in an event (pure)."""


def masked(text: str, secrets: list[str | None]) -> str:
    """text with each secret (a resolved ${NAME} the command was given) replaced by ****."""
    for secret in secrets:
        text = text.replace(secret, "****") if secret else text
    return text
