"""``POST /api/auth/sign-in/email`` (Better Auth): credentials and rate limits."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from common.db import session_scope
from common.db.models import BaSession, User
from tests.factories import DEFAULT_PASSWORD, signed_in_user
from tests.support import (
    function_client,
    reset_process_state,
    session_cookie_header,
    session_cookie_token,
)

pytestmark = pytest.mark.e2e

USER_KEYS = {"id", "email", "name", "image", "emailVerified", "createdAt", "updatedAt"}


def _sign_in(client: Any, email: str, password: str, **headers: str) -> Any:
    body = {"email": email, "password": password}
    return client.post("/api/auth/sign-in/email", json=body, headers=headers)


# --- sign-in ----------------------------------------------------------------------


def test_sign_in_with_right_password_returns_token_and_cookie(
    users_client: Any,
) -> None:
    user = signed_in_user(email="camille@example.test")

    response = _sign_in(users_client, " Camille@example.test", DEFAULT_PASSWORD)

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"redirect", "token", "url", "user"}
    assert (body["redirect"], body["url"]) == (False, None)
    assert body["user"]["id"] == user.id and set(body["user"]) == USER_KEYS
    assert session_cookie_token(response) == body["token"] != user.session_token
    with session_scope() as db:
        profile = db.get_one(User, user.id)
        session = db.scalars(select(BaSession).where(BaSession.token == body["token"]))
        assert session.one().user_agent is not None
    assert profile.last_login_at is not None
    assert datetime.now(tz=UTC) - profile.last_login_at < timedelta(minutes=1)


def test_sign_in_with_wrong_password_returns_generic_401(users_client: Any) -> None:
    user = signed_in_user()

    response = _sign_in(users_client, user.email, "not the password")

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_email_or_password"
    assert "Set-Cookie" not in response.headers


def test_sign_in_with_unknown_email_returns_same_401(users_client: Any) -> None:
    response = _sign_in(users_client, "nobody@example.test", DEFAULT_PASSWORD)

    assert response.status_code == 401
    error = response.get_json()["error"]
    assert error["code"] == "invalid_email_or_password"
    assert error["details"] == {}


def test_sign_in_of_inactive_user_returns_same_401(users_client: Any) -> None:
    user = signed_in_user(is_active=False)

    response = _sign_in(users_client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_email_or_password"


def test_sign_in_in_french_answers_in_french(users_client: Any) -> None:
    response = _sign_in(
        users_client, "nobody@example.test", "x", **{"Accept-Language": "fr"}
    )

    assert response.get_json()["error"]["message"] == (
        "E-mail ou mot de passe incorrect."
    )
    assert response.headers["Content-Language"] == "fr"


def test_sign_in_with_invalid_body_returns_400(users_client: Any) -> None:
    response = users_client.post("/api/auth/sign-in/email", json={"email": "x"})

    assert response.status_code == 400
    locations = {
        tuple(item["loc"]) for item in response.get_json()["error"]["details"]["errors"]
    }
    assert locations == {("body", "email"), ("body", "password")}


def test_sign_in_after_max_failures_refuses_even_right_password(
    users_client: Any,
) -> None:
    # given as many failures as the window allows
    os.environ["APP_SIGN_IN_ATTEMPTS_PER_WINDOW"] = "3"
    reset_process_state()
    user = signed_in_user()
    failures = [
        _sign_in(users_client, user.email, "wrong").status_code for _ in range(3)
    ]

    # when
    response = _sign_in(users_client, user.email, DEFAULT_PASSWORD)

    # then
    assert failures == [401, 401, 401]
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert 0 < int(response.headers["Retry-After"]) <= 901
    assert "Set-Cookie" not in response.headers


def test_sign_in_success_resets_the_failure_count(users_client: Any) -> None:
    os.environ["APP_SIGN_IN_ATTEMPTS_PER_WINDOW"] = "3"
    reset_process_state()
    user = signed_in_user()
    for _ in range(2):
        _sign_in(users_client, user.email, "wrong")
    assert _sign_in(users_client, user.email, DEFAULT_PASSWORD).status_code == 200

    statuses = [
        _sign_in(users_client, user.email, "wrong").status_code for _ in range(3)
    ]

    assert statuses == [401, 401, 401]


def test_sign_in_failures_across_emails_hit_the_ip_limit(users_client: Any) -> None:
    # one attempt per e-mail, ten per IP
    os.environ["APP_SIGN_IN_ATTEMPTS_PER_WINDOW"] = "1"
    reset_process_state()
    user = signed_in_user()
    for number in range(10):
        assert _sign_in(users_client, f"x{number}@example.test", "x").status_code == 401

    response = _sign_in(users_client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 429
    assert "Retry-After" in response.headers


def test_sign_in_with_redis_down_still_works(
    clean_db: Engine, redis_down: None
) -> None:
    users_client = function_client("users", "users_http")
    user = signed_in_user()

    signed_in = _sign_in(users_client, user.email, DEFAULT_PASSWORD)
    cookie = session_cookie_header(signed_in).split(";")[0]
    me = users_client.get("/api/users/me", headers={"Cookie": cookie})

    assert signed_in.status_code == 200
    assert me.status_code == 200 and me.get_json()["id"] == user.id


def test_general_rate_limit_returns_429_with_retry_after(users_client: Any) -> None:
    os.environ["APP_RATE_LIMIT_PER_MINUTE"] = "2"
    reset_process_state()
    user = signed_in_user()

    signed_in = [
        users_client.get("/api/users/me", headers=user.headers) for _ in range(3)
    ]
    anonymous = [users_client.get("/api/auth/get-session") for _ in range(3)]

    assert [r.status_code for r in signed_in] == [200, 200, 429]
    assert int(signed_in[2].headers["Retry-After"]) > 0
    # anonymous callers count per IP, apart from the signed-in user
    assert [r.status_code for r in anonymous] == [200, 200, 429]
