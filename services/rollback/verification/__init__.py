"""Verification of a deployed version (adapters): the requests, the load, the TLS handshake and the scanner that
the pure rules in services/rollback/domain/verification/ judge, the baselines in Redis, and the worker."""
