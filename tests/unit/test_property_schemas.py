"""Request validation of /api/properties: each rule and the error type it reports."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from common.api.properties import PropertyOut, price_per_m2
from common.api.properties_schemas import (
    PageQuery,
    PropertyCreate,
    PropertyUpdate,
    decode_cursor,
    derived_name,
    encode_cursor,
)
from common.services.properties import consistency_issues

CURRENT_YEAR = datetime.now(tz=UTC).year


def valid_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
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
        "building_year": 1930,
        "latitude": 48.8339,
        "longitude": 2.3266,
        "notes": "Lumineux, traversant.",
    }
    body.update(overrides)
    return body


def errors(model: type[BaseModel], payload: Any) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(payload)
    return [(error["loc"], error["type"]) for error in raised.value.errors()]


# --- create: happy paths --------------------------------------------------------------


def test_create_with_every_field_is_valid() -> None:
    created = PropertyCreate.model_validate(valid_body())

    assert created.model_dump() == valid_body()


def test_create_without_name_derives_it_from_the_address() -> None:
    body = valid_body()
    del body["name"]

    assert PropertyCreate.model_validate(body).name == "12 rue Daguerre"


def test_create_with_null_name_derives_it_from_the_address() -> None:
    assert PropertyCreate.model_validate(valid_body(name=None)).name == (
        "12 rue Daguerre"
    )


def test_create_with_only_required_fields_leaves_others_unknown() -> None:
    created = PropertyCreate.model_validate(
        {
            "address": "3 place Bellecour",
            "postal_code": "69002",
            "city": "Lyon",
            "property_type": "Maison",
        }
    )

    assert created.name == "3 place Bellecour"
    assert created.asking_price is None
    assert created.latitude is None


def test_derived_name_cuts_a_long_address_at_a_word_boundary() -> None:
    address = "Résidence Les Jardins de la Colline, bâtiment B, " * 5

    name = derived_name(address.strip())

    assert len(name) <= 120
    assert address.startswith(name)
    assert not name.endswith((" ", ","))


def test_create_strips_strings() -> None:
    created = PropertyCreate.model_validate(
        valid_body(name="  T2  ", city=" Paris ", postal_code=" 75014 ")
    )

    assert (created.name, created.city, created.postal_code) == ("T2", "Paris", "75014")


# --- create: one rule, one error type -------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"name": ""}, (("name",), "string_too_short")),
        ({"name": "   "}, (("name",), "string_too_short")),
        ({"name": "x" * 121}, (("name",), "string_too_long")),
        ({"address": "ab"}, (("address",), "string_too_short")),
        ({"address": "x" * 301}, (("address",), "string_too_long")),
        ({"city": ""}, (("city",), "string_too_short")),
        ({"city": "x" * 101}, (("city",), "string_too_long")),
        ({"property_type": "Studio"}, (("property_type",), "literal_error")),
        ({"property_type": "appartement"}, (("property_type",), "literal_error")),
        ({"notes": "x" * 5001}, (("notes",), "string_too_long")),
    ],
)
def test_create_string_rules(
    overrides: dict[str, Any], expected: tuple[tuple[str], str]
) -> None:
    assert errors(PropertyCreate, valid_body(**overrides)) == [expected]


@pytest.mark.parametrize(
    ("postal_code", "error_type"),
    [
        ("7501", "postal_code_invalid"),
        ("75 014", "postal_code_invalid"),
        ("7501A", "postal_code_invalid"),
        ("\uff10\uff10\uff11\uff10\uff10", "postal_code_invalid"),
        ("00100", "postal_code_unknown"),
        ("96100", "postal_code_unknown"),
        ("99000", "postal_code_unknown"),
        ("98000", "postal_code_unsupported"),
        ("98800", "postal_code_unsupported"),
    ],
)
def test_create_postal_code_rules(postal_code: str, error_type: str) -> None:
    assert errors(PropertyCreate, valid_body(postal_code=postal_code)) == [
        (("postal_code",), error_type)
    ]


def test_create_postal_code_as_number_is_refused() -> None:
    assert errors(PropertyCreate, valid_body(postal_code=75014)) == [
        (("postal_code",), "string_type")
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"asking_price": 0}, (("asking_price",), "greater_than")),
        ({"asking_price": -5}, (("asking_price",), "greater_than")),
        ({"asking_price": 100_000_001}, (("asking_price",), "less_than_equal")),
        ({"asking_price": "520000"}, (("asking_price",), "int_type")),
        ({"asking_price": 520_000.5}, (("asking_price",), "int_type")),
        ({"asking_price": True}, (("asking_price",), "int_type")),
        ({"surface_area": 0}, (("surface_area",), "greater_than")),
        ({"surface_area": 10_000.01}, (("surface_area",), "less_than_equal")),
        ({"surface_area": 52.555}, (("surface_area",), "decimal_max_places")),
        ({"surface_area": float("nan")}, (("surface_area",), "finite_number")),
        ({"surface_area": "52"}, (("surface_area",), "float_type")),
        ({"rooms": 0}, (("rooms",), "greater_than_equal")),
        ({"rooms": 51}, (("rooms",), "less_than_equal")),
        ({"bedrooms": -1}, (("bedrooms",), "greater_than_equal")),
        ({"bedrooms": 51, "rooms": 50}, (("bedrooms",), "less_than_equal")),
        ({"floor": -1}, (("floor",), "greater_than_equal")),
        ({"floor": 201, "total_floors": None}, (("floor",), "less_than_equal")),
        ({"total_floors": -1}, (("total_floors",), "greater_than_equal")),
        ({"building_year": 999}, (("building_year",), "greater_than_equal")),
        ({"latitude": 52.5}, (("latitude",), "less_than_equal")),
        ({"latitude": -22.5}, (("latitude",), "greater_than_equal")),
        ({"longitude": 56.5}, (("longitude",), "less_than_equal")),
        ({"longitude": -62.5}, (("longitude",), "greater_than_equal")),
    ],
)
def test_create_number_rules(
    overrides: dict[str, Any], expected: tuple[tuple[str], str]
) -> None:
    assert errors(PropertyCreate, valid_body(**overrides)) == [expected]


@pytest.mark.parametrize(
    "overrides",
    [
        {"asking_price": 100_000_000},
        {"asking_price": 1},
        {"surface_area": 10_000},
        {"surface_area": 52.55},
        {"surface_area": 40},
        {"floor": 0},
        {"floor": 6, "total_floors": 6},
        {"floor": 200, "total_floors": 200},
        {"bedrooms": 0},
        {"bedrooms": 3, "rooms": 3},
        {"building_year": 1000},
        {"building_year": CURRENT_YEAR + 5},
        {"latitude": -20.88, "longitude": 55.45},
        {"latitude": None, "longitude": None},
        {"notes": "x" * 5000},
        {"notes": ""},
    ],
)
def test_create_boundary_values_are_valid(overrides: dict[str, Any]) -> None:
    PropertyCreate.model_validate(valid_body(**overrides))


def test_create_building_year_beyond_five_years_ahead_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        PropertyCreate.model_validate(valid_body(building_year=CURRENT_YEAR + 6))

    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == (("building_year",), "less_than_equal")
    assert error["ctx"] == {"le": CURRENT_YEAR + 5}


def test_create_more_bedrooms_than_rooms_is_refused_on_bedrooms() -> None:
    assert errors(PropertyCreate, valid_body(rooms=2, bedrooms=3)) == [
        (("bedrooms",), "bedrooms_exceed_rooms")
    ]


def test_create_bedrooms_without_rooms_is_valid() -> None:
    PropertyCreate.model_validate(valid_body(rooms=None, bedrooms=3))


def test_create_floor_above_total_floors_is_refused_on_floor() -> None:
    assert errors(PropertyCreate, valid_body(floor=7, total_floors=6)) == [
        (("floor",), "floor_above_total_floors")
    ]


def test_create_latitude_without_longitude_is_refused_on_longitude() -> None:
    assert errors(PropertyCreate, valid_body(longitude=None)) == [
        (("longitude",), "coordinates_incomplete")
    ]


def test_create_longitude_without_latitude_is_refused_on_latitude() -> None:
    assert errors(PropertyCreate, valid_body(latitude=None)) == [
        (("latitude",), "coordinates_incomplete")
    ]


def test_create_reports_every_broken_cross_field_rule() -> None:
    body = valid_body(rooms=1, bedrooms=2, floor=3, total_floors=1, latitude=None)

    assert errors(PropertyCreate, body) == [
        (("bedrooms",), "bedrooms_exceed_rooms"),
        (("floor",), "floor_above_total_floors"),
        (("latitude",), "coordinates_incomplete"),
    ]


@pytest.mark.parametrize("field", ["address", "postal_code", "city", "property_type"])
def test_create_missing_required_field_is_refused(field: str) -> None:
    body = valid_body()
    del body[field]

    assert errors(PropertyCreate, body) == [((field,), "missing")]


@pytest.mark.parametrize("field", ["address", "postal_code", "city", "property_type"])
def test_create_null_required_field_is_refused(field: str) -> None:
    assert errors(PropertyCreate, valid_body(**{field: None})) == [
        ((field,), "null_not_allowed")
    ]


def test_create_department_from_the_client_is_refused() -> None:
    assert errors(PropertyCreate, valid_body(department="75")) == [
        (("department",), "extra_forbidden")
    ]


def test_create_unknown_field_is_refused() -> None:
    assert errors(PropertyCreate, valid_body(price=1)) == [
        (("price",), "extra_forbidden")
    ]


# --- partial update -------------------------------------------------------------------


def test_update_empty_body_is_refused() -> None:
    assert errors(PropertyUpdate, {}) == [((), "empty_update")]


def test_update_changes_hold_only_the_fields_sent() -> None:
    update = PropertyUpdate.model_validate({"asking_price": 499_000, "notes": None})

    assert update.changes() == {"asking_price": 499_000, "notes": None}


@pytest.mark.parametrize(
    "field", ["name", "address", "postal_code", "city", "property_type"]
)
def test_update_required_field_cannot_be_cleared(field: str) -> None:
    assert errors(PropertyUpdate, {field: None}) == [((field,), "null_not_allowed")]


@pytest.mark.parametrize(
    "field",
    [
        "asking_price",
        "surface_area",
        "rooms",
        "bedrooms",
        "floor",
        "total_floors",
        "building_year",
        "latitude",
        "longitude",
        "notes",
    ],
)
def test_update_optional_field_can_be_cleared(field: str) -> None:
    assert PropertyUpdate.model_validate({field: None}).changes() == {field: None}


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"rooms": 0}, (("rooms",), "greater_than_equal")),
        ({"surface_area": 1.234}, (("surface_area",), "decimal_max_places")),
        ({"postal_code": "98000"}, (("postal_code",), "postal_code_unsupported")),
        ({"name": " "}, (("name",), "string_too_short")),
        ({"department": "2A"}, (("department",), "extra_forbidden")),
    ],
)
def test_update_field_rules_still_apply(
    payload: dict[str, Any], expected: tuple[tuple[str], str]
) -> None:
    assert errors(PropertyUpdate, payload) == [expected]


def test_update_leaves_cross_field_rules_to_the_merged_state() -> None:
    assert PropertyUpdate.model_validate({"bedrooms": 9}).changes() == {"bedrooms": 9}


# --- cross-field rules on a state -----------------------------------------------------


def test_consistency_issues_of_a_consistent_state_are_none() -> None:
    assert consistency_issues(valid_body()) == []


def test_consistency_issues_ignore_unknown_values() -> None:
    assert consistency_issues({"bedrooms": 4, "floor": 9}) == []


# --- pagination query -----------------------------------------------------------------


def test_page_query_defaults_to_the_first_twenty() -> None:
    query = PageQuery.model_validate({})

    assert (query.limit, query.cursor, query.after) == (20, None, None)


@pytest.mark.parametrize(
    ("limit", "error_type"),
    [("0", "greater_than_equal"), ("101", "less_than_equal"), ("ten", "int_parsing")],
)
def test_page_query_limit_rules(limit: str, error_type: str) -> None:
    assert errors(PageQuery, {"limit": limit}) == [(("limit",), error_type)]


def test_page_query_cursor_round_trips_to_a_position() -> None:
    created_at = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)
    property_id = uuid.uuid4()

    query = PageQuery.model_validate({"cursor": encode_cursor(created_at, property_id)})

    assert query.after == (created_at, property_id)


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!!",
        encode_cursor(datetime(2025, 1, 1), uuid.uuid4()),  # naive time
        "MjAyNS0wMS0wMXxub3QtYS11dWlk",  # "2025-01-01|not-a-uuid"
        "x" * 201,
    ],
)
def test_page_query_malformed_cursor_is_refused(cursor: str) -> None:
    [(location, error_type)] = errors(PageQuery, {"cursor": cursor})

    assert location == ("cursor",)
    assert error_type in {"cursor_invalid", "string_too_long"}


def test_page_query_empty_cursor_means_first_page() -> None:
    assert PageQuery.model_validate({"cursor": ""}).after is None


def test_page_query_unknown_parameter_is_refused() -> None:
    assert errors(PageQuery, {"page": "2"}) == [(("page",), "extra_forbidden")]


def test_decode_cursor_rejects_non_base64() -> None:
    with pytest.raises(ValueError, match="malformed"):
        decode_cursor("é")


# --- responses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asking_price", "surface_area", "expected"),
    [
        (520_000, 52.5, 9905),
        (100_000, 40, 2500),
        (1005, 2, 503),  # half up, not to even
        (1003, 2, 502),
        (None, 40, None),
        (100_000, None, None),
    ],
)
def test_price_per_m2_rounds_to_whole_euros(
    asking_price: int | None, surface_area: float | None, expected: int | None
) -> None:
    assert price_per_m2(asking_price, surface_area) == expected


def test_property_out_adds_price_per_m2_to_the_row() -> None:
    now = datetime.now(tz=UTC)
    row = SimpleNamespace(
        id=uuid.uuid4(), department="75", created_at=now, updated_at=now, **valid_body()
    )

    dumped = PropertyOut.model_validate(row).model_dump(mode="json")

    assert dumped["price_per_m2"] == 9905
    assert dumped["department"] == "75"
    assert set(dumped) >= {"id", "created_at", "updated_at", *valid_body()}
