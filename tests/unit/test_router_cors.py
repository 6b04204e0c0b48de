"""Router.dispatch: CORS headers, preflight requests and the origin check."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.unit.router_support import (
    ALLOWED_ORIGIN,
    FOREIGN_ORIGIN,
    OWN_ORIGIN,
    error_of,
    signed_in,
)


def test_dispatch_from_allowed_origin_gets_cors_headers(
    items_client: FlaskClient,
) -> None:
    response = items_client.get("/api/items", headers={"Origin": ALLOWED_ORIGIN})

    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert "X-Request-Id" in response.headers["Access-Control-Expose-Headers"]


def test_dispatch_from_other_origin_gets_no_cors_headers(
    items_client: FlaskClient,
) -> None:
    response = items_client.get("/api/items", headers={"Origin": FOREIGN_ORIGIN})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_dispatch_preflight_from_allowed_origin_is_204_with_cors(
    items_client: FlaskClient,
) -> None:
    response = items_client.options(
        "/api/items",
        headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )

    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]


def test_dispatch_preflight_from_other_origin_allows_nothing(
    items_client: FlaskClient,
) -> None:
    response = items_client.options("/api/items", headers={"Origin": FOREIGN_ORIGIN})

    assert response.status_code == 204
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers


def test_dispatch_unsafe_method_from_foreign_origin_is_403(
    items_client: FlaskClient,
) -> None:
    response = signed_in(items_client, "alice").post(
        "/api/items",
        json={"name": "Cave", "price": 1},
        headers={"Origin": FOREIGN_ORIGIN},
    )

    assert response.status_code == 403
    assert error_of(response)["message"] == (
        "Requests from this origin are not allowed."
    )


@pytest.mark.parametrize("origin", [OWN_ORIGIN, ALLOWED_ORIGIN, ALLOWED_ORIGIN + "/"])
def test_dispatch_unsafe_method_from_own_or_allowed_origin_passes(
    items_client: FlaskClient, origin: str
) -> None:
    response = signed_in(items_client, "alice").post(
        "/api/items",
        json={"name": "Cave", "price": 1},
        headers={"Origin": origin},
    )

    assert response.status_code == 201
