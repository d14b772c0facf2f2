"""Whether the read model may be served: a replica whose model is missing or half rebuilt would answer every list
and search without part of the history, and say nothing of it; so it tells its load balancer it is not ready."""


def read_model_readiness(built: bool, rebuilding: int | None) -> str:
    """ "pass", or why the read model cannot be served yet. `built`: its marker is there; `rebuilding`: the events
    a rebuild in this process has folded so far (None: none is running)."""
    if rebuilding is not None:
        return f"rebuilding from the stream: {rebuilding} events so far"
    if not built:
        return "the read model's marker is missing: it is being rebuilt from the stream"
    return "pass"
