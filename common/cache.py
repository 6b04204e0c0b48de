"""A JSON cache that never fails a request: Redis down means a miss."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from common.redis_client import get_redis, redis_errors

if TYPE_CHECKING:
    import redis

logger = logging.getLogger(__name__)
_PREFIX = "logis:cache:"


class Cache(Protocol):
    """Get, set and invalidate JSON values by key."""

    def get(self, key: str) -> Any | None:
        """The cached value, or None on a miss or an outage."""

    def set(self, key: str, value: Any, ttl_seconds: int) -> None:
        """Store ``value`` for ``ttl_seconds`` (best effort)."""

    def delete(self, *keys: str) -> None:
        """Invalidate ``keys`` (best effort)."""


class NullCache:
    """The cache when Redis is not configured: always a miss."""

    def get(self, key: str) -> Any | None:
        """Always a miss."""
        return None

    def set(self, key: str, value: Any, ttl_seconds: int) -> None:
        """Nothing is stored."""

    def delete(self, *keys: str) -> None:
        """Nothing to invalidate."""


class RedisCache:
    """Redis-backed cache; every Redis error is logged and swallowed."""

    def __init__(self, client: redis.Redis) -> None:
        self._client = client

    def get(self, key: str) -> Any | None:
        """The cached value, or None on a miss or an outage."""
        raw = self._guard(lambda: self._client.get(_PREFIX + key))
        if not isinstance(raw, bytes):
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def set(self, key: str, value: Any, ttl_seconds: int) -> None:
        """Store ``value`` for ``ttl_seconds`` (best effort)."""
        payload = json.dumps(value, default=str, separators=(",", ":"))
        self._guard(lambda: self._client.set(_PREFIX + key, payload, ex=ttl_seconds))

    def delete(self, *keys: str) -> None:
        """Invalidate ``keys`` (best effort)."""
        if keys:
            self._guard(lambda: self._client.delete(*(_PREFIX + k for k in keys)))

    @staticmethod
    def _guard(operation: Callable[[], Any]) -> Any:
        try:
            return operation()
        except redis_errors() as exc:
            logger.warning(
                "cache unavailable", extra={"fields": {"error": type(exc).__name__}}
            )
            return None


@functools.cache
def get_cache() -> Cache:
    """The cache chosen by settings: Redis when configured, else a null cache."""
    client = get_redis()
    return RedisCache(client) if client is not None else NullCache()
