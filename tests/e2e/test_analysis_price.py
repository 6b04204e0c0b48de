"""GET /api/analysis/{id}/price and /price/full through functions-framework."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import Engine

from common.db import session_scope
from common.db.models import PriceAnalysis
from tests import factories
from tests.e2e.analysis_support import insert_sales, located_property, publish_load
from tests.support import api_error, function_client

pytestmark = pytest.mark.e2e


@pytest.fixture
def analysis_client(clean_db: Engine, redis_flushed: Any) -> Any:
    """A test client of the analysis function, on an empty database and Redis."""
    return function_client("analysis", "analysis_http")


def test_price_with_sales_around_returns_estimate_and_verdict(
    analysis_client: Any, user: factories.TestUser
) -> None:
    # given ten recent sales near 9,000 €/m² around a flat asking 9,524 €/m²
    insert_sales()
    load_id = publish_load()
    mine = located_property(user, asking_price=500_000)

    # when
    response = analysis_client.get(f"/api/analysis/{mine}/price", headers=user.headers)

    # then
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "complete"
    assert body["comparable_count"] == 10
    assert 8_900 <= body["price_m2"] <= 9_100
    assert body["value_low"] <= body["estimated_value"] <= body["value_high"]
    assert body["verdict"] == "slightly_overpriced"
    assert body["search"]["scope"] == "radius"
    assert body["search"]["fallback"] is False
    assert body["dvf_load_run_id"] == str(load_id)
    assert body["exclusions"]["mode"] == "auto"


def test_price_first_request_persists_the_analysis(
    analysis_client: Any, user: factories.TestUser
) -> None:
    insert_sales()
    mine = located_property(user)

    body = analysis_client.get(
        f"/api/analysis/{mine}/price", headers=user.headers
    ).get_json()

    with session_scope() as db:
        row = db.get(PriceAnalysis, mine)
        assert row is not None
        assert (row.user_id, row.status) == (user.id, "computed")
        assert row.estimated_value == body["estimated_value"]
        assert row.comparable_count == 10
        assert row.verdict == body["verdict"]


def test_price_without_dvf_data_is_insufficient_data(
    analysis_client: Any, user: factories.TestUser
) -> None:
    mine = located_property(user)

    response = analysis_client.get(f"/api/analysis/{mine}/price", headers=user.headers)

    body = response.get_json()
    assert response.status_code == 200
    assert (body["status"], body["estimated_value"], body["verdict"]) == (
        "insufficient_data",
        None,
        None,
    )
    assert body["dvf_load_run_id"] is None


def test_price_full_lists_comparables_and_trend(
    analysis_client: Any, user: factories.TestUser
) -> None:
    sale_ids = insert_sales()
    mine = located_property(user)

    response = analysis_client.get(
        f"/api/analysis/{mine}/price/full", headers=user.headers
    )

    body = response.get_json()
    assert response.status_code == 200
    assert sorted(c["sale_id"] for c in body["comparables"]) == sale_ids
    assert body["truncated"] is False
    assert {"adjusted_price_m2", "distance_m", "excluded"} <= set(
        body["comparables"][0]
    )
    assert body["trend"]["scope"] in ("postal_code", "commune")


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("GET", "price"),
        ("GET", "price/full"),
        ("POST", "price/refresh"),
        ("PUT", "price/exclusions"),
        ("GET", "market-trend"),
    ],
)
def test_property_routes_without_session_are_401(
    analysis_client: Any, user: factories.TestUser, method: str, suffix: str
) -> None:
    mine = located_property(user)

    response = analysis_client.open(
        f"/api/analysis/{mine}/{suffix}", method=method, json={"mode": "none"}
    )

    assert api_error(response)[:2] == (401, "unauthenticated")


@pytest.mark.parametrize("suffix", ["price", "price/full", "market-trend"])
def test_reads_of_another_users_property_are_404(
    analysis_client: Any,
    user: factories.TestUser,
    stranger: factories.TestUser,
    suffix: str,
) -> None:
    theirs = located_property(stranger)

    response = analysis_client.get(
        f"/api/analysis/{theirs}/{suffix}", headers=user.headers
    )

    assert api_error(response)[:2] == (404, "property_not_found")


def test_price_of_unknown_property_is_404(
    analysis_client: Any, user: factories.TestUser
) -> None:
    response = analysis_client.get(
        f"/api/analysis/{uuid.uuid4()}/price", headers=user.headers
    )

    assert api_error(response)[:2] == (404, "property_not_found")


def test_price_with_redis_down_still_serves(
    clean_db: Engine, redis_down: None, user: factories.TestUser
) -> None:
    insert_sales()
    mine = located_property(user)
    client = function_client("analysis", "analysis_http")

    first = client.get(f"/api/analysis/{mine}/price", headers=user.headers)
    second = client.get(f"/api/analysis/{mine}/price", headers=user.headers)

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.get_json() == second.get_json()
