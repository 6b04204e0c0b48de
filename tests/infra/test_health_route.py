"""GET /api/<function>/health, which the deploy smoke test calls on every HTTP
function through the load balancer (common/http/router.py)."""

from __future__ import annotations

from typing import Any

import flask
import pytest
from sqlalchemy import Engine

from common.http import ApiRequest, Router
from common.local.functions import FUNCTIONS_DIR, discover_functions
from tests.fakes.rate_limiter import FakeRateLimiter
from tests.support import function_client

HTTP_FUNCTIONS = sorted(
    (f.name, f.http_entry_point)
    for f in discover_functions(FUNCTIONS_DIR)
    if f.http_entry_point is not None
)


def _report(database: str) -> dict[str, Any]:
    return {
        "status": "ok" if database == "ok" else "degraded",
        "checks": {"database": {"status": database}, "redis": {"status": "ok"}},
        "service": "items",
        "revision": "items-00001",
    }


def _client(database: str) -> Any:
    router = Router(
        "items",
        authenticator=lambda _cookies: None,
        limiter=FakeRateLimiter(),
        health_check=lambda: _report(database),
    )

    @router.get("/api/items/<name>", auth="public")
    def item(req: ApiRequest[None, None]) -> dict[str, object]:
        """A route whose converter would capture /api/items/health."""
        return {"name": req.path["name"]}

    app = flask.Flask(__name__)
    app.add_url_rule(
        "/<path:_path>",
        view_func=lambda _path: router.dispatch(flask.request),
        methods=["GET", "POST"],
    )
    return app.test_client()


def test_health_answers_before_a_capturing_route_with_the_function_name() -> None:
    response = _client("ok").get("/api/items/health")

    assert response.status_code == 200
    body = response.get_json()
    assert body["function"] == "items"
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok"}


def test_health_without_the_database_is_503() -> None:
    response = _client("down").get("/api/items/health")

    assert response.status_code == 503
    assert response.get_json()["status"] == "degraded"


def test_other_paths_still_reach_their_routes() -> None:
    client = _client("ok")

    assert client.get("/api/items/lamp").get_json() == {"name": "lamp"}
    assert client.post("/api/items/health").status_code == 405


@pytest.mark.e2e
@pytest.mark.parametrize(("name", "entry_point"), HTTP_FUNCTIONS)
def test_every_http_function_serves_its_health_route(
    name: str, entry_point: str, engine: Engine
) -> None:
    response = function_client(name, entry_point).get(f"/api/{name}/health")

    assert response.status_code == 200
    body = response.get_json()
    assert body["function"] == name
    assert body["checks"]["database"]["status"] == "ok"
