"""LocalBus semantics: push envelopes, asynchronous retried delivery, drain, history.

Subscribers here are plain callables answering an HTTP status, so each test isolates
one behaviour of the bus; delivery to real function apps is in test_local_bus_functions.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Iterator

import pytest

from common.local.bus import (
    DeliveryRecord,
    LocalBus,
    RetryPolicy,
    get_local_bus,
    reset_local_bus,
)
from common.publisher import LocalBusPublisher, get_publisher

FAST_RETRY = RetryPolicy(max_attempts=3, initial_backoff_seconds=0.01)


class Recorder:
    """A subscriber that answers scripted statuses (then 200) and keeps what it got."""

    def __init__(self, *statuses: int) -> None:
        self.script = list(statuses)
        self.received: list[tuple[dict[str, object], dict[str, str]]] = []

    def __call__(self, data: dict[str, object], attributes: dict[str, str]) -> int:
        self.received.append((data, attributes))
        return self.script.pop(0) if self.script else 200


@pytest.fixture
def bus() -> Iterator[LocalBus]:
    local_bus = LocalBus(workers=2, retry=FAST_RETRY, project_id="logis-test")
    local_bus.start()
    yield local_bus
    local_bus.stop()


def _only(history: list[DeliveryRecord]) -> DeliveryRecord:
    assert len(history) == 1
    return history[0]


def test_retry_policy_backoff_doubles_up_to_the_cap() -> None:
    policy = RetryPolicy(initial_backoff_seconds=0.2, max_backoff_seconds=1.0)

    assert [policy.backoff(n) for n in range(1, 6)] == [0.2, 0.4, 0.8, 1.0, 1.0]


def test_publish_message_delivers_a_pubsub_push_cloud_event(bus: LocalBus) -> None:
    # given
    recorder = Recorder()
    bus.subscribe_topic("synthesis-requested", recorder, name="synthesis")

    # when
    message_id = bus.publish_message(
        "synthesis-requested", b'{"a":1}', {"origin": "test"}, ordering_key="p-1"
    )

    # then
    assert bus.drain(5)
    ((data, attributes),) = recorder.received
    assert attributes["id"] == message_id
    assert attributes["type"] == "google.cloud.pubsub.topic.v1.messagePublished"
    assert attributes["source"] == (
        "//pubsub.googleapis.com/projects/logis-test/topics/synthesis-requested"
    )
    message = data["message"]
    assert isinstance(message, dict)
    assert base64.b64decode(message["data"]) == b'{"a":1}'
    assert message["messageId"] == message_id
    assert message["publishTime"] == attributes["time"]
    assert message["attributes"] == {"origin": "test"}
    assert message["orderingKey"] == "p-1"
    assert data["subscription"] == "projects/logis-test/subscriptions/synthesis"


def test_object_finalized_delivers_a_storage_cloud_event(bus: LocalBus) -> None:
    recorder = Recorder()
    bus.subscribe_bucket("logis-documents", recorder)
    resource: dict[str, object] = {
        "bucket": "logis-documents",
        "name": "users/u/a.pdf",
        "updated": "2025-04-03T10:14:55.318Z",
    }

    bus.object_finalized("logis-documents", resource)

    assert bus.drain(5)
    ((data, attributes),) = recorder.received
    assert data == resource
    assert attributes["type"] == "google.cloud.storage.object.v1.finalized"
    assert (
        attributes["source"]
        == "//storage.googleapis.com/projects/_/buckets/logis-documents"
    )
    assert attributes["subject"] == "objects/users/u/a.pdf"
    assert attributes["time"] == "2025-04-03T10:14:55.318Z"


def test_every_subscriber_of_a_topic_gets_its_own_delivery(bus: LocalBus) -> None:
    first, second = Recorder(), Recorder()
    bus.subscribe_topic("t", first, name="first")
    bus.subscribe_topic("t", second, name="second")

    bus.publish_message("t", b"{}")

    assert bus.drain(5)
    assert sorted(record.subscriber for record in bus.history) == ["first", "second"]
    assert first.received[0][1]["id"] == second.received[0][1]["id"]
    assert first.received[0][0]["subscription"] != second.received[0][0]["subscription"]


def test_failed_delivery_is_retried_until_acknowledged(bus: LocalBus) -> None:
    recorder = Recorder(500, 503)
    bus.subscribe_topic("t", recorder)

    bus.publish_message("t", b"{}")

    assert bus.drain(5)
    record = _only(bus.history)
    assert record.outcome == "delivered"
    assert record.statuses == (500, 503, 200)
    assert len({attributes["id"] for _, attributes in recorder.received}) == 1


def test_delivery_that_raises_is_retried(bus: LocalBus) -> None:
    calls: list[int] = []

    def flaky(data: dict[str, object], attributes: dict[str, str]) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("function unreachable")
        return 204

    bus.subscribe_topic("t", flaky)
    bus.publish_message("t", b"{}")

    assert bus.drain(5)
    assert _only(bus.history).statuses == (None, 204)


def test_delivery_failing_every_attempt_is_dead_lettered(
    bus: LocalBus, caplog: pytest.LogCaptureFixture
) -> None:
    bus.subscribe_topic("t", Recorder(500, 500, 500, 500), name="poison")

    with caplog.at_level(logging.ERROR, logger="common.local.bus"):
        bus.publish_message("t", b"{}")
        assert bus.drain(5)

    record = _only(bus.history)
    assert (record.outcome, record.statuses) == ("dead_lettered", (500, 500, 500))
    assert [r.getMessage() for r in caplog.records] == ["event dead-lettered"]


def test_publish_without_subscriber_is_dropped(
    bus: LocalBus, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="common.local.bus"):
        message_id = bus.publish_message("nobody-listens", b"{}")

    assert message_id.isdigit()
    assert bus.drain(0.1)
    assert bus.history == []
    assert "message without subscriber dropped" in caplog.messages


def test_drain_times_out_while_a_delivery_is_pending() -> None:
    local_bus = LocalBus(retry=FAST_RETRY)
    local_bus.subscribe_topic("t", Recorder())
    local_bus.publish_message("t", b"{}")  # queued: no worker runs yet

    assert local_bus.drain(0.05) is False
    local_bus.start()
    try:
        assert local_bus.drain(5) is True
    finally:
        local_bus.stop()


def test_stop_waits_for_the_delivery_in_flight() -> None:
    # given
    started = threading.Event()

    def slow(data: dict[str, object], attributes: dict[str, str]) -> int:
        started.set()
        time.sleep(0.3)
        return 200

    local_bus = LocalBus(workers=1)
    local_bus.subscribe_topic("t", slow)
    local_bus.start()
    local_bus.publish_message("t", b"{}")
    assert started.wait(5)

    # when
    local_bus.stop()

    # then
    assert _only(local_bus.history).outcome == "delivered"


def test_history_keeps_only_the_most_recent_deliveries() -> None:
    small = LocalBus(history_size=2)
    small.subscribe_topic("t", Recorder())
    small.start()
    try:
        ids = [small.publish_message("t", json.dumps(n).encode()) for n in range(4)]
        assert small.drain(5)
    finally:
        small.stop()

    assert len(small.history) == 2
    assert {r.attributes["id"] for r in small.history} <= set(ids)


def test_local_bus_publisher_publishes_json_on_the_bus(bus: LocalBus) -> None:
    recorder = Recorder()
    bus.subscribe_topic("redesign-requested", recorder)

    LocalBusPublisher(bus).publish(
        "redesign-requested", {"redesign_id": "r-1"}, attributes={"k": "v"}
    )

    assert bus.drain(5)
    message = recorder.received[0][0]["message"]
    assert isinstance(message, dict)
    assert json.loads(base64.b64decode(message["data"])) == {"redesign_id": "r-1"}
    assert message["attributes"] == {"k": "v"}


def test_get_publisher_local_backend_uses_the_process_bus() -> None:
    recorder = Recorder()
    get_local_bus().subscribe_topic("t", recorder)
    get_local_bus().start()

    get_publisher().publish("t", {"n": 1})

    assert isinstance(get_publisher(), LocalBusPublisher)
    assert get_local_bus().drain(5)
    assert len(recorder.received) == 1


def test_reset_local_bus_gives_a_fresh_bus() -> None:
    first = get_local_bus()

    reset_local_bus()

    assert get_local_bus() is not first
    assert get_local_bus() is get_local_bus()
