"""PUT /price/exclusions and POST /price/refresh through functions-framework."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from common.db import session_scope
from common.db.models import PriceAnalysis
from tests import factories
from tests.e2e.analysis_support import SALE_PRICES_M2, insert_sales, located_property
from tests.support import api_error, function_client

pytestmark = pytest.mark.e2e

WITH_OUTLIER = (*SALE_PRICES_M2, 14_000)


@pytest.fixture
def analysis_client(clean_db: Engine, redis_flushed: Any) -> Any:
    """A test client of the analysis function, on an empty database and Redis."""
    return function_client("analysis", "analysis_http")


def _put(client: Any, owner: factories.TestUser, property_id: Any, body: Any) -> Any:
    return client.put(
        f"/api/analysis/{property_id}/price/exclusions",
        json=body,
        headers=owner.headers,
    )


def test_exclusions_auto_leaves_out_the_outlier(
    analysis_client: Any, user: factories.TestUser
) -> None:
    insert_sales(WITH_OUTLIER)
    mine = located_property(user)

    body = analysis_client.get(
        f"/api/analysis/{mine}/price/full", headers=user.headers
    ).get_json()

    assert body["comparable_count"] == 10
    excluded = [c for c in body["comparables"] if c["excluded"]]
    assert [(c["sale_id"], c["exclusion_reason"]) for c in excluded] == [
        (11, "outlier")
    ]


def test_exclusions_none_keeps_every_comparable(
    analysis_client: Any, user: factories.TestUser
) -> None:
    insert_sales(WITH_OUTLIER)
    mine = located_property(user)

    response = _put(analysis_client, user, mine, {"mode": "none"})

    assert response.status_code == 200
    assert response.get_json()["comparable_count"] == 11
    assert response.get_json()["exclusions"]["mode"] == "none"


def test_exclusions_explicit_are_persisted_and_served_afterwards(
    analysis_client: Any, user: factories.TestUser, redis_flushed: Any
) -> None:
    # given an analysis whose outlier the user re-includes and two sales excluded
    insert_sales(WITH_OUTLIER)
    mine = located_property(user)
    body = {"mode": "explicit", "excluded_sale_ids": [2, 1], "included_sale_ids": [11]}

    # when
    put = _put(analysis_client, user, mine, body)
    redis_flushed.flushdb()
    read = analysis_client.get(f"/api/analysis/{mine}/price", headers=user.headers)

    # then
    assert put.get_json()["comparable_count"] == 9
    assert read.get_json() == put.get_json()
    with session_scope() as db:
        row = db.get(PriceAnalysis, mine)
        assert row is not None
        assert (row.exclusion_mode, row.excluded_sale_ids, row.included_sale_ids) == (
            "explicit",
            [1, 2],
            [11],
        )


def test_exclusions_are_kept_by_a_refresh(
    analysis_client: Any, user: factories.TestUser
) -> None:
    insert_sales()
    mine = located_property(user)
    _put(analysis_client, user, mine, {"mode": "explicit", "excluded_sale_ids": [3]})

    response = analysis_client.post(
        f"/api/analysis/{mine}/price/refresh", headers=user.headers
    )

    assert response.status_code == 200
    assert response.get_json()["comparable_count"] == 9
    assert response.get_json()["exclusions"]["excluded_sale_ids"] == [3]


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"mode": "some"}, ["body", "mode"]),
        ({}, ["body", "mode"]),
        (
            {"mode": "explicit", "excluded_sale_ids": ["a"]},
            ["body", "excluded_sale_ids", 0],
        ),
        (
            {"mode": "explicit", "included_sale_ids": ["7"]},
            ["body", "included_sale_ids", 0],
        ),
        ({"mode": "explicit", "excluded_sale_ids": 5}, ["body", "excluded_sale_ids"]),
        ({"mode": "auto", "extra": 1}, ["body", "extra"]),
    ],
)
def test_exclusions_invalid_body_is_400(
    analysis_client: Any, user: factories.TestUser, body: Any, location: list[Any]
) -> None:
    mine = located_property(user)

    response = _put(analysis_client, user, mine, body)

    status, code, errors = api_error(response)
    assert (status, code) == (400, "invalid_input")
    assert location in [error["loc"] for error in errors]


def test_exclusions_of_another_users_property_are_404(
    analysis_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = located_property(stranger)

    response = _put(analysis_client, user, theirs, {"mode": "none"})

    assert api_error(response)[:2] == (404, "property_not_found")
    with session_scope() as db:
        assert db.get(PriceAnalysis, theirs) is None


def test_refresh_recomputes_with_new_sales(
    analysis_client: Any, user: factories.TestUser
) -> None:
    insert_sales()
    mine = located_property(user)
    analysis_client.get(f"/api/analysis/{mine}/price", headers=user.headers)
    insert_sales((9_000, 9_050), first_id=50)

    response = analysis_client.post(
        f"/api/analysis/{mine}/price/refresh", headers=user.headers
    )

    assert response.get_json()["comparable_count"] == 12
    cached = analysis_client.get(f"/api/analysis/{mine}/price", headers=user.headers)
    assert cached.get_json() == response.get_json()


def test_refresh_without_session_is_401(
    analysis_client: Any, user: factories.TestUser
) -> None:
    mine = located_property(user)

    response = analysis_client.post(f"/api/analysis/{mine}/price/refresh")

    assert api_error(response)[:2] == (401, "unauthenticated")


def test_refresh_of_another_users_property_is_404(
    analysis_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = located_property(stranger)

    response = analysis_client.post(
        f"/api/analysis/{theirs}/price/refresh", headers=user.headers
    )

    assert api_error(response)[:2] == (404, "property_not_found")


def test_refresh_past_the_hourly_limit_is_429(
    analysis_client: Any, user: factories.TestUser
) -> None:
    mine = located_property(user)
    url = f"/api/analysis/{mine}/price/refresh"
    statuses = [
        analysis_client.post(url, headers=user.headers).status_code for _ in range(30)
    ]

    response = analysis_client.post(url, headers=user.headers)

    assert set(statuses) == {200}
    assert api_error(response)[:2] == (429, "rate_limited")
    assert int(response.headers["Retry-After"]) > 0
