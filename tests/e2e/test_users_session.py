"""``sign-out`` and ``get-session`` (Better Auth) through functions-framework."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from common.auth.cookies import COOKIE_NAME, sign_token, verify_cookie_value
from common.db import session_scope
from common.db.models import BaSession
from tests import factories
from tests.factories import create_user
from tests.support import function_client

pytestmark = pytest.mark.e2e

USER_KEYS = {"id", "email", "name", "image", "emailVerified", "createdAt", "updatedAt"}


@pytest.fixture
def client(clean_db: Engine, redis_flushed: Any) -> Any:
    return function_client("users", "users_http")


def _user(**options: Any) -> factories.TestUser:
    with session_scope() as db:
        return create_user(db, **options)


def _set_cookie(response: Any) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if COOKIE_NAME in c]
    assert len(cookies) == 1
    return str(cookies[0])


def _cookie_token(response: Any) -> str | None:
    value = _set_cookie(response).split(";")[0].split("=", 1)[1]
    return verify_cookie_value(value)


# --- sign-out and session -------------------------------------------------------


def test_sign_out_revokes_session_and_clears_cookie(client: Any) -> None:
    user = _user()

    response = client.post("/api/auth/sign-out", headers=user.headers)

    assert response.status_code == 200
    assert response.get_json() == {"success": True}
    assert "Max-Age=0" in _set_cookie(response)
    with session_scope() as db:
        tokens = db.scalars(select(BaSession.token).where(BaSession.user_id == user.id))
        assert list(tokens) == []
    assert client.get("/api/users/me", headers=user.headers).status_code == 401


def test_sign_out_without_cookie_succeeds(client: Any) -> None:
    response = client.post("/api/auth/sign-out")

    assert response.status_code == 200
    assert response.get_json() == {"success": True}


def test_get_session_without_cookie_returns_json_null(client: Any) -> None:
    response = client.get("/api/auth/get-session")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_data(as_text=True) == "null"


def test_get_session_with_cookie_returns_session_and_user(client: Any) -> None:
    user = _user()

    response = client.get("/api/auth/get-session", headers=user.headers)

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
    client: Any,
) -> None:
    user = _user(session_age=timedelta(days=2), session_expires_in=timedelta(days=5))

    response = client.get("/api/auth/get-session", headers=user.headers)

    expires_at = datetime.fromisoformat(response.get_json()["session"]["expiresAt"])
    assert expires_at > datetime.now(tz=UTC) + timedelta(days=6, hours=23)
    assert _cookie_token(response) == user.session_token


def test_get_session_with_expired_session_returns_null_and_clears_cookie(
    client: Any,
) -> None:
    user = _user(session_expires_in=timedelta(seconds=-1))

    response = client.get("/api/auth/get-session", headers=user.headers)

    assert response.get_data(as_text=True) == "null"
    assert "Max-Age=0" in _set_cookie(response)


def test_get_session_with_forged_cookie_returns_null(client: Any) -> None:
    user = _user()
    forged = sign_token(user.session_token)[:-6] + "AAAA%3D"

    response = client.get(
        "/api/auth/get-session", headers={"Cookie": f"{COOKIE_NAME}={forged}"}
    )

    assert response.get_data(as_text=True) == "null"
