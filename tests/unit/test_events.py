"""The event_handler pipeline with an in-memory claim store (no database)."""

from __future__ import annotations

import base64
import json
import logging
import types
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar

import pytest
from cloudevents.http import CloudEvent

from common.errors import Conflict, DependencyFailed, InvalidInput
from common.events import (
    ClaimState,
    EventPayload,
    PubSubPayload,
    StorageObjectFinalized,
    event_handler,
)
from common.logging import log_context

EVENTS = Path(__file__).resolve().parent.parent / "events"
STORAGE_EVENT = "storage_object_finalized.json"
PUBSUB_EVENT = "pubsub_synthesis_requested.json"
NOW = datetime(2025, 4, 3, 10, 20, tzinfo=UTC)  # five minutes after the samples
P = TypeVar("P", bound=EventPayload)
SAMPLE_DATA: Any = object()  # sample_event() keeps the data of the JSON file


class SynthesisRequested(PubSubPayload):
    """The message of the ``synthesis-requested`` topic (a test model)."""

    property_id: str
    reason: Literal["document_analyzed", "document_deleted", "manual"]
    requested_at: datetime


class FakeClaimStore:
    """Claims in a dict; an existing in-progress claim is always still locked."""

    def __init__(self) -> None:
        self.status: dict[str, str] = {}
        self.claimed: list[tuple[str, str, int]] = []
        self.release_fails = False

    def claim(self, key: str, event_type: str, lock_seconds: int) -> ClaimState:
        self.claimed.append((key, event_type, lock_seconds))
        current = self.status.get(key)
        if current is None:
            self.status[key] = "in_progress"
            return "claimed"
        return "completed" if current == "completed" else "in_progress"

    def complete(self, key: str) -> None:
        self.status[key] = "completed"

    def release(self, key: str) -> None:
        if self.release_fails:
            raise DependencyFailed("database_unavailable")
        if self.status.get(key) == "in_progress":
            del self.status[key]


def sample_event(name: str, data: Any = SAMPLE_DATA, **attributes: Any) -> CloudEvent:
    raw = json.loads((EVENTS / name).read_text())
    sample_data = raw.pop("data")
    return CloudEvent(
        {**raw, **attributes}, sample_data if data is SAMPLE_DATA else data
    )


def encoded_message(message: dict[str, object]) -> dict[str, Any]:
    data = base64.b64encode(json.dumps(message).encode()).decode()
    envelope = json.loads((EVENTS / PUBSUB_EVENT).read_text())["data"]
    envelope["message"]["data"] = data
    return dict(envelope)


def handler_for(
    model: type[P],
    store: FakeClaimStore,
    *,
    now: datetime = NOW,
    failure: Exception | None = None,
) -> tuple[Callable[[CloudEvent], None], list[P]]:
    calls: list[P] = []

    @event_handler(model, claims=store, clock=lambda: now)
    def on_test_event(event: CloudEvent, payload: P) -> None:
        """Records the payload, then fails when told to."""
        calls.append(payload)
        if failure is not None:
            raise failure

    return on_test_event, calls


def outcome_of(caplog: pytest.LogCaptureFixture) -> dict[str, Any]:
    lines = [getattr(r, "fields", {}) for r in caplog.records]
    outcomes = [fields for fields in lines if "outcome" in fields]
    assert len(outcomes) == 1
    return dict(outcomes[0])


@pytest.fixture(autouse=True)
def _capture_event_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="common.events")


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


def test_event_handler_with_event_older_than_max_age_drops_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    store = FakeClaimStore()
    handler, calls = handler_for(
        StorageObjectFinalized, store, now=NOW + timedelta(hours=7)
    )
    # when
    handler(sample_event(STORAGE_EVENT))
    # then
    assert calls == []
    assert store.claimed == []
    assert outcome_of(caplog)["outcome"] == "too_old"
    assert any(r.levelno == logging.WARNING for r in caplog.records)


def test_event_handler_without_time_ages_pubsub_event_by_publish_time() -> None:
    store = FakeClaimStore()
    handler, calls = handler_for(SynthesisRequested, store, now=NOW + timedelta(days=1))
    event = sample_event(PUBSUB_EVENT)
    del event["time"]

    handler(event)

    assert calls == []


def test_event_handler_redelivered_after_completion_runs_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    store = FakeClaimStore()
    handler, calls = handler_for(StorageObjectFinalized, store)
    handler(sample_event(STORAGE_EVENT))
    caplog.clear()
    # when
    handler(sample_event(STORAGE_EVENT, id="another-delivery-id"))
    # then
    assert len(calls) == 1
    assert outcome_of(caplog)["outcome"] == "duplicate"
    assert [r.getMessage() for r in caplog.records] == ["duplicate event"]


def test_event_handler_while_another_worker_holds_the_claim_raises_conflict() -> None:
    # given
    store = FakeClaimStore()
    handler, calls = handler_for(SynthesisRequested, store)
    event = sample_event(PUBSUB_EVENT)
    store.status[f"{event['source']}:{event['id']}"] = "in_progress"
    # when
    with pytest.raises(Conflict) as raised:
        handler(event)
    # then
    assert raised.value.retryable is True
    assert raised.value.message_key == "event_in_progress"
    assert calls == []


def test_event_handler_with_retryable_failure_reraises_and_releases_claim(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    store = FakeClaimStore()
    failure = DependencyFailed("database_unavailable")
    handler, calls = handler_for(StorageObjectFinalized, store, failure=failure)
    # when
    with pytest.raises(DependencyFailed):
        handler(sample_event(STORAGE_EVENT))
    # then
    assert len(calls) == 1
    assert store.status == {}
    outcome = outcome_of(caplog)
    assert outcome["outcome"] == "retrying"
    assert outcome["error"] == "dependency_unavailable"


def test_event_handler_after_retryable_failure_runs_again_on_redelivery() -> None:
    store = FakeClaimStore()
    handler, calls = handler_for(
        StorageObjectFinalized, store, failure=DependencyFailed()
    )
    for _ in range(2):
        with pytest.raises(DependencyFailed):
            handler(sample_event(STORAGE_EVENT))

    assert len(calls) == 2


def test_event_handler_with_permanent_failure_acknowledges_and_releases_claim(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    store = FakeClaimStore()
    failure = InvalidInput("invalid_input")
    handler, calls = handler_for(StorageObjectFinalized, store, failure=failure)
    # when
    handler(sample_event(STORAGE_EVENT))
    # then
    assert len(calls) == 1
    assert store.status == {}
    (error,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert getattr(error, "fields", {})["error_code"] == "invalid_input"
    assert outcome_of(caplog)["outcome"] == "permanent_failure"


def test_event_handler_with_unexpected_exception_reraises_and_releases_claim() -> None:
    store = FakeClaimStore()
    handler, _ = handler_for(StorageObjectFinalized, store, failure=KeyError("bug"))

    with pytest.raises(KeyError):
        handler(sample_event(STORAGE_EVENT))

    assert store.status == {}


def test_event_handler_when_release_fails_reraises_the_original_error() -> None:
    store = FakeClaimStore()
    store.release_fails = True
    handler, _ = handler_for(StorageObjectFinalized, store, failure=ValueError("x"))

    with pytest.raises(ValueError, match="x"):
        handler(sample_event(STORAGE_EVENT))


def test_event_handler_when_claim_store_is_down_reraises() -> None:
    class DownClaimStore(FakeClaimStore):
        def claim(self, key: str, event_type: str, lock_seconds: int) -> ClaimState:
            raise DependencyFailed("database_unavailable")

    handler, calls = handler_for(StorageObjectFinalized, DownClaimStore())

    with pytest.raises(DependencyFailed):
        handler(sample_event(STORAGE_EVENT))
    assert calls == []


def test_event_handler_binds_event_fields_to_the_log_context() -> None:
    # given
    seen: dict[str, object] = {}

    @event_handler(StorageObjectFinalized, claims=FakeClaimStore(), clock=lambda: NOW)
    def on_stored(event: CloudEvent, payload: StorageObjectFinalized) -> None:
        with log_context() as context:
            seen.update(context)

    event = sample_event(STORAGE_EVENT)
    # when
    on_stored(event)
    # then
    assert seen["event_id"] == event["id"]
    assert seen["event_type"] == StorageObjectFinalized.event_type
    assert seen["event_source"] == event["source"]
    assert seen["event_subject"] == event["subject"]
    with log_context() as after:
        assert "event_id" not in after


def test_event_handler_returns_a_plain_function_named_like_the_handler() -> None:
    def on_document_uploaded(
        event: CloudEvent, payload: StorageObjectFinalized
    ) -> None:
        """Analyse one uploaded document."""

    wrapped = event_handler(StorageObjectFinalized, claims=FakeClaimStore())(
        on_document_uploaded
    )

    assert isinstance(wrapped, types.FunctionType)
    assert wrapped.__name__ == "on_document_uploaded"
    assert wrapped.__doc__ == "Analyse one uploaded document."


def test_event_handler_logs_one_outcome_line_with_duration(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handler, _ = handler_for(StorageObjectFinalized, FakeClaimStore())

    handler(sample_event(STORAGE_EVENT))

    outcome = outcome_of(caplog)
    assert outcome["outcome"] == "processed"
    assert isinstance(outcome["duration_ms"], float)
    assert [r.levelno for r in caplog.records] == [logging.INFO]
