"""Helpers of the DVF loader integration tests: fixture paths, queries, broken files."""

from __future__ import annotations

import gzip
import statistics
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from common.dvf.loader import LoadOptions, TaskResult, run_task
from tests.fixtures.dvf.edge_cases import GEO_HEADER

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dvf"
SAMPLE = FIXTURES / "paris14-75114-2020H1.csv"
EDGE_GEO = FIXTURES / "edge-cases-geo.csv"
EDGE_RAW_OLD = FIXTURES / "valeursfoncieres-edge-2021.txt"
EDGE_RAW_NEW = FIXTURES / "valeursfoncieres-edge-2023.txt"


def scalar(engine: Engine, sql: str, **params: Any) -> Any:
    """One value of a query."""
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def rows(engine: Engine, sql: str, **params: Any) -> list[Any]:
    """All rows of a query."""
    with engine.connect() as connection:
        return list(connection.execute(text(sql), params))


def single_apartment_median(engine: Engine) -> tuple[int, float]:
    """(count, median €/m²) of single-apartment sales by the README rule."""
    values = [
        r[0]
        for r in rows(
            engine,
            "SELECT price_per_m2 FROM dvf_sales WHERE is_single_dwelling "
            "AND type_local = 'Appartement' AND price_per_m2 <= 100000",
        )
    ]
    return len(values), statistics.median(values)


def gzip_copy(source: Path, target: Path, keep: float = 1.0) -> Path:
    """``source`` gzipped into ``target``, cut to ``keep`` of its bytes (corrupt)."""
    data = gzip.compress(source.read_bytes())
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def last_run(engine: Engine) -> Any:
    """The most recent load run."""
    return rows(
        engine, "SELECT * FROM dvf_load_runs ORDER BY started_at DESC, id LIMIT 1"
    )[0]


def staging_tables(engine: Engine) -> list[str]:
    """Staging tables still present."""
    return [
        r[0]
        for r in rows(engine, "SELECT tablename FROM pg_tables WHERE tablename ~ '__s'")
    ]


def repeated_sample(target: Path, copies: int) -> Path:
    """The sample's rows ``copies`` times, each copy with its own mutation ids."""
    header, *body = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    with target.open("w", encoding="utf-8") as handle:
        handle.write(header)
        for copy in range(copies):
            handle.writelines(f"k{copy}-{line}" for line in body)
    return target


def geo_file(target: Path, lines: list[str]) -> Path:
    """An Etalab file of these lines (``edge_cases.geo`` rows)."""
    target.write_text("\n".join([GEO_HEADER, *lines]) + "\n", encoding="utf-8")
    return target


def load(sources: list[Path], reports: Path, **options: Any) -> TaskResult:
    """One task loading ``sources`` as a run, rejects allowed."""
    options.setdefault("max_reject_ratio", 0.5)
    return run_task(
        LoadOptions([str(s) for s in sources], report_base=reports, **options)
    )


def sales_by_key(engine: Engine) -> dict[str, Any]:
    """The live sales by mutation key."""
    return {r.mutation_key: r for r in rows(engine, "SELECT * FROM dvf_sales")}


def lots_of(engine: Engine, mutation_key: str) -> list[Any]:
    """The lots of one sale, in id order."""
    return rows(
        engine,
        "SELECT l.* FROM dvf_sale_lots l JOIN dvf_sales s ON s.id = l.sale_id "
        "WHERE s.mutation_key = :key ORDER BY l.id",
        key=mutation_key,
    )
