"""``GET`` and ``PATCH /api/users/me``: the signed-in user's profile."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from tests.factories import signed_in_user
from tests.support import function_client

pytestmark = pytest.mark.e2e


# --- GET/PATCH /api/users/me ------------------------------------------------------


def test_get_me_returns_snake_case_profile(users_client: Any) -> None:
    user = signed_in_user(name="Camille")

    response = users_client.get("/api/users/me", headers=user.headers)

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {
        "id", "email", "name", "image", "email_verified", "locale", "is_superuser",
        "created_at", "last_login_at",
    }  # fmt: skip
    assert (body["id"], body["email"], body["name"]) == (user.id, user.email, "Camille")
    assert (body["locale"], body["is_superuser"], body["email_verified"]) == (
        "fr", False, False,
    )  # fmt: skip


def test_get_me_without_cookie_returns_401(users_client: Any) -> None:
    response = users_client.get("/api/users/me")

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


def test_get_me_without_cookie_in_french_answers_in_french(users_client: Any) -> None:
    response = users_client.get("/api/users/me", headers={"Accept-Language": "fr"})

    assert response.get_json()["error"]["message"] == "Vous devez être connecté."


def test_get_me_with_redis_down_still_works(clean_db: Engine, redis_down: None) -> None:
    user = signed_in_user()

    response = function_client("users", "users_http").get(
        "/api/users/me", headers=user.headers
    )

    assert response.status_code == 200


def test_patch_me_updates_given_fields_only(users_client: Any) -> None:
    user = signed_in_user(name="Camille")
    image = "https://example.test/camille.png"
    users_client.patch("/api/users/me", json={"image": image}, headers=user.headers)

    response = users_client.patch(
        "/api/users/me", json={"name": "  Camille M. ", "locale": "en"},
        headers=user.headers,
    )  # fmt: skip

    assert response.status_code == 200
    body = response.get_json()
    assert (body["name"], body["locale"], body["image"]) == ("Camille M.", "en", image)


def test_patch_me_with_null_image_removes_it(users_client: Any) -> None:
    user = signed_in_user()
    users_client.patch(
        "/api/users/me", json={"image": "https://example.test/a.png"},
        headers=user.headers,
    )  # fmt: skip

    response = users_client.patch(
        "/api/users/me", json={"image": None}, headers=user.headers
    )

    assert response.get_json()["image"] is None


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({}, ["body"]),
        ({"image": "http://example.test/a.png"}, ["body", "image"]),
        ({"locale": "de"}, ["body", "locale"]),
        ({"name": "x" * 101}, ["body", "name"]),
        ({"is_superuser": True}, ["body", "is_superuser"]),
    ],
)
def test_patch_me_with_invalid_body_returns_400(
    users_client: Any, body: dict[str, Any], location: list[str]
) -> None:
    user = signed_in_user()

    response = users_client.patch("/api/users/me", json=body, headers=user.headers)

    assert response.status_code == 400
    errors = response.get_json()["error"]["details"]["errors"]
    assert [error["loc"] for error in errors] == [location]


def test_patch_me_without_cookie_returns_401(users_client: Any) -> None:
    assert users_client.patch("/api/users/me", json={"name": "x"}).status_code == 401
