"""Market trend, DVF statistics and DVF reload through functions-framework."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from tests import factories
from tests.e2e.analysis_support import insert_sales, located_property, publish_load
from tests.factories import signed_in_user
from tests.support import api_error, function_client

pytestmark = pytest.mark.e2e


@pytest.fixture
def analysis_client(clean_db: Engine, redis_flushed: Any) -> Any:
    """A test client of the analysis function, on an empty database and Redis."""
    return function_client("analysis", "analysis_http")


@dataclass
class FakeProcess:
    """What ``subprocess.Popen`` returns, without starting anything."""

    args: list[str]
    options: dict[str, Any]
    pid: int = 4242


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[FakeProcess]:
    """The processes the app starts, faked at the stdlib boundary."""
    processes: list[FakeProcess] = []

    def popen(args: list[str], **options: Any) -> FakeProcess:
        processes.append(FakeProcess(args, options))
        return processes[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return processes


def test_market_trend_returns_yearly_medians(
    analysis_client: Any, user: factories.TestUser
) -> None:
    insert_sales()
    mine = located_property(user)

    response = analysis_client.get(
        f"/api/analysis/{mine}/market-trend", headers=user.headers
    )

    assert response.status_code == 200
    trend = response.get_json()["trend"]
    areas = {"postal_code": "75014", "commune": "75114"}
    assert areas[trend["scope"]] == trend["area"]
    assert sum(year["count"] for year in trend["years"]) == 10
    assert {"median_price_m2", "yoy_change_pct"} <= set(trend["years"][0])
    assert isinstance(trend["annual_rate"], float)


def test_market_trend_without_session_is_401(
    analysis_client: Any, user: factories.TestUser
) -> None:
    mine = located_property(user)

    response = analysis_client.get(f"/api/analysis/{mine}/market-trend")

    assert api_error(response)[:2] == (401, "unauthenticated")


def test_dvf_stats_are_public_and_count_sales(analysis_client: Any) -> None:
    insert_sales()
    finished = datetime(2026, 4, 20, 3, 0, tzinfo=UTC)
    load_id = publish_load(finished)

    response = analysis_client.get("/api/analysis/dvf-stats")

    assert response.status_code == 200
    body = response.get_json()
    # sales counted in the live table, lots as the published load counted them
    assert (body["sales"], body["single_dwelling_sales"], body["lots"]) == (10, 10, 11)
    assert body["first_sale_date"] <= body["last_sale_date"]
    assert body["last_load"]["id"] == str(load_id)
    assert body["last_load"]["sources"] == ["paris14.csv.gz"]
    assert body["last_load"]["finished_at"].startswith("2026-04-20T03:00:00")


def test_dvf_stats_are_cached_until_the_next_load(analysis_client: Any) -> None:
    insert_sales()
    first = analysis_client.get("/api/analysis/dvf-stats").get_json()
    insert_sales((9_000,), first_id=50)

    cached = analysis_client.get("/api/analysis/dvf-stats").get_json()
    publish_load()
    reloaded = analysis_client.get("/api/analysis/dvf-stats").get_json()

    assert (first["sales"], cached["sales"], reloaded["sales"]) == (10, 10, 11)
    assert first["last_load"] is None


def test_dvf_reload_without_session_is_401(analysis_client: Any) -> None:
    response = analysis_client.post("/api/analysis/dvf/reload")

    assert api_error(response)[:2] == (401, "unauthenticated")


def test_dvf_reload_by_a_non_admin_is_403(
    analysis_client: Any, user: factories.TestUser, started: list[FakeProcess]
) -> None:
    response = analysis_client.post("/api/analysis/dvf/reload", headers=user.headers)

    assert api_error(response)[:2] == (403, "forbidden")
    assert started == []


def test_dvf_reload_by_an_admin_starts_the_local_loader(
    analysis_client: Any, started: list[FakeProcess]
) -> None:
    # given an administrator, and no real process started (stdlib boundary)
    admin = signed_in_user(is_superuser=True)

    # when
    response = analysis_client.post("/api/analysis/dvf/reload", headers=admin.headers)

    # then
    assert response.status_code == 202
    body = response.get_json()
    assert (body["launcher"], body["execution"]) == ("local", "pid:4242")
    [process] = started
    assert process.args[1:4] == ["-m", "functions.dvf_loader", "load"]
    assert process.args[4:7] == ["--run-id", body["run_id"], "--no-progress"]
    assert process.args[7].endswith(".csv.gz")
    assert process.options["start_new_session"] is True
