"""When each target is probed next (pure): first probes spread over the interval, then on the target's own beat."""

import zlib


def spread(key: str, interval_s: float) -> float:
    """The offset of a target's first probe in its interval, the same in every replica: 1,000 targets do not
    fire at once."""
    return zlib.crc32(key.encode()) % 1000 / 1000 * interval_s


def next_due(previous: float | None, interval_s: float, now: float) -> float:
    """On the target's own beat (no drift from late ticks), unless a whole interval was missed."""
    if previous is None or previous + interval_s <= now:
        return now + interval_s
    return previous + interval_s
