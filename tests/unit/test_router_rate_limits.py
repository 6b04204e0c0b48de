"""Router.dispatch: per-route and general rate limits, keyed by user or client IP."""

from __future__ import annotations

import os

import pytest
from flask.testing import FlaskClient

from common.config import get_settings
from tests.fakes.rate_limiter import FakeRateLimiter
from tests.unit.router_support import error_of, signed_in


def test_dispatch_over_route_limit_is_429_with_retry_after(
    items_client: FlaskClient,
) -> None:
    # when
    statuses = [items_client.post("/api/limited").status_code for _ in range(3)]
    response = items_client.post("/api/limited")
    # then
    assert statuses == [200, 200, 429]
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    error = error_of(response)
    assert error["code"] == "rate_limited"
    assert error["details"] == {"retry_after": 60}


def test_dispatch_counts_anonymous_by_forwarded_ip_and_users_by_id(
    items_client: FlaskClient, fake_limiter: FakeRateLimiter
) -> None:
    forwarded = {"X-Forwarded-For": "203.0.113.7"}  # as Cloud Run sets it
    items_client.post("/api/limited", headers=forwarded)
    signed_in(items_client, "alice").get("/api/items/1")

    assert fake_limiter.hits == [
        "limited:ip:203.0.113.7",
        "api:ip:203.0.113.7",
        "api:user:alice",
    ]


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        ("1", "198.51.100.66, 203.0.113.7", "203.0.113.7"),  # spoofed first hop
        ("2", "198.51.100.66, 203.0.113.7, 34.120.0.1", "203.0.113.7"),  # behind LB
    ],
)
def test_dispatch_client_ip_ignores_client_supplied_forwarded_hops(
    items_client: FlaskClient,
    fake_limiter: FakeRateLimiter,
    hops: str,
    forwarded: str,
    expected: str,
) -> None:
    os.environ["APP_TRUSTED_PROXY_HOPS"] = hops
    get_settings.cache_clear()

    items_client.post("/api/limited", headers={"X-Forwarded-For": forwarded})

    assert fake_limiter.hits[0] == f"limited:ip:{expected}"
