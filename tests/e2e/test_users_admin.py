"""Administration routes of the users function: user list, activation and role."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from common.auth.cookies import generate_id
from common.db import session_scope
from common.db.models import BaSession, BaUser, Document, User
from tests.factories import create_property, signed_in_user

pytestmark = pytest.mark.e2e


# --- GET /api/users ---------------------------------------------------------------


def test_list_users_as_admin_returns_users_with_counts(users_client: Any) -> None:
    # given an administrator and a user with two properties and one document
    admin = signed_in_user(is_superuser=True)
    owner = signed_in_user()
    with session_scope() as db:
        first = create_property(db, owner.id)
        create_property(db, owner.id, name="Studio")
        db.add(
            Document(
                property_id=first.id, user_id=owner.id, filename="dpe.pdf",
                storage_key=f"users/{owner.id}/dpe.pdf",
            )
        )  # fmt: skip

    # when
    response = users_client.get("/api/users", headers=admin.headers)

    # then
    assert response.status_code == 200
    body = response.get_json()
    assert (body["total"], body["limit"], body["offset"]) == (2, 50, 0)
    by_id = {item["id"]: item for item in body["items"]}
    assert by_id[owner.id]["property_count"] == 2
    assert by_id[owner.id]["document_count"] == 1
    assert by_id[admin.id]["is_superuser"] is True
    assert set(by_id[owner.id]) == {
        "id", "email", "name", "email_verified", "is_active", "is_superuser",
        "created_at", "last_login_at", "property_count", "document_count",
    }  # fmt: skip


def test_list_users_pages_with_limit_and_offset(users_client: Any) -> None:
    admin = signed_in_user(is_superuser=True)
    for _ in range(3):
        signed_in_user()

    first = users_client.get("/api/users?limit=2", headers=admin.headers).get_json()
    second = users_client.get(
        "/api/users?limit=2&offset=2", headers=admin.headers
    ).get_json()

    ids = [item["id"] for item in first["items"] + second["items"]]
    assert first["total"] == second["total"] == 4
    assert len(first["items"]) == 2 and len(second["items"]) == 2
    assert len(set(ids)) == 4


def test_list_users_includes_better_auth_users_without_profile(
    users_client: Any,
) -> None:
    admin = signed_in_user(is_superuser=True)
    with session_scope() as db:
        user_id = generate_id()
        db.add(BaUser(id=user_id, name="Sans profil", email="np@example.test"))

    body = users_client.get("/api/users", headers=admin.headers).get_json()

    bare = next(item for item in body["items"] if item["id"] == user_id)
    assert (bare["is_active"], bare["is_superuser"], bare["property_count"]) == (
        True, False, 0,
    )  # fmt: skip


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "limit=abc"])
def test_list_users_with_invalid_query_returns_400(
    users_client: Any, query: str
) -> None:
    admin = signed_in_user(is_superuser=True)

    response = users_client.get(f"/api/users?{query}", headers=admin.headers)

    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["errors"][0]["loc"][0] == "query"


def test_list_users_as_regular_user_returns_403(users_client: Any) -> None:
    user = signed_in_user()

    response = users_client.get("/api/users", headers=user.headers)

    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert response.get_json()["error"]["message"] == (
        "This action requires an administrator."
    )


def test_list_users_without_cookie_returns_401(users_client: Any) -> None:
    assert users_client.get("/api/users").status_code == 401


# --- PATCH /api/users/{user_id} ---------------------------------------------------


def test_set_access_deactivating_signs_the_user_out_everywhere(
    users_client: Any,
) -> None:
    admin, target = signed_in_user(is_superuser=True), signed_in_user()

    response = users_client.patch(
        f"/api/users/{target.id}", json={"is_active": False}, headers=admin.headers
    )

    assert response.status_code == 200
    assert response.get_json()["is_active"] is False
    with session_scope() as db:
        sessions = db.scalars(select(BaSession).where(BaSession.user_id == target.id))
        assert list(sessions) == []
    assert users_client.get("/api/users/me", headers=target.headers).status_code == 401


def test_set_access_promotes_a_user_to_admin(users_client: Any) -> None:
    admin, target = signed_in_user(is_superuser=True), signed_in_user()

    response = users_client.patch(
        f"/api/users/{target.id}", json={"is_superuser": True}, headers=admin.headers
    )

    assert response.get_json()["is_superuser"] is True
    assert users_client.get("/api/users", headers=target.headers).status_code == 200


def test_set_access_reactivates_a_user(users_client: Any) -> None:
    admin, target = signed_in_user(is_superuser=True), signed_in_user(is_active=False)

    response = users_client.patch(
        f"/api/users/{target.id}", json={"is_active": True}, headers=admin.headers
    )

    assert response.get_json()["is_active"] is True
    with session_scope() as db:
        assert db.get_one(User, target.id).is_active


def test_set_access_of_unknown_user_returns_404(users_client: Any) -> None:
    admin = signed_in_user(is_superuser=True)

    response = users_client.patch(
        f"/api/users/{generate_id()}", json={"is_active": False}, headers=admin.headers
    )

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("body", [{"is_active": False}, {"is_superuser": False}])
def test_set_access_on_oneself_returns_409(
    users_client: Any, body: dict[str, bool]
) -> None:
    admin = signed_in_user(is_superuser=True)

    response = users_client.patch(
        f"/api/users/{admin.id}", json=body, headers=admin.headers
    )

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "cannot_change_own_access"
    with session_scope() as db:
        profile = db.get_one(User, admin.id)
        assert profile.is_active and profile.is_superuser


def test_set_access_in_french_explains_in_french(users_client: Any) -> None:
    admin = signed_in_user(is_superuser=True)

    response = users_client.patch(
        f"/api/users/{admin.id}",
        json={"is_superuser": False},
        headers={**admin.headers, "Accept-Language": "fr"},
    )

    assert response.get_json()["error"]["message"] == (
        "Vous ne pouvez pas désactiver ni rétrograder votre propre compte."
    )


@pytest.mark.parametrize("body", [{}, {"is_active": "maybe"}, {"role": "admin"}])
def test_set_access_with_invalid_body_returns_400(
    users_client: Any, body: dict[str, Any]
) -> None:
    admin, target = signed_in_user(is_superuser=True), signed_in_user()

    response = users_client.patch(
        f"/api/users/{target.id}", json=body, headers=admin.headers
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["errors"]


def test_set_access_as_regular_user_returns_403(users_client: Any) -> None:
    user, target = signed_in_user(), signed_in_user()

    response = users_client.patch(
        f"/api/users/{target.id}", json={"is_active": False}, headers=user.headers
    )

    assert response.status_code == 403
    with session_scope() as db:
        assert db.get_one(User, target.id).is_active


def test_set_access_without_cookie_returns_401(users_client: Any) -> None:
    target = signed_in_user()

    response = users_client.patch(f"/api/users/{target.id}", json={"is_active": False})

    assert response.status_code == 401
