"""Caching of the price analysis: per owner, property version and DVF load."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from tests import factories
from tests.e2e.analysis_support import insert_sales, located_property, publish_load
from tests.support import api_error, function_client

pytestmark = pytest.mark.e2e


@pytest.fixture
def analysis_client(clean_db: Engine, redis_flushed: Any) -> Any:
    """A test client of the analysis function, on an empty database and Redis."""
    return function_client("analysis", "analysis_http")


def _count(client: Any, owner: factories.TestUser, property_id: Any) -> int:
    response = client.get(f"/api/analysis/{property_id}/price", headers=owner.headers)
    assert response.status_code == 200
    return int(response.get_json()["comparable_count"])


def test_price_second_read_is_served_without_recomputing(
    analysis_client: Any, user: factories.TestUser
) -> None:
    insert_sales()
    mine = located_property(user)
    first = analysis_client.get(f"/api/analysis/{mine}/price", headers=user.headers)
    insert_sales((9_000, 9_050), first_id=50)

    second = analysis_client.get(f"/api/analysis/{mine}/price", headers=user.headers)

    assert second.get_json() == first.get_json()
    assert second.get_json()["comparable_count"] == 10


def test_price_is_cached_in_redis_under_the_owner_and_property(
    analysis_client: Any, user: factories.TestUser, redis_flushed: Any
) -> None:
    mine = located_property(user)

    analysis_client.get(f"/api/analysis/{mine}/price", headers=user.headers)

    keys = [key.decode() for key in redis_flushed.keys("logis:cache:analysis:*")]
    assert len(keys) == 1
    assert keys[0].startswith(f"logis:cache:analysis:price:{user.id}:{mine}:")


def test_price_served_from_the_row_when_redis_is_flushed(
    analysis_client: Any, user: factories.TestUser, redis_flushed: Any
) -> None:
    insert_sales()
    mine = located_property(user)
    first = analysis_client.get(f"/api/analysis/{mine}/price", headers=user.headers)
    insert_sales((9_000,), first_id=50)
    redis_flushed.flushdb()

    second = analysis_client.get(f"/api/analysis/{mine}/price", headers=user.headers)

    assert second.get_json() == first.get_json()


def test_price_after_a_property_edit_is_recomputed(
    analysis_client: Any, user: factories.TestUser
) -> None:
    # given a cached analysis, then two more sales
    insert_sales()
    mine = located_property(user)
    assert _count(analysis_client, user, mine) == 10
    insert_sales((9_000, 9_050), first_id=50)

    # when the owner edits the property
    properties = function_client("properties", "properties_http")
    edited = properties.patch(
        f"/api/properties/{mine}", json={"notes": "Cave"}, headers=user.headers
    )

    # then
    assert edited.status_code == 200
    assert _count(analysis_client, user, mine) == 12


def test_price_after_a_new_dvf_load_is_recomputed(
    analysis_client: Any, user: factories.TestUser
) -> None:
    insert_sales()
    publish_load()
    mine = located_property(user)
    assert _count(analysis_client, user, mine) == 10
    insert_sales((9_000, 9_050), first_id=50)

    new_load = publish_load()
    body = analysis_client.get(
        f"/api/analysis/{mine}/price", headers=user.headers
    ).get_json()

    assert (body["comparable_count"], body["dvf_load_run_id"]) == (12, str(new_load))


def test_price_cached_for_the_owner_is_never_served_to_another_user(
    analysis_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    insert_sales()
    mine = located_property(user)
    assert _count(analysis_client, user, mine) == 10

    responses = [
        analysis_client.get(f"/api/analysis/{mine}/{suffix}", headers=stranger.headers)
        for suffix in ("price", "price/full")
    ]

    assert [api_error(r)[:2] for r in responses] == [(404, "property_not_found")] * 2


def test_market_trend_after_a_new_dvf_load_is_recomputed(
    analysis_client: Any, user: factories.TestUser
) -> None:
    mine = located_property(user)
    url = f"/api/analysis/{mine}/market-trend"
    before = analysis_client.get(url, headers=user.headers).get_json()
    assert before["trend"]["years"] == []
    insert_sales()

    new_load = publish_load()
    body = analysis_client.get(url, headers=user.headers).get_json()

    assert body["dvf_load_run_id"] == str(new_load)
    assert sum(year["count"] for year in body["trend"]["years"]) == 10
