"""Staging tables of a load run and their atomic swap with the live tables.

Staging tables are UNLOGGED copies of the live columns (``LIKE``), named after the
run. Once loaded they get the live tables' constraints and indexes (read from the
catalog, so they follow the migrations), are made LOGGED, and one short transaction
drops the live tables and renames the staging ones (and their constraints and
indexes) in their place: readers see the old data or the new, never an empty,
partial or unindexed table. The id sequences survive the swap.
"""

from __future__ import annotations

import re
from typing import Any

SALES, LOTS = "dvf_sales", "dvf_sale_lots"
SUFFIX_PATTERN = r"__s[0-9a-f]{8}"


def staging_names(run_key: str) -> tuple[str, str]:
    """(sales, lots) staging table names of a run (``run_key``: 8 hex chars)."""
    return f"{SALES}__s{run_key}", f"{LOTS}__s{run_key}"


def _run(cursor: Any, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
    cursor.execute(sql, args)
    return list(cursor.fetchall()) if cursor.description else []


def drop_stale_staging(cursor: Any, keep: str) -> None:
    """Drop staging tables left by other (failed or killed) runs."""
    rows = _run(
        cursor,
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename ~ %s ORDER BY tablename DESC",
        (f"^dvf_(sales|sale_lots){SUFFIX_PATTERN}$",),
    )
    for (name,) in rows:
        if not name.endswith(keep):
            cursor.execute(f'DROP TABLE IF EXISTS "{name}" CASCADE')


def create_staging(cursor: Any, run_key: str) -> None:
    """Create the run's UNLOGGED staging tables if they do not exist yet."""
    sales, lots = staging_names(run_key)
    cursor.execute(f'CREATE UNLOGGED TABLE IF NOT EXISTS "{sales}" (LIKE {SALES})')
    cursor.execute(f'CREATE UNLOGGED TABLE IF NOT EXISTS "{lots}" (LIKE {LOTS})')


def drop_staging(cursor: Any, run_key: str) -> None:
    """Drop the run's staging tables."""
    for name in staging_names(run_key)[::-1]:
        cursor.execute(f'DROP TABLE IF EXISTS "{name}" CASCADE')


def _constraints(cursor: Any, table: str) -> list[tuple[str, str, str]]:
    return _run(
        cursor,
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f', 'c') "
        "ORDER BY contype DESC, conname",
        (table,),
    )


def _plain_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    return _run(
        cursor,
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
        "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM "
        "pg_constraint c WHERE c.conname = i.indexname) ORDER BY i.indexname",
        (table,),
    )


def build_indexes(cursor: Any, run_key: str) -> None:
    """Give the staging tables the live tables' constraints and indexes."""
    sales, lots = staging_names(run_key)
    suffix = f"__s{run_key}"
    for live, staged in ((SALES, sales), (LOTS, lots)):
        existing = {r[0] for r in _constraints(cursor, staged)}
        for name, _kind, definition in _constraints(cursor, live):
            if name + suffix in existing:
                continue
            definition = re.sub(
                rf"REFERENCES {SALES}\(", f'REFERENCES "{sales}"(', definition
            )
            cursor.execute(
                f'ALTER TABLE "{staged}" ADD CONSTRAINT "{name}{suffix}" {definition}'
            )
        for name, definition in _plain_indexes(cursor, live):
            body = definition.split(" USING ", 1)[1]
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}{suffix}" '
                f'ON "{staged}" USING {body}'
            )


def set_logged(cursor: Any, run_key: str) -> None:
    """Make the staging tables crash-safe before they go live."""
    for name in staging_names(run_key):
        cursor.execute(f'ALTER TABLE "{name}" SET LOGGED')


def _sequence(cursor: Any, table: str) -> str | None:
    rows = _run(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", (table,))
    return rows[0][0] if rows and rows[0][0] else None


def swap(cursor: Any, run_key: str) -> None:
    """Replace the live tables by the staging ones (call inside one transaction)."""
    suffix = f"__s{run_key}"
    cursor.execute(f"LOCK TABLE {SALES}, {LOTS} IN ACCESS EXCLUSIVE MODE")
    sequences = {t: _sequence(cursor, t) for t in (SALES, LOTS)}
    for sequence in sequences.values():
        if sequence:
            cursor.execute(f"ALTER SEQUENCE {sequence} OWNED BY NONE")
    cursor.execute(f"DROP TABLE {LOTS}, {SALES}")
    for live, staged in zip((SALES, LOTS), staging_names(run_key), strict=True):
        cursor.execute(f'ALTER TABLE "{staged}" RENAME TO {live}')
        for name, _k, _d in _constraints(cursor, live):
            if name.endswith(suffix):
                new = name[: -len(suffix)]
                cursor.execute(
                    f'ALTER TABLE {live} RENAME CONSTRAINT "{name}" TO "{new}"'
                )
        for (name,) in _run(
            cursor, "SELECT indexname FROM pg_indexes WHERE tablename = %s", (live,)
        ):
            if name.endswith(suffix):
                cursor.execute(
                    f'ALTER INDEX "{name}" RENAME TO "{name[: -len(suffix)]}"'
                )
        sequence = sequences[live]
        if sequence:
            cursor.execute(
                f"ALTER TABLE {live} ALTER COLUMN id SET DEFAULT nextval('{sequence}')"
            )
            cursor.execute(f"ALTER SEQUENCE {sequence} OWNED BY {live}.id")
            cursor.execute(
                f"SELECT setval('{sequence}', "
                f"COALESCE((SELECT max(id) FROM {live}), 0) + 1, false)"
            )
