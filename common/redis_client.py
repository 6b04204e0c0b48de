"""The process-wide Redis client (None when Redis is not configured).

``redis`` is imported on first use: it costs ~50 ms of cold start (it loads its
asyncio client too) and a function without Redis configured never needs it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from common.config import get_settings

if TYPE_CHECKING:
    import redis


@functools.cache
def get_redis() -> redis.Redis | None:
    """A client with short timeouts, so that a Redis outage costs milliseconds."""
    settings = get_settings()
    if not settings.redis_url:
        return None
    import redis

    return redis.Redis.from_url(
        settings.redis_url,
        socket_timeout=settings.redis_timeout_seconds,
        socket_connect_timeout=settings.redis_timeout_seconds,
        health_check_interval=30,
        decode_responses=False,
    )


def redis_errors() -> tuple[type[Exception], ...]:
    """The exceptions that mean Redis is unavailable (use after a client exists)."""
    from redis.exceptions import RedisError

    return (RedisError, OSError)
