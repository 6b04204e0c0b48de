"""The unit of work on a real PostgreSQL: commit, rollback, database outage."""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import ProgrammingError

from common.db import session_scope
from common.errors import DependencyFailed, NotFound
from tests.support import reset_process_state

KEY = "session-scope-test"


def claim_exists(engine: Engine, key: str) -> bool:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM processed_events WHERE key = :key"), {"key": key}
        ).scalar()
    return found is not None


def insert_claim(key: str) -> None:
    """Write one row through the app's unit of work (any table would do)."""
    with session_scope() as db:
        db.execute(
            text(
                "INSERT INTO processed_events (key, status, locked_until) "
                "VALUES (:key, 'completed', now())"
            ),
            {"key": key},
        )


def test_session_scope_on_clean_exit_commits(clean_db: Engine) -> None:
    insert_claim(KEY)

    assert claim_exists(clean_db, KEY)


def test_session_scope_on_exception_rolls_back_and_reraises(
    clean_db: Engine,
) -> None:
    # when
    with pytest.raises(NotFound), session_scope() as db:
        db.execute(
            text(
                "INSERT INTO processed_events (key, status, locked_until) "
                "VALUES (:key, 'completed', now())"
            ),
            {"key": KEY},
        )
        raise NotFound()
    # then
    assert not claim_exists(clean_db, KEY)


def test_session_scope_keeps_loaded_values_after_commit(clean_db: Engine) -> None:
    insert_claim(KEY)

    with session_scope() as db:
        row = db.execute(
            text("SELECT key, status FROM processed_events WHERE key = :key"),
            {"key": KEY},
        ).one()

    assert (row.key, row.status) == (KEY, "completed")


def test_session_scope_with_sql_error_propagates_it_unchanged(
    clean_db: Engine,
) -> None:
    with pytest.raises(ProgrammingError), session_scope() as db:
        db.execute(text("SELECT * FROM no_such_table"))


def test_session_scope_when_database_is_unreachable_raises_dependency_failed() -> None:
    # given
    os.environ["APP_DATABASE_URL"] = "postgresql+pg8000://postgres@127.0.0.1:1/logis"
    reset_process_state()
    started = time.perf_counter()
    # when
    with pytest.raises(DependencyFailed) as raised, session_scope() as db:
        db.execute(text("SELECT 1"))
    # then
    assert raised.value.retryable is True
    assert raised.value.message_key == "database_unavailable"
    assert time.perf_counter() - started < 5
