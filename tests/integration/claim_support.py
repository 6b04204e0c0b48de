"""Rows of ``processed_events`` for the claim tests: read, expire and insert them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, text

EVENT_TYPE = "google.cloud.storage.object.v1.finalized"


def claim_row(engine: Engine, key: str) -> dict[str, Any] | None:
    """The claim of ``key`` with the time left on its lock; None when absent."""
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT status, event_type, attempts, locked_until, completed_at, "
                "locked_until - now() AS lock_left FROM processed_events WHERE key = :k"
            ),
            {"k": key},
        ).first()
    return None if row is None else dict(row._mapping)


def expire_lock(engine: Engine, key: str) -> None:
    """Make the lock of ``key`` a second overdue (its worker died, say)."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE processed_events SET locked_until = now() - interval '1 s'"
                " WHERE key = :k"
            ),
            {"k": key},
        )


def insert_claim(
    engine: Engine, key: str, status: str, locked_until: datetime, completed_at: Any
) -> None:
    """A claim row as an earlier delivery would have left it."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO processed_events (key, status, locked_until, completed_at)"
                " VALUES (:key, :status, :locked_until, :completed_at)"
            ),
            {
                "key": key,
                "status": status,
                "locked_until": locked_until,
                "completed_at": completed_at,
            },
        )
