"""Validation of a new property (POST /api/properties): each field rule, its error."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from common.api.properties_schemas import PropertyCreate, derived_name
from tests.factories import complete_property_body
from tests.support import validation_errors

CURRENT_YEAR = datetime.now(tz=UTC).year


# --- create: happy paths --------------------------------------------------------------


def test_create_with_every_field_is_valid() -> None:
    created = PropertyCreate.model_validate(complete_property_body())

    assert created.model_dump() == complete_property_body()


def test_create_without_name_derives_it_from_the_address() -> None:
    body = complete_property_body()
    del body["name"]

    assert PropertyCreate.model_validate(body).name == "12 rue Daguerre"


def test_create_with_null_name_derives_it_from_the_address() -> None:
    assert PropertyCreate.model_validate(complete_property_body(name=None)).name == (
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
        complete_property_body(name="  T2  ", city=" Paris ", postal_code=" 75014 ")
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
    assert validation_errors(PropertyCreate, complete_property_body(**overrides)) == [
        expected
    ]


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
    assert validation_errors(
        PropertyCreate, complete_property_body(postal_code=postal_code)
    ) == [(("postal_code",), error_type)]


def test_create_postal_code_as_number_is_refused() -> None:
    assert validation_errors(
        PropertyCreate, complete_property_body(postal_code=75014)
    ) == [(("postal_code",), "string_type")]


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
    assert validation_errors(PropertyCreate, complete_property_body(**overrides)) == [
        expected
    ]


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
    PropertyCreate.model_validate(complete_property_body(**overrides))


def test_create_building_year_beyond_five_years_ahead_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        PropertyCreate.model_validate(
            complete_property_body(building_year=CURRENT_YEAR + 6)
        )

    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == (("building_year",), "less_than_equal")
    assert error["ctx"] == {"le": CURRENT_YEAR + 5}


@pytest.mark.parametrize("field", ["address", "postal_code", "city", "property_type"])
def test_create_missing_required_field_is_refused(field: str) -> None:
    body = complete_property_body()
    del body[field]

    assert validation_errors(PropertyCreate, body) == [((field,), "missing")]


@pytest.mark.parametrize("field", ["address", "postal_code", "city", "property_type"])
def test_create_null_required_field_is_refused(field: str) -> None:
    assert validation_errors(
        PropertyCreate, complete_property_body(**{field: None})
    ) == [((field,), "null_not_allowed")]


def test_create_department_from_the_client_is_refused() -> None:
    assert validation_errors(
        PropertyCreate, complete_property_body(department="75")
    ) == [(("department",), "extra_forbidden")]


def test_create_unknown_field_is_refused() -> None:
    assert validation_errors(PropertyCreate, complete_property_body(price=1)) == [
        (("price",), "extra_forbidden")
    ]
