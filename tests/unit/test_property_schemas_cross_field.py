"""Rules across fields (rooms, floors, coordinates), on a body and on a state."""

from __future__ import annotations

from common.api.properties_schemas import PropertyCreate
from common.services.properties import consistency_issues
from tests.factories import complete_property_body
from tests.support import validation_errors


def test_create_more_bedrooms_than_rooms_is_refused_on_bedrooms() -> None:
    assert validation_errors(
        PropertyCreate, complete_property_body(rooms=2, bedrooms=3)
    ) == [(("bedrooms",), "bedrooms_exceed_rooms")]


def test_create_bedrooms_without_rooms_is_valid() -> None:
    PropertyCreate.model_validate(complete_property_body(rooms=None, bedrooms=3))


def test_create_floor_above_total_floors_is_refused_on_floor() -> None:
    assert validation_errors(
        PropertyCreate, complete_property_body(floor=7, total_floors=6)
    ) == [(("floor",), "floor_above_total_floors")]


def test_create_latitude_without_longitude_is_refused_on_longitude() -> None:
    assert validation_errors(
        PropertyCreate, complete_property_body(longitude=None)
    ) == [(("longitude",), "coordinates_incomplete")]


def test_create_longitude_without_latitude_is_refused_on_latitude() -> None:
    assert validation_errors(PropertyCreate, complete_property_body(latitude=None)) == [
        (("latitude",), "coordinates_incomplete")
    ]


def test_create_reports_every_broken_cross_field_rule() -> None:
    body = complete_property_body(
        rooms=1, bedrooms=2, floor=3, total_floors=1, latitude=None
    )

    assert validation_errors(PropertyCreate, body) == [
        (("bedrooms",), "bedrooms_exceed_rooms"),
        (("floor",), "floor_above_total_floors"),
        (("latitude",), "coordinates_incomplete"),
    ]


# --- cross-field rules on a state -----------------------------------------------------


def test_consistency_issues_of_a_consistent_state_are_none() -> None:
    assert consistency_issues(complete_property_body()) == []


def test_consistency_issues_ignore_unknown_values() -> None:
    assert consistency_issues({"bedrooms": 4, "floor": 9}) == []
