"""The browser's part of a Google sign-in against :class:`FakeGoogle`, for e2e tests."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.oauth_provider import FakeGoogle, FakeGoogleUser

CLIENT_ID = "logis-test.apps.googleusercontent.com"
CLIENT_SECRET = "fake-google-client-secret"
BASE_URL = "http://testserver.local"  # APP_PUBLIC_BASE_URL in tests/conftest.py
CAMILLE = FakeGoogleUser(sub="108000000000000000001", email="camille@example.test")


def start_google_sign_in(client: Any, **body: Any) -> str:
    """Call sign-in/social; the Google authorization URL."""
    payload = {"provider": "google", "callbackURL": "/dashboard", **body}
    response = client.post("/api/auth/sign-in/social", json=payload)
    assert response.status_code == 200, response.get_json()
    return str(response.get_json()["url"])


def consent_at_google(
    client: Any, google: FakeGoogle, authorization_url: str, user: FakeGoogleUser
) -> Any:
    """The user approves at Google, whose redirect brings the browser back to us."""
    query = google.consent(authorization_url, user)
    return client.get("/api/auth/callback/google", query_string=query)


def authorization_params(authorization_url: str) -> dict[str, str]:
    """The query parameters of a Google authorization URL."""
    return dict(parse_qsl(urlsplit(authorization_url).query))
