"""Event handlers under test: a Pub/Sub payload model, sample CloudEvents, a handler
that records its payloads, and the outcome line it logs (unit tests of events)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

import pytest
from cloudevents.http import CloudEvent

from common.events import EventPayload, PubSubPayload, event_handler
from tests.fakes.claim_store import FakeClaimStore
from tests.support import PUBSUB_EVENT, sample_event_json

NOW = datetime(2025, 4, 3, 10, 20, tzinfo=UTC)  # five minutes after the samples
P = TypeVar("P", bound=EventPayload)
SAMPLE_DATA: Any = object()  # sample_event() keeps the data of the JSON file


class SynthesisRequested(PubSubPayload):
    """The message of the ``synthesis-requested`` topic (a test model)."""

    property_id: str
    reason: Literal["document_analyzed", "document_deleted", "manual"]
    requested_at: datetime


def sample_event(name: str, data: Any = SAMPLE_DATA, **attributes: Any) -> CloudEvent:
    """A sample of ``tests/events/`` as a CloudEvent; ``data``, attributes replaced."""
    raw = sample_event_json(name)
    sample_data = raw.pop("data")
    return CloudEvent(
        {**raw, **attributes}, sample_data if data is SAMPLE_DATA else data
    )


def encoded_message(message: dict[str, object]) -> dict[str, Any]:
    """The Pub/Sub sample's data with ``message`` as its base64 JSON message."""
    data = base64.b64encode(json.dumps(message).encode()).decode()
    envelope = sample_event_json(PUBSUB_EVENT)["data"]
    envelope["message"]["data"] = data
    return dict(envelope)


def handler_for(
    model: type[P],
    store: FakeClaimStore,
    *,
    now: datetime = NOW,
    failure: Exception | None = None,
) -> tuple[Callable[[CloudEvent], None], list[P]]:
    """A wrapped handler of ``model`` events, and the payloads it is called with."""
    calls: list[P] = []

    @event_handler(model, claims=store, clock=lambda: now)
    def on_test_event(event: CloudEvent, payload: P) -> None:
        """Records the payload, then fails when told to."""
        calls.append(payload)
        if failure is not None:
            raise failure

    return on_test_event, calls


def outcome_of(caplog: pytest.LogCaptureFixture) -> dict[str, Any]:
    """The fields of the one outcome line logged."""
    lines = [getattr(r, "fields", {}) for r in caplog.records]
    outcomes = [fields for fields in lines if "outcome" in fields]
    assert len(outcomes) == 1
    return dict(outcomes[0])
