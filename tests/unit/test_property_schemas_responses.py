"""Property responses: the price per square metre added to each row."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from common.api.properties import PropertyOut, price_per_m2
from tests.factories import complete_property_body


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
        id=uuid.uuid4(),
        department="75",
        created_at=now,
        updated_at=now,
        **complete_property_body(),
    )

    dumped = PropertyOut.model_validate(row).model_dump(mode="json")

    assert dumped["price_per_m2"] == 9905
    assert dumped["department"] == "75"
    assert set(dumped) >= {"id", "created_at", "updated_at", *complete_property_body()}
