"""Reads outside a transaction: what reaches PostgreSQL, statement by statement.

Every authenticated request looks its session up, and a cached analysis needs one
more read: in a transaction each costs BEGIN and COMMIT round trips too (three
instead of one; on Cloud SQL a round trip is ~0.5-1 ms). The statements pg8000
sends are recorded at its own boundary (the driver's execute methods, wrapped).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pg8000.core import CoreConnection
from sqlalchemy import Engine, text

from common.auth.cookies import COOKIE_NAME
from common.auth.sessions import principal_from_cookies
from common.config import get_settings
from common.db import get_engine, read_scope
from common.services import price_analysis, properties
from tests.factories import signed_in_user
from tests.integration.analysis_support import (
    FakeEngine,
    InMemoryCache,
    saved_property_id_for,
    service_options,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The statements pg8000 sends meanwhile (prepared or not): first words.

    The pool holds a connection already (its first use initialises it).
    """
    with read_scope() as db:
        db.execute(text("SELECT 1"))
    statements: list[str] = []

    def record(statement: str) -> None:
        statements.append(" ".join(statement.split()[:2]).lower())

    unnamed, named = CoreConnection.execute_unnamed, CoreConnection.execute_named
    simple = CoreConnection.execute_simple

    def execute_unnamed(self: Any, statement: str, *args: Any, **kwargs: Any) -> Any:
        record(statement)
        return unnamed(self, statement, *args, **kwargs)

    def execute_simple(self: Any, statement: str) -> Any:
        record(statement)
        return simple(self, statement)

    def execute_named(self: Any, *args: Any) -> Any:
        record(args[-1])  # (name, params, columns, input functions, statement)
        return named(self, *args)

    monkeypatch.setattr(CoreConnection, "execute_unnamed", execute_unnamed)
    monkeypatch.setattr(CoreConnection, "execute_named", execute_named)
    monkeypatch.setattr(CoreConnection, "execute_simple", execute_simple)
    yield statements


@pytest.fixture
def ping_every_checkout(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every checkout counts as after an idle while: the pool pings it."""
    monkeypatch.setenv("APP_DB_PING_AFTER_IDLE_SECONDS", "0")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_read_scope_sends_no_transaction_and_gives_the_connection_back_as_it_was(
    clean_db: Engine, sent: list[str]
) -> None:
    with read_scope() as db:
        assert db.scalar(text("SELECT 41 + 1")) == 42
    assert sent == ["select 41"]
    with get_engine().connect() as connection:  # the next user's: in a transaction
        driver = connection.connection.dbapi_connection
        assert driver is not None and driver.autocommit is False


def test_session_lookup_is_one_statement(clean_db: Engine, sent: list[str]) -> None:
    user = signed_in_user()
    sent.clear()
    principal = principal_from_cookies({COOKIE_NAME: user.cookie_value})
    assert principal is not None and principal.user_id == user.id
    assert sent == ["select ba_session.id"]


def test_cached_analysis_is_one_statement(clean_db: Engine, sent: list[str]) -> None:
    owner = signed_in_user().id
    mine = saved_property_id_for(owner)
    options = service_options(InMemoryCache(), FakeEngine())
    first = price_analysis.get_price_analysis(owner, mine, **options)
    sent.clear()
    assert price_analysis.get_price_analysis(owner, mine, **options) == first
    assert sent == ["select properties.id,"]


def test_property_reads_are_one_statement(clean_db: Engine, sent: list[str]) -> None:
    owner = signed_in_user().id
    mine = saved_property_id_for(owner)
    sent.clear()
    page = properties.list_properties(owner)
    found = properties.get_property(owner, mine)
    assert [p.id for p in page.items] == [found.id] and page.total == 1
    assert sent == ["select properties.id,", "select properties.id,"]


@pytest.mark.usefixtures("ping_every_checkout")
def test_idle_connection_ping_leaves_no_transaction_open(
    clean_db: Engine, sent: list[str]
) -> None:
    # given a user whose profile is gone (its first request inserts it)
    user = signed_in_user()
    sent.clear()
    # when a read (and the profile insert of a first request) runs after the ping
    with read_scope() as db:
        db.execute(text("DELETE FROM users WHERE id = :id"), {"id": user.id})
    principal = principal_from_cookies({COOKIE_NAME: user.cookie_value})
    # then each ping went alone, and the profile inserted again was committed
    assert principal is not None
    assert sent[:2] == [";", "delete from"]
    assert "begin transaction" not in sent
    with read_scope() as db:
        count = text("SELECT count(*) FROM users WHERE id = :id")
        assert db.scalar(count, {"id": user.id}) == 1
