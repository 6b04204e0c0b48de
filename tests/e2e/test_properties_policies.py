"""Every /api/properties route: session required, rate limit, Redis outage, French."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from common.db import session_scope
from common.db.models import Property
from tests import factories
from tests.factories import saved_property_id
from tests.support import reset_process_state

pytestmark = pytest.mark.e2e

BODY = {
    "address": "8 quai des Chartrons",
    "postal_code": "33000",
    "city": "Bordeaux",
    "property_type": "Appartement",
}
# (name, method, path with {id}, JSON body of a successful call, status of success)
Route = tuple[str, str, str, dict[str, Any] | None, int]
ROUTES: list[Route] = [
    ("create", "POST", "/api/properties", BODY, 201),
    ("list", "GET", "/api/properties", None, 200),
    ("dashboard", "GET", "/api/properties/with-synthesis", None, 200),
    ("get", "GET", "/api/properties/{id}", None, 200),
    ("update", "PATCH", "/api/properties/{id}", {"notes": "Vue dégagée"}, 200),
    ("delete", "DELETE", "/api/properties/{id}", None, 204),
]
ROUTE_IDS = [route[0] for route in ROUTES]


def _call(
    client: Any,
    route: Route,
    property_id: uuid.UUID,
    headers: dict[str, str],
    body: dict[str, Any] | None = None,
) -> Any:
    _, method, path, success_body, _ = route
    return client.open(
        path.format(id=property_id),
        method=method,
        json=success_body if body is None else body,
        headers=headers,
    )


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_route_without_session_is_401(
    properties_client: Any, user: factories.TestUser, route: Route
) -> None:
    response = _call(properties_client, route, saved_property_id(user), headers={})

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_route_with_a_forged_cookie_is_401(
    properties_client: Any, user: factories.TestUser, route: Route
) -> None:
    forged = {"Cookie": "better-auth.session_token=forged.c2lnbmF0dXJl"}

    response = _call(properties_client, route, saved_property_id(user), headers=forged)

    assert response.status_code == 401


def _fresh_rate_window() -> None:
    # The limiter counts per wall-clock minute: start well inside a window.
    remaining = 60 - time.time() % 60
    if remaining < 3:
        time.sleep(remaining + 0.1)


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_route_fourth_request_in_a_minute_is_429(
    properties_client: Any, user: factories.TestUser, route: Route
) -> None:
    # given a limit of three requests per minute
    os.environ["APP_RATE_LIMIT_PER_MINUTE"] = "3"
    reset_process_state()
    property_id = saved_property_id(user)
    _fresh_rate_window()
    # when
    statuses = [
        _call(properties_client, route, property_id, user.headers).status_code
        for _ in range(3)
    ]
    limited = _call(properties_client, route, property_id, user.headers)

    # then
    assert 429 not in statuses
    assert limited.status_code == 429
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 61


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_route_still_serves_when_redis_is_down(
    redis_down: None, properties_client: Any, user: factories.TestUser, route: Route
) -> None:
    response = _call(properties_client, route, saved_property_id(user), user.headers)

    assert response.status_code == route[4]


def test_delete_when_redis_is_down_removes_the_row(
    redis_down: None, properties_client: Any, user: factories.TestUser
) -> None:
    property_id = saved_property_id(user)

    properties_client.delete(f"/api/properties/{property_id}", headers=user.headers)

    with session_scope() as db:
        assert db.get(Property, property_id) is None


# An invalid request per route, and the French message it must produce.
FRENCH: dict[str, tuple[dict[str, Any] | None, str, Callable[[uuid.UUID], str]]] = {
    "create": (BODY | {"rooms": 0}, "Valeur invalide pour : rooms.", str),
    "list": (None, "Valeur invalide pour : cursor.", str),
    "dashboard": (None, "Valeur invalide pour : cursor.", str),
    "get": (None, "Bien introuvable.", lambda _: str(uuid.uuid4())),
    "update": ({"asking_price": 1}, "Bien introuvable.", lambda _: str(uuid.uuid4())),
    "delete": (None, "Bien introuvable.", lambda _: str(uuid.uuid4())),
}


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_route_error_is_in_french_for_a_french_browser(
    properties_client: Any, user: factories.TestUser, route: Route
) -> None:
    name, method, path, _, _ = route
    body, expected, target = FRENCH[name]
    url = path.format(id=target(saved_property_id(user)))
    if method == "GET" and "{id}" not in path:
        url += "?cursor=invalide"
    headers = user.headers | {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}

    response = properties_client.open(url, method=method, json=body, headers=headers)

    assert response.status_code in {400, 404}
    assert response.get_json()["error"]["message"] == expected
    assert response.headers["Content-Language"] == "fr"


def test_unauthenticated_message_is_in_french_for_a_french_browser(
    properties_client: Any,
) -> None:
    response = properties_client.get(
        "/api/properties", headers={"Accept-Language": "fr-FR"}
    )

    assert response.get_json()["error"]["message"] == "Vous devez être connecté."
