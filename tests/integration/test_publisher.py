"""PubSubPublisher with the unmodified google-cloud-pubsub clients on loopback.

Every test runs against the in-process gRPC fake, and again against the Cloud SDK's
official emulator when the machine has it. A SubscriberClient pulls what was published.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
import pytest

from common.errors import DependencyFailed
from common.event_payloads import SynthesisRequested
from common.publisher import (
    PubSubPublisher,
    get_publisher,
    request_redesign,
    request_synthesis,
)
from tests.fakes.pubsub import FakePubSub, OfficialEmulator
from tests.support import ROOT, reset_process_state

PROJECT = "logis-test"


BOTH_BACKENDS = pytest.mark.parametrize("server", ["fake", "official"], indirect=True)


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FakePubSub | OfficialEmulator]:
    """A Pub/Sub server on loopback (the fake unless parametrized), per module."""
    backend: FakePubSub | OfficialEmulator
    if getattr(request, "param", "fake") == "fake":
        backend = FakePubSub()
    elif OfficialEmulator.available():
        backend = OfficialEmulator(tmp_path_factory.mktemp("pubsub") / "emulator.log")
    else:
        pytest.skip("the Cloud SDK Pub/Sub emulator is not installed here")
    backend.start()
    yield backend
    backend.stop()


@pytest.fixture
def emulator(
    server: FakePubSub | OfficialEmulator, environment: dict[str, str]
) -> FakePubSub | OfficialEmulator:
    """The server, named by PUBSUB_EMULATOR_HOST as the SDK expects."""
    os.environ["PUBSUB_EMULATOR_HOST"] = server.host
    os.environ["GOOGLE_CLOUD_PROJECT"] = PROJECT
    reset_process_state()
    return server


@pytest.fixture
def fake(emulator: FakePubSub | OfficialEmulator) -> FakePubSub:
    """The in-process fake, which can inject failures."""
    assert isinstance(emulator, FakePubSub)
    return emulator


@pytest.fixture
def subscriber(emulator: FakePubSub | OfficialEmulator) -> Iterator[Any]:
    from google.cloud.pubsub_v1 import SubscriberClient

    with SubscriberClient() as client:
        yield client


@pytest.fixture
def publisher_client(emulator: FakePubSub | OfficialEmulator) -> Iterator[Any]:
    from google.cloud.pubsub_v1 import PublisherClient

    client = PublisherClient()
    yield client
    client.stop()


def _topic_with_subscription(
    publisher_client: Any, subscriber: Any, topic: str | None = None
) -> tuple[str, str]:
    topic = topic or f"topic-{uuid.uuid4().hex[:12]}"
    topic_path = f"projects/{PROJECT}/topics/{topic}"
    subscription_path = f"projects/{PROJECT}/subscriptions/{topic}-sub"
    publisher_client.create_topic(name=topic_path)
    subscriber.create_subscription(name=subscription_path, topic=topic_path)
    return topic, subscription_path


def _pull_one(subscriber: Any, subscription_path: str) -> Any:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        response = subscriber.pull(
            request={"subscription": subscription_path, "max_messages": 10},
            timeout=5,
        )
        if response.received_messages:
            assert len(response.received_messages) == 1
            received = response.received_messages[0]
            subscriber.acknowledge(
                request={
                    "subscription": subscription_path,
                    "ack_ids": [received.ack_id],
                }
            )
            return received.message
    raise AssertionError("no message pulled within 10 s")


def _push_envelope(message: Any) -> dict[str, object]:
    """The push CloudEvent data Eventarc builds from a pulled message."""
    return {
        "message": {
            "data": base64.b64encode(message.data).decode(),
            "messageId": message.message_id,
            "publishTime": message.publish_time.isoformat(),
            "attributes": dict(message.attributes),
        },
        "subscription": "projects/logis-test/subscriptions/push",
    }


@BOTH_BACKENDS
def test_pubsub_publisher_subscriber_pulls_exact_json_and_attributes(
    publisher_client: Any, subscriber: Any
) -> None:
    # given
    topic, subscription = _topic_with_subscription(publisher_client, subscriber)
    property_id = uuid.uuid4()
    message = {"property_id": property_id, "label": "Relevé été 2024", "count": 3}

    # when
    message_id = PubSubPublisher(PROJECT).publish(
        topic, message, attributes={"origin": "document_uploaded"}
    )

    # then
    pulled = _pull_one(subscriber, subscription)
    assert pulled.message_id == message_id
    assert json.loads(pulled.data.decode("utf-8")) == {
        "property_id": str(property_id),
        "label": "Relevé été 2024",
        "count": 3,
    }
    assert dict(pulled.attributes) == {"origin": "document_uploaded"}


@BOTH_BACKENDS
def test_request_synthesis_on_pubsub_parses_as_synthesis_requested(
    publisher_client: Any, subscriber: Any
) -> None:
    # given
    topic = f"synthesis-{uuid.uuid4().hex[:12]}"
    os.environ["APP_SYNTHESIS_TOPIC"] = topic
    reset_process_state()
    _, subscription = _topic_with_subscription(publisher_client, subscriber, topic)
    property_id = uuid.uuid4()
    requested_at = datetime(2025, 4, 3, 10, 15, 2, tzinfo=UTC)

    # when
    request_synthesis(
        property_id,
        "document_deleted",
        publisher=PubSubPublisher(PROJECT),
        clock=lambda: requested_at,
    )

    # then
    payload = SynthesisRequested.from_event_data(
        _push_envelope(_pull_one(subscriber, subscription))
    )
    assert payload.property_id == property_id
    assert payload.reason == "document_deleted"
    assert payload.requested_at == requested_at
    assert payload.published_at() is not None


@BOTH_BACKENDS
def test_request_redesign_on_pubsub_publishes_the_contract(
    publisher_client: Any, subscriber: Any
) -> None:
    topic = f"redesign-{uuid.uuid4().hex[:12]}"
    os.environ["APP_REDESIGN_TOPIC"] = topic
    reset_process_state()
    _, subscription = _topic_with_subscription(publisher_client, subscriber, topic)
    redesign_id = uuid.uuid4()

    request_redesign(redesign_id, publisher=PubSubPublisher(PROJECT))

    pulled = _pull_one(subscriber, subscription)
    assert json.loads(pulled.data) == {"redesign_id": str(redesign_id)}


@BOTH_BACKENDS
def test_pubsub_publisher_ordering_key_reaches_subscriber(
    publisher_client: Any, subscriber: Any
) -> None:
    topic, subscription = _topic_with_subscription(publisher_client, subscriber)

    PubSubPublisher(PROJECT).publish(topic, {"n": 1}, ordering_key="property-1")

    assert _pull_one(subscriber, subscription).ordering_key == "property-1"


@BOTH_BACKENDS
def test_pubsub_publisher_missing_topic_raises_dependency_failed(
    emulator: FakePubSub | OfficialEmulator,
) -> None:
    publisher = PubSubPublisher(PROJECT, timeout_seconds=5)

    with pytest.raises(DependencyFailed) as raised:
        publisher.publish(f"absent-{uuid.uuid4().hex[:8]}", {"n": 1})

    assert raised.value.retryable
    assert raised.value.message_key == "event_publish_failed"


def test_pubsub_publisher_permanent_server_error_raises_dependency_failed(
    fake: FakePubSub, publisher_client: Any, subscriber: Any
) -> None:
    topic, _ = _topic_with_subscription(publisher_client, subscriber)
    fake.fail_next("Publish", grpc.StatusCode.PERMISSION_DENIED)

    with pytest.raises(DependencyFailed):
        PubSubPublisher(PROJECT, timeout_seconds=5).publish(topic, {"n": 1})

    assert fake.published(f"projects/{PROJECT}/topics/{topic}") == []


def test_pubsub_publisher_transient_unavailable_is_retried_by_the_client(
    fake: FakePubSub, publisher_client: Any, subscriber: Any
) -> None:
    topic, subscription = _topic_with_subscription(publisher_client, subscriber)
    fake.fail_next("Publish", grpc.StatusCode.UNAVAILABLE, times=2)

    message_id = PubSubPublisher(PROJECT, timeout_seconds=10).publish(topic, {"n": 2})

    assert _pull_one(subscriber, subscription).message_id == message_id


def test_pubsub_publisher_failed_ordering_key_is_resumed_for_the_next_publish(
    fake: FakePubSub, publisher_client: Any, subscriber: Any
) -> None:
    # given
    topic, subscription = _topic_with_subscription(publisher_client, subscriber)
    publisher = PubSubPublisher(PROJECT, timeout_seconds=5)
    fake.fail_next("Publish", grpc.StatusCode.PERMISSION_DENIED)
    with pytest.raises(DependencyFailed):
        publisher.publish(topic, {"n": 1}, ordering_key="property-7")

    # when
    message_id = publisher.publish(topic, {"n": 2}, ordering_key="property-7")

    # then
    assert _pull_one(subscriber, subscription).message_id == message_id


def test_pubsub_publisher_unreachable_server_raises_dependency_failed(
    environment: dict[str, str], tmp_path: Path
) -> None:
    fake = FakePubSub()
    os.environ["PUBSUB_EMULATOR_HOST"] = fake.start()
    fake.stop()  # nothing listens on that port any more
    started = time.monotonic()

    with pytest.raises(DependencyFailed):
        PubSubPublisher(PROJECT, timeout_seconds=1).publish("any", {"n": 1})

    assert time.monotonic() - started < 5


def test_pubsub_publisher_reserved_attribute_name_is_refused() -> None:
    with pytest.raises(ValueError, match="timeout"):
        PubSubPublisher(PROJECT).publish("t", {}, attributes={"timeout": "1"})


def test_get_publisher_pubsub_backend_builds_a_pubsub_publisher(
    environment: dict[str, str],
) -> None:
    os.environ["APP_EVENTS_BACKEND"] = "pubsub"
    os.environ["GOOGLE_CLOUD_PROJECT"] = "logis-prod"
    reset_process_state()

    publisher = get_publisher()

    assert isinstance(publisher, PubSubPublisher)
    assert publisher.topic_path("synthesis-requested") == (
        "projects/logis-prod/topics/synthesis-requested"
    )
    assert get_publisher() is publisher


def test_publisher_cold_import_leaves_pubsub_and_the_bus_unimported() -> None:
    code = (
        "import sys, common.publisher, common.event_payloads\n"
        "loaded = [m for m in sys.modules if m.startswith('google.cloud.pubsub')"
        " or m in ('grpc', 'common.local.bus')]\n"
        "assert not loaded, loaded\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )

    assert result.returncode == 0, result.stderr
