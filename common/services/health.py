"""Readiness of the backing services: database, Redis, object storage.

``check_dependencies`` never raises and never waits longer than its timeout: each check
runs in its own worker thread and a check that has not answered in time is reported as
down. The database is essential (no request can be served without it); Redis and
storage only degrade the service (cache misses, rate limits failing open, no files).
"""

from __future__ import annotations

import concurrent.futures
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text

from common.config import Settings, get_settings
from common.db.engine import get_engine
from common.redis_client import get_redis

if TYPE_CHECKING:
    import redis

DEFAULT_TIMEOUT_SECONDS = 2.0
Check = dict[str, Any]
_HEALTHY = ("ok", "disabled", "unchecked")


def check_dependencies(
    *,
    engine_factory: Callable[[], Engine] = get_engine,
    redis_factory: Callable[[], redis.Redis | None] = get_redis,
    settings: Settings | None = None,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
) -> dict[str, Any]:
    """``{"status": "ok"|"degraded", "checks": {...}, "revision", "service"}``."""
    settings = settings or get_settings()
    checks: dict[str, Callable[[], Check]] = {
        "database": lambda: _check_database(engine_factory),
        "redis": lambda: _check_redis(redis_factory),
        "storage": lambda: _check_storage(settings),
    }
    executor = concurrent.futures.ThreadPoolExecutor(
        max_workers=len(checks), thread_name_prefix="health"
    )
    try:
        futures = {
            name: executor.submit(_timed, check) for name, check in checks.items()
        }
        results = {
            name: _outcome(future, timeout_seconds) for name, future in futures.items()
        }
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    healthy = all(result["status"] in _HEALTHY for result in results.values())
    return {
        "status": "ok" if healthy else "degraded",
        "checks": results,
        "service": settings.k_service or "local",
        "revision": settings.k_revision or "local",
    }


def database_available(report: dict[str, Any]) -> bool:
    """False when the report says the database is down (nothing can be served)."""
    return bool(report["checks"]["database"]["status"] == "ok")


def _outcome(future: concurrent.futures.Future[Check], timeout: float) -> Check:
    try:
        return future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        return {"status": "down", "error": "timeout", "latency_ms": timeout * 1000}


def _timed(check: Callable[[], Check]) -> Check:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # a health check reports failures, it never raises
        result = {"status": "down", "error": type(exc).__name__}
    if result["status"] not in ("disabled", "unchecked"):
        result["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def _check_database(engine_factory: Callable[[], Engine]) -> Check:
    with engine_factory().connect() as connection:
        connection.execute(text("SELECT 1")).scalar_one()
    return {"status": "ok"}


def _check_redis(redis_factory: Callable[[], redis.Redis | None]) -> Check:
    client = redis_factory()
    if client is None:
        return {"status": "disabled"}
    client.ping()
    return {"status": "ok"}


def _check_storage(settings: Settings) -> Check:
    if settings.storage_backend != "local":
        # Probing a bucket needs the GCS adapter's credentials: reported, not probed.
        return {"status": "unchecked", "backend": settings.storage_backend}
    directory = Path(settings.local_storage_dir)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, prefix=".health-") as probe:
        probe.write(b"ok")
        probe.flush()
    return {"status": "ok", "backend": "local"}
