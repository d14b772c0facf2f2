"""The rollback service's decisions as pure code: the rollback policy and the canary judge."""
