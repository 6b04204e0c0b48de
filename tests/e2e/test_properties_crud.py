"""POST, GET, PATCH and DELETE /api/properties through functions-framework."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from common.db import session_scope
from common.db.models import Document, Photo, PriceAnalysis, Property, Synthesis
from common.errors import NotFound
from common.storage import LocalStorage, get_storage
from tests import factories
from tests.factories import create_property, create_user
from tests.integration.test_properties_service import attach_related
from tests.support import function_client

pytestmark = pytest.mark.e2e

BODY: dict[str, Any] = {
    "name": "T3 rue Daguerre",
    "address": "12 rue Daguerre",
    "postal_code": "75014",
    "city": "Paris",
    "property_type": "Appartement",
    "asking_price": 520_000,
    "surface_area": 52.5,
    "rooms": 3,
    "bedrooms": 2,
    "floor": 2,
    "total_floors": 6,
}


@pytest.fixture
def client(clean_db: Engine, redis_flushed: Any) -> Any:
    return function_client("properties", "properties_http")


@pytest.fixture
def user(clean_db: Engine) -> factories.TestUser:
    with session_scope() as db:
        return create_user(db)


@pytest.fixture
def stranger(clean_db: Engine) -> factories.TestUser:
    with session_scope() as db:
        return create_user(db)


def _property(owner: factories.TestUser, **overrides: Any) -> uuid.UUID:
    with session_scope() as db:
        return create_property(db, owner.id, **overrides).id


def _url(property_id: uuid.UUID | str) -> str:
    return f"/api/properties/{property_id}"


def _error(response: Any) -> tuple[int, str, list[dict[str, Any]]]:
    error = response.get_json()["error"]
    return response.status_code, error["code"], error["details"].get("errors", [])


# --- POST ---------------------------------------------------------------------------


def test_create_valid_body_returns_201_with_the_property(
    client: Any, user: factories.TestUser
) -> None:
    response = client.post("/api/properties", json=BODY, headers=user.headers)

    assert response.status_code == 201
    created = response.get_json()
    assert {key: created[key] for key in BODY} == BODY
    assert created["department"] == "75"
    assert created["price_per_m2"] == 9905
    assert created["notes"] is None and created["latitude"] is None
    assert created["created_at"] == created["updated_at"]
    fetched = client.get(_url(created["id"]), headers=user.headers).get_json()
    assert fetched == created


@pytest.mark.parametrize(
    ("postal_code", "department"),
    [("20000", "2A"), ("20620", "2B"), ("97133", "977"), ("97400", "974")],
)
def test_create_derives_the_department(
    client: Any, user: factories.TestUser, postal_code: str, department: str
) -> None:
    body = BODY | {"postal_code": postal_code}

    response = client.post("/api/properties", json=body, headers=user.headers)

    assert response.get_json()["department"] == department


def test_create_without_name_uses_the_address(
    client: Any, user: factories.TestUser
) -> None:
    body = {key: value for key, value in BODY.items() if key != "name"}

    response = client.post("/api/properties", json=body, headers=user.headers)

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
    client: Any,
    user: factories.TestUser,
    overrides: dict[str, Any],
    loc: list[str],
    error_type: str,
) -> None:
    response = client.post(
        "/api/properties", json=BODY | overrides, headers=user.headers
    )

    assert _error(response) == (
        400,
        "invalid_input",
        [{"loc": loc, "type": error_type}],
    )


def test_create_missing_required_fields_lists_each(
    client: Any, user: factories.TestUser
) -> None:
    response = client.post("/api/properties", json={"name": "x"}, headers=user.headers)

    status, code, errors = _error(response)
    assert (status, code) == (400, "invalid_input")
    assert sorted(error["loc"][1] for error in errors) == [
        "address",
        "city",
        "postal_code",
        "property_type",
    ]


def test_create_nothing_is_stored_on_validation_error(
    client: Any, user: factories.TestUser
) -> None:
    client.post("/api/properties", json=BODY | {"rooms": 0}, headers=user.headers)

    with session_scope() as db:
        assert db.scalar(select(func.count()).select_from(Property)) == 0


# --- GET one ------------------------------------------------------------------------


def test_get_another_users_property_is_404(
    client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = _property(stranger)

    response = client.get(_url(theirs), headers=user.headers)

    assert _error(response)[:2] == (404, "property_not_found")


def test_get_unknown_property_is_404(client: Any, user: factories.TestUser) -> None:
    response = client.get(_url(uuid.uuid4()), headers=user.headers)

    assert _error(response)[:2] == (404, "property_not_found")


def test_get_malformed_id_is_404(client: Any, user: factories.TestUser) -> None:
    response = client.get(_url("not-a-uuid"), headers=user.headers)

    assert response.status_code == 404


# --- PATCH --------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(
    client: Any, user: factories.TestUser
) -> None:
    created = client.post("/api/properties", json=BODY, headers=user.headers)
    before = created.get_json()

    response = client.patch(
        _url(before["id"]), json={"asking_price": 499_000}, headers=user.headers
    )

    assert response.status_code == 200
    after = response.get_json()
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"asking_price", "price_per_m2", "updated_at"}
    assert (after["asking_price"], after["price_per_m2"]) == (499_000, 9505)


def test_patch_null_clears_an_optional_field(
    client: Any, user: factories.TestUser
) -> None:
    mine = _property(user, notes="Cave et parking", surface_area=40.0)

    response = client.patch(
        _url(mine), json={"notes": None, "surface_area": None}, headers=user.headers
    )

    body = response.get_json()
    assert (body["notes"], body["surface_area"], body["price_per_m2"]) == (
        None,
        None,
        None,
    )


def test_patch_postal_code_rederives_the_department(
    client: Any, user: factories.TestUser
) -> None:
    mine = _property(user)

    response = client.patch(
        _url(mine), json={"postal_code": "97150"}, headers=user.headers
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
    client: Any,
    user: factories.TestUser,
    payload: dict[str, Any],
    loc: list[str],
    error_type: str,
) -> None:
    mine = _property(user, rooms=3, floor=2)

    response = client.patch(_url(mine), json=payload, headers=user.headers)

    assert _error(response) == (
        400,
        "invalid_input",
        [{"loc": loc, "type": error_type}],
    )


def test_patch_without_body_is_400(client: Any, user: factories.TestUser) -> None:
    mine = _property(user)

    response = client.patch(_url(mine), headers=user.headers)

    assert _error(response)[2] == [{"loc": ["body"], "type": "empty_update"}]


def test_patch_another_users_property_is_404_and_unchanged(
    client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = _property(stranger, asking_price=300_000)

    response = client.patch(
        _url(theirs), json={"asking_price": 1}, headers=user.headers
    )

    assert _error(response)[:2] == (404, "property_not_found")
    with session_scope() as db:
        stored = db.get(Property, theirs)
        assert stored is not None and stored.asking_price == 300_000


# --- DELETE -------------------------------------------------------------------------


def _local_storage() -> LocalStorage:
    storage = get_storage()
    assert isinstance(storage, LocalStorage)
    return storage


def _exists(storage: LocalStorage, bucket: Any, key: str) -> bool:
    try:
        storage.download_bytes(bucket, key)
    except NotFound:
        return False
    return True


def _rows(model: Any, property_id: uuid.UUID) -> int:
    with session_scope() as db:
        statement = select(func.count()).where(model.property_id == property_id)
        return db.scalar(statement) or 0


def test_delete_removes_files_and_everything_attached(
    client: Any, user: factories.TestUser
) -> None:
    # given two properties of the user, each with documents, photos and files
    storage = _local_storage()
    with session_scope() as db:
        doomed = create_property(db, user.id)
        sibling = create_property(db, user.id)
        gone = attach_related(db, doomed, storage)
        kept = attach_related(db, sibling, storage)

    # when
    response = client.delete(_url(doomed.id), headers=user.headers)

    # then
    assert (response.status_code, response.data) == (204, b"")
    assert client.get(_url(doomed.id), headers=user.headers).status_code == 404
    for model in (Document, Photo, Synthesis, PriceAnalysis):
        assert _rows(model, doomed.id) == 0
        assert _rows(model, sibling.id) == 1
    assert not any(_exists(storage, bucket, key) for bucket, key in gone.keys)
    assert all(_exists(storage, bucket, key) for bucket, key in kept.keys)


def test_delete_another_users_property_is_404_and_kept(
    client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = _property(stranger)

    response = client.delete(_url(theirs), headers=user.headers)

    assert _error(response)[:2] == (404, "property_not_found")
    with session_scope() as db:
        assert db.get(Property, theirs) is not None


def test_delete_twice_is_404_the_second_time(
    client: Any, user: factories.TestUser
) -> None:
    mine = _property(user)

    first = client.delete(_url(mine), headers=user.headers)
    second = client.delete(_url(mine), headers=user.headers)

    assert (first.status_code, second.status_code) == (204, 404)
