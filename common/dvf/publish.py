"""Publication of a fully loaded run: indexes, constraints, statistics, atomic swap.

Held under a session advisory lock so only one task publishes; the status check
inside makes a repeated publication (a retried last task) a no-op. Index builds are
spread over two connections (the machine's two cores: a btree build is one long
sort), then the foreign key is validated while the sales are vacuumed and both tables
analysed on the other: the sales' visibility map is set, so the covering indexes
give index-only scans from the first price analysis, and the planner has
statistics. The swap is one short transaction (:func:`common.dvf.staging.swap`).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from common.db.prepared import sqlstate
from common.dvf import runs, staging

logger = logging.getLogger("common.dvf.publish")
UNIQUE_VIOLATION = "23505"
_SESSION = (
    "maintenance_work_mem = '256MB'",
    "max_parallel_maintenance_workers = 0",  # one build per core
)

Connect = Callable[[], Any]


class PublicationRefused(RuntimeError):
    """The loaded data looks wrong (no sale, too many rejects): not published."""


def check_totals(tasks: dict[str, Any], max_reject_ratio: float) -> None:
    """Refuse to replace the live data by an empty or mostly rejected load."""
    totals = runs.totals(tasks)
    if totals["sales_loaded"] == 0:
        raise PublicationRefused("no sale loaded")
    if totals["rows_rejected"] > max_reject_ratio * max(totals["rows_read"], 1):
        raise PublicationRefused(
            f"{totals['rows_rejected']} of {totals['rows_read']} rows rejected"
        )


def publish(
    raw: Any,
    cursor: Any,
    run_id: uuid.UUID,
    max_reject_ratio: float = 0.05,
    connect: Connect | None = None,
) -> str:
    """Index the staging tables and swap them in; returns the run's status.

    ``connect`` opens the extra connection the builds share the work with.
    """
    key = runs.run_key(run_id)
    cursor.execute("SELECT pg_advisory_lock(%s)", (runs.ADVISORY_LOCK_KEY,))
    raw.commit()
    try:
        found = runs.fetch(cursor, run_id)
        if found is None or found[0] != "running":
            raw.commit()
            return found[0] if found else "missing"
        check_totals(found[1], max_reject_ratio)
        started = time.monotonic()
        _prepare(raw, cursor, key, connect)
        staging.swap(cursor, key)
        found = runs.fetch(cursor, run_id)
        runs.finish(cursor, run_id, "succeeded", found[1] if found else {})
        raw.commit()
        logger.info(
            "dvf load published",
            extra={
                "fields": {"run_id": str(run_id), "seconds": time.monotonic() - started}
            },
        )
        return "published"
    finally:
        raw.rollback()
        cursor.execute("SELECT pg_advisory_unlock(%s)", (runs.ADVISORY_LOCK_KEY,))
        raw.commit()


def _prepare(raw: Any, cursor: Any, key: str, connect: Connect | None) -> None:
    builds = staging.index_builds(cursor, key)
    raw.commit()
    failed = _in_parallel(raw, connect, builds)
    if failed:
        if any(sqlstate(exc) != UNIQUE_VIOLATION for _sql, exc in failed):
            raise failed[0][1]
        _split_duplicate_mutations(cursor, key)
        raw.commit()
        _run_all(raw, [sql for sql, _exc in failed])
    validations = staging.add_constraints(cursor, key)
    raw.commit()
    sales, lots = staging.staging_names(key)
    # Lots are never read index-only: statistics are enough, no visibility map.
    # Their ANALYZE (short) goes first, beside the sales' VACUUM: it and the
    # foreign key's validation lock each other out.
    statements = [f'ANALYZE "{lots}"', f'VACUUM (ANALYZE) "{sales}"', *validations]
    failed = _in_parallel(raw, connect, statements, autocommit=True)
    if failed:
        raise failed[0][1]


def _run_all(raw: Any, statements: list[str]) -> None:
    cursor = raw.cursor()
    for sql in statements:
        cursor.execute(sql)
        raw.commit()


def _in_parallel(
    raw: Any, connect: Connect | None, statements: list[str], autocommit: bool = False
) -> list[tuple[str, Exception]]:
    """Run the statements on ``raw`` and one more connection; the failed ones."""
    work: queue.Queue[str] = queue.Queue()
    for sql in statements:
        work.put(sql)
    failed: list[tuple[str, Exception]] = []
    extra = connect() if connect is not None and len(statements) > 1 else None
    helper = threading.Thread(
        target=_worker, args=(extra, work, failed, autocommit), name="dvf-publish"
    )
    if extra is not None:
        helper.start()
    try:
        _worker(raw, work, failed, autocommit)
    finally:
        if extra is not None:
            helper.join()
            extra.close()
    return failed


def _worker(
    connection: Any,
    work: queue.Queue[str],
    failed: list[tuple[str, Exception]],
    autocommit: bool,
) -> None:
    connection.rollback()  # a pool's liveness ping may have opened a transaction
    driver = getattr(connection, "dbapi_connection", connection)
    driver.autocommit = autocommit
    cursor = connection.cursor()
    try:
        for setting in _SESSION:
            cursor.execute(f"SET {setting}")
        while True:
            try:
                sql = work.get_nowait()
            except queue.Empty:
                return
            try:
                cursor.execute(sql)
                if not autocommit:
                    connection.commit()
            except Exception as exc:
                if not autocommit:
                    connection.rollback()
                failed.append((sql, exc))
    finally:
        for setting in _SESSION:
            cursor.execute(f"RESET {setting.split()[0]}")
        if not autocommit:
            connection.commit()
        driver.autocommit = False


def _split_duplicate_mutations(cursor: Any, key: str) -> None:
    """Keep apart, flagged, the sales of a mutation met twice (two runs or files)."""
    sales, _lots = staging.staging_names(key)
    cursor.execute(
        f"UPDATE \"{sales}\" SET mutation_key = mutation_key || '#' || id, "
        "is_single_dwelling = false, price_per_m2 = NULL, "
        "quality_flags = quality_flags || '[\"split_mutation\"]'::jsonb "
        f'WHERE mutation_key IN (SELECT mutation_key FROM "{sales}" '
        "GROUP BY mutation_key HAVING count(*) > 1)"
    )
    logger.warning("dvf split mutations flagged", extra={"fields": {"run": key}})
