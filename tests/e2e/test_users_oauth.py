"""Google sign-in callback end to end, against a loopback fake Google."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from common.auth.cookies import COOKIE_NAME, verify_cookie_value
from common.db import session_scope
from common.db.models import BaAccount, BaSession, BaUser, BaVerification, User
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


# --- callback -----------------------------------------------------------------------


def test_callback_for_new_google_user_creates_user_and_signs_in(
    client: Any, google: FakeGoogle
) -> None:
    # given
    url = _start(client)

    # when
    response = _consent(client, google, url, CAMILLE)

    # then
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    token = _session_token(response)
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
    assert _count(BaVerification) == 0
    exchange = google.token_requests[0]
    assert exchange["grant_type"] == "authorization_code"
    assert exchange["redirect_uri"] == f"{BASE_URL}/api/auth/callback/google"


def test_callback_in_french_gives_new_user_french_locale(
    client: Any, google: FakeGoogle
) -> None:
    query = google.consent(_start(client), CAMILLE)

    client.get(
        "/api/auth/callback/google",
        query_string=query,
        headers={"Accept-Language": "fr"},
    )

    with session_scope() as db:
        assert db.scalars(select(User.locale)).one() == "fr"


def test_callback_second_login_finds_the_same_account(
    client: Any, google: FakeGoogle
) -> None:
    first = _consent(client, google, _start(client), CAMILLE)
    renamed = FakeGoogleUser(sub=CAMILLE.sub, email=CAMILLE.email, name="C. Martin")

    second = _consent(client, google, _start(client), renamed)

    assert first.status_code == second.status_code == 302
    assert _session_token(first) != _session_token(second)
    assert (_count(BaUser), _count(BaAccount), _count(BaSession)) == (1, 1, 2)


def test_callback_with_email_of_credential_user_links_the_account(
    client: Any, google: FakeGoogle
) -> None:
    # given a user who signed up with a password
    with session_scope() as db:
        existing = create_user(db, email=CAMILLE.email)

    # when
    response = _consent(client, google, _start(client), CAMILLE)

    # then
    assert response.status_code == 302 and _session_token(response)
    with session_scope() as db:
        accounts = db.scalars(
            select(BaAccount.provider_id).where(BaAccount.user_id == existing.id)
        )
        assert sorted(accounts) == ["credential", "google"]
        assert db.get_one(BaUser, existing.id).email_verified
    assert _count(BaUser) == 1


def test_callback_for_new_user_goes_to_new_user_callback(
    client: Any, google: FakeGoogle
) -> None:
    url = _start(client, newUserCallbackURL="/welcome")

    response = _consent(client, google, url, CAMILLE)

    assert response.headers["Location"] == "/welcome"
