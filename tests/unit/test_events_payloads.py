"""event_handler: typed payloads of storage and Pub/Sub events; invalid data acked."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from common.events import StorageObjectFinalized
from tests.fakes.claim_store import FakeClaimStore
from tests.support import PUBSUB_EVENT, STORAGE_EVENT
from tests.unit.event_support import (
    NOW,
    SynthesisRequested,
    encoded_message,
    handler_for,
    outcome_of,
    sample_event,
)

pytestmark = pytest.mark.usefixtures("event_logs")


def test_event_handler_with_storage_event_passes_typed_payload() -> None:
    # given
    store = FakeClaimStore()
    handler, calls = handler_for(StorageObjectFinalized, store)
    # when
    handler(sample_event(STORAGE_EVENT))
    # then
    (payload,) = calls
    assert payload.bucket == "logis-documents"
    assert payload.generation == 1743675295318442
    assert payload.size == 482133
    assert payload.content_type == "application/pdf"
    assert payload.time_created == datetime(2025, 4, 3, 10, 14, 55, 318000, tzinfo=UTC)
    assert payload.metadata == {"document_id": "9e4f0c2a-6b7d-4d1e-8f3a-2c5b9e1d7a60"}


def test_event_handler_with_storage_event_claims_bucket_name_generation() -> None:
    store = FakeClaimStore()
    handler, _ = handler_for(StorageObjectFinalized, store)

    handler(sample_event(STORAGE_EVENT))

    key = f"logis-documents/{sample_event(STORAGE_EVENT).data['name']}#1743675295318442"
    assert store.claimed == [(key, StorageObjectFinalized.event_type, 600)]
    assert store.status == {key: "completed"}


def test_event_handler_with_pubsub_event_unwraps_base64_json() -> None:
    # given
    store = FakeClaimStore()
    handler, calls = handler_for(SynthesisRequested, store)
    event = sample_event(PUBSUB_EVENT)
    # when
    handler(event)
    # then
    (payload,) = calls
    assert payload.property_id == "5b1d7a3e-2f4c-4e8a-9c61-0d2f8b7a4e10"
    assert payload.reason == "document_analyzed"
    assert payload.requested_at.tzinfo is not None
    assert payload.published_at() == datetime(2025, 4, 3, 10, 15, 2, 612000, tzinfo=UTC)
    assert store.status == {f"{event['source']}:{event['id']}": "completed"}


@pytest.mark.parametrize(
    "encode", [lambda d: json.dumps(d), lambda d: json.dumps(d).encode()]
)
def test_event_handler_with_json_text_data_parses_it(
    encode: Callable[[object], str | bytes],
) -> None:
    store = FakeClaimStore()
    handler, calls = handler_for(SynthesisRequested, store)
    envelope = encoded_message(
        {"property_id": "p1", "reason": "manual", "requested_at": NOW.isoformat()}
    )

    handler(sample_event(PUBSUB_EVENT, data=encode(envelope)))

    assert [payload.property_id for payload in calls] == ["p1"]


def test_event_handler_with_unexpected_type_acknowledges_without_running(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    store = FakeClaimStore()
    handler, calls = handler_for(SynthesisRequested, store)
    # when
    handler(sample_event(STORAGE_EVENT))
    # then
    assert calls == []
    assert store.claimed == []
    assert outcome_of(caplog)["outcome"] == "permanent_failure"
    assert any(
        r.levelno == logging.ERROR and r.getMessage() == "unexpected event type"
        for r in caplog.records
    )


@pytest.mark.parametrize(
    "data",
    [
        {"bucket": "logis-documents"},
        b"{not json",
        "",
        None,
    ],
    ids=["missing-fields", "invalid-json", "empty", "none"],
)
def test_event_handler_with_invalid_storage_data_acknowledges(
    data: Any, caplog: pytest.LogCaptureFixture
) -> None:
    store = FakeClaimStore()
    handler, calls = handler_for(StorageObjectFinalized, store)

    handler(sample_event(STORAGE_EVENT, data=data))

    assert calls == []
    assert store.claimed == []
    assert outcome_of(caplog)["outcome"] == "permanent_failure"


@pytest.mark.parametrize(
    "message",
    [
        {"property_id": "p1", "reason": "because", "requested_at": "2025-04-03"},
        {"reason": "manual", "requested_at": "2025-04-03T10:00:00Z"},
    ],
    ids=["reason-not-allowed", "missing-property"],
)
def test_event_handler_with_invalid_message_logs_locations_not_values(
    message: dict[str, object], caplog: pytest.LogCaptureFixture
) -> None:
    # given
    store = FakeClaimStore()
    handler, calls = handler_for(SynthesisRequested, store)
    # when
    handler(sample_event(PUBSUB_EVENT, data=encoded_message(message)))
    # then
    assert calls == []
    (error,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.getMessage() == "invalid event payload"
    logged = json.dumps(getattr(error, "fields", {}), default=str)
    assert "because" not in logged
    assert "reason" in logged or "property_id" in logged


def test_event_handler_with_undecodable_base64_acknowledges(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = FakeClaimStore()
    handler, calls = handler_for(SynthesisRequested, store)
    envelope = encoded_message({})
    envelope["message"]["data"] = "@@@"

    handler(sample_event(PUBSUB_EVENT, data=envelope))

    assert calls == []
    assert outcome_of(caplog)["outcome"] == "permanent_failure"
