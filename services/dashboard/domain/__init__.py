"""The dashboard service's decisions: pure code over plain values (no I/O, no clock)."""
