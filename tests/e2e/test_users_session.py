"""``sign-out`` and ``get-session`` (Better Auth) through functions-framework."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from common.auth.cookies import COOKIE_NAME, sign_token
from common.db import session_scope
from common.db.models import BaSession
from tests.factories import AGED_SESSION, signed_in_user
from tests.support import session_cookie_header, session_cookie_token

pytestmark = pytest.mark.e2e

USER_KEYS = {"id", "email", "name", "image", "emailVerified", "createdAt", "updatedAt"}


# --- sign-out and session -------------------------------------------------------


def test_sign_out_revokes_session_and_clears_cookie(users_client: Any) -> None:
    user = signed_in_user()

    response = users_client.post("/api/auth/sign-out", headers=user.headers)

    assert response.status_code == 200
    assert response.get_json() == {"success": True}
    assert "Max-Age=0" in session_cookie_header(response)
    with session_scope() as db:
        tokens = db.scalars(select(BaSession.token).where(BaSession.user_id == user.id))
        assert list(tokens) == []
    assert users_client.get("/api/users/me", headers=user.headers).status_code == 401


def test_sign_out_without_cookie_succeeds(users_client: Any) -> None:
    response = users_client.post("/api/auth/sign-out")

    assert response.status_code == 200
    assert response.get_json() == {"success": True}


def test_get_session_without_cookie_returns_json_null(users_client: Any) -> None:
    response = users_client.get("/api/auth/get-session")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_data(as_text=True) == "null"


def test_get_session_with_cookie_returns_session_and_user(users_client: Any) -> None:
    user = signed_in_user()

    response = users_client.get("/api/auth/get-session", headers=user.headers)

    assert response.status_code == 200
    body = response.get_json()
    assert set(body["session"]) == {
        "id", "expiresAt", "token", "createdAt", "updatedAt", "ipAddress",
        "userAgent", "userId",
    }  # fmt: skip
    assert body["session"]["token"] == user.session_token
    assert body["session"]["userId"] == body["user"]["id"] == user.id
    assert set(body["user"]) == USER_KEYS
    assert "Set-Cookie" not in response.headers  # fresh session: nothing to slide


def test_get_session_after_update_age_slides_expiry_and_resets_cookie(
    users_client: Any,
) -> None:
    user = signed_in_user(**AGED_SESSION)

    response = users_client.get("/api/auth/get-session", headers=user.headers)

    expires_at = datetime.fromisoformat(response.get_json()["session"]["expiresAt"])
    assert expires_at > datetime.now(tz=UTC) + timedelta(days=6, hours=23)
    assert session_cookie_token(response) == user.session_token


def test_get_session_with_expired_session_returns_null_and_clears_cookie(
    users_client: Any,
) -> None:
    user = signed_in_user(session_expires_in=timedelta(seconds=-1))

    response = users_client.get("/api/auth/get-session", headers=user.headers)

    assert response.get_data(as_text=True) == "null"
    assert "Max-Age=0" in session_cookie_header(response)


def test_get_session_with_forged_cookie_returns_null(users_client: Any) -> None:
    user = signed_in_user()
    forged = sign_token(user.session_token)[:-6] + "AAAA%3D"

    response = users_client.get(
        "/api/auth/get-session", headers={"Cookie": f"{COOKIE_NAME}={forged}"}
    )

    assert response.get_data(as_text=True) == "null"
