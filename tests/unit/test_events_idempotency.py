"""event_handler: stale events dropped, redeliveries run once, claims held elsewhere."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from common.errors import Conflict
from common.events import StorageObjectFinalized
from tests.fakes.claim_store import FakeClaimStore
from tests.support import PUBSUB_EVENT, STORAGE_EVENT
from tests.unit.event_support import (
    NOW,
    SynthesisRequested,
    handler_for,
    outcome_of,
    sample_event,
)

pytestmark = pytest.mark.usefixtures("event_logs")


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
