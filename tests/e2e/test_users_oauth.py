"""Google sign-in callback end to end, against a loopback fake Google."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from common.db import session_scope
from common.db.models import BaAccount, BaSession, BaUser, BaVerification, User
from tests.e2e.oauth_support import (
    BASE_URL,
    CAMILLE,
    consent_at_google,
    start_google_sign_in,
)
from tests.factories import count_rows, signed_in_user
from tests.fakes.oauth_provider import FakeGoogle, FakeGoogleUser
from tests.support import issued_session_token

pytestmark = pytest.mark.e2e


# --- callback -----------------------------------------------------------------------


def test_callback_for_new_google_user_creates_user_and_signs_in(
    users_client: Any, google: FakeGoogle
) -> None:
    # given
    url = start_google_sign_in(users_client)

    # when
    response = consent_at_google(users_client, google, url, CAMILLE)

    # then
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    token = issued_session_token(response)
    assert token is not None
    with session_scope() as db:
        user = db.scalars(select(BaUser)).one()
        account = db.scalars(select(BaAccount)).one()
        session = db.scalars(select(BaSession).where(BaSession.token == token)).one()
        profile = db.get_one(User, user.id)
    assert (user.email, user.name, user.email_verified) == (
        "camille@example.test", "Camille Martin", True,
    )  # fmt: skip
    assert user.image == CAMILLE.picture
    assert (account.provider_id, account.account_id) == ("google", CAMILLE.sub)
    assert account.access_token and account.access_token.startswith("ya29.")
    assert account.id_token == "header.payload.signature"
    assert account.access_token_expires_at is not None
    assert account.password is None
    assert session.user_id == user.id
    assert profile.is_active and profile.last_login_at is not None
    assert count_rows(BaVerification) == 0
    exchange = google.token_requests[0]
    assert exchange["grant_type"] == "authorization_code"
    assert exchange["redirect_uri"] == f"{BASE_URL}/api/auth/callback/google"


def test_callback_in_french_gives_new_user_french_locale(
    users_client: Any, google: FakeGoogle
) -> None:
    query = google.consent(start_google_sign_in(users_client), CAMILLE)

    users_client.get(
        "/api/auth/callback/google",
        query_string=query,
        headers={"Accept-Language": "fr"},
    )

    with session_scope() as db:
        assert db.scalars(select(User.locale)).one() == "fr"


def test_callback_second_login_finds_the_same_account(
    users_client: Any, google: FakeGoogle
) -> None:
    first = consent_at_google(
        users_client, google, start_google_sign_in(users_client), CAMILLE
    )
    renamed = FakeGoogleUser(sub=CAMILLE.sub, email=CAMILLE.email, name="C. Martin")

    second = consent_at_google(
        users_client, google, start_google_sign_in(users_client), renamed
    )

    assert first.status_code == second.status_code == 302
    assert issued_session_token(first) != issued_session_token(second)
    assert (count_rows(BaUser), count_rows(BaAccount), count_rows(BaSession)) == (
        1,
        1,
        2,
    )


def test_callback_with_email_of_credential_user_links_the_account(
    users_client: Any, google: FakeGoogle
) -> None:
    # given a user who signed up with a password
    existing = signed_in_user(email=CAMILLE.email)

    # when
    response = consent_at_google(
        users_client, google, start_google_sign_in(users_client), CAMILLE
    )

    # then
    assert response.status_code == 302 and issued_session_token(response)
    with session_scope() as db:
        accounts = db.scalars(
            select(BaAccount.provider_id).where(BaAccount.user_id == existing.id)
        )
        assert sorted(accounts) == ["credential", "google"]
        assert db.get_one(BaUser, existing.id).email_verified
    assert count_rows(BaUser) == 1


def test_callback_for_new_user_goes_to_new_user_callback(
    users_client: Any, google: FakeGoogle
) -> None:
    url = start_google_sign_in(users_client, newUserCallbackURL="/welcome")

    response = consent_at_google(users_client, google, url, CAMILLE)

    assert response.headers["Location"] == "/welcome"
