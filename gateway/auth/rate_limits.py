"""Per-client rate limits, in memory or shared through Redis across replicas (``limits``).

Three limits: token requests and failed authentications, both per client and source address
together (``gateway.auth.token_limits``: a secret cannot be guessed, since once exceeded even
the right secret waits, yet a guesser elsewhere cannot lock the client out), and API calls per
client.
A refused call is a 429 problem with ``Retry-After``. Refused authentications of API calls
are also limited per source address (``source_refusals``), so a burst of bad tokens is cut off.
"""

import math
import time

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from gateway.config import Settings
from gateway.errors import TooManyRequests


class RateLimits:
    """The gateway's limits, on one storage."""

    def __init__(self, settings: Settings) -> None:
        storage = storage_from_string(settings.redis_url or "memory://")
        self._limiter = MovingWindowRateLimiter(storage)
        self.token = parse(settings.token_rate_limit)
        self.failed_authentication = parse(settings.failed_authentication_limit)
        self.api = parse(settings.api_rate_limit)
        self.source_refusals = parse(settings.source_refusal_limit)

    def take(self, item: RateLimitItem, key: str, *, what: str) -> None:
        """Count one use of ``item`` by ``key``; refuse with 429 when the limit is reached."""
        if not self._limiter.hit(item, key):
            self.refuse(item, key, what=what)

    def exhausted(self, item: RateLimitItem, key: str) -> bool:
        """Whether ``key`` has no use of ``item`` left, without counting one."""
        return not self._limiter.test(item, key)

    def count(self, item: RateLimitItem, key: str) -> None:
        """Count a use without refusing (failures are counted after the fact)."""
        self._limiter.hit(item, key)

    def refuse(self, item: RateLimitItem, key: str, *, what: str) -> None:
        stats = self._limiter.get_window_stats(item, key)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        raise TooManyRequests(
            f"Too many {what}; the limit is {item}. Try again in {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )
