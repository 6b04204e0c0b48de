"""event_handler: the function it returns, its log context and its outcome line."""

from __future__ import annotations

import logging
import types

import pytest
from cloudevents.http import CloudEvent

from common.events import StorageObjectFinalized, event_handler
from common.logging import log_context
from tests.fakes.claim_store import FakeClaimStore
from tests.support import STORAGE_EVENT
from tests.unit.event_support import NOW, handler_for, outcome_of, sample_event

pytestmark = pytest.mark.usefixtures("event_logs")


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
