"""Google sign-in callback failures: redirects with ``?error=<code>``, no session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import Engine, func, select, update

from common.auth.cookies import COOKIE_NAME, verify_cookie_value
from common.auth.oauth import code_challenge
from common.db import session_scope
from common.db.models import BaAccount, BaSession, BaUser, BaVerification
from tests.factories import create_user
from tests.fakes.oauth_provider import FakeGoogle, FakeGoogleUser
from tests.support import function_client, reset_process_state

pytestmark = pytest.mark.e2e

CLIENT_ID = "logis-test.apps.googleusercontent.com"
CLIENT_SECRET = "fake-google-client-secret"
BASE_URL = "http://testserver.local"
CAMILLE = FakeGoogleUser(sub="108000000000000000001", email="camille@example.test")


@pytest.fixture
def client(clean_db: Engine, redis_flushed: Any) -> Any:
    return function_client("users", "users_http")


@pytest.fixture
def google(client: Any) -> Iterator[FakeGoogle]:
    with FakeGoogle(CLIENT_ID, CLIENT_SECRET) as fake:
        os.environ.update(fake.app_environment)
        reset_process_state()
        yield fake


def _start(client: Any, **body: Any) -> str:
    """Call sign-in/social; the Google authorization URL."""
    payload = {"provider": "google", "callbackURL": "/dashboard", **body}
    response = client.post("/api/auth/sign-in/social", json=payload)
    assert response.status_code == 200, response.get_json()
    return str(response.get_json()["url"])


def _params(authorization_url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(authorization_url).query))


def _consent(
    client: Any, google: FakeGoogle, authorization_url: str, user: FakeGoogleUser
) -> Any:
    """The user approves at Google, whose redirect brings the browser back to us."""
    query = google.consent(authorization_url, user)
    return client.get("/api/auth/callback/google", query_string=query)


def _session_token(response: Any) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{COOKIE_NAME}="):
            return verify_cookie_value(header.split(";")[0].split("=", 1)[1])
    return None


def _count(model: Any) -> int:
    with session_scope() as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_callback_with_unknown_state_redirects_home_with_invalid_state(
    client: Any, google: FakeGoogle
) -> None:
    _start(client)

    response = client.get(
        "/api/auth/callback/google", query_string={"code": "x", "state": "forged"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"{BASE_URL}/?error=invalid_state"
    assert _session_token(response) is None
    assert _count(BaVerification) == 1  # someone else's state is untouched


def test_callback_without_state_redirects_home_with_invalid_state(
    client: Any, google: FakeGoogle
) -> None:
    response = client.get("/api/auth/callback/google", query_string={"code": "x"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"{BASE_URL}/?error=invalid_state"


def test_callback_replaying_a_used_state_is_refused(
    client: Any, google: FakeGoogle
) -> None:
    url = _start(client)
    assert _consent(client, google, url, CAMILLE).status_code == 302

    replay = _consent(client, google, url, CAMILLE)

    assert replay.headers["Location"] == f"{BASE_URL}/?error=invalid_state"
    assert _session_token(replay) is None
    assert _count(BaSession) == 1


def test_callback_with_expired_state_redirects_to_error_callback(
    client: Any, google: FakeGoogle
) -> None:
    url = _start(client, errorCallbackURL="/login?from=google")
    with session_scope() as db:
        db.execute(
            update(BaVerification).values(
                expires_at=datetime.now(tz=UTC) - timedelta(seconds=1)
            )
        )

    response = _consent(client, google, url, CAMILLE)

    assert response.headers["Location"] == "/login?from=google&error=invalid_state"
    assert google.token_requests == []  # the code was never exchanged
    assert (_count(BaUser), _count(BaVerification)) == (0, 0)


def test_callback_with_unverified_email_is_refused(
    client: Any, google: FakeGoogle
) -> None:
    unverified = FakeGoogleUser(sub="2", email="eve@example.test", email_verified=False)
    url = _start(client, errorCallbackURL="http://app.example.test/login")

    response = _consent(client, google, url, unverified)

    assert response.status_code == 302
    assert response.headers["Location"] == (
        "http://app.example.test/login?error=email_not_verified"
    )
    assert _session_token(response) is None
    assert (_count(BaUser), _count(BaAccount), _count(BaSession)) == (0, 0, 0)


def test_callback_with_provider_error_redirects_with_that_error(
    client: Any, google: FakeGoogle
) -> None:
    state = _params(_start(client))["state"]

    response = client.get(
        "/api/auth/callback/google",
        query_string={"error": "access_denied", "state": state},
    )

    assert response.headers["Location"] == "/dashboard?error=access_denied"


def test_callback_with_pkce_mismatch_is_refused_by_the_provider(
    client: Any, google: FakeGoogle
) -> None:
    params = _params(_start(client))
    code = google.issue_code(
        code_challenge=code_challenge("another-verifier-" + "x" * 40),
        redirect_uri=params["redirect_uri"],
        user=CAMILLE,
    )

    response = client.get(
        "/api/auth/callback/google",
        query_string={"code": code, "state": params["state"]},
    )

    assert response.headers["Location"] == "/dashboard?error=invalid_code"
    assert _count(BaUser) == 0


def test_callback_when_provider_is_down_redirects_with_provider_unavailable(
    client: Any, google: FakeGoogle
) -> None:
    state = _params(_start(client))["state"]
    google.stop()

    response = client.get(
        "/api/auth/callback/google", query_string={"code": "c", "state": state}
    )

    assert response.headers["Location"] == "/dashboard?error=provider_unavailable"


def test_callback_for_deactivated_user_is_refused(
    client: Any, google: FakeGoogle
) -> None:
    with session_scope() as db:
        create_user(db, email=CAMILLE.email, is_active=False)

    response = _consent(client, google, _start(client), CAMILLE)

    assert response.headers["Location"] == "/dashboard?error=account_disabled"
    assert _session_token(response) is None
    assert _count(BaAccount) == 1  # the link was rolled back with the refusal


def test_callback_after_provider_is_disabled_is_refused(
    client: Any, google: FakeGoogle
) -> None:
    url = _start(client)
    del os.environ["APP_GOOGLE_CLIENT_ID"]
    reset_process_state()

    response = _consent(client, google, url, CAMILLE)

    assert response.headers["Location"] == "/dashboard?error=provider_not_enabled"
    assert google.token_requests == []
