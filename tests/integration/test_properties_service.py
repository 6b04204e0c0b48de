"""The properties service against the real PostgreSQL: ownership, keyset pagination,
partial updates, deletion with its cascade and files, and the dashboard queries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from common.db import session_scope
from common.db.models import (
    Document,
    Photo,
    PriceAnalysis,
    Property,
    Redesign,
    Synthesis,
)
from common.errors import DependencyFailed, InvalidInput, NotFound
from common.services import properties, property_dashboard
from common.services.properties import PropertyNotFound
from common.storage import BucketRole, LocalStorage
from tests.factories import create_property, create_user, property_fields

pytestmark = pytest.mark.integration
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "objects", b"k" * 32, "http://files.test", 900)


@pytest.fixture
def owner(db_session: Session) -> str:
    return create_user(db_session).id


@pytest.fixture
def stranger(db_session: Session) -> str:
    return create_user(db_session).id


def _fields(**overrides: Any) -> dict[str, Any]:
    fields = property_fields(**overrides)
    del fields["department"]
    return fields


def _dated(db: Session, user_id: str, count: int, start: datetime) -> list[Property]:
    return [
        create_property(db, user_id, name=f"Bien {n}", created_at=start + n * MINUTE)
        for n in range(count)
    ]


def stored(storage: LocalStorage, bucket: BucketRole, key: str) -> bool:
    try:
        storage.download_bytes(bucket, key)
    except NotFound:
        return False
    return True


@dataclass(frozen=True)
class Related:
    """Rows and files attached to one property."""

    document_id: uuid.UUID
    photo_id: uuid.UUID
    redesign_id: uuid.UUID
    keys: list[tuple[BucketRole, str]]


def attach_related(
    db: Session,
    target: Property,
    storage: LocalStorage,
    *,
    promoted_at: datetime = T0,
    summaries: bool = True,
) -> Related:
    """A document, a photo with a promoted redesign, a synthesis, a price analysis."""
    prefix = f"users/{target.user_id}/properties/{target.id}"
    document = Document(
        property_id=target.id, user_id=target.user_id, filename="pv.pdf",
        storage_key=f"{prefix}/documents/{uuid.uuid4()}/pv.pdf", status="analyzed",
    )  # fmt: skip
    photo = Photo(
        property_id=target.id, user_id=target.user_id, filename="salon.jpg",
        storage_key=f"{prefix}/photos/{uuid.uuid4()}/salon.jpg", status="uploaded",
    )  # fmt: skip
    db.add_all([document, photo])
    db.flush()
    redesign = Redesign(
        photo_id=photo.id, user_id=target.user_id, prompt="scandinave", status="done",
        storage_key=f"{prefix}/photos/{photo.id}/redesigns/{uuid.uuid4()}.png",
    )  # fmt: skip
    db.add(redesign)
    db.flush()
    photo.promoted_redesign_id, photo.promoted_at = redesign.id, promoted_at
    if summaries:
        db.add(
            Synthesis(
                property_id=target.id, user_id=target.user_id, status="done",
                risk_level="medium", annual_cost_total=Decimal("3120.50"),
                one_time_cost_total=Decimal("15000.00"),
                key_findings=[f"constat {n}" for n in range(5)],
                document_count=1, generated_at=T0,
            )
        )  # fmt: skip
        db.add(PriceAnalysis(property_id=target.id, user_id=target.user_id))
    db.flush()
    keys: list[tuple[BucketRole, str]] = [
        ("documents", document.storage_key),
        ("photos", photo.storage_key),
        ("photos", redesign.storage_key or ""),
    ]
    for bucket, key in keys:
        storage.upload_bytes(bucket, key, b"content", "application/octet-stream")
    return Related(document.id, photo.id, redesign.id, keys)


# --- create and read ------------------------------------------------------------------


def test_create_property_derives_the_department(
    db_session: Session, owner: str
) -> None:
    created = properties.create_property(
        owner, _fields(postal_code="20000", city="Ajaccio"), db=db_session
    )

    stored = db_session.get(Property, created.id)
    assert stored is not None
    assert (stored.department, stored.user_id) == ("2A", owner)
    assert stored.created_at == stored.updated_at


def test_create_property_inconsistent_fields_is_invalid(
    db_session: Session, owner: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        properties.create_property(owner, _fields(rooms=2, bedrooms=3), db=db_session)

    assert raised.value.details["errors"] == [
        {"loc": ["body", "bedrooms"], "type": "bedrooms_exceed_rooms"}
    ]


def test_create_property_unknown_postal_code_is_invalid(
    db_session: Session, owner: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        properties.create_property(owner, _fields(postal_code="00100"), db=db_session)

    assert raised.value.details["errors"] == [
        {"loc": ["body", "postal_code"], "type": "postal_code_unknown"}
    ]


def test_get_property_of_owner_returns_it(db_session: Session, owner: str) -> None:
    mine = create_property(db_session, owner)

    assert properties.get_property(owner, mine.id, db=db_session).id == mine.id


def test_get_property_of_another_user_is_not_found(
    db_session: Session, owner: str, stranger: str
) -> None:
    theirs = create_property(db_session, stranger)

    with pytest.raises(PropertyNotFound) as raised:
        properties.get_property(owner, theirs.id, db=db_session)

    assert (raised.value.status, raised.value.code) == (404, "property_not_found")


def test_get_property_unknown_id_is_not_found(db_session: Session, owner: str) -> None:
    with pytest.raises(PropertyNotFound):
        properties.get_property(owner, uuid.uuid4(), db=db_session)


# --- keyset pagination ----------------------------------------------------------------


def test_list_properties_is_newest_first_and_only_the_owners(
    db_session: Session, owner: str, stranger: str
) -> None:
    mine = _dated(db_session, owner, 3, T0)
    _dated(db_session, stranger, 2, T0)

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
    created = _dated(db_session, owner, 7, T0)
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
    _dated(db_session, owner, 3, T0)

    page = properties.list_properties(owner, limit=3, db=db_session)

    assert (len(page.items), page.has_more) == (3, False)


def test_list_properties_cursor_is_stable_when_rows_are_inserted(
    db_session: Session, owner: str
) -> None:
    # given a first page of the 6 existing properties
    existing = _dated(db_session, owner, 6, T0)
    first = properties.list_properties(owner, limit=3, db=db_session)
    after = (first.items[-1].created_at, first.items[-1].id)
    # when new properties arrive before the next page is read
    properties.create_property(owner, _fields(name="Nouveau 1"), db=db_session)
    properties.create_property(owner, _fields(name="Nouveau 2"), db=db_session)
    second = properties.list_properties(owner, limit=3, after=after, db=db_session)

    # then the next page continues exactly where the first stopped
    assert [p.id for p in second.items] == [p.id for p in reversed(existing[:3])]
    assert (second.total, second.has_more) == (8, False)


def test_list_properties_page_query_uses_the_user_created_index(
    engine: Engine, db_session: Session, owner: str
) -> None:
    _dated(db_session, owner, 3, T0)
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


# --- partial update -------------------------------------------------------------------


def test_update_property_changes_only_the_fields_sent(
    db_session: Session, owner: str
) -> None:
    mine = create_property(db_session, owner, created_at=T0, updated_at=T0)
    before = {name: getattr(mine, name) for name in properties.EDITABLE_FIELDS}

    updated = properties.update_property(
        owner, mine.id, {"asking_price": 499_000}, db=db_session
    )

    after = {name: getattr(updated, name) for name in properties.EDITABLE_FIELDS}
    assert after == before | {"asking_price": 499_000}
    assert updated.updated_at > T0


def test_update_property_null_clears_an_optional_field(
    db_session: Session, owner: str
) -> None:
    mine = create_property(db_session, owner, notes="Cave", surface_area=40.0)

    updated = properties.update_property(
        owner, mine.id, {"notes": None, "surface_area": None}, db=db_session
    )

    assert (updated.notes, updated.surface_area) == (None, None)


def test_update_property_postal_code_rederives_the_department(
    db_session: Session, owner: str
) -> None:
    mine = create_property(db_session, owner)

    updated = properties.update_property(
        owner, mine.id, {"postal_code": "20200", "city": "Bastia"}, db=db_session
    )

    assert (updated.postal_code, updated.department) == ("20200", "2B")


@pytest.mark.parametrize(
    ("stored", "changes", "error"),
    [
        ({"rooms": 3}, {"bedrooms": 4}, ("bedrooms", "bedrooms_exceed_rooms")),
        ({"bedrooms": 2}, {"rooms": 1}, ("bedrooms", "bedrooms_exceed_rooms")),
        ({"total_floors": 6}, {"floor": 7}, ("floor", "floor_above_total_floors")),
        ({"floor": 4}, {"total_floors": 3}, ("floor", "floor_above_total_floors")),
        ({"latitude": 48.8, "longitude": 2.3}, {"latitude": None}, ("latitude",
         "coordinates_incomplete")),
        ({}, {"latitude": 48.8}, ("longitude", "coordinates_incomplete")),
    ],
)  # fmt: skip
def test_update_property_checks_rules_on_the_merged_state(
    db_session: Session,
    owner: str,
    stored: dict[str, Any],
    changes: dict[str, Any],
    error: tuple[str, str],
) -> None:
    mine = create_property(db_session, owner, **stored)

    with pytest.raises(InvalidInput) as raised:
        properties.update_property(owner, mine.id, changes, db=db_session)

    field, kind = error
    assert raised.value.details["errors"] == [{"loc": ["body", field], "type": kind}]


def test_update_property_clearing_both_coordinates_is_valid(
    db_session: Session, owner: str
) -> None:
    mine = create_property(db_session, owner, latitude=48.8, longitude=2.3)

    updated = properties.update_property(
        owner, mine.id, {"latitude": None, "longitude": None}, db=db_session
    )

    assert (updated.latitude, updated.longitude) == (None, None)


def test_update_property_empty_changes_is_invalid(
    db_session: Session, owner: str
) -> None:
    mine = create_property(db_session, owner)

    with pytest.raises(InvalidInput) as raised:
        properties.update_property(owner, mine.id, {}, db=db_session)

    assert raised.value.details["errors"] == [{"loc": ["body"], "type": "empty_update"}]


def test_update_property_of_another_user_is_not_found_and_unchanged(
    db_session: Session, owner: str, stranger: str
) -> None:
    theirs = create_property(db_session, stranger, asking_price=300_000)

    with pytest.raises(PropertyNotFound):
        properties.update_property(owner, theirs.id, {"asking_price": 1}, db=db_session)

    db_session.refresh(theirs)
    assert theirs.asking_price == 300_000


# --- delete ---------------------------------------------------------------------------


def _count(db: Session, model: Any, property_id: uuid.UUID) -> int:
    statement = select(func.count()).where(model.property_id == property_id)
    return db.scalar(statement) or 0


def test_delete_property_removes_files_rows_and_cascade(
    db_session: Session, owner: str, storage: LocalStorage
) -> None:
    # given a property with everything attached, and a sibling of the same user
    doomed, sibling = (
        create_property(db_session, owner),
        create_property(db_session, owner),
    )
    related = attach_related(db_session, doomed, storage)
    kept = attach_related(db_session, sibling, storage)
    # when
    properties.delete_property(owner, doomed.id, storage=storage, db=db_session)

    # then
    db_session.expire_all()
    assert db_session.get(Property, doomed.id) is None
    for model in (Document, Photo, Synthesis, PriceAnalysis):
        assert _count(db_session, model, doomed.id) == 0
    assert db_session.get(Redesign, related.redesign_id) is None
    assert not any(stored(storage, bucket, key) for bucket, key in related.keys)
    assert db_session.get(Property, sibling.id) is not None
    assert db_session.get(Redesign, kept.redesign_id) is not None
    assert all(stored(storage, bucket, key) for bucket, key in kept.keys)


def test_delete_property_of_another_user_is_not_found_and_kept(
    db_session: Session, owner: str, stranger: str, storage: LocalStorage
) -> None:
    theirs = create_property(db_session, stranger)
    related = attach_related(db_session, theirs, storage)

    with pytest.raises(PropertyNotFound):
        properties.delete_property(owner, theirs.id, storage=storage, db=db_session)

    assert db_session.get(Property, theirs.id) is not None
    assert all(stored(storage, bucket, key) for bucket, key in related.keys)


class BrokenStorage(LocalStorage):
    """Local storage whose deletions fail as an unreachable disk or bucket would."""

    def delete_prefix(self, bucket: BucketRole, prefix: str) -> int:
        raise OSError("storage is unreachable")


@pytest.fixture
def committed_owner(clean_db: Engine) -> str:
    with session_scope() as db:
        return create_user(db).id


def test_delete_property_storage_failure_deletes_nothing(
    committed_owner: str, tmp_path: Path
) -> None:
    # given a committed property with its synthesis
    with session_scope() as db:
        target = create_property(db, committed_owner)
        db.add(Synthesis(property_id=target.id, user_id=committed_owner))
    broken = BrokenStorage(tmp_path, b"k" * 32, "http://files.test", 900)

    # when storage fails, the service reports a retryable error
    with pytest.raises(DependencyFailed):
        properties.delete_property(committed_owner, target.id, storage=broken)

    # then the row and its cascade are still there for a retry
    with session_scope() as db:
        assert db.get(Property, target.id) is not None
        assert _count(db, Synthesis, target.id) == 1


# --- dashboard ------------------------------------------------------------------------


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
    assert preview.synthesis_generated_at == T0
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
    attach_related(db_session, target, storage, promoted_at=T0 + MINUTE)
    newer = attach_related(
        db_session, target, storage, promoted_at=T0 + 2 * MINUTE, summaries=False
    )
    attach_related(db_session, target, storage, promoted_at=T0, summaries=False)

    [item] = property_dashboard.list_properties_with_synthesis(
        owner, storage=storage, db=db_session
    ).items

    assert item.preview.promoted_photo is not None
    assert item.preview.promoted_photo.redesign_id == newer.redesign_id
    assert item.preview.redesign_count == 3


def _statements_for_dashboard(
    engine: Engine, db: Session, owner: str, storage: LocalStorage, count: int
) -> int:
    for target in _dated(db, owner, count, T0):
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
