"""The properties service on PostgreSQL: partial updates checked on the merged state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from common.errors import InvalidInput
from common.services import properties
from common.services.properties import PropertyNotFound
from tests.factories import create_property

pytestmark = pytest.mark.integration
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


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
