"""`flightdeck demo`: Flightdeck working on a local fleet, with a good release, a bad one rolled back, and its alerts."""  # noqa: E501
