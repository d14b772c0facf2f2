"""What a command said, with the secrets it was given masked out."""

from services.rollback.domain.masking import masked


def test_secrets_are_masked_in_what_a_command_said() -> None:
    assert masked("bad token s3cr3t-value for s3cr3t-value", ["s3cr3t-value", None, ""]) == "bad token **** for ****"
