"""The Redis cache on a real Redis, during an outage, and when not configured."""

from __future__ import annotations

import os
import time
from typing import Any

from common.cache import NullCache, RedisCache, get_cache
from tests.support import reset_process_state


def test_get_cache_with_redis_configured_is_a_redis_cache(redis_flushed: Any) -> None:
    assert isinstance(get_cache(), RedisCache)
    assert get_cache() is get_cache()


def test_cache_set_then_get_returns_the_json_value(redis_flushed: Any) -> None:
    cache = get_cache()
    value = {"median_price_m2": 10450.5, "sales": [1, 2], "commune": "Montréal"}

    cache.set("dvf:75011", value, ttl_seconds=60)

    assert cache.get("dvf:75011") == value


def test_cache_get_of_missing_key_is_a_miss(redis_flushed: Any) -> None:
    assert get_cache().get("never-set") is None


def test_cache_set_stores_with_the_ttl_under_a_prefix(redis_flushed: Any) -> None:
    get_cache().set("dvf:75011", [1], ttl_seconds=120)

    ttl = redis_flushed.ttl("logis:cache:dvf:75011")
    assert 0 < ttl <= 120


def test_cache_delete_invalidates_keys(redis_flushed: Any) -> None:
    # given
    cache = get_cache()
    for key in ("a", "b", "c"):
        cache.set(key, key, ttl_seconds=60)
    # when
    cache.delete("a", "b")
    cache.delete()
    # then
    assert [cache.get(key) for key in ("a", "b", "c")] == [None, None, "c"]


def test_cache_get_of_non_json_value_is_a_miss(redis_flushed: Any) -> None:
    redis_flushed.set("logis:cache:corrupt", b"\xff not json")

    assert get_cache().get("corrupt") is None


def test_cache_when_redis_is_down_misses_fast_without_raising(
    redis_down: None,
) -> None:
    # given
    cache = get_cache()
    started = time.perf_counter()
    # when
    cache.set("dvf:75011", {"x": 1}, ttl_seconds=60)
    value = cache.get("dvf:75011")
    cache.delete("dvf:75011")
    # then
    assert value is None
    assert time.perf_counter() - started < 1.0


def test_get_cache_without_redis_url_is_a_null_cache() -> None:
    # given
    os.environ.pop("APP_REDIS_URL", None)
    reset_process_state()
    cache = get_cache()
    # when
    cache.set("k", "v", ttl_seconds=60)
    # then
    assert isinstance(cache, NullCache)
    assert cache.get("k") is None
    cache.delete("k")
