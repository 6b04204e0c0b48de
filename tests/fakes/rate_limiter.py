"""An in-memory rate limiter: the :class:`common.ratelimit.RateLimiter` protocol."""

from __future__ import annotations

from common.ratelimit import RateDecision


class FakeRateLimiter:
    """Counts hits per key in memory; denies past the limit for the whole window."""

    def __init__(self) -> None:
        self.hits: list[str] = []

    def hit(self, key: str, limit: int, window_seconds: int) -> RateDecision:
        self.hits.append(key)
        count = self.hits.count(key)
        return RateDecision(
            allowed=count <= limit,
            remaining=max(0, limit - count),
            retry_after=window_seconds,
        )

    def reset(self, key: str, window_seconds: int) -> None:
        self.hits = [hit for hit in self.hits if hit != key]
