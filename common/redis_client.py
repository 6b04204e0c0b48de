"""The process-wide Redis client (None when Redis is not configured)."""

from __future__ import annotations

import functools

import redis

from common.config import get_settings


@functools.cache
def get_redis() -> redis.Redis | None:
    """A client with short timeouts, so that a Redis outage costs milliseconds."""
    settings = get_settings()
    if not settings.redis_url:
        return None
    return redis.Redis.from_url(
        settings.redis_url,
        socket_timeout=settings.redis_timeout_seconds,
        socket_connect_timeout=settings.redis_timeout_seconds,
        health_check_interval=30,
        decode_responses=False,
    )
