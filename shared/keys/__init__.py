"""Each service's own Redis keys, one class per service, used by the service, the CLI and the tests alike.
Names shared by every service (the events stream, dead letters, deployment logs) are in shared/streams.py."""
