"""Router.dispatch: required, optional and administrator sessions."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.unit.router_support import error_of, signed_in


def test_dispatch_required_auth_without_session_is_401(
    items_client: FlaskClient,
) -> None:
    response = items_client.get("/api/items/1")

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"


def test_dispatch_required_auth_with_unknown_session_is_401(
    items_client: FlaskClient,
) -> None:
    response = signed_in(items_client, "mallory").get("/api/items/1")

    assert response.status_code == 401


def test_dispatch_optional_auth_passes_the_principal_when_present(
    items_client: FlaskClient,
) -> None:
    anonymous = items_client.get("/api/items")
    signed = signed_in(items_client, "alice").get("/api/items")

    assert anonymous.get_json()["user"] is None
    assert signed.get_json()["user"] == "alice"


def test_dispatch_admin_route_for_regular_user_is_403_admin_required(
    items_client: FlaskClient,
) -> None:
    response = signed_in(items_client, "alice").get("/api/admin/stats")

    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "forbidden"
    assert error["message"] == "This action requires an administrator."


def test_dispatch_admin_route_for_admin_succeeds(items_client: FlaskClient) -> None:
    response = signed_in(items_client, "root").get("/api/admin/stats")

    assert response.status_code == 200


def test_dispatch_admin_route_without_session_is_401(items_client: FlaskClient) -> None:
    assert items_client.get("/api/admin/stats").status_code == 401
