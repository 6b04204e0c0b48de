"""The prepared-statement cache of pg8000 connections on a real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pg8000.dbapi
import pg8000.exceptions
import pytest
from sqlalchemy import Engine, make_url, text

from common.db.prepared import enable_statement_cache


@pytest.fixture
def raw(migrated_database: str) -> Iterator[Any]:
    """A plain pg8000 connection to the test database (autocommit)."""
    url = make_url(migrated_database)
    connection = pg8000.dbapi.connect(
        user=url.username or "postgres",
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        database=url.database,
        password=url.password,
    )
    connection.autocommit = True
    yield connection
    connection.close()


def _prepared(connection: Any) -> list[tuple[str, int, int]]:
    cursor = connection.cursor()
    cursor.execute(
        "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements "
        "WHERE NOT from_sql ORDER BY statement"
    )
    return [tuple(row) for row in cursor.fetchall()]


def test_statement_cache_prepares_once_and_plans_with_values(raw: Any) -> None:
    enable_statement_cache(raw)
    cursor = raw.cursor()
    for value in range(7):
        cursor.execute("SELECT %s::int + 1", (value,))
        assert cursor.fetchone()[0] == value + 1
    (statement, generic, custom), *others = _prepared(raw)
    assert statement == "SELECT $1::int + 1" and not others
    # Seven executions of one prepared statement, each planned with its value.
    assert (generic, custom) == (0, 7)


def test_statement_cache_is_bounded(raw: Any) -> None:
    enable_statement_cache(raw, size=2)
    cursor = raw.cursor()
    for offset in (1, 2, 3):
        cursor.execute(f"SELECT %s::int + {offset}", (1,))
        assert cursor.fetchone()[0] == 1 + offset
    assert [row[0] for row in _prepared(raw)] == [
        "SELECT $1::int + 2",
        "SELECT $1::int + 3",
    ]


def test_statement_cache_recovers_when_a_table_changes_under_it(raw: Any) -> None:
    enable_statement_cache(raw)
    cursor = raw.cursor()
    cursor.execute("DROP TABLE IF EXISTS prepared_probe")
    cursor.execute("CREATE TABLE prepared_probe (id int, name text)")
    cursor.execute("INSERT INTO prepared_probe VALUES (%s, %s)", (1, "a"))
    query = "SELECT * FROM prepared_probe WHERE id = %s"
    cursor.execute(query, (1,))
    assert list(cursor.fetchall()) == [[1, "a"]]
    cursor.execute("ALTER TABLE prepared_probe ADD COLUMN extra int")
    with pytest.raises(pg8000.exceptions.DatabaseError, match="0A000"):
        cursor.execute(query, (1,))
    cursor.execute(query, (1,))  # prepared again with the new result type
    assert list(cursor.fetchall()) == [[1, "a", None]]
    cursor.execute("DROP TABLE prepared_probe")


def test_statement_cache_keeps_copy_on_pg8000s_own_path(raw: Any) -> None:
    enable_statement_cache(raw)
    cursor = raw.cursor()
    cursor.execute("CREATE TEMPORARY TABLE copy_probe (id int)")
    cursor.execute("COPY copy_probe FROM STDIN", stream=iter([b"1\n2\n"]))
    cursor.execute("SELECT count(*) FROM copy_probe WHERE id > %s", (0,))
    assert cursor.fetchone()[0] == 2


def test_app_engine_connections_use_the_statement_cache(engine: Engine) -> None:
    with engine.connect() as connection:
        for value in (1, 2):
            connection.execute(text("SELECT CAST(:v AS int)"), {"v": value})
        found = connection.execute(
            text(
                "SELECT custom_plans FROM pg_prepared_statements "
                "WHERE statement = 'SELECT CAST($1 AS int)'"
            )
        ).scalar()
    assert found == 2
