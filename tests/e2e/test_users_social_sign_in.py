"""Starting a Google sign-in: ``POST /api/auth/sign-in/social``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import select

from common.auth.oauth import code_challenge
from common.db import session_scope
from common.db.models import BaVerification
from tests.e2e.oauth_support import BASE_URL, CLIENT_ID
from tests.factories import count_rows
from tests.fakes.oauth_provider import FakeGoogle

pytestmark = pytest.mark.e2e


# --- sign-in/social -----------------------------------------------------------------


def test_sign_in_social_returns_google_url_and_stores_state(
    users_client: Any, google: FakeGoogle
) -> None:
    response = users_client.post(
        "/api/auth/sign-in/social",
        json={
            "provider": "google",
            "callbackURL": "http://app.example.test/dashboard",
            "errorCallbackURL": "/login",
        },
    )

    body = response.get_json()
    assert body["redirect"] is True
    url = urlsplit(body["url"])
    params = dict(parse_qsl(url.query))
    assert f"{url.scheme}://{url.netloc}{url.path}" == google.authorize_url
    assert params["redirect_uri"] == f"{BASE_URL}/api/auth/callback/google"
    assert params["client_id"] == CLIENT_ID
    assert params["scope"] == "openid email profile"
    assert params["code_challenge_method"] == "S256"
    assert len(params["state"]) >= 32
    with session_scope() as db:
        row = db.scalars(select(BaVerification)).one()
    stored = json.loads(row.value)
    assert row.identifier == f"oauth_state:{params['state']}"
    assert code_challenge(stored["codeVerifier"]) == params["code_challenge"]
    assert stored["callbackURL"] == "http://app.example.test/dashboard"
    assert stored["errorCallbackURL"] == "/login"
    remaining = row.expires_at - datetime.now(tz=UTC)
    assert timedelta(minutes=9) < remaining <= timedelta(minutes=10)


def test_sign_in_social_without_client_id_returns_provider_not_enabled(
    users_client: Any,
) -> None:
    response = users_client.post(
        "/api/auth/sign-in/social", json={"provider": "google"}
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "provider_not_enabled"
    assert count_rows(BaVerification) == 0


def test_sign_in_social_with_unknown_provider_returns_provider_not_enabled(
    users_client: Any, google: FakeGoogle
) -> None:
    response = users_client.post(
        "/api/auth/sign-in/social", json={"provider": "github"}
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "provider_not_enabled"


def test_sign_in_social_with_foreign_callback_url_returns_400(
    users_client: Any, google: FakeGoogle
) -> None:
    response = users_client.post(
        "/api/auth/sign-in/social",
        json={"provider": "google", "callbackURL": "https://evil.example/steal"},
        headers={"Accept-Language": "fr"},
    )

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["details"]["errors"] == [
        {"loc": ["body", "callbackURL"], "type": "url_not_allowed"}
    ]
    assert error["message"] == "Cette URL de retour n'est pas autorisée."
    assert count_rows(BaVerification) == 0


def test_sign_in_social_without_provider_returns_400(
    users_client: Any, google: FakeGoogle
) -> None:
    response = users_client.post("/api/auth/sign-in/social", json={"callbackURL": "/"})

    assert response.status_code == 400
    errors = response.get_json()["error"]["details"]["errors"]
    assert errors == [{"loc": ["body", "provider"], "type": "missing"}]
