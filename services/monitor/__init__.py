"""The monitor service: probes health endpoints, answers health gates and reports degradation and recovery."""
