"""OAuth 2.0 authorization-code flow with PKCE, as Google implements it.

The protocol side of social sign-in: state and PKCE values, the authorization URL, the
token exchange and the userinfo call (``urllib.request``, 10 s timeout), and the
open-redirect guard for the URLs a client asks to come back to. The state row and the
account linking live in ``common.services.social_auth``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from common.config import Settings
from common.errors import AppError, DependencyFailed, InvalidInput
from common.messages import register

GOOGLE_SCOPE = "openid email profile"
HTTP_TIMEOUT_SECONDS = 10.0
_MAX_RESPONSE_BYTES = 1_000_000
_ERROR_CODE = re.compile(r"^[a-z0-9_]{1,64}$")

register(
    "oauth_failed",
    "Sign-in with the provider failed ({reason}).",
    "La connexion avec le fournisseur a échoué ({reason}).",
)
register(
    "invalid_callback_url",
    "This callback URL is not allowed.",
    "Cette URL de retour n'est pas autorisée.",
)
register(
    "oauth_provider_unavailable",
    "The sign-in provider is unavailable. Please retry.",
    "Le fournisseur de connexion est indisponible. Veuillez réessayer.",
)


class OAuthFailed(AppError):
    """The provider refused the exchange or answered something unusable."""

    status, code = 400, "oauth_failed"

    def __init__(self, reason: str) -> None:
        super().__init__("oauth_failed", reason=reason)
        self.reason = reason


@dataclass(frozen=True)
class TokenSet:
    """What the token endpoint returned."""

    access_token: str
    refresh_token: str | None
    id_token: str | None
    scope: str | None
    expires_at: datetime | None


@dataclass(frozen=True)
class UserInfo:
    """The OpenID Connect claims we use."""

    subject: str
    email: str
    email_verified: bool
    name: str
    picture: str | None


def new_state() -> str:
    """An unguessable ``state`` value (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def new_code_verifier() -> str:
    """A PKCE code verifier (64 characters of the RFC 7636 alphabet)."""
    return secrets.token_urlsafe(48)


def code_challenge(code_verifier: str) -> str:
    """The S256 challenge: unpadded base64url of SHA-256 of the verifier."""
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def is_allowed_redirect(url: str, allowed_origins: list[str]) -> bool:
    """True for a same-site relative path or an absolute URL of an allowed origin."""
    if any(character in url for character in "\\\r\n\t") or not url:
        return False
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return url.startswith("/") and not url.startswith("//")
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return parts.scheme in ("http", "https") and origin in {
        allowed.rstrip("/").lower() for allowed in allowed_origins
    }


def check_redirects(urls: dict[str, str | None], allowed_origins: list[str]) -> None:
    """Refuse (``InvalidInput``) any given URL outside our origins: no open redirect."""
    for field, url in urls.items():
        if url is not None and not is_allowed_redirect(url, allowed_origins):
            errors = [{"loc": ["body", field], "type": "url_not_allowed"}]
            raise InvalidInput("invalid_callback_url", errors=errors)


def with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` appended to its query string."""
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *params.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


def safe_error_code(error: str) -> str:
    """The provider's ``error`` parameter if it looks like an OAuth error code."""
    lowered = error.strip().lower()
    return lowered if _ERROR_CODE.match(lowered) else "oauth_provider_error"


@dataclass(frozen=True)
class GoogleOAuthClient:
    """The Google endpoints and credentials of this deployment."""

    client_id: str
    client_secret: str
    redirect_uri: str
    authorize_url: str
    token_url: str
    userinfo_url: str

    @classmethod
    def from_settings(cls, settings: Settings) -> GoogleOAuthClient:
        """The client configured by ``APP_GOOGLE_*`` settings."""
        secret = settings.google_client_secret
        return cls(
            client_id=settings.google_client_id or "",
            client_secret=secret.get_secret_value() if secret else "",
            redirect_uri=f"{settings.public_base_url}/api/auth/callback/google",
            authorize_url=settings.google_authorize_url,
            token_url=settings.google_token_url,
            userinfo_url=settings.google_userinfo_url,
        )

    def authorization_url(self, state: str, code_verifier: str) -> str:
        """Where to send the browser to ask Google for an authorization code."""
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": self.redirect_uri,
                "scope": GOOGLE_SCOPE,
                "state": state,
                "code_challenge": code_challenge(code_verifier),
                "code_challenge_method": "S256",
                "prompt": "select_account",
            }
        )
        separator = "&" if "?" in self.authorize_url else "?"
        return f"{self.authorize_url}{separator}{query}"

    def exchange_code(self, code: str, code_verifier: str) -> TokenSet:
        """Trade the authorization code (and PKCE verifier) for tokens."""
        form = urlencode(
            {
                "code": code,
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "redirect_uri": self.redirect_uri,
                "grant_type": "authorization_code",
                "code_verifier": code_verifier,
            }
        ).encode()
        request = urllib.request.Request(
            self.token_url,
            data=form,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        payload = _call(request, refused_reason="invalid_code")
        access_token = payload.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise OAuthFailed("invalid_token_response")
        return TokenSet(
            access_token=access_token,
            refresh_token=_optional_str(payload.get("refresh_token")),
            id_token=_optional_str(payload.get("id_token")),
            scope=_optional_str(payload.get("scope")),
            expires_at=_expiry(payload.get("expires_in")),
        )

    def fetch_userinfo(self, access_token: str) -> UserInfo:
        """The signed-in Google user's claims."""
        request = urllib.request.Request(
            self.userinfo_url,
            headers={
                "Authorization": f"Bearer {access_token}",
                "Accept": "application/json",
            },
        )
        claims = _call(request, refused_reason="invalid_access_token")
        subject, email = claims.get("sub"), claims.get("email")
        if not isinstance(subject, str) or not subject:
            raise OAuthFailed("invalid_user_info")
        if not isinstance(email, str) or "@" not in email:
            raise OAuthFailed("invalid_user_info")
        verified = claims.get("email_verified")
        return UserInfo(
            subject=subject,
            email=email.strip().lower(),
            email_verified=verified is True or verified == "true",
            name=_optional_str(claims.get("name")) or email.split("@")[0],
            picture=_optional_str(claims.get("picture")),
        )


def identify(
    google: GoogleOAuthClient,
    *,
    code: str | None,
    error: str | None,
    code_verifier: str,
) -> tuple[UserInfo, TokenSet]:
    """Check the callback, exchange the code and return the verified identity."""
    if error:
        raise OAuthFailed(safe_error_code(error))
    if not code:
        raise OAuthFailed("missing_code")
    tokens = google.exchange_code(code, code_verifier)
    info = google.fetch_userinfo(tokens.access_token)
    if not info.email_verified:
        raise OAuthFailed("email_not_verified")
    return info, tokens


def _call(request: urllib.request.Request, *, refused_reason: str) -> dict[str, Any]:
    """Send ``request``; 4xx means the provider refused, the rest is an outage."""
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:
            raw = response.read(_MAX_RESPONSE_BYTES)
    except urllib.error.HTTPError as exc:
        if 400 <= exc.code < 500:
            raise OAuthFailed(refused_reason) from exc
        raise DependencyFailed("oauth_provider_unavailable") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DependencyFailed("oauth_provider_unavailable") from exc
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        raise OAuthFailed("invalid_provider_response") from exc
    if not isinstance(payload, dict):
        raise OAuthFailed("invalid_provider_response")
    return payload


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _expiry(expires_in: object) -> datetime | None:
    if isinstance(expires_in, int | float) and not isinstance(expires_in, bool):
        return datetime.now(tz=UTC) + timedelta(seconds=float(expires_in))
    return None
