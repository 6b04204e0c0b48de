"""Router.dispatch: routing, path parameters, and handler results as responses."""

from __future__ import annotations

import uuid

import pytest
from flask.testing import FlaskClient

from common.http import Router
from tests.unit.router_support import NewItem, error_of, signed_in

# --- routing and path parameters ------------------------------------------------------


def test_dispatch_with_int_path_parameter_passes_it_typed(
    items_client: FlaskClient,
) -> None:
    response = signed_in(items_client, "alice").get("/api/items/42")

    assert response.status_code == 200
    assert response.get_json() == {"id": 42, "owner": "alice"}


def test_dispatch_with_uuid_and_string_converters(items_client: FlaskClient) -> None:
    response = items_client.get(f"/api/slugs/hello/{uuid.uuid4()}")

    assert response.get_json() == {"slug": "hello", "ref_is_uuid": True}


def test_dispatch_with_non_int_path_value_is_not_found(
    items_client: FlaskClient,
) -> None:
    response = signed_in(items_client, "alice").get("/api/items/abc")

    assert response.status_code == 404


def test_dispatch_unknown_route_is_404_route_not_found(
    items_client: FlaskClient,
) -> None:
    response = items_client.get("/api/nothing-here")

    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "not_found"
    assert error["message"] == "No such endpoint."


def test_dispatch_wrong_method_is_405_with_allow_header(
    items_client: FlaskClient,
) -> None:
    response = signed_in(items_client, "alice").put("/api/items/1")

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert {"GET", "DELETE"} <= allowed
    assert "PUT" not in allowed


def test_router_records_route_metadata_for_openapi(items_router: Router) -> None:
    create = next(r for r in items_router.routes if r.handler.__name__ == "create_item")

    assert (create.method, create.rule, create.status) == ("POST", "/api/items", 201)
    assert create.body is NewItem
    assert create.summary == "Create an item."


# --- responses ------------------------------------------------------------------------


def test_dispatch_handler_returning_none_is_204(items_client: FlaskClient) -> None:
    response = signed_in(items_client, "alice").delete("/api/items/7")

    assert response.status_code == 204
    assert response.get_data() == b""


def test_dispatch_api_response_sets_cookies(items_client: FlaskClient) -> None:
    response = items_client.post("/api/session")

    assert response.status_code == 200
    assert response.get_json() == {"signed_in": True}
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=alice;")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Max-Age=3600" in cookie
    assert "Secure" not in cookie


def test_dispatch_api_response_redirect_is_302_with_location(
    items_client: FlaskClient,
) -> None:
    response = items_client.get("/api/callback")

    assert response.status_code == 302
    assert response.headers["Location"] == "https://app.example.test/done"
    assert "oauth_state=;" in response.headers["Set-Cookie"]
    assert "Max-Age=0" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("path", ["/api/items", "/api/boom", "/api/nothing-here"])
def test_dispatch_adds_security_headers_to_every_response(
    items_client: FlaskClient, path: str
) -> None:
    response = items_client.get(path)

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "Origin" in response.headers["Vary"]
    assert "Strict-Transport-Security" not in response.headers
