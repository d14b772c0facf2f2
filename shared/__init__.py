"""Flightdeck's shared package: event models, bus wiring, settings and pure helpers every service uses."""
