"""The signed session cookie.

Value: ``urlencode(token + "." + base64(HMAC-SHA256(secret, token)))``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from collections.abc import Mapping
from urllib.parse import quote, unquote

from common.config import get_settings
from common.http.request import SetCookie

COOKIE_NAME = "better-auth.session_token"
SECURE_COOKIE_NAME = "__Secure-" + COOKIE_NAME
_ALPHABET = string.ascii_letters + string.digits
_SIGNATURE_LENGTH = 44


def generate_id(length: int = 32) -> str:
    """A random alphanumeric id, as Better Auth generates them."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _signature(token: str) -> str:
    secret = get_settings().auth_secret.get_secret_value().encode()
    digest = hmac.new(secret, token.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def sign_token(token: str) -> str:
    """The cookie value (URL-encoded) for a session token."""
    return quote(f"{token}.{_signature(token)}", safe="")


def verify_cookie_value(value: str) -> str | None:
    """The session token if the signature is valid, else None."""
    decoded = unquote(value)
    token, separator, signature = decoded.rpartition(".")
    if not separator or not token or len(signature) != _SIGNATURE_LENGTH:
        return None
    if not hmac.compare_digest(signature.encode(), _signature(token).encode()):
        return None
    return token


def session_token_from_cookies(cookies: Mapping[str, str]) -> str | None:
    """The verified token of the session cookie (either name), or None."""
    for name in (SECURE_COOKIE_NAME, COOKIE_NAME):
        value = cookies.get(name)
        if value:
            return verify_cookie_value(value)
    return None


def session_cookie(token: str, max_age: int) -> SetCookie:
    """The Set-Cookie for a session (``__Secure-`` and ``Secure`` over HTTPS)."""
    secure = get_settings().secure_cookies
    name = SECURE_COOKIE_NAME if secure else COOKIE_NAME
    return SetCookie(name, sign_token(token), max_age=max_age, secure=secure)


def clear_session_cookie() -> SetCookie:
    """The Set-Cookie that removes the session cookie."""
    cookie = session_cookie("", 0)
    return SetCookie(cookie.name, "", max_age=0, secure=cookie.secure)
