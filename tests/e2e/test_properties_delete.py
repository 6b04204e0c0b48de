"""DELETE /api/properties/{id}: the row, what is attached and its files."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from common.db import session_scope
from common.db.models import Document, Photo, PriceAnalysis, Property, Synthesis
from common.storage import LocalStorage, get_storage
from tests import factories
from tests.factories import (
    attach_related,
    create_property,
    is_stored,
    saved_property_id,
)
from tests.support import api_error

pytestmark = pytest.mark.e2e


def _local_storage() -> LocalStorage:
    storage = get_storage()
    assert isinstance(storage, LocalStorage)
    return storage


def _rows(model: Any, property_id: uuid.UUID) -> int:
    with session_scope() as db:
        statement = select(func.count()).where(model.property_id == property_id)
        return db.scalar(statement) or 0


def test_delete_removes_files_and_everything_attached(
    properties_client: Any, user: factories.TestUser
) -> None:
    # given two properties of the user, each with documents, photos and files
    storage = _local_storage()
    with session_scope() as db:
        doomed = create_property(db, user.id)
        sibling = create_property(db, user.id)
        gone = attach_related(db, doomed, storage)
        kept = attach_related(db, sibling, storage)

    url = f"/api/properties/{doomed.id}"

    # when
    response = properties_client.delete(url, headers=user.headers)

    # then
    assert (response.status_code, response.data) == (204, b"")
    assert properties_client.get(url, headers=user.headers).status_code == 404
    for model in (Document, Photo, Synthesis, PriceAnalysis):
        assert _rows(model, doomed.id) == 0
        assert _rows(model, sibling.id) == 1
    assert not any(is_stored(storage, bucket, key) for bucket, key in gone.keys)
    assert all(is_stored(storage, bucket, key) for bucket, key in kept.keys)


def test_delete_another_users_property_is_404_and_kept(
    properties_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = saved_property_id(stranger)

    response = properties_client.delete(
        f"/api/properties/{theirs}", headers=user.headers
    )

    assert api_error(response)[:2] == (404, "property_not_found")
    with session_scope() as db:
        assert db.get(Property, theirs) is not None


def test_delete_twice_is_404_the_second_time(
    properties_client: Any, user: factories.TestUser
) -> None:
    mine = saved_property_id(user)

    first = properties_client.delete(f"/api/properties/{mine}", headers=user.headers)
    second = properties_client.delete(f"/api/properties/{mine}", headers=user.headers)

    assert (first.status_code, second.status_code) == (204, 404)
