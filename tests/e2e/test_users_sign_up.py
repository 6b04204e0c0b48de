"""``POST /api/auth/sign-up/email`` (Better Auth) through functions-framework."""

from __future__ import annotations

import os
from typing import Any

import pytest
from sqlalchemy import select

from common.auth.passwords import verify_password
from common.db import session_scope
from common.db.models import BaAccount, BaSession, BaUser, User
from tests.factories import signed_in_user
from tests.support import (
    reset_process_state,
    session_cookie_header,
    session_cookie_token,
)

pytestmark = pytest.mark.e2e

PASSWORD = "un mot de passe solide"
USER_KEYS = {"id", "email", "name", "image", "emailVerified", "createdAt", "updatedAt"}


def _sign_up(client: Any, **overrides: Any) -> Any:
    body = {"name": "Camille Martin", "email": "camille@example.test"}
    body["password"] = PASSWORD
    body.update(overrides)
    return client.post("/api/auth/sign-up/email", json=body)


# --- sign-up ----------------------------------------------------------------------


def test_sign_up_with_valid_body_creates_user_and_signs_in(users_client: Any) -> None:
    # when
    response = _sign_up(
        users_client,
        email="  Camille@Example.TEST ",
        image="https://example.test/c.png",
        callbackURL="/dashboard",
        rememberMe=True,
    )

    # then
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"token", "user"}
    assert set(body["user"]) == USER_KEYS
    assert body["user"]["email"] == "camille@example.test"
    assert body["user"]["emailVerified"] is False
    assert session_cookie_token(response) == body["token"]
    cookie = session_cookie_header(response)
    assert "HttpOnly" in cookie and "Max-Age=604800" in cookie
    with session_scope() as db:
        user = db.get_one(BaUser, body["user"]["id"])
        account = db.scalars(
            select(BaAccount).where(BaAccount.user_id == user.id)
        ).one()
        session = db.scalars(
            select(BaSession).where(BaSession.user_id == user.id)
        ).one()
        profile = db.get_one(User, user.id)
    assert (account.provider_id, account.account_id) == ("credential", user.id)
    assert account.password is not None and verify_password(PASSWORD, account.password)
    assert session.token == body["token"]
    assert profile.is_active and not profile.is_superuser
    assert profile.last_login_at is not None


def test_sign_up_in_french_records_french_locale(users_client: Any) -> None:
    response = users_client.post(
        "/api/auth/sign-up/email",
        json={"name": "Léa", "email": "lea@example.test", "password": PASSWORD},
        headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"},
    )

    with session_scope() as db:
        assert db.get_one(User, response.get_json()["user"]["id"]).locale == "fr"


def test_sign_up_in_english_records_english_locale(users_client: Any) -> None:
    response = _sign_up(users_client)

    with session_scope() as db:
        assert db.get_one(User, response.get_json()["user"]["id"]).locale == "en"


def test_sign_up_with_existing_email_returns_422(users_client: Any) -> None:
    signed_in_user(email="taken@example.test")

    response = _sign_up(users_client, email="TAKEN@example.test")

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "user_already_exists"
    assert error["details"] == {}
    assert "Set-Cookie" not in response.headers


def test_sign_up_with_invalid_fields_returns_400_with_errors(users_client: Any) -> None:
    response = _sign_up(users_client, email="not-an-email", password="short", name="")

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input"
    locations = {tuple(item["loc"]) for item in error["details"]["errors"]}
    assert locations == {("body", "email"), ("body", "password"), ("body", "name")}


def test_sign_up_without_json_body_returns_400(users_client: Any) -> None:
    response = users_client.post("/api/auth/sign-up/email")

    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["errors"]


def test_sign_up_over_hourly_limit_per_ip_returns_429(users_client: Any) -> None:
    os.environ["APP_SIGN_UP_PER_HOUR_PER_IP"] = "2"
    reset_process_state()

    statuses = [
        _sign_up(users_client, email=f"n{number}@example.test").status_code
        for number in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_sign_up_from_foreign_origin_returns_403(users_client: Any) -> None:
    response = users_client.post(
        "/api/auth/sign-up/email",
        json={"name": "X", "email": "x@example.test", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )

    assert response.status_code == 403
    assert response.get_json()["error"]["details"] == {}
