"""`flightdeck demo`: Flightdeck on a local fleet, with a good release, a bad one rolled back, and its alerts."""
