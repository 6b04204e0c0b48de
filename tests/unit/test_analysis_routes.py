"""The routes the analysis router declares, and its OpenAPI description."""

from __future__ import annotations

from common.api.analysis import router
from common.http.openapi import build_openapi


def test_analysis_routes_declare_auth_and_response_models() -> None:
    routes = {f"{r.method} {r.rule}": r for r in router.routes}

    assert all(route.response is not None for route in routes.values())
    assert routes["GET /api/analysis/dvf-stats"].auth == "public"
    reload = routes["POST /api/analysis/dvf/reload"]
    assert (reload.admin, reload.status) == (True, 202)
    refresh = routes["POST /api/analysis/<uuid:property_id>/price/refresh"]
    assert refresh.rate_limit is not None
    assert (refresh.rate_limit.limit, refresh.rate_limit.window_seconds) == (30, 3600)


def test_analysis_openapi_lists_every_path() -> None:
    paths = build_openapi([router])["paths"]

    assert set(paths) == {
        "/api/analysis/{property_id}/price",
        "/api/analysis/{property_id}/price/full",
        "/api/analysis/{property_id}/price/refresh",
        "/api/analysis/{property_id}/price/exclusions",
        "/api/analysis/{property_id}/market-trend",
        "/api/analysis/dvf-stats",
        "/api/analysis/dvf/reload",
    }
    exclusions = paths["/api/analysis/{property_id}/price/exclusions"]["put"]
    assert "requestBody" in exclusions
