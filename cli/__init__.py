"""The `flightdeck` command: run services, publish and follow deployments, manage the plan."""
