"""Cache keys and freshness of stored price analyses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from common.db.models import PriceAnalysis, Property
from common.pricing.exclusions import Exclusions
from common.services.price_analysis_store import (
    build_document,
    cache_key,
    exclusions_of,
    fresh_document,
    property_version,
)

EDITED = datetime(2026, 11, 20, 8, 30, 15, 250_000, tzinfo=UTC)
LOAD = uuid.UUID("0b7e1f7c-4f0e-4d58-9a0e-5c3b7a2d9e10")


def _property(updated_at: datetime = EDITED) -> Property:
    return Property(
        id=uuid.UUID("7d0f4a8e-3c55-4bb1-9d4e-2f8f6b9a1c01"),
        user_id="owner-1",
        updated_at=updated_at,
    )


def _row(target: Property, load_id: uuid.UUID | None, **fields: Any) -> PriceAnalysis:
    document = build_document(
        target, {"status": "complete"}, exclusions=Exclusions(), load_id=load_id,
        computed_at=EDITED,
    )  # fmt: skip
    return PriceAnalysis(status="computed", result=document, **fields)


def test_property_version_is_updated_at_in_microseconds() -> None:
    assert property_version(_property()) == 1_795_163_415_250_000


def test_cache_key_holds_owner_property_version_and_load() -> None:
    target = _property()

    key = cache_key("price", "owner-1", target, LOAD)

    assert key == (f"analysis:price:owner-1:{target.id}:1795163415250000:{LOAD.hex}")


def test_property_version_tells_apart_edits_a_microsecond_apart() -> None:
    later = _property(EDITED + timedelta(microseconds=1))

    assert property_version(later) - property_version(_property()) == 1


def test_cache_key_differs_per_owner_edit_and_load() -> None:
    target = _property()
    edited = _property(EDITED + timedelta(microseconds=1))

    keys = {
        cache_key("price", "owner-1", target, LOAD),
        cache_key("price", "owner-2", target, LOAD),
        cache_key("price", "owner-1", edited, LOAD),
        cache_key("price", "owner-1", target, None),
    }

    assert len(keys) == 4
    assert cache_key("price", "owner-1", target, None).endswith(":none")


def test_fresh_document_of_same_version_and_load_is_returned() -> None:
    target = _property()
    row = _row(target, LOAD)

    assert fresh_document(row, target, LOAD) == row.result


def test_fresh_document_after_edit_or_new_load_is_none() -> None:
    target = _property()
    row = _row(target, LOAD)

    assert fresh_document(row, _property(EDITED + timedelta(seconds=1)), LOAD) is None
    assert fresh_document(row, target, uuid.uuid4()) is None
    assert fresh_document(row, target, None) is None
    assert fresh_document(None, target, LOAD) is None


def test_exclusions_of_row_are_read_back_sorted() -> None:
    row = PriceAnalysis(
        exclusion_mode="explicit", excluded_sale_ids=[9, 2, 9], included_sale_ids=[4]
    )

    assert exclusions_of(row) == Exclusions("explicit", (2, 9), (4,))
    assert exclusions_of(None) == Exclusions()


def test_fresh_document_after_exclusions_changed_on_the_row_is_none() -> None:
    target = _property()
    row = _row(target, LOAD, exclusion_mode="none")

    assert fresh_document(row, target, LOAD) is None
