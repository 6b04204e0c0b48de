"""Validation of a partial update (PATCH /api/properties/{id})."""

from __future__ import annotations

from typing import Any

import pytest

from common.api.properties_schemas import PropertyUpdate
from tests.support import validation_errors


def test_update_empty_body_is_refused() -> None:
    assert validation_errors(PropertyUpdate, {}) == [((), "empty_update")]


def test_update_changes_hold_only_the_fields_sent() -> None:
    update = PropertyUpdate.model_validate({"asking_price": 499_000, "notes": None})

    assert update.changes() == {"asking_price": 499_000, "notes": None}


@pytest.mark.parametrize(
    "field", ["name", "address", "postal_code", "city", "property_type"]
)
def test_update_required_field_cannot_be_cleared(field: str) -> None:
    assert validation_errors(PropertyUpdate, {field: None}) == [
        ((field,), "null_not_allowed")
    ]


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
    assert validation_errors(PropertyUpdate, payload) == [expected]


def test_update_leaves_cross_field_rules_to_the_merged_state() -> None:
    assert PropertyUpdate.model_validate({"bedrooms": 9}).changes() == {"bedrooms": 9}
