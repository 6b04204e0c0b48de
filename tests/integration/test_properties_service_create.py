"""The properties service on PostgreSQL: creating and reading, with ownership."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session

from common.db.models import Property
from common.errors import InvalidInput
from common.services import properties
from common.services.properties import PropertyNotFound
from tests.factories import create_property, property_input

pytestmark = pytest.mark.integration


def test_create_property_derives_the_department(
    db_session: Session, owner: str
) -> None:
    created = properties.create_property(
        owner, property_input(postal_code="20000", city="Ajaccio"), db=db_session
    )

    stored = db_session.get(Property, created.id)
    assert stored is not None
    assert (stored.department, stored.user_id) == ("2A", owner)
    assert stored.created_at == stored.updated_at


def test_create_property_inconsistent_fields_is_invalid(
    db_session: Session, owner: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        properties.create_property(
            owner, property_input(rooms=2, bedrooms=3), db=db_session
        )

    assert raised.value.details["errors"] == [
        {"loc": ["body", "bedrooms"], "type": "bedrooms_exceed_rooms"}
    ]


def test_create_property_unknown_postal_code_is_invalid(
    db_session: Session, owner: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        properties.create_property(
            owner, property_input(postal_code="00100"), db=db_session
        )

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
