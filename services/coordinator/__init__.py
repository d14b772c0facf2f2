"""The coordinator service: turns deploy requests into dependency-ordered, health-gated deployments."""
