"""Latency of ``GET /api/analysis/{id}/price`` on a national-scale DVF.

The analysis function runs in process through functions-framework's ``create_app``
test client against PostgreSQL and Redis, for a signed-in user owning
:data:`PROPERTIES` properties spread over the city centres of
:mod:`bench.price_data` (a fifth without coordinates: street fallback; a tenth also
on an unknown street: postal-code fallback). The database must hold at least
:data:`MIN_SALES` sales: an earlier fill of the same generation is reused, else it
is filled with SQL (a few minutes), then vacuumed and analysed (the visibility map
lets the covering indexes of migration 0002 answer index-only). For each property: its
``price_analyses`` row and Redis keys are deleted, the first GET is timed as
*uncached* (full recomputation), the second as *cached*. The uncached time is split
between the comparables queries, the trend and address queries (timed at the
cursor) and the rest. Targets: p95 <= 50 ms uncached, <= 5 ms cached; figures are
printed, never asserted.

It fills (and truncates) the DVF tables, so it runs only on a dedicated database
named by ``BENCH_PRICE_DB`` (a SQLAlchemy URL; it becomes ``APP_DATABASE_URL``), and
is skipped otherwise, in ``bench.run_all`` too. The first run fills 5,000,000 sales
in a few minutes; later runs reuse them and take about 20 s. Usage:
``BENCH_PRICE_DB=postgresql+pg8000://postgres@127.0.0.1:5432/logis_price
python -m bench.price_latency [--sales 5000000] [--properties 200] [--json]``.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import time
from collections import Counter, defaultdict
from typing import Any

from bench import cli
from bench.environment import prepare_environment
from bench.local_stack import delete_user, expect_json, silence_logs
from bench.price_data import clusters, existing_sales, fill

TARGET_UNCACHED_P95_MS = 50.0
TARGET_CACHED_P95_MS = 5.0
MIN_SALES = 5_000_000
PROPERTIES = 200
WARM_UP = 5
DATABASE_VARIABLE = "BENCH_PRICE_DB"
_split: dict[str, float] = defaultdict(float)


def _prepare_database(sales: int) -> dict[str, Any]:
    from sqlalchemy import text

    from common.config import get_settings
    from common.db import get_engine
    from common.db.migrate import upgrade
    from common.local.postgres import ensure_database

    ensure_database(get_settings().database_url)
    upgrade()
    with get_engine().begin() as connection:
        found = existing_sales(connection)
        seconds = fill(connection, sales) if found < sales else None
    with (
        get_engine()
        .connect()
        .execution_options(isolation_level="AUTOCOMMIT") as connection
    ):
        connection.execute(text("VACUUM (ANALYZE) dvf_sales"))
    return {"sales": max(found, sales), "fill_s": seconds}


def _property_fields(number: int, rng: random.Random) -> dict[str, Any]:
    centre = clusters()[number % len(clusters())]
    dx, dy = (rng.gauss(0, centre.sigma_km * 0.7) for _ in range(2))
    quadrant = 0 if dx >= 0 else (1 if dy >= 0 else 2)
    street = rng.randint(1, 60) if number % 10 != 5 else 999
    geolocated = number % 5 != 0
    cos_lat = math.cos(math.radians(centre.latitude))
    kind = "Maison" if number % 3 == 0 else "Appartement"
    surface = rng.uniform(60, 160) if kind == "Maison" else rng.uniform(18, 120)
    return {
        "name": f"Bench price {number}",
        "address": f"{rng.randint(1, 120)} rue du Bench {street}",
        "postal_code": centre.postal_code(quadrant),
        "city": f"Bench {centre.number}-{quadrant}",
        "department": centre.department,
        "property_type": kind,
        "surface_area": round(surface, 1),
        "asking_price": round(surface * centre.base_m2 * rng.uniform(0.8, 1.3)),
        "latitude": centre.latitude + dy / 110.57 if geolocated else None,
        "longitude": centre.longitude + dx / (111.32 * cos_lat) if geolocated else None,
    }


def _create_user(count: int) -> tuple[str, str, list[str]]:
    from common.db import session_scope
    from tests.factories import create_property, create_user

    rng = random.Random(7)
    with session_scope() as db:
        user = create_user(db, email=f"bench-price-{time.time_ns()}@example.test")
        ids = [
            str(create_property(db, user.id, **_property_fields(n, rng)).id)
            for n in range(count)
        ]
    return user.id, user.cookie_value, ids


def _forget(property_id: str) -> None:
    """Make the next read recompute: no stored row, no cached document."""
    from sqlalchemy import text

    from common.db import get_engine
    from common.redis_client import get_redis

    with get_engine().begin() as connection:
        connection.execute(
            text("DELETE FROM price_analyses WHERE property_id = CAST(:id AS uuid)"),
            {"id": property_id},
        )
    redis = get_redis()
    if redis is None:
        raise RuntimeError("the benchmark needs Redis (APP_REDIS_URL)")
    keys = list(redis.scan_iter(match=f"*analysis:*:{property_id}:*", count=1000))
    if keys:
        redis.delete(*keys)


def _kind(statement: str) -> str:
    if "dvf_sales" not in statement:
        return "other_queries"
    if "percentile_cont" in statement:
        return "trend"
    if "DISTINCT" in statement or "adresse_numero IS NOT NULL" in statement:
        return "street_and_address"
    return "comparables"


def _time_queries() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def before(conn: Any, _c: Any, _s: str, _p: Any, _x: Any, _m: bool) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def after(conn: Any, _c: Any, statement: str, _p: Any, _x: Any, _m: bool) -> None:
        elapsed = time.perf_counter() - conn.info.pop("bench_started")
        _split[_kind(statement)] += elapsed * 1000

    event.listen(Engine, "before_cursor_execute", before)
    event.listen(Engine, "after_cursor_execute", after)


def _measure(client: Any, ids: list[str]) -> dict[str, Any]:
    uncached: list[float] = []
    cached: list[float] = []
    scopes: Counter[str] = Counter()
    splits: dict[str, list[float]] = defaultdict(list)
    for property_id in ids[:WARM_UP] + ids:
        _forget(property_id)
        _split.clear()
        started = time.perf_counter_ns()
        body = expect_json(client.get(f"/api/analysis/{property_id}/price"), 200)
        first = (time.perf_counter_ns() - started) / 1e6
        split = dict(_split)
        started = time.perf_counter_ns()
        expect_json(client.get(f"/api/analysis/{property_id}/price"), 200)
        second = (time.perf_counter_ns() - started) / 1e6
        uncached.append(first)
        cached.append(second)
        scopes[(body.get("search") or {}).get("scope") or "none"] += 1
        if len(uncached) == WARM_UP:
            scopes.clear()
        for kind in ("comparables", "trend", "street_and_address", "other_queries"):
            splits[kind].append(split.get(kind, 0.0))
    skip = slice(WARM_UP, None)
    return {
        "uncached": _percentiles(uncached[skip]),
        "cached": _percentiles(cached[skip]),
        "split_mean_ms": {
            kind: round(statistics.fmean(values[skip]), 3)
            for kind, values in splits.items()
        },
        "split_p95_ms": {
            kind: _percentiles(values[skip])["p95_ms"]
            for kind, values in splits.items()
        },
        "scopes": dict(scopes - Counter()),
    }


def _percentiles(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49], 3),
        "p95_ms": round(cuts[94], 3),
        "p99_ms": round(cuts[98], 3),
    }


def run(sales: int = MIN_SALES, properties: int = PROPERTIES) -> dict[str, Any]:
    """Fill or reuse the database, then measure; returns the figures."""
    database_url = os.environ.get(DATABASE_VARIABLE)
    if not database_url:
        return {"skipped": f"{DATABASE_VARIABLE} (a dedicated database URL) unset"}
    os.environ["APP_DATABASE_URL"] = database_url
    prepare_environment()
    from functions_framework import create_app

    from bench.environment import ROOT
    from common.auth.cookies import COOKIE_NAME

    database = _prepare_database(sales)
    source = ROOT / "functions" / "analysis" / "main.py"
    user_id, cookie, ids = _create_user(properties)
    try:
        app = create_app("analysis_http", str(source), signature_type="http")
        client = app.test_client()
        client.set_cookie(COOKIE_NAME, cookie)
        silence_logs()
        _time_queries()
        figures = _measure(client, ids)
    finally:
        for property_id in ids:
            _forget(property_id)
        delete_user(user_id)
    return {**database, "properties": properties, **figures}


def report(result: dict[str, Any]) -> None:
    """Print the percentiles and the split."""
    if "skipped" in result:
        print(f"price analysis latency skipped: {result['skipped']}")
        return
    print(
        f"GET /api/analysis/{{id}}/price on {result['sales']:,} sales, "
        f"{result['properties']} properties, in process"
    )
    if result["fill_s"] is not None:
        print(f"  database filled in {result['fill_s']:.0f} s")
    for name, target in (
        ("uncached", TARGET_UNCACHED_P95_MS),
        ("cached", TARGET_CACHED_P95_MS),
    ):
        cuts = result[name]
        print(
            f"  {name:8}: p50 {cuts['p50_ms']:.2f} / p95 {cuts['p95_ms']:.2f} / "
            f"p99 {cuts['p99_ms']:.2f} ms (target p95 <= {target:.0f} ms)"
        )
    mean, p95 = result["split_mean_ms"], result["split_p95_ms"]
    print(
        "  uncached split, mean (p95) ms: "
        + ", ".join(f"{kind} {mean[kind]:.2f} ({p95[kind]:.2f})" for kind in mean)
    )
    print(f"  scopes used: {result['scopes']}")


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = cli.parser("price_latency")
    parser.add_argument("--sales", type=int, default=MIN_SALES)
    parser.add_argument("--properties", type=int, default=PROPERTIES)
    args = parser.parse_args(argv)
    cli.emit(run(args.sales, args.properties), args.json, report)


if __name__ == "__main__":
    main()
