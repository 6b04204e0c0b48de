"""POST and GET /api/properties/{id} through functions-framework."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from common.db import session_scope
from common.db.models import Property
from tests import factories
from tests.factories import property_body, saved_property_id
from tests.support import api_error

pytestmark = pytest.mark.e2e

BODY = property_body()


# --- POST ---------------------------------------------------------------------------


def test_create_valid_body_returns_201_with_the_property(
    properties_client: Any, user: factories.TestUser
) -> None:
    response = properties_client.post(
        "/api/properties", json=BODY, headers=user.headers
    )

    assert response.status_code == 201
    created = response.get_json()
    assert {key: created[key] for key in BODY} == BODY
    assert created["department"] == "75"
    assert created["price_per_m2"] == 9905
    assert created["notes"] is None and created["latitude"] is None
    assert created["created_at"] == created["updated_at"]
    fetched = properties_client.get(
        f"/api/properties/{created['id']}", headers=user.headers
    ).get_json()
    assert fetched == created


@pytest.mark.parametrize(
    ("postal_code", "department"),
    [("20000", "2A"), ("20620", "2B"), ("97133", "977"), ("97400", "974")],
)
def test_create_derives_the_department(
    properties_client: Any, user: factories.TestUser, postal_code: str, department: str
) -> None:
    body = BODY | {"postal_code": postal_code}

    response = properties_client.post(
        "/api/properties", json=body, headers=user.headers
    )

    assert response.get_json()["department"] == department


def test_create_without_name_uses_the_address(
    properties_client: Any, user: factories.TestUser
) -> None:
    body = {key: value for key, value in BODY.items() if key != "name"}

    response = properties_client.post(
        "/api/properties", json=body, headers=user.headers
    )

    assert response.get_json()["name"] == "12 rue Daguerre"


@pytest.mark.parametrize(
    ("overrides", "loc", "error_type"),
    [
        ({"bedrooms": 4}, ["body", "bedrooms"], "bedrooms_exceed_rooms"),
        ({"floor": 7}, ["body", "floor"], "floor_above_total_floors"),
        ({"postal_code": "98000"}, ["body", "postal_code"], "postal_code_unsupported"),
        ({"postal_code": "7501"}, ["body", "postal_code"], "postal_code_invalid"),
        ({"department": "75"}, ["body", "department"], "extra_forbidden"),
        ({"asking_price": 0}, ["body", "asking_price"], "greater_than"),
        ({"surface_area": 52.555}, ["body", "surface_area"], "decimal_max_places"),
        ({"property_type": "Loft"}, ["body", "property_type"], "literal_error"),
        ({"latitude": 48.8}, ["body", "longitude"], "coordinates_incomplete"),
    ],
)
def test_create_invalid_field_is_400_with_its_location(
    properties_client: Any,
    user: factories.TestUser,
    overrides: dict[str, Any],
    loc: list[str],
    error_type: str,
) -> None:
    response = properties_client.post(
        "/api/properties", json=BODY | overrides, headers=user.headers
    )

    assert api_error(response) == (
        400,
        "invalid_input",
        [{"loc": loc, "type": error_type}],
    )


def test_create_missing_required_fields_lists_each(
    properties_client: Any, user: factories.TestUser
) -> None:
    response = properties_client.post(
        "/api/properties", json={"name": "x"}, headers=user.headers
    )

    status, code, errors = api_error(response)
    assert (status, code) == (400, "invalid_input")
    assert sorted(error["loc"][1] for error in errors) == [
        "address",
        "city",
        "postal_code",
        "property_type",
    ]


def test_create_nothing_is_stored_on_validation_error(
    properties_client: Any, user: factories.TestUser
) -> None:
    properties_client.post(
        "/api/properties", json=BODY | {"rooms": 0}, headers=user.headers
    )

    with session_scope() as db:
        assert db.scalar(select(func.count()).select_from(Property)) == 0


# --- GET one ------------------------------------------------------------------------


def test_get_another_users_property_is_404(
    properties_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = saved_property_id(stranger)

    response = properties_client.get(f"/api/properties/{theirs}", headers=user.headers)

    assert api_error(response)[:2] == (404, "property_not_found")


def test_get_unknown_property_is_404(
    properties_client: Any, user: factories.TestUser
) -> None:
    response = properties_client.get(
        f"/api/properties/{uuid.uuid4()}", headers=user.headers
    )

    assert api_error(response)[:2] == (404, "property_not_found")


def test_get_malformed_id_is_404(
    properties_client: Any, user: factories.TestUser
) -> None:
    response = properties_client.get("/api/properties/not-a-uuid", headers=user.headers)

    assert response.status_code == 404
