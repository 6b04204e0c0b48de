"""The properties service on PostgreSQL: deletion with its cascade and its files."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
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
from common.errors import DependencyFailed
from common.services import properties
from common.services.properties import PropertyNotFound
from common.storage import BucketRole, LocalStorage
from tests.factories import attach_related, create_property, create_user, is_stored

pytestmark = pytest.mark.integration


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
    assert not any(is_stored(storage, bucket, key) for bucket, key in related.keys)
    assert db_session.get(Property, sibling.id) is not None
    assert db_session.get(Redesign, kept.redesign_id) is not None
    assert all(is_stored(storage, bucket, key) for bucket, key in kept.keys)


def test_delete_property_of_another_user_is_not_found_and_kept(
    db_session: Session, owner: str, stranger: str, storage: LocalStorage
) -> None:
    theirs = create_property(db_session, stranger)
    related = attach_related(db_session, theirs, storage)

    with pytest.raises(PropertyNotFound):
        properties.delete_property(owner, theirs.id, storage=storage, db=db_session)

    assert db_session.get(Property, theirs.id) is not None
    assert all(is_stored(storage, bucket, key) for bucket, key in related.keys)


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
