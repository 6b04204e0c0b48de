"""functions/synthesis/main.py through functions-framework: Pub/Sub push CloudEvents
in structured and binary mode recompute the property's synthesis, once per event."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, text

from tests.factories import saved_property_id, signed_in_user
from tests.support import post_binary, post_structured
from tests.synthesis_support import (
    full_set,
    saved_documents,
    stored_synthesis,
    synthesis_event,
    synthesis_function_client,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def client(clean_db: Engine, redis_flushed: Any) -> Any:
    """The synthesis function as the platform runs it (local AI provider)."""
    return synthesis_function_client()


@pytest.fixture
def property_id(clean_db: Engine) -> uuid.UUID:
    """A property with one analysed document of each category."""
    owner = signed_in_user()
    found = saved_property_id(owner)
    saved_documents(found, owner.id, full_set())
    return found


def claim_status(engine: Engine, event: dict[str, Any]) -> str | None:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT status FROM processed_events WHERE key = :key"),
            {"key": f"{event['source']}:{event['id']}"},
        ).scalar()


@pytest.mark.parametrize("post", [post_structured, post_binary])
def test_event_recomputes_the_synthesis_of_the_property(
    client: Any, property_id: uuid.UUID, clean_db: Engine, post: Any
) -> None:
    # when
    response = post(client, synthesis_event(property_id))
    # then
    assert response.status_code == 200
    row = stored_synthesis(property_id)
    assert row is not None and row.result is not None
    assert (row.status, row.document_count, row.risk_level) == ("ready", 5, "medium")
    assert row.annual_cost_total == Decimal("5763.98")
    assert row.one_time_cost_total == Decimal("1276.80")
    assert row.result["narrative"]["source"] == "ai"
    assert row.result["narrative"]["summary"]


@pytest.mark.parametrize("post", [post_structured, post_binary])
def test_redelivered_event_is_computed_once(
    client: Any, property_id: uuid.UUID, clean_db: Engine, post: Any
) -> None:
    # given
    event = synthesis_event(property_id)
    post(client, event)
    first = stored_synthesis(property_id)
    # when
    again = post(client, event)
    # then
    assert again.status_code == 200
    second = stored_synthesis(property_id)
    assert first is not None and second is not None
    assert (second.generated_at, second.updated_at) == (
        first.generated_at,
        first.updated_at,
    )
    assert claim_status(clean_db, event) == "completed"


def test_another_event_for_the_same_property_gives_the_same_synthesis(
    client: Any, property_id: uuid.UUID
) -> None:
    post_structured(client, synthesis_event(property_id))
    first = stored_synthesis(property_id)

    post_binary(client, synthesis_event(property_id, reason="manual"))

    second = stored_synthesis(property_id)
    assert first is not None and second is not None
    assert second.generated_at is not None and first.generated_at is not None
    assert second.generated_at >= first.generated_at
    assert (second.annual_cost_total, second.risk_level, second.key_findings) == (
        first.annual_cost_total, first.risk_level, first.key_findings,
    )  # fmt: skip
    assert (second.result or {})["costs"] == (first.result or {})["costs"]


def test_event_about_a_deleted_property_is_acknowledged(
    client: Any, clean_db: Engine
) -> None:
    event = synthesis_event(uuid.uuid4())

    response = post_structured(client, event)

    assert response.status_code == 200
    assert claim_status(clean_db, event) == "completed"
