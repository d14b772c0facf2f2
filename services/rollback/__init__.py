"""The rollback service: decides and carries out rollbacks, verification and recovery."""
