"""What the services keep in Redis, read for people: the coordinator's snapshots, the rollback service's findings,
the alerter's alerts and silences, the consumer groups, the dead letters and the commands' output. One reader for
the CLI over Redis and for the dashboard's API that the CLI reads over HTTP, so both say the same. Read only (a
replay aside): things change by events. Values come back as the JSON a client receives: texts, dicts, lists."""
