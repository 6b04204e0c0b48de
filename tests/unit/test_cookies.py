"""The signed session cookie: ``urlencode(token + "." + base64(HMAC-SHA256))``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from urllib.parse import quote, unquote

from common.auth.cookies import (
    COOKIE_NAME,
    SECURE_COOKIE_NAME,
    clear_session_cookie,
    session_cookie,
    session_token_from_cookies,
    sign_token,
    verify_cookie_value,
)
from tests.support import reset_process_state

TOKEN = "Zk3yq0VbN8rT2mWc5pLx7HdA9sJe1UoQ"


def _secret() -> bytes:
    return os.environ["APP_AUTH_SECRET"].encode()


def test_sign_token_value_is_url_encoded_token_and_base64_hmac() -> None:
    value = sign_token(TOKEN)

    token, _, signature = unquote(value).rpartition(".")
    expected = base64.b64encode(
        hmac.new(_secret(), TOKEN.encode(), hashlib.sha256).digest()
    ).decode()
    assert token == TOKEN
    assert signature == expected
    assert len(signature) == 44
    assert value == quote(f"{TOKEN}.{expected}", safe="")
    assert "=" not in value and "/" not in value and "+" not in value


def test_verify_cookie_value_with_valid_signature_returns_token() -> None:
    assert verify_cookie_value(sign_token(TOKEN)) == TOKEN


def test_verify_cookie_value_with_tampered_token_is_refused() -> None:
    signature = unquote(sign_token(TOKEN)).rpartition(".")[2]
    forged = quote(f"{TOKEN[:-1]}X.{signature}", safe="")

    assert verify_cookie_value(forged) is None


def test_verify_cookie_value_with_tampered_signature_is_refused() -> None:
    decoded = unquote(sign_token(TOKEN))
    flipped = decoded[:-2] + ("A" if decoded[-2] != "A" else "B") + decoded[-1]

    assert verify_cookie_value(quote(flipped, safe="")) is None


def test_verify_cookie_value_without_signature_is_refused() -> None:
    assert verify_cookie_value(TOKEN) is None
    assert verify_cookie_value(f"{TOKEN}.short") is None


def test_verify_cookie_value_signed_with_other_secret_is_refused() -> None:
    value = sign_token(TOKEN)
    os.environ["APP_AUTH_SECRET"] = "another-secret-of-sufficient-length-0123456789"
    reset_process_state()

    assert verify_cookie_value(value) is None


def test_session_token_from_cookies_reads_either_name() -> None:
    assert session_token_from_cookies({COOKIE_NAME: sign_token(TOKEN)}) == TOKEN
    assert session_token_from_cookies({SECURE_COOKIE_NAME: sign_token(TOKEN)}) == TOKEN
    assert session_token_from_cookies({"other": sign_token(TOKEN)}) is None


def test_session_cookie_over_http_is_plain_http_only_lax() -> None:
    cookie = session_cookie(TOKEN, max_age=600)

    assert cookie.name == COOKIE_NAME
    assert (cookie.http_only, cookie.secure, cookie.same_site) == (True, False, "Lax")
    assert cookie.max_age == 600
    assert verify_cookie_value(cookie.value) == TOKEN


def test_session_cookie_over_https_is_secure_prefixed() -> None:
    os.environ["APP_PUBLIC_BASE_URL"] = "https://logis.example.test"
    reset_process_state()

    cookie = session_cookie(TOKEN, max_age=600)
    cleared = clear_session_cookie()

    assert cookie.name == SECURE_COOKIE_NAME and cookie.secure
    assert (cleared.name, cleared.value, cleared.max_age) == (SECURE_COOKIE_NAME, "", 0)
