"""The coordinator's decisions as pure code: a deployment's state, and what each event does to it."""
