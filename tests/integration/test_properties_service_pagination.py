"""The properties service on PostgreSQL: keyset pagination of a user's list."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from common.services import properties
from tests.factories import create_dated_properties, create_property, property_input

pytestmark = pytest.mark.integration
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def test_list_properties_is_newest_first_and_only_the_owners(
    db_session: Session, owner: str, stranger: str
) -> None:
    mine = create_dated_properties(db_session, owner, 3, T0)
    create_dated_properties(db_session, stranger, 2, T0)

    page = properties.list_properties(owner, db=db_session)

    assert [item.id for item in page.items] == [p.id for p in reversed(mine)]
    assert (page.total, page.has_more) == (3, False)


def test_list_properties_same_instant_is_ordered_by_id(
    db_session: Session, owner: str
) -> None:
    twins = [create_property(db_session, owner, created_at=T0) for _ in range(4)]

    first = properties.list_properties(owner, limit=2, db=db_session)
    last = first.items[-1]
    second = properties.list_properties(
        owner, limit=2, after=(last.created_at, last.id), db=db_session
    )

    listed = [item.id for item in first.items + second.items]
    assert listed == sorted((p.id for p in twins), reverse=True)


def test_list_properties_pages_cover_every_row_once(
    db_session: Session, owner: str
) -> None:
    created = create_dated_properties(db_session, owner, 7, T0)
    seen: list[uuid.UUID] = []
    after = None
    while True:
        page = properties.list_properties(owner, limit=3, after=after, db=db_session)
        seen += [item.id for item in page.items]
        if not page.has_more:
            break
        after = (page.items[-1].created_at, page.items[-1].id)

    assert seen == [p.id for p in reversed(created)]


def test_list_properties_exactly_limit_rows_has_no_more(
    db_session: Session, owner: str
) -> None:
    create_dated_properties(db_session, owner, 3, T0)

    page = properties.list_properties(owner, limit=3, db=db_session)

    assert (len(page.items), page.has_more) == (3, False)


def test_list_properties_cursor_is_stable_when_rows_are_inserted(
    db_session: Session, owner: str
) -> None:
    # given a first page of the 6 existing properties
    existing = create_dated_properties(db_session, owner, 6, T0)
    first = properties.list_properties(owner, limit=3, db=db_session)
    after = (first.items[-1].created_at, first.items[-1].id)
    # when new properties arrive before the next page is read
    properties.create_property(owner, property_input(name="Nouveau 1"), db=db_session)
    properties.create_property(owner, property_input(name="Nouveau 2"), db=db_session)
    second = properties.list_properties(owner, limit=3, after=after, db=db_session)

    # then the next page continues exactly where the first stopped
    assert [p.id for p in second.items] == [p.id for p in reversed(existing[:3])]
    assert (second.total, second.has_more) == (8, False)


def test_list_properties_page_query_uses_the_user_created_index(
    engine: Engine, db_session: Session, owner: str
) -> None:
    create_dated_properties(db_session, owner, 3, T0)
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "ORDER BY" in statement:
            captured.append((statement, params))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        properties.list_properties(
            owner, limit=2, after=(T0 + MINUTE, uuid.uuid4()), db=db_session
        )
    finally:
        event.remove(engine, "before_cursor_execute", capture)

    [(statement, params)] = captured
    connection = db_session.connection()
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = connection.exec_driver_sql("EXPLAIN " + statement, params).scalars().all()
    assert "ix_properties_user_created" in "\n".join(plan)
