"""Flightdeck's five services; each runs on its own (`python -m services.NAME`) and never imports another."""
