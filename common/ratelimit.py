"""Fixed-window rate limiting on Redis that fails open when Redis is unavailable."""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from common.redis_client import get_redis, redis_errors

if TYPE_CHECKING:
    import redis

logger = logging.getLogger(__name__)
_PREFIX = "logis:rl:"


@dataclass(frozen=True)
class RateDecision:
    """Whether a hit is allowed, and in how many seconds the window resets."""

    allowed: bool
    remaining: int
    retry_after: int


class RateLimiter(Protocol):
    """Counts hits per key and window."""

    def hit(self, key: str, limit: int, window_seconds: int) -> RateDecision:
        """Record one hit on ``key`` and decide."""

    def reset(self, key: str, window_seconds: int) -> None:
        """Forget the hits of the current window (a successful sign-in, say)."""


class NoRateLimiter:
    """Used when Redis is not configured: every hit is allowed."""

    def hit(self, key: str, limit: int, window_seconds: int) -> RateDecision:
        """Always allowed."""
        return RateDecision(allowed=True, remaining=limit, retry_after=0)

    def reset(self, key: str, window_seconds: int) -> None:
        """Nothing to forget."""


class RedisRateLimiter:
    """One counter per key and window (INCR + EXPIRE in one round trip)."""

    def __init__(self, client: redis.Redis) -> None:
        self._client = client

    def hit(self, key: str, limit: int, window_seconds: int) -> RateDecision:
        """Record one hit on ``key``; allowed while the window's count <= ``limit``."""
        now = time.time()
        window_key, reset_in = _window(key, window_seconds, now)
        try:
            pipe = self._client.pipeline(transaction=False)
            pipe.incr(window_key)
            pipe.expire(window_key, window_seconds + 1)
            count = int(pipe.execute()[0])
        except redis_errors() as exc:
            logger.warning(
                "rate limiter unavailable, failing open",
                extra={"fields": {"error": type(exc).__name__}},
            )
            return RateDecision(allowed=True, remaining=limit, retry_after=0)
        return RateDecision(
            allowed=count <= limit,
            remaining=max(0, limit - count),
            retry_after=max(1, reset_in),
        )

    def reset(self, key: str, window_seconds: int) -> None:
        """Forget the hits of the current window (best effort)."""
        window_key, _ = _window(key, window_seconds, time.time())
        try:
            self._client.delete(window_key)
        except redis_errors():
            logger.warning("rate limiter unavailable, reset skipped")


def _window(key: str, window_seconds: int, now: float) -> tuple[str, int]:
    window_start = int(now // window_seconds) * window_seconds
    reset_in = int(window_start + window_seconds - now) + 1
    return f"{_PREFIX}{key}:{window_start}", reset_in


@functools.cache
def get_rate_limiter() -> RateLimiter:
    """The limiter chosen by settings: Redis when configured, else none."""
    client = get_redis()
    return RedisRateLimiter(client) if client is not None else NoRateLimiter()
