"""Connections that die while idle are replaced; hot ones are not pinged."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import NullPool

from common.db import session_scope
from common.errors import DependencyFailed
from tests.support import reset_process_state


def _backend_pid() -> int:
    with session_scope() as db:
        return int(db.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(engine: Engine, pid: int) -> None:
    killer = create_engine(engine.url, poolclass=NullPool)
    with killer.connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        other.commit()
    killer.dispose()


@pytest.fixture
def single_connection_engine(migrated_database: str) -> Engine:
    os.environ.update({"APP_DB_POOL_SIZE": "1", "APP_DB_MAX_OVERFLOW": "1"})
    reset_process_state()
    from common.db import get_engine

    return get_engine()


def test_checkout_after_idle_connection_died_replaces_it(
    single_connection_engine: Engine,
) -> None:
    # given: every checkout counts as idle, and the pooled connection is killed
    os.environ["APP_DB_PING_AFTER_IDLE_SECONDS"] = "0"
    from common.config import get_settings

    get_settings.cache_clear()
    first_pid = _backend_pid()
    _terminate(single_connection_engine, first_pid)
    # when
    second_pid = _backend_pid()
    # then
    assert second_pid != first_pid


def test_checkout_of_hot_connection_sends_no_ping(
    single_connection_engine: Engine,
) -> None:
    # given
    _backend_pid()
    statements: list[str] = []
    event.listen(
        single_connection_engine,
        "before_cursor_execute",
        lambda *args: statements.append(args[2]),
    )
    # when
    _backend_pid()
    # then: only the query itself went through SQLAlchemy, and the ping is raw
    assert statements == ["SELECT pg_backend_pid()"]


def test_hot_connection_killed_fails_once_then_recovers(
    single_connection_engine: Engine,
) -> None:
    # given
    first_pid = _backend_pid()
    _terminate(single_connection_engine, first_pid)
    # when
    with pytest.raises(DependencyFailed):
        _backend_pid()
    # then: the dead connection was invalidated, the next unit of work reconnects
    assert _backend_pid() != first_pid
