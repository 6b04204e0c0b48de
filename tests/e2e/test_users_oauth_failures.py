"""Google sign-in callback failures: redirects with ``?error=<code>``, no session."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from common.auth.oauth import code_challenge
from common.db import session_scope
from common.db.models import BaAccount, BaSession, BaUser, BaVerification
from tests.e2e.oauth_support import (
    BASE_URL,
    CAMILLE,
    authorization_params,
    consent_at_google,
    start_google_sign_in,
)
from tests.factories import count_rows, signed_in_user
from tests.fakes.oauth_provider import FakeGoogle, FakeGoogleUser
from tests.support import issued_session_token, reset_process_state

pytestmark = pytest.mark.e2e


def test_callback_with_unknown_state_redirects_home_with_invalid_state(
    users_client: Any, google: FakeGoogle
) -> None:
    start_google_sign_in(users_client)

    response = users_client.get(
        "/api/auth/callback/google", query_string={"code": "x", "state": "forged"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"{BASE_URL}/?error=invalid_state"
    assert issued_session_token(response) is None
    assert count_rows(BaVerification) == 1  # someone else's state is untouched


def test_callback_without_state_redirects_home_with_invalid_state(
    users_client: Any, google: FakeGoogle
) -> None:
    response = users_client.get("/api/auth/callback/google", query_string={"code": "x"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"{BASE_URL}/?error=invalid_state"


def test_callback_replaying_a_used_state_is_refused(
    users_client: Any, google: FakeGoogle
) -> None:
    url = start_google_sign_in(users_client)
    assert consent_at_google(users_client, google, url, CAMILLE).status_code == 302

    replay = consent_at_google(users_client, google, url, CAMILLE)

    assert replay.headers["Location"] == f"{BASE_URL}/?error=invalid_state"
    assert issued_session_token(replay) is None
    assert count_rows(BaSession) == 1


def test_callback_with_expired_state_redirects_to_error_callback(
    users_client: Any, google: FakeGoogle
) -> None:
    url = start_google_sign_in(users_client, errorCallbackURL="/login?from=google")
    with session_scope() as db:
        db.execute(
            update(BaVerification).values(
                expires_at=datetime.now(tz=UTC) - timedelta(seconds=1)
            )
        )

    response = consent_at_google(users_client, google, url, CAMILLE)

    assert response.headers["Location"] == "/login?from=google&error=invalid_state"
    assert google.token_requests == []  # the code was never exchanged
    assert (count_rows(BaUser), count_rows(BaVerification)) == (0, 0)


def test_callback_with_unverified_email_is_refused(
    users_client: Any, google: FakeGoogle
) -> None:
    unverified = FakeGoogleUser(sub="2", email="eve@example.test", email_verified=False)
    url = start_google_sign_in(
        users_client, errorCallbackURL="http://app.example.test/login"
    )

    response = consent_at_google(users_client, google, url, unverified)

    assert response.status_code == 302
    assert response.headers["Location"] == (
        "http://app.example.test/login?error=email_not_verified"
    )
    assert issued_session_token(response) is None
    assert (count_rows(BaUser), count_rows(BaAccount), count_rows(BaSession)) == (
        0,
        0,
        0,
    )


def test_callback_with_provider_error_redirects_with_that_error(
    users_client: Any, google: FakeGoogle
) -> None:
    state = authorization_params(start_google_sign_in(users_client))["state"]

    response = users_client.get(
        "/api/auth/callback/google",
        query_string={"error": "access_denied", "state": state},
    )

    assert response.headers["Location"] == "/dashboard?error=access_denied"


def test_callback_with_pkce_mismatch_is_refused_by_the_provider(
    users_client: Any, google: FakeGoogle
) -> None:
    params = authorization_params(start_google_sign_in(users_client))
    code = google.issue_code(
        code_challenge=code_challenge("another-verifier-" + "x" * 40),
        redirect_uri=params["redirect_uri"],
        user=CAMILLE,
    )

    response = users_client.get(
        "/api/auth/callback/google",
        query_string={"code": code, "state": params["state"]},
    )

    assert response.headers["Location"] == "/dashboard?error=invalid_code"
    assert count_rows(BaUser) == 0


def test_callback_when_provider_is_down_redirects_with_provider_unavailable(
    users_client: Any, google: FakeGoogle
) -> None:
    state = authorization_params(start_google_sign_in(users_client))["state"]
    google.stop()

    response = users_client.get(
        "/api/auth/callback/google", query_string={"code": "c", "state": state}
    )

    assert response.headers["Location"] == "/dashboard?error=provider_unavailable"


def test_callback_for_deactivated_user_is_refused(
    users_client: Any, google: FakeGoogle
) -> None:
    signed_in_user(email=CAMILLE.email, is_active=False)

    response = consent_at_google(
        users_client, google, start_google_sign_in(users_client), CAMILLE
    )

    assert response.headers["Location"] == "/dashboard?error=account_disabled"
    assert issued_session_token(response) is None
    assert count_rows(BaAccount) == 1  # the link was rolled back with the refusal


def test_callback_after_provider_is_disabled_is_refused(
    users_client: Any, google: FakeGoogle
) -> None:
    url = start_google_sign_in(users_client)
    del os.environ["APP_GOOGLE_CLIENT_ID"]
    reset_process_state()

    response = consent_at_google(users_client, google, url, CAMILLE)

    assert response.headers["Location"] == "/dashboard?error=provider_not_enabled"
    assert google.token_requests == []
