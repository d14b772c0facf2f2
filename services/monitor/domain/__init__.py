"""The monitor's decisions as pure code: health with hysteresis, gates, and cross-service correlation."""
