"""Router.dispatch end to end on a tiny Flask app, with fake auth and rate limiter."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import flask
import pytest
from flask.testing import FlaskClient
from pydantic import BaseModel, Field

from common.config import get_settings
from common.errors import Conflict
from common.http import ApiRequest, ApiResponse, Principal, RateLimit, Router, SetCookie
from common.ratelimit import RateDecision

ALLOWED_ORIGIN = "http://app.example.test"  # APP_CORS_ORIGINS in tests/conftest.py
OWN_ORIGIN = "http://testserver.local"  # APP_PUBLIC_BASE_URL
FOREIGN_ORIGIN = "https://evil.example"
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def principal(user_id: str, *, admin: bool = False) -> Principal:
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


class FakeRateLimiter:
    """Counts hits per key in memory; denies past the limit for the whole window."""

    def __init__(self) -> None:
        self.hits: list[str] = []

    def hit(self, key: str, limit: int, window_seconds: int) -> RateDecision:
        self.hits.append(key)
        count = self.hits.count(key)
        return RateDecision(
            allowed=count <= limit,
            remaining=max(0, limit - count),
            retry_after=window_seconds,
        )

    def reset(self, key: str, window_seconds: int) -> None:
        self.hits = [hit for hit in self.hits if hit != key]


class NewItem(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    price: int = Field(ge=0)


class ItemQuery(BaseModel):
    limit: int = Field(default=10, ge=1, le=100)
    q: str | None = None


def build_router(limiter: FakeRateLimiter) -> Router:
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


@pytest.fixture
def limiter() -> FakeRateLimiter:
    return FakeRateLimiter()


@pytest.fixture
def router(limiter: FakeRateLimiter) -> Router:
    return build_router(limiter)


@pytest.fixture
def client(router: Router) -> FlaskClient:
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
    body: dict[str, Any] = response.get_json()
    assert set(body) == {"error", "request_id"}
    assert response.mimetype == "application/json"
    return dict(body["error"])


# --- routing and path parameters ------------------------------------------------------


def test_dispatch_with_int_path_parameter_passes_it_typed(client: FlaskClient) -> None:
    response = signed_in(client, "alice").get("/api/items/42")

    assert response.status_code == 200
    assert response.get_json() == {"id": 42, "owner": "alice"}


def test_dispatch_with_uuid_and_string_converters(client: FlaskClient) -> None:
    response = client.get(f"/api/slugs/hello/{uuid.uuid4()}")

    assert response.get_json() == {"slug": "hello", "ref_is_uuid": True}


def test_dispatch_with_non_int_path_value_is_not_found(client: FlaskClient) -> None:
    response = signed_in(client, "alice").get("/api/items/abc")

    assert response.status_code == 404


def test_dispatch_unknown_route_is_404_route_not_found(client: FlaskClient) -> None:
    response = client.get("/api/nothing-here")

    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "not_found"
    assert error["message"] == "No such endpoint."


def test_dispatch_wrong_method_is_405_with_allow_header(client: FlaskClient) -> None:
    response = signed_in(client, "alice").put("/api/items/1")

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert {"GET", "DELETE"} <= allowed
    assert "PUT" not in allowed


def test_router_records_route_metadata_for_openapi(router: Router) -> None:
    create = next(r for r in router.routes if r.handler.__name__ == "create_item")

    assert (create.method, create.rule, create.status) == ("POST", "/api/items", 201)
    assert create.body is NewItem
    assert create.summary == "Create an item."


# --- JSON bodies and queries ----------------------------------------------------------


def test_dispatch_with_valid_json_body_returns_created(client: FlaskClient) -> None:
    response = signed_in(client, "alice").post(
        "/api/items", json={"name": "Cave", "price": 12000}
    )

    assert response.status_code == 201
    assert response.get_json() == {"name": "Cave", "price": 12000}


def test_dispatch_with_invalid_body_lists_locations_without_echoing_input(
    client: FlaskClient,
) -> None:
    # when
    response = signed_in(client, "alice").post(
        "/api/items", json={"name": "", "price": "SENSITIVE-VALUE-123"}
    )
    # then
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_input"
    assert error["details"]["errors"] == [
        {"loc": ["body", "name"], "type": "string_too_short"},
        {"loc": ["body", "price"], "type": "int_parsing"},
    ]
    assert "SENSITIVE-VALUE-123" not in response.get_data(as_text=True)


def test_dispatch_with_non_object_json_body_is_invalid(client: FlaskClient) -> None:
    response = signed_in(client, "alice").post("/api/items", json=[1, 2])

    assert response.status_code == 400
    assert error_of(response)["details"]["errors"][0]["loc"] == ["body"]


def test_dispatch_with_malformed_json_is_400_invalid_json(client: FlaskClient) -> None:
    response = signed_in(client, "alice").post(
        "/api/items", data='{"name": "Cave",', content_type="application/json"
    )

    assert response.status_code == 400
    assert error_of(response)["message"] == "The request body is not valid JSON."


def test_dispatch_with_form_body_is_415(client: FlaskClient) -> None:
    response = signed_in(client, "alice").post(
        "/api/items", data={"name": "Cave", "price": "1"}
    )

    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_dispatch_with_body_over_one_megabyte_is_413(client: FlaskClient) -> None:
    response = signed_in(client, "alice").post(
        "/api/items",
        data=b'{"name": "' + b"x" * 1_000_001 + b'"}',
        content_type="application/json",
    )

    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"


def test_dispatch_with_empty_body_validates_an_empty_object(
    client: FlaskClient,
) -> None:
    response = signed_in(client, "alice").post("/api/items")

    assert response.status_code == 400
    locations = [e["loc"] for e in error_of(response)["details"]["errors"]]
    assert locations == [["body", "name"], ["body", "price"]]


def test_dispatch_with_valid_query_parses_it(client: FlaskClient) -> None:
    response = client.get("/api/items?limit=5&q=paris")

    assert response.get_json() == {"limit": 5, "q": "paris", "user": None}


def test_dispatch_with_invalid_query_is_400_with_query_location(
    client: FlaskClient,
) -> None:
    response = client.get("/api/items?limit=1000")

    assert response.status_code == 400
    assert error_of(response)["details"]["errors"] == [
        {"loc": ["query", "limit"], "type": "less_than_equal"}
    ]


# --- authentication and authorisation -------------------------------------------------


def test_dispatch_required_auth_without_session_is_401(client: FlaskClient) -> None:
    response = client.get("/api/items/1")

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"


def test_dispatch_required_auth_with_unknown_session_is_401(
    client: FlaskClient,
) -> None:
    response = signed_in(client, "mallory").get("/api/items/1")

    assert response.status_code == 401


def test_dispatch_optional_auth_passes_the_principal_when_present(
    client: FlaskClient,
) -> None:
    anonymous = client.get("/api/items")
    signed = signed_in(client, "alice").get("/api/items")

    assert anonymous.get_json()["user"] is None
    assert signed.get_json()["user"] == "alice"


def test_dispatch_admin_route_for_regular_user_is_403_admin_required(
    client: FlaskClient,
) -> None:
    response = signed_in(client, "alice").get("/api/admin/stats")

    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "forbidden"
    assert error["message"] == "This action requires an administrator."


def test_dispatch_admin_route_for_admin_succeeds(client: FlaskClient) -> None:
    response = signed_in(client, "root").get("/api/admin/stats")

    assert response.status_code == 200


def test_dispatch_admin_route_without_session_is_401(client: FlaskClient) -> None:
    assert client.get("/api/admin/stats").status_code == 401


# --- rate limits ----------------------------------------------------------------------


def test_dispatch_over_route_limit_is_429_with_retry_after(
    client: FlaskClient,
) -> None:
    # when
    statuses = [client.post("/api/limited").status_code for _ in range(3)]
    response = client.post("/api/limited")
    # then
    assert statuses == [200, 200, 429]
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    error = error_of(response)
    assert error["code"] == "rate_limited"
    assert error["details"] == {"retry_after": 60}


def test_dispatch_counts_anonymous_by_forwarded_ip_and_users_by_id(
    client: FlaskClient, limiter: FakeRateLimiter
) -> None:
    forwarded = {"X-Forwarded-For": "203.0.113.7"}  # as Cloud Run sets it
    client.post("/api/limited", headers=forwarded)
    signed_in(client, "alice").get("/api/items/1")

    assert limiter.hits == [
        "limited:ip:203.0.113.7",
        "api:ip:203.0.113.7",
        "api:user:alice",
    ]


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        ("1", "198.51.100.66, 203.0.113.7", "203.0.113.7"),  # spoofed first hop
        ("2", "198.51.100.66, 203.0.113.7, 34.120.0.1", "203.0.113.7"),  # behind LB
    ],
)
def test_dispatch_client_ip_ignores_client_supplied_forwarded_hops(
    client: FlaskClient,
    limiter: FakeRateLimiter,
    hops: str,
    forwarded: str,
    expected: str,
) -> None:
    os.environ["APP_TRUSTED_PROXY_HOPS"] = hops
    get_settings.cache_clear()

    client.post("/api/limited", headers={"X-Forwarded-For": forwarded})

    assert limiter.hits[0] == f"limited:ip:{expected}"


# --- errors, request ids, languages ---------------------------------------------------


def test_dispatch_unhandled_exception_is_generic_500_without_details(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    # when
    response = client.get("/api/boom")
    # then
    (logged,) = [r for r in caplog.records if r.getMessage() == "unhandled error"]
    assert logged.exc_info is not None
    assert response.status_code == 500
    body = response.get_json()
    assert body["error"] == {
        "code": "internal",
        "message": "An unexpected error occurred.",
        "details": {},
    }
    assert body["request_id"] == response.headers["X-Request-Id"]
    text = response.get_data(as_text=True)
    assert "secret detail" not in text
    assert "Traceback" not in text


def test_dispatch_keeps_a_valid_request_id(client: FlaskClient) -> None:
    response = client.get("/api/conflict", headers={"X-Request-Id": "req-ABC_123.x"})

    assert response.headers["X-Request-Id"] == "req-ABC_123.x"
    assert response.get_json()["request_id"] == "req-ABC_123.x"


@pytest.mark.parametrize(
    "candidate", ["short", "has spaces in it", "x" * 65, "<script>"]
)
def test_dispatch_replaces_an_invalid_request_id(
    client: FlaskClient, candidate: str
) -> None:
    response = client.get(
        "/api/slugs/a/" + str(uuid.uuid4()), headers={"X-Request-Id": candidate}
    )

    request_id = response.headers["X-Request-Id"]
    assert request_id != candidate
    assert len(request_id) == 32
    int(request_id, 16)


def test_dispatch_with_french_accept_language_answers_in_french(
    client: FlaskClient,
) -> None:
    response = client.get(
        "/api/items/1", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
    )

    assert error_of(response)["message"] == "Vous devez être connecté."
    assert response.headers["Content-Language"] == "fr"


def test_dispatch_known_error_maps_to_its_status(client: FlaskClient) -> None:
    response = client.get("/api/conflict", headers={"Accept-Language": "en"})

    assert response.status_code == 409
    assert error_of(response)["message"] == (
        "The request conflicts with the current state."
    )


# --- responses ------------------------------------------------------------------------


def test_dispatch_handler_returning_none_is_204(client: FlaskClient) -> None:
    response = signed_in(client, "alice").delete("/api/items/7")

    assert response.status_code == 204
    assert response.get_data() == b""


def test_dispatch_api_response_sets_cookies(client: FlaskClient) -> None:
    response = client.post("/api/session")

    assert response.status_code == 200
    assert response.get_json() == {"signed_in": True}
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=alice;")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Max-Age=3600" in cookie
    assert "Secure" not in cookie


def test_dispatch_api_response_redirect_is_302_with_location(
    client: FlaskClient,
) -> None:
    response = client.get("/api/callback")

    assert response.status_code == 302
    assert response.headers["Location"] == "https://app.example.test/done"
    assert "oauth_state=;" in response.headers["Set-Cookie"]
    assert "Max-Age=0" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("path", ["/api/items", "/api/boom", "/api/nothing-here"])
def test_dispatch_adds_security_headers_to_every_response(
    client: FlaskClient, path: str
) -> None:
    response = client.get(path)

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "Origin" in response.headers["Vary"]
    assert "Strict-Transport-Security" not in response.headers


# --- CORS and origin checks -----------------------------------------------------------


def test_dispatch_from_allowed_origin_gets_cors_headers(client: FlaskClient) -> None:
    response = client.get("/api/items", headers={"Origin": ALLOWED_ORIGIN})

    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert "X-Request-Id" in response.headers["Access-Control-Expose-Headers"]


def test_dispatch_from_other_origin_gets_no_cors_headers(client: FlaskClient) -> None:
    response = client.get("/api/items", headers={"Origin": FOREIGN_ORIGIN})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_dispatch_preflight_from_allowed_origin_is_204_with_cors(
    client: FlaskClient,
) -> None:
    response = client.options(
        "/api/items",
        headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )

    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]


def test_dispatch_preflight_from_other_origin_allows_nothing(
    client: FlaskClient,
) -> None:
    response = client.options("/api/items", headers={"Origin": FOREIGN_ORIGIN})

    assert response.status_code == 204
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers


def test_dispatch_unsafe_method_from_foreign_origin_is_403(
    client: FlaskClient,
) -> None:
    response = signed_in(client, "alice").post(
        "/api/items",
        json={"name": "Cave", "price": 1},
        headers={"Origin": FOREIGN_ORIGIN},
    )

    assert response.status_code == 403
    assert error_of(response)["message"] == (
        "Requests from this origin are not allowed."
    )


@pytest.mark.parametrize("origin", [OWN_ORIGIN, ALLOWED_ORIGIN, ALLOWED_ORIGIN + "/"])
def test_dispatch_unsafe_method_from_own_or_allowed_origin_passes(
    client: FlaskClient, origin: str
) -> None:
    response = signed_in(client, "alice").post(
        "/api/items",
        json={"name": "Cave", "price": 1},
        headers={"Origin": origin},
    )

    assert response.status_code == 201
