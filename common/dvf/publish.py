"""Publication of a fully loaded run: indexes, LOGGED, then the atomic swap.

Held under a session advisory lock so only one task publishes; the status check
inside makes a repeated publication (a retried last task) a no-op.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from common.dvf import runs, staging

logger = logging.getLogger("common.dvf.publish")
UNIQUE_VIOLATION = "23505"
MAINTENANCE_WORK_MEM = "256MB"


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
    raw: Any, cursor: Any, run_id: uuid.UUID, max_reject_ratio: float = 0.05
) -> str:
    """Index the staging tables and swap them in; returns the run's status."""
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
        cursor.execute(f"SET maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        staging.set_logged(cursor, key)
        raw.commit()
        _index(raw, cursor, key)
        sales, lots = staging.staging_names(key)
        cursor.execute(f'ANALYZE "{sales}", "{lots}"')
        raw.commit()
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


def _index(raw: Any, cursor: Any, key: str) -> None:
    try:
        staging.build_indexes(cursor, key)
        raw.commit()
    except Exception as exc:
        raw.rollback()
        if _sqlstate(exc) != UNIQUE_VIOLATION:
            raise
        _split_duplicate_mutations(cursor, key)
        raw.commit()
        staging.build_indexes(cursor, key)
        raw.commit()


def _sqlstate(exc: Exception) -> str | None:
    detail = exc.args[0] if exc.args else None
    return detail.get("C") if isinstance(detail, dict) else None


def _split_duplicate_mutations(cursor: Any, key: str) -> None:
    """Keep apart the parts of a mutation whose rows were not contiguous, flagged."""
    sales, _lots = staging.staging_names(key)
    cursor.execute(
        f"UPDATE \"{sales}\" SET mutation_key = mutation_key || '#' || id, "
        "is_single_dwelling = false, price_per_m2 = NULL, "
        "quality_flags = quality_flags || '[\"split_mutation\"]'::jsonb "
        f'WHERE mutation_key IN (SELECT mutation_key FROM "{sales}" '
        "GROUP BY mutation_key HAVING count(*) > 1)"
    )
    logger.warning("dvf split mutations flagged", extra={"fields": {"run": key}})
