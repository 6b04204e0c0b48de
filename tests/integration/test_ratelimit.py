"""Fixed-window rate limiting on a real Redis; failing open when Redis is down."""

from __future__ import annotations

import os
import time
from typing import Any

from common.ratelimit import NoRateLimiter, RedisRateLimiter, get_rate_limiter
from tests.support import reset_process_state

# Long windows: a test must not straddle a window boundary between two hits.
HOUR = 3600


def test_get_rate_limiter_with_redis_configured_is_redis_backed(
    redis_flushed: Any,
) -> None:
    assert isinstance(get_rate_limiter(), RedisRateLimiter)


def test_limiter_allows_the_limit_then_denies_until_the_window_resets(
    redis_flushed: Any,
) -> None:
    # given
    limiter = get_rate_limiter()
    # when
    decisions = [limiter.hit("sign_in:ip:203.0.113.7", 3, HOUR) for _ in range(4)]
    # then
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert 1 <= decisions[-1].retry_after <= HOUR + 1


def test_limiter_counts_keys_separately(redis_flushed: Any) -> None:
    limiter = get_rate_limiter()
    limiter.hit("api:user:u1", 1, HOUR)

    assert limiter.hit("api:user:u2", 1, HOUR).allowed is True
    assert limiter.hit("api:user:u1", 1, HOUR).allowed is False


def test_limiter_window_key_expires_with_the_window(redis_flushed: Any) -> None:
    get_rate_limiter().hit("api:user:u1", 5, 30)

    (key,) = redis_flushed.keys("logis:rl:api:user:u1:*")
    assert 0 < redis_flushed.ttl(key) <= 31


def test_limiter_reset_forgets_the_current_window(redis_flushed: Any) -> None:
    # given
    limiter = get_rate_limiter()
    for _ in range(3):
        limiter.hit("sign_in:user@example.test", 2, 900)
    # when
    limiter.reset("sign_in:user@example.test", 900)
    # then
    assert limiter.hit("sign_in:user@example.test", 2, 900).allowed is True


def test_limiter_when_redis_is_down_fails_open_fast(redis_down: None) -> None:
    # given
    limiter = get_rate_limiter()
    started = time.perf_counter()
    # when
    decisions = [limiter.hit("api:ip:203.0.113.7", 1, 60) for _ in range(3)]
    limiter.reset("api:ip:203.0.113.7", 60)
    # then
    assert all(d.allowed for d in decisions)
    assert time.perf_counter() - started < 1.0


def test_get_rate_limiter_without_redis_url_allows_everything() -> None:
    os.environ.pop("APP_REDIS_URL", None)
    reset_process_state()
    limiter = get_rate_limiter()

    decisions = [limiter.hit("k", 1, 60) for _ in range(5)]
    limiter.reset("k", 60)

    assert isinstance(limiter, NoRateLimiter)
    assert all(d.allowed and d.retry_after == 0 for d in decisions)
