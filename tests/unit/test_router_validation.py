"""Router.dispatch: JSON bodies and queries validated by the route's models."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.unit.router_support import error_of, signed_in


def test_dispatch_with_valid_json_body_returns_created(
    items_client: FlaskClient,
) -> None:
    response = signed_in(items_client, "alice").post(
        "/api/items", json={"name": "Cave", "price": 12000}
    )

    assert response.status_code == 201
    assert response.get_json() == {"name": "Cave", "price": 12000}


def test_dispatch_with_invalid_body_lists_locations_without_echoing_input(
    items_client: FlaskClient,
) -> None:
    # when
    response = signed_in(items_client, "alice").post(
        "/api/items", json={"name": "", "price": "SENSITIVE-VALUE-123"}
    )
    # then
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_input"
    assert error["details"]["errors"] == [
        {"loc": ["body", "name"], "type": "string_too_short"},
        {"loc": ["body", "price"], "type": "int_parsing"},
    ]
    assert "SENSITIVE-VALUE-123" not in response.get_data(as_text=True)


def test_dispatch_with_non_object_json_body_is_invalid(
    items_client: FlaskClient,
) -> None:
    response = signed_in(items_client, "alice").post("/api/items", json=[1, 2])

    assert response.status_code == 400
    assert error_of(response)["details"]["errors"][0]["loc"] == ["body"]


def test_dispatch_with_malformed_json_is_400_invalid_json(
    items_client: FlaskClient,
) -> None:
    response = signed_in(items_client, "alice").post(
        "/api/items", data='{"name": "Cave",', content_type="application/json"
    )

    assert response.status_code == 400
    assert error_of(response)["message"] == "The request body is not valid JSON."


def test_dispatch_with_form_body_is_415(items_client: FlaskClient) -> None:
    response = signed_in(items_client, "alice").post(
        "/api/items", data={"name": "Cave", "price": "1"}
    )

    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_dispatch_with_body_over_one_megabyte_is_413(items_client: FlaskClient) -> None:
    response = signed_in(items_client, "alice").post(
        "/api/items",
        data=b'{"name": "' + b"x" * 1_000_001 + b'"}',
        content_type="application/json",
    )

    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"


def test_dispatch_with_empty_body_validates_an_empty_object(
    items_client: FlaskClient,
) -> None:
    response = signed_in(items_client, "alice").post("/api/items")

    assert response.status_code == 400
    locations = [e["loc"] for e in error_of(response)["details"]["errors"]]
    assert locations == [["body", "name"], ["body", "price"]]


def test_dispatch_with_valid_query_parses_it(items_client: FlaskClient) -> None:
    response = items_client.get("/api/items?limit=5&q=paris")

    assert response.get_json() == {"limit": 5, "q": "paris", "user": None}


def test_dispatch_with_invalid_query_is_400_with_query_location(
    items_client: FlaskClient,
) -> None:
    response = items_client.get("/api/items?limit=1000")

    assert response.status_code == 400
    assert error_of(response)["details"]["errors"] == [
        {"loc": ["query", "limit"], "type": "less_than_equal"}
    ]
