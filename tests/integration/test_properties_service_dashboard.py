"""The dashboard queries on PostgreSQL: previews and a constant number of statements."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from common.db.models import Document
from common.services import property_dashboard
from common.storage import LocalStorage
from tests.factories import (
    ATTACHED_AT,
    attach_related,
    create_dated_properties,
    create_property,
    create_user,
)

pytestmark = pytest.mark.integration
MINUTE = timedelta(minutes=1)


def test_dashboard_preview_summarises_synthesis_documents_and_photos(
    db_session: Session, owner: str, storage: LocalStorage
) -> None:
    target = create_property(db_session, owner)
    related = attach_related(db_session, target, storage)
    db_session.add(
        Document(
            property_id=target.id, user_id=owner, filename="dpe.pdf",
            storage_key=f"users/{owner}/properties/{target.id}/documents/x/dpe.pdf",
            status="analyzing",
        )
    )  # fmt: skip
    db_session.flush()

    [item] = property_dashboard.list_properties_with_synthesis(
        owner, storage=storage, db=db_session
    ).items

    preview = item.preview
    assert item.property.id == target.id
    assert (preview.risk_level, preview.synthesis_status) == ("medium", "done")
    assert preview.annual_cost_total == Decimal("3120.50")
    assert preview.one_time_cost_total == Decimal("15000.00")
    assert preview.key_findings == ["constat 0", "constat 1", "constat 2"]
    assert preview.synthesis_generated_at == ATTACHED_AT
    assert (preview.document_count, preview.documents_analyzed) == (2, 1)
    assert preview.redesign_count == 1
    assert preview.promoted_photo is not None
    assert preview.promoted_photo.photo_id == related.photo_id
    assert preview.promoted_photo.redesign_id == related.redesign_id
    assert preview.promoted_photo.url.startswith("http://files.test/_storage/photos/")


def test_dashboard_preview_without_anything_is_empty(
    db_session: Session, owner: str, storage: LocalStorage
) -> None:
    create_property(db_session, owner)

    [item] = property_dashboard.list_properties_with_synthesis(
        owner, storage=storage, db=db_session
    ).items

    assert item.preview == property_dashboard.Preview()


def test_dashboard_promoted_photo_is_the_most_recently_promoted(
    db_session: Session, owner: str, storage: LocalStorage
) -> None:
    target = create_property(db_session, owner)
    attach_related(db_session, target, storage, promoted_at=ATTACHED_AT + MINUTE)
    newer = attach_related(
        db_session,
        target,
        storage,
        promoted_at=ATTACHED_AT + 2 * MINUTE,
        summaries=False,
    )
    attach_related(
        db_session, target, storage, promoted_at=ATTACHED_AT, summaries=False
    )

    [item] = property_dashboard.list_properties_with_synthesis(
        owner, storage=storage, db=db_session
    ).items

    assert item.preview.promoted_photo is not None
    assert item.preview.promoted_photo.redesign_id == newer.redesign_id
    assert item.preview.redesign_count == 3


def _statements_for_dashboard(
    engine: Engine, db: Session, owner: str, storage: LocalStorage, count: int
) -> int:
    for target in create_dated_properties(db, owner, count, ATTACHED_AT):
        attach_related(db, target, storage)
    executed: list[str] = []

    def record(*args: Any) -> None:
        executed.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        page = property_dashboard.list_properties_with_synthesis(
            owner, limit=20, storage=storage, db=db
        )
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(page.items) == count
    assert all(item.preview.promoted_photo for item in page.items)
    return len(executed)


def test_dashboard_query_count_does_not_grow_with_properties(
    engine: Engine, db_session: Session, storage: LocalStorage
) -> None:
    alone, busy = create_user(db_session).id, create_user(db_session).id

    for_one = _statements_for_dashboard(engine, db_session, alone, storage, 1)
    for_fifteen = _statements_for_dashboard(engine, db_session, busy, storage, 15)

    assert for_one == for_fifteen == 3  # page with its total, summary, photos
