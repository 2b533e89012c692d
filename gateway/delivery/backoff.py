"""When to try a failed delivery again: exponential backoff with full jitter, capped.

The n-th retry waits a random time between 0 and ``min(cap, base * 2**(n-1))`` seconds
("full jitter"): after an outage, the jobs that failed together spread their retries over the
whole window instead of coming back as one wave. Pure, but for the random draw.
"""

import random

_random = random.SystemRandom()


def retry_delay(attempts: int, *, base: float, cap: float, draw: float | None = None) -> float:
    """Seconds to wait after ``attempts`` failed tries; ``draw`` in [0, 1) replaces the dice."""
    ceiling = min(cap, base * 2.0 ** min(max(attempts - 1, 0), 60))
    fraction: float = _random.random() if draw is None else draw
    return ceiling * fraction
