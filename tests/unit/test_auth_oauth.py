"""OAuth helpers: PKCE, state, the Google authorization URL, the redirect guard."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from common.auth.oauth import (
    GOOGLE_SCOPE,
    GoogleOAuthClient,
    check_redirects,
    code_challenge,
    is_allowed_redirect,
    new_code_verifier,
    new_state,
    safe_error_code,
    with_query,
)
from common.config import get_settings
from common.errors import InvalidInput
from tests.support import reset_process_state

ALLOWED = ["http://app.example.test", "https://logis.example.test"]


def _client() -> GoogleOAuthClient:
    return GoogleOAuthClient(
        client_id="client-123.apps.googleusercontent.com",
        client_secret="shh",
        redirect_uri="https://logis.example.test/api/auth/callback/google",
        authorize_url="https://accounts.example.test/o/oauth2/v2/auth",
        token_url="https://oauth2.example.test/token",
        userinfo_url="https://openidconnect.example.test/v1/userinfo",
    )


def test_code_challenge_is_unpadded_base64url_sha256_of_verifier() -> None:
    # RFC 7636, appendix B.
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    assert code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_new_code_verifier_fits_rfc7636_alphabet_and_length() -> None:
    verifier = new_code_verifier()

    assert re.fullmatch(r"[A-Za-z0-9\-._~]{43,128}", verifier)
    assert verifier != new_code_verifier()


def test_new_state_is_long_and_random() -> None:
    state = new_state()

    assert len(state) >= 32
    assert state != new_state()


def test_authorization_url_carries_code_flow_pkce_and_state() -> None:
    verifier = new_code_verifier()

    url = _client().authorization_url("state-value-0123456789abcdef0123", verifier)

    parts = urlsplit(url)
    params = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == _client().authorize_url
    assert params["response_type"] == "code"
    assert params["client_id"] == "client-123.apps.googleusercontent.com"
    assert params["redirect_uri"] == _client().redirect_uri
    assert params["scope"] == GOOGLE_SCOPE == "openid email profile"
    assert params["state"] == "state-value-0123456789abcdef0123"
    assert params["code_challenge_method"] == "S256"
    digest = hashlib.sha256(verifier.encode()).digest()
    assert params["code_challenge"] == (
        base64.urlsafe_b64encode(digest).decode().rstrip("=")
    )
    assert "client_secret" not in params


def test_from_settings_builds_redirect_uri_from_public_base_url() -> None:
    os.environ.update(
        {
            "APP_PUBLIC_BASE_URL": "https://logis.example.test",
            "APP_GOOGLE_CLIENT_ID": "client-id",
            "APP_GOOGLE_CLIENT_SECRET": "client-secret",
        }
    )
    reset_process_state()

    client = GoogleOAuthClient.from_settings(get_settings())

    assert client.redirect_uri == "https://logis.example.test/api/auth/callback/google"
    assert (client.client_id, client.client_secret) == ("client-id", "client-secret")
    assert get_settings().google_oauth_enabled


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/dashboard?tab=documents",
        "http://app.example.test/after-login",
        "https://logis.example.test",
        "HTTPS://LOGIS.EXAMPLE.TEST/x",
    ],
)
def test_is_allowed_redirect_with_relative_or_known_origin_accepts(url: str) -> None:
    assert is_allowed_redirect(url, ALLOWED)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "//evil.example/x",
        "/\\evil.example",
        "https://evil.example/",
        "https://app.example.test.evil.example/",
        "http://logis.example.test/",  # scheme differs from the allowed origin
        "javascript:alert(1)",
        "dashboard",
        "/ok\r\nSet-Cookie: x=y",
    ],
)
def test_is_allowed_redirect_with_foreign_or_odd_url_refuses(url: str) -> None:
    assert not is_allowed_redirect(url, ALLOWED)


def test_check_redirects_names_the_refused_field() -> None:
    with pytest.raises(InvalidInput) as raised:
        check_redirects(
            {"callbackURL": "/ok", "errorCallbackURL": "https://evil.example"}, ALLOWED
        )

    assert raised.value.details["errors"] == [
        {"loc": ["body", "errorCallbackURL"], "type": "url_not_allowed"}
    ]


def test_with_query_appends_to_existing_query() -> None:
    assert with_query("/login?next=%2Fa", error="invalid_state") == (
        "/login?next=%2Fa&error=invalid_state"
    )
    assert with_query("https://app.example.test/", error="x") == (
        "https://app.example.test/?error=x"
    )


def test_safe_error_code_keeps_oauth_codes_and_masks_the_rest() -> None:
    assert safe_error_code("access_denied") == "access_denied"
    assert safe_error_code("<script>") == "oauth_provider_error"
