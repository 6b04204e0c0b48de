"""PATCH /api/properties/{id} through functions-framework."""

from __future__ import annotations

from typing import Any

import pytest

from common.db import session_scope
from common.db.models import Property
from tests import factories
from tests.factories import property_body, saved_property_id
from tests.support import api_error

pytestmark = pytest.mark.e2e

BODY = property_body()


def test_patch_changes_only_the_fields_sent(
    properties_client: Any, user: factories.TestUser
) -> None:
    created = properties_client.post("/api/properties", json=BODY, headers=user.headers)
    before = created.get_json()

    response = properties_client.patch(
        f"/api/properties/{before['id']}",
        json={"asking_price": 499_000},
        headers=user.headers,
    )

    assert response.status_code == 200
    after = response.get_json()
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"asking_price", "price_per_m2", "updated_at"}
    assert (after["asking_price"], after["price_per_m2"]) == (499_000, 9505)


def test_patch_null_clears_an_optional_field(
    properties_client: Any, user: factories.TestUser
) -> None:
    mine = saved_property_id(user, notes="Cave et parking", surface_area=40.0)

    response = properties_client.patch(
        f"/api/properties/{mine}",
        json={"notes": None, "surface_area": None},
        headers=user.headers,
    )

    body = response.get_json()
    assert (body["notes"], body["surface_area"], body["price_per_m2"]) == (
        None,
        None,
        None,
    )


def test_patch_postal_code_rederives_the_department(
    properties_client: Any, user: factories.TestUser
) -> None:
    mine = saved_property_id(user)

    response = properties_client.patch(
        f"/api/properties/{mine}", json={"postal_code": "97150"}, headers=user.headers
    )

    assert response.get_json()["department"] == "978"


@pytest.mark.parametrize(
    ("payload", "loc", "error_type"),
    [
        ({}, ["body"], "empty_update"),
        ({"name": None}, ["body", "name"], "null_not_allowed"),
        ({"city": None}, ["body", "city"], "null_not_allowed"),
        ({"bedrooms": 4}, ["body", "bedrooms"], "bedrooms_exceed_rooms"),
        ({"total_floors": 1}, ["body", "floor"], "floor_above_total_floors"),
        ({"department": "2A"}, ["body", "department"], "extra_forbidden"),
        ({"rooms": 51}, ["body", "rooms"], "less_than_equal"),
    ],
)
def test_patch_invalid_is_400_with_its_location(
    properties_client: Any,
    user: factories.TestUser,
    payload: dict[str, Any],
    loc: list[str],
    error_type: str,
) -> None:
    mine = saved_property_id(user, rooms=3, floor=2)

    response = properties_client.patch(
        f"/api/properties/{mine}", json=payload, headers=user.headers
    )

    assert api_error(response) == (
        400,
        "invalid_input",
        [{"loc": loc, "type": error_type}],
    )


def test_patch_without_body_is_400(
    properties_client: Any, user: factories.TestUser
) -> None:
    mine = saved_property_id(user)

    response = properties_client.patch(f"/api/properties/{mine}", headers=user.headers)

    assert api_error(response)[2] == [{"loc": ["body"], "type": "empty_update"}]


def test_patch_another_users_property_is_404_and_unchanged(
    properties_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = saved_property_id(stranger, asking_price=300_000)

    response = properties_client.patch(
        f"/api/properties/{theirs}", json={"asking_price": 1}, headers=user.headers
    )

    assert api_error(response)[:2] == (404, "property_not_found")
    with session_scope() as db:
        stored = db.get(Property, theirs)
        assert stored is not None and stored.asking_price == 300_000
