"""Dependency checks against the real PostgreSQL and Redis, and the health endpoint."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from werkzeug.test import Client

from common.local.server import LocalStack
from common.services.health import check_dependencies
from tests.support import reset_process_state

pytestmark = pytest.mark.integration


def _health(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get("/api/health")
    body: dict[str, Any] = json.loads(response.get_data())
    return response.status_code, body


@pytest.fixture
def database_down(environment: dict[str, str]) -> None:
    """Point the app at a port where no PostgreSQL listens."""
    os.environ["APP_DATABASE_URL"] = "postgresql+pg8000://postgres@127.0.0.1:1/logis"
    reset_process_state()


def test_check_dependencies_all_up_reports_ok(engine: Engine) -> None:
    report = check_dependencies()

    assert report["status"] == "ok"
    assert {name: check["status"] for name, check in report["checks"].items()} == {
        "database": "ok",
        "redis": "ok",
        "storage": "ok",
    }
    assert report["checks"]["database"]["latency_ms"] >= 0
    assert report["revision"] == "local"


def test_check_dependencies_redis_not_configured_reports_disabled(
    engine: Engine,
) -> None:
    os.environ.pop("APP_REDIS_URL")
    reset_process_state()

    report = check_dependencies()

    assert report["checks"]["redis"] == {"status": "disabled"}
    assert report["status"] == "ok"


def test_check_dependencies_slow_database_bounded_by_timeout() -> None:
    def hanging_engine() -> Engine:
        time.sleep(1.0)
        raise AssertionError("unreachable within the timeout")

    started = time.perf_counter()
    report = check_dependencies(engine_factory=hanging_engine, timeout_seconds=0.1)
    elapsed = time.perf_counter() - started

    assert elapsed < 0.6
    assert report["checks"]["database"]["status"] == "down"
    assert report["checks"]["database"]["error"] == "timeout"
    assert report["status"] == "degraded"


def test_check_dependencies_storage_not_writable_is_degraded(
    engine: Engine, tmp_path: Path
) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("x")
    os.environ["APP_LOCAL_STORAGE_DIR"] = str(not_a_directory / "storage")
    reset_process_state()

    report = check_dependencies()

    assert report["checks"]["storage"]["status"] == "down"
    assert report["status"] == "degraded"


def test_health_endpoint_all_up_answers_200(engine: Engine) -> None:
    status, body = _health(Client(LocalStack([])))

    assert status == 200
    assert body["status"] == "ok"
    assert body["functions"] == []


def test_health_endpoint_database_down_answers_503(database_down: None) -> None:
    status, body = _health(Client(LocalStack([])))

    assert status == 503
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "down"
    assert body["checks"]["database"]["error"]
    assert "postgres@" not in json.dumps(body)


def test_health_endpoint_redis_down_is_degraded_but_200(
    engine: Engine, redis_down: None
) -> None:
    status, body = _health(Client(LocalStack([])))

    assert status == 200
    assert body["status"] == "degraded"
    assert body["checks"]["redis"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"
