"""event_handler: retryable and permanent failures, and releasing the claim."""

from __future__ import annotations

import logging

import pytest

from common.errors import DependencyFailed, InvalidInput
from common.events import ClaimState, StorageObjectFinalized
from tests.fakes.claim_store import FakeClaimStore
from tests.support import STORAGE_EVENT
from tests.unit.event_support import handler_for, outcome_of, sample_event

pytestmark = pytest.mark.usefixtures("event_logs")


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
