"""Warm, in-process latency of ``GET /api/properties`` for a signed-in user.

The properties function runs through functions-framework's ``create_app`` test client
against the real test PostgreSQL and Redis: a user with a live session and 20
properties, 50 warm-up requests, then 1,000 timed ones. Request logs are formatted as
in production but written to /dev/null. Prints p50/p95/p99 (target p50 <= 5 ms);
figures are printed, never asserted.

Usage: ``python -m bench.properties_latency [--requests 1000] [--json]``.
"""

from __future__ import annotations

import logging
import os
import statistics
import time
from pathlib import Path
from typing import Any

from bench import cli
from bench.environment import ROOT, prepare_environment

TARGET_P50_MS = 5.0
WARM_UP = 50
PROPERTIES = 20
SOURCE = ROOT / "functions" / "properties" / "main.py"


def _prepare_database() -> None:
    from common.config import get_settings
    from common.db.migrate import upgrade
    from common.local.postgres import ensure_database

    ensure_database(get_settings().database_url)
    upgrade()


def _create_user() -> tuple[str, str]:
    from common.db import session_scope
    from tests.factories import create_property, create_user

    with session_scope() as db:
        user = create_user(db, email=f"bench-{os.getpid()}@example.test")
        for number in range(PROPERTIES):
            create_property(db, user.id, name=f"Bench property {number}")
    return user.id, user.cookie_value


def _delete_user(user_id: str) -> None:
    from sqlalchemy import delete

    from common.db import session_scope
    from common.db.models import BaUser

    with session_scope() as db:
        db.execute(delete(BaUser).where(BaUser.id == user_id))


def _silence_request_logs() -> None:
    devnull = Path(os.devnull).open("w")  # noqa: SIM115 - lives as long as we do
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(devnull)


def _time_requests(client: Any, count: int) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter_ns()
        response = client.get("/api/properties")
        timings.append((time.perf_counter_ns() - started) / 1e6)
        if response.status_code != 200:
            raise RuntimeError(f"GET /api/properties answered {response.status_code}")
    return timings


def run(requests: int = 1000) -> dict[str, Any]:
    """Measure; returns percentiles in milliseconds (or why it was skipped)."""
    if not SOURCE.exists():
        return {"skipped": "functions/properties/main.py does not exist yet"}
    prepare_environment()
    from functions_framework import create_app

    from common.auth.cookies import COOKIE_NAME
    from common.local.functions import read_entry_points

    _prepare_database()
    target = next(
        e.name for e in read_entry_points(SOURCE) if e.signature_type == "http"
    )
    user_id, cookie = _create_user()
    try:
        client = create_app(target, str(SOURCE), signature_type="http").test_client()
        client.set_cookie(COOKIE_NAME, cookie)
        _silence_request_logs()
        _time_requests(client, WARM_UP)
        timings = _time_requests(client, requests)
    finally:
        _delete_user(user_id)
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {
        "requests": requests,
        "properties": PROPERTIES,
        "p50_ms": round(cuts[49], 3),
        "p95_ms": round(cuts[94], 3),
        "p99_ms": round(cuts[98], 3),
        "mean_ms": round(statistics.fmean(timings), 3),
    }


def report(result: dict[str, Any]) -> None:
    """Print the percentiles."""
    print(f"GET /api/properties, warm, in process (target p50 <= {TARGET_P50_MS} ms)")
    if "skipped" in result:
        print(f"  skipped: {result['skipped']}")
        return
    print(
        f"  {result['requests']} requests, {result['properties']} properties: "
        f"p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms, "
        f"p99 {result['p99_ms']:.2f} ms (mean {result['mean_ms']:.2f} ms)"
    )


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = cli.parser("properties_latency")
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args(argv)
    cli.emit(run(args.requests), args.json, report)


if __name__ == "__main__":
    main()
