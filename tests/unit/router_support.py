"""A tiny items API on a :class:`Router`, with fake auth and rate limiter, served by
a Flask app the way functions-framework serves an entry point (router unit tests)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import flask
from flask.testing import FlaskClient
from pydantic import BaseModel, Field

from common.errors import Conflict
from common.http import ApiRequest, ApiResponse, Principal, RateLimit, Router, SetCookie
from tests.fakes.rate_limiter import FakeRateLimiter

ALLOWED_ORIGIN = "http://app.example.test"  # APP_CORS_ORIGINS in tests/conftest.py
OWN_ORIGIN = "http://testserver.local"  # APP_PUBLIC_BASE_URL
FOREIGN_ORIGIN = "https://evil.example"
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def principal(user_id: str, *, admin: bool = False) -> Principal:
    """A signed-in user with a week-long session."""
    now = datetime.now(tz=UTC)
    return Principal(
        user_id=user_id,
        email=f"{user_id}@example.test",
        name=user_id.title(),
        is_superuser=admin,
        session_id=f"session-{user_id}",
        session_token=f"token-{user_id}",
        session_created_at=now,
        session_expires_at=now + timedelta(days=7),
    )


USERS = {"alice": principal("alice"), "root": principal("root", admin=True)}


def fake_authenticator(cookies: Mapping[str, str]) -> Principal | None:
    """Resolves the ``session`` cookie to one of ``USERS``."""
    return USERS.get(cookies.get("session", ""))


class NewItem(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    price: int = Field(ge=0)


class ItemQuery(BaseModel):
    limit: int = Field(default=10, ge=1, le=100)
    q: str | None = None


def build_router(limiter: FakeRateLimiter) -> Router:
    """The items API: one route per behaviour of the router under test."""
    router = Router("items", authenticator=fake_authenticator, limiter=limiter)

    @router.get("/api/items/<int:item_id>")
    def get_item(req: ApiRequest) -> dict[str, object]:
        """Read one item."""
        return {"id": req.path["item_id"], "owner": req.user.user_id}

    @router.get("/api/items", query=ItemQuery, auth="optional")
    def list_items(req: ApiRequest[None, ItemQuery]) -> dict[str, object]:
        """List items."""
        user = req.principal.user_id if req.principal else None
        return {"limit": req.query.limit, "q": req.query.q, "user": user}

    @router.post("/api/items", body=NewItem, status=201)
    def create_item(req: ApiRequest[NewItem, None]) -> NewItem:
        """Create an item."""
        return req.body

    @router.delete("/api/items/<int:item_id>")
    def delete_item(req: ApiRequest) -> None:
        """Delete an item."""

    @router.get("/api/slugs/<slug>/<uuid:ref>", auth="public")
    def get_slug(req: ApiRequest) -> dict[str, object]:
        """Echo typed path values."""
        return {
            "slug": req.path["slug"],
            "ref_is_uuid": type(req.path["ref"]) is uuid.UUID,
        }

    @router.get("/api/admin/stats", admin=True)
    def admin_stats(req: ApiRequest) -> dict[str, object]:
        """Administrators only."""
        return {"users": 2}

    @router.get("/api/boom", auth="public")
    def boom(req: ApiRequest) -> None:
        """Fails with a bug."""
        raise RuntimeError("secret detail from a bug")

    @router.get("/api/conflict", auth="public")
    def conflict(req: ApiRequest) -> None:
        """Fails with a known error."""
        raise Conflict()

    @router.post("/api/limited", auth="public", rate_limit=RateLimit("limited", 2, 60))
    def limited(req: ApiRequest) -> dict[str, object]:
        """Twice a minute."""
        return {"ok": True}

    @router.post("/api/session", auth="public")
    def sign_in(req: ApiRequest) -> ApiResponse:
        """Sets a cookie."""
        cookie = SetCookie("session", "alice", max_age=3600)
        return ApiResponse(body={"signed_in": True}, cookies=[cookie])

    @router.get("/api/callback", auth="public")
    def callback(req: ApiRequest) -> ApiResponse:
        """Redirects and clears a cookie."""
        cleared = SetCookie("oauth_state", "", max_age=0)
        return ApiResponse.redirect("https://app.example.test/done", cookies=[cleared])

    return router


def flask_client(router: Router) -> FlaskClient:
    """A test client of a Flask app whose every path and method goes to ``router``."""
    app = flask.Flask(__name__)

    def dispatch(path: str) -> flask.Response:
        return router.dispatch(flask.request)

    options: dict[str, Any] = {"methods": ALL_METHODS, "view_func": dispatch}
    options["provide_automatic_options"] = False  # OPTIONS goes to the router too
    app.add_url_rule("/", defaults={"path": ""}, **options)
    app.add_url_rule("/<path:path>", **options)
    return app.test_client()


def signed_in(client: FlaskClient, user: str) -> FlaskClient:
    """The client, with the session cookie of ``user`` for its next requests."""
    client.set_cookie("session", user)
    return client


def error_of(response: Any) -> dict[str, Any]:
    """The ``error`` of an error response, after checking the shape of its body."""
    body: dict[str, Any] = response.get_json()
    assert set(body) == {"error", "request_id"}
    assert response.mimetype == "application/json"
    return dict(body["error"])
