"""A fake Google OAuth provider: real HTTP on 127.0.0.1, in a background thread.

It implements the two endpoints the callback calls. The test plays the browser: it
gives the URL returned by ``sign-in/social`` to :meth:`FakeGoogle.consent`, which plays
the consent screen (a code bound to the ``code_challenge``, redirect URI and user) and
returns the query Google would redirect to the callback with. ``POST /token`` checks
client credentials, grant type, redirect URI, the single-use code and PKCE (S256);
``GET /userinfo`` answers the OpenID claims of the user the Bearer token was issued for.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.loopback import FakeHTTPServer, LoopbackServer


@dataclass(frozen=True)
class FakeGoogleUser:
    """A Google account as the userinfo endpoint describes it."""

    sub: str
    email: str
    email_verified: bool = True
    name: str = "Camille Martin"
    picture: str | None = "https://lh3.example.test/camille.png"


@dataclass
class _Grant:
    code_challenge: str
    redirect_uri: str
    user: FakeGoogleUser
    used: bool = False


@dataclass
class _State:
    grants: dict[str, _Grant] = field(default_factory=dict)
    tokens: dict[str, FakeGoogleUser] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeGoogle:
    """Start with ``with FakeGoogle(client_id, secret) as google:``."""

    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.state = _State()
        self._loopback = LoopbackServer(_Handler, self)

    @property
    def base_url(self) -> str:
        return self._loopback.base_url

    @property
    def authorize_url(self) -> str:
        return f"{self.base_url}/authorize"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/token"

    @property
    def userinfo_url(self) -> str:
        return f"{self.base_url}/userinfo"

    @property
    def app_environment(self) -> dict[str, str]:
        """The ``APP_GOOGLE_*`` settings that point the app at this fake."""
        return {
            "APP_GOOGLE_CLIENT_ID": self.client_id,
            "APP_GOOGLE_CLIENT_SECRET": self.client_secret,
            "APP_GOOGLE_AUTHORIZE_URL": self.authorize_url,
            "APP_GOOGLE_TOKEN_URL": self.token_url,
            "APP_GOOGLE_USERINFO_URL": self.userinfo_url,
        }

    @property
    def token_requests(self) -> list[dict[str, str]]:
        return list(self.state.token_requests)

    def __enter__(self) -> FakeGoogle:
        self._loopback.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving: later calls get a refused connection (an outage)."""
        self._loopback.stop()

    def issue_code(
        self, *, code_challenge: str, redirect_uri: str, user: FakeGoogleUser
    ) -> str:
        """What the consent screen does: a code bound to the challenge and user."""
        code = "code-" + secrets.token_urlsafe(16)
        with self.state.lock:
            self.state.grants[code] = _Grant(code_challenge, redirect_uri, user)
        return code

    def consent(self, authorization_url: str, user: FakeGoogleUser) -> dict[str, str]:
        """The user approves: the query of Google's redirect to the callback."""
        params = dict(parse_qsl(urlsplit(authorization_url).query))
        assert params["client_id"] == self.client_id
        assert params["code_challenge_method"] == "S256"
        code = self.issue_code(
            code_challenge=params["code_challenge"],
            redirect_uri=params["redirect_uri"],
            user=user,
        )
        return {"code": code, "state": params["state"], "scope": "email openid"}

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """The token endpoint's answer to ``form``."""
        with self.state.lock:
            self.state.token_requests.append(form)
            if (form.get("client_id"), form.get("client_secret")) != (
                self.client_id,
                self.client_secret,
            ):
                return 401, {"error": "invalid_client"}
            if form.get("grant_type") != "authorization_code":
                return 400, {"error": "unsupported_grant_type"}
            grant = self.state.grants.get(form.get("code", ""))
            if grant is None or grant.used:
                return 400, {"error": "invalid_grant"}
            grant.used = True
            if form.get("redirect_uri") != grant.redirect_uri:
                return 400, {"error": "invalid_grant", "error_description": "uri"}
            if _s256(form.get("code_verifier", "")) != grant.code_challenge:
                return 400, {"error": "invalid_grant", "error_description": "pkce"}
            access_token = "ya29." + secrets.token_urlsafe(24)
            self.state.tokens[access_token] = grant.user
        return 200, {
            "access_token": access_token,
            "expires_in": 3599,
            "scope": "openid https://www.googleapis.com/auth/userinfo.email",
            "token_type": "Bearer",
            "id_token": "header.payload.signature",
        }

    def userinfo(self, authorization: str | None) -> tuple[int, dict[str, Any]]:
        """The userinfo endpoint's answer for a ``Bearer`` token."""
        scheme, _, token = (authorization or "").partition(" ")
        with self.state.lock:
            user = self.state.tokens.get(token) if scheme == "Bearer" else None
        if user is None:
            return 401, {"error": "invalid_token"}
        claims: dict[str, Any] = {
            "sub": user.sub,
            "email": user.email,
            "email_verified": user.email_verified,
            "name": user.name,
        }
        if user.picture:
            claims["picture"] = user.picture
        return 200, claims


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class _Server(FakeHTTPServer):
    fake: FakeGoogle


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        if self.path != "/token":
            self._reply(404, {"error": "not_found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode()))
        self._reply(*self.server.fake.token(form))

    def do_GET(self) -> None:
        if self.path != "/userinfo":
            self._reply(404, {"error": "not_found"})
            return
        self._reply(*self.server.fake.userinfo(self.headers.get("Authorization")))

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
