"""Staging tables of a load run and their atomic swap with the live tables.

Staging tables are copies of the live columns (``LIKE``), named after the run. They
are LOGGED from the start: their rows are written to the WAL once, as they are
grouped, where ``SET LOGGED`` at publication would copy both tables again. Once
loaded they get the live tables' constraints and indexes (read from the catalog, so
they follow the migrations): every index is built with ``CREATE INDEX``, which lets
several builds run at once, and the primary and unique keys then take their index
(``USING INDEX``), foreign keys and checks are added ``NOT VALID`` and validated
apart, which blocks no build. One short transaction then drops the live tables and
renames the staging ones (and their constraints and indexes) in their place: readers
see the old data or the new, never an empty, partial or unindexed table. The id
sequences survive the swap. (Raw tables of runs by earlier versions, which grouped in
SQL, share the pattern and are dropped with them.)
"""

from __future__ import annotations

import re
from typing import Any

SALES, LOTS = "dvf_sales", "dvf_sale_lots"
SUFFIX_PATTERN = r"__s[0-9a-f]{8}"
_RUN_TABLES = rf"^dvf_(sales|sale_lots|raw){SUFFIX_PATTERN}(_[0-9]+)*$"


def staging_names(run_key: str) -> tuple[str, str]:
    """(sales, lots) staging table names of a run (``run_key``: 8 hex chars)."""
    return f"{SALES}__s{run_key}", f"{LOTS}__s{run_key}"


def _run(cursor: Any, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
    cursor.execute(sql, args)
    return list(cursor.fetchall()) if cursor.description else []


def _run_tables(cursor: Any) -> list[str]:
    rows = _run(
        cursor,
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename ~ %s ORDER BY tablename DESC",
        (_RUN_TABLES,),
    )
    return [name for (name,) in rows]


def drop_stale_staging(cursor: Any, keep: str) -> None:
    """Drop staging and raw tables left by other (failed or killed) runs."""
    for name in _run_tables(cursor):
        if f"__s{keep}" not in name:
            cursor.execute(f'DROP TABLE IF EXISTS "{name}" CASCADE')


def create_staging(cursor: Any, run_key: str) -> None:
    """Create the run's staging tables if they do not exist yet.

    Autovacuum stays off while they fill (it would scan them again and again,
    and its snapshots would keep publication's VACUUM from setting the
    visibility map); :func:`add_constraints` turns it back on.
    """
    for live, staged in zip((SALES, LOTS), staging_names(run_key), strict=True):
        cursor.execute(
            f'CREATE TABLE IF NOT EXISTS "{staged}" (LIKE {live}) '
            "WITH (autovacuum_enabled = false)"
        )


def pending_raw_chunks(cursor: Any, run_key: str, file_no: int) -> list[str]:
    """Raw tables an earlier version (which grouped in SQL) left for file ``file_no``
    of this run: chunks committed as loaded but not grouped yet."""
    return [
        name
        for name in _run_tables(cursor)
        if name.startswith(f"dvf_raw__s{run_key}_{file_no}_")
    ]


def drop_staging(cursor: Any, run_key: str) -> None:
    """Drop the run's staging and raw tables."""
    for name in _run_tables(cursor):
        if f"__s{run_key}" in name:
            cursor.execute(f'DROP TABLE IF EXISTS "{name}" CASCADE')


def _constraints(cursor: Any, table: str) -> list[tuple[str, str, str, str | None]]:
    """(name, kind, definition, index definition) of a table's constraints."""
    return _run(
        cursor,
        "SELECT conname, contype, pg_get_constraintdef(oid), "
        "CASE WHEN conindid <> 0 THEN pg_get_indexdef(conindid) END "
        "FROM pg_constraint WHERE conrelid = %s::regclass "
        "AND contype IN ('p', 'u', 'f', 'c') ORDER BY contype DESC, conname",
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


def _build(name: str, table: str, definition: str, unique: bool) -> str:
    body = definition.split(" USING ", 1)[1]
    kind = "UNIQUE INDEX" if unique else "INDEX"
    return f'CREATE {kind} IF NOT EXISTS "{name}" ON "{table}" USING {body}'


def index_builds(cursor: Any, run_key: str) -> list[str]:
    """The CREATE INDEX statements giving the staging tables the live indexes.

    Key (primary and unique) indexes come first: constraints need them.
    """
    suffix = f"__s{run_key}"
    keys: list[str] = []
    plain: list[str] = []
    for live, staged in zip((SALES, LOTS), staging_names(run_key), strict=True):
        for name, kind, _definition, index in _constraints(cursor, live):
            if kind in ("p", "u") and index is not None:
                keys.append(_build(name + suffix, staged, index, unique=True))
        for name, definition in _plain_indexes(cursor, live):
            plain.append(_build(name + suffix, staged, definition, unique=False))
    return keys + plain


def add_constraints(cursor: Any, run_key: str) -> list[str]:
    """Give the staging tables the live constraints; the validations still to run.

    Call once their indexes are built: keys take theirs (``USING INDEX``),
    foreign keys and checks are added ``NOT VALID``, autovacuum is back on.
    """
    sales, lots = staging_names(run_key)
    suffix = f"__s{run_key}"
    validations: list[str] = []
    for live, staged in ((SALES, sales), (LOTS, lots)):
        cursor.execute(f'ALTER TABLE "{staged}" RESET (autovacuum_enabled)')
        existing = {r[0]: r[2] for r in _constraints(cursor, staged)}
        for name, kind, definition, _index in _constraints(cursor, live):
            constraint = f"{name}{suffix}"
            alter = f'ALTER TABLE "{staged}" '
            if kind in ("p", "u"):
                if constraint not in existing:
                    key = "PRIMARY KEY" if kind == "p" else "UNIQUE"
                    cursor.execute(
                        f'{alter}ADD CONSTRAINT "{constraint}" {key} '
                        f'USING INDEX "{constraint}"'
                    )
                continue
            if constraint not in existing:
                definition = re.sub(
                    rf"REFERENCES {SALES}\(", f'REFERENCES "{sales}"(', definition
                )
                cursor.execute(
                    f'{alter}ADD CONSTRAINT "{constraint}" {definition} NOT VALID'
                )
            if constraint not in existing or "NOT VALID" in existing[constraint]:
                validations.append(f'{alter}VALIDATE CONSTRAINT "{constraint}"')
    return validations


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
        for name, *_rest in _constraints(cursor, live):
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
