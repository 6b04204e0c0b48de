"""The local bus delivering real CloudEvents to functions-framework apps over WSGI.

Throw-away function folders under tmp_path (tests/fakes/event_functions.py) stand in
for the event functions, which are written elsewhere.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from common.event_payloads import SynthesisRequested
from common.events import StorageObjectFinalized
from common.local.bus import LocalBus, RetryPolicy
from common.local.cloud_events import DeliveryMode, WsgiDeliverer, encode_http
from common.local.functions import mount_event_functions
from common.publisher import LocalBusPublisher, request_synthesis
from common.triggers import BucketTrigger, TopicTrigger
from tests.fakes.event_functions import (
    HANDLER_MODULE,
    received,
    recorder_source,
    write_function,
)

FAST_RETRY = RetryPolicy(max_attempts=4, initial_backoff_seconds=0.01)
RESOURCE: dict[str, object] = {
    "kind": "storage#object",
    "bucket": "logis-documents",
    "name": "users/u1/properties/p1/documents/d1/relevé de charges.pdf",
    "generation": "1743675295318442",
    "metageneration": "1",
    "contentType": "application/pdf",
    "size": "482133",
    "timeCreated": "2025-04-03T10:14:55.318Z",
    "updated": "2025-04-03T10:14:55.318Z",
    "metadata": {"document_id": "d1"},
}


@pytest.fixture
def bus() -> Iterator[LocalBus]:
    local_bus = LocalBus(retry=FAST_RETRY)
    local_bus.start()
    yield local_bus
    local_bus.stop()


def _recorder_app(tmp_path: Path, entry_point: str = "on_recorded") -> tuple[Any, Path]:
    from functions_framework import create_app

    source = recorder_source(entry_point)
    folder = write_function(tmp_path, "recorder", source)
    app = create_app(entry_point, str(folder / "main.py"), signature_type="cloudevent")
    return app, folder


@pytest.mark.parametrize(
    ("mode", "content_type"),
    [("structured", "application/cloudevents+json"), ("binary", "application/json")],
)
def test_pubsub_event_reaches_function_and_parses_as_synthesis_requested(
    bus: LocalBus, tmp_path: Path, mode: DeliveryMode, content_type: str
) -> None:
    # given
    app, folder = _recorder_app(tmp_path)
    bus.subscribe_topic("synthesis-requested", WsgiDeliverer(app, name="s", mode=mode))
    property_id = uuid.uuid4()

    # when
    request_synthesis(property_id, "manual", publisher=LocalBusPublisher(bus))

    # then
    assert bus.drain(5)
    (event,) = received(folder)
    assert event["content_type"] == content_type
    assert event["attributes"]["type"] == SynthesisRequested.event_type
    payload = SynthesisRequested.from_event_data(event["data"])
    assert (payload.property_id, payload.reason) == (property_id, "manual")
    assert payload.published_at() is not None


@pytest.mark.parametrize("mode", ["structured", "binary"])
def test_storage_event_reaches_function_and_parses_as_object_finalized(
    bus: LocalBus, tmp_path: Path, mode: DeliveryMode
) -> None:
    app, folder = _recorder_app(tmp_path)
    bus.subscribe_bucket("logis-documents", WsgiDeliverer(app, name="d", mode=mode))

    bus.object_finalized("logis-documents", RESOURCE)

    assert bus.drain(5)
    (event,) = received(folder)
    payload = StorageObjectFinalized.from_event_data(event["data"])
    assert payload.name == RESOURCE["name"]
    assert (payload.generation, payload.size) == (1743675295318442, 482133)
    assert event["attributes"]["type"] == StorageObjectFinalized.event_type
    assert event["attributes"]["time"] == "2025-04-03T10:14:55.318Z"


def test_encode_http_binary_percent_encodes_non_ascii_header_values() -> None:
    body, headers = encode_http(
        {"k": "é"}, {"id": "1", "subject": "objects/relevé 100%.pdf"}, "binary"
    )

    assert headers["ce-subject"] == "objects/relev%C3%A9 100%25.pdf"
    assert json.loads(body) == {"k": "é"}


def test_function_answering_500_gets_the_event_again(
    bus: LocalBus, tmp_path: Path
) -> None:
    # given
    app, folder = _recorder_app(tmp_path)
    (folder / "failures").write_text("1")
    bus.subscribe_bucket("logis-documents", WsgiDeliverer(app, name="documents"))

    # when
    bus.object_finalized("logis-documents", RESOURCE)

    # then
    assert bus.drain(5)
    first, second = received(folder)
    assert first["attributes"]["id"] == second["attributes"]["id"]
    assert bus.history[0].statuses == (500, 200)


def test_event_handler_function_retryable_failure_is_redelivered_then_processed(
    bus: LocalBus, tmp_path: Path, clean_db: Engine
) -> None:
    # given
    functions_dir = tmp_path / "functions"
    folder = write_function(functions_dir, "synthesis", HANDLER_MODULE)
    mounted = mount_event_functions(bus, functions_dir)
    property_id = uuid.uuid4()
    requested_at = datetime.now(UTC)

    # when
    request_synthesis(
        property_id,
        "document_analyzed",
        publisher=LocalBusPublisher(bus),
        clock=lambda: requested_at,
    )

    # then
    assert bus.drain(10)
    assert [m.name for m in mounted] == ["synthesis"]
    assert bus.history[0].statuses == (500, 200)
    (line,) = (folder / "processed.jsonl").read_text().splitlines()
    processed = SynthesisRequested.model_validate_json(line)
    assert (processed.property_id, processed.requested_at) == (
        property_id,
        requested_at,
    )


def test_mount_event_functions_follows_the_declared_triggers(
    bus: LocalBus, tmp_path: Path, environment: dict[str, str]
) -> None:
    # given
    functions_dir = tmp_path / "functions"
    write_function(functions_dir, "uploads", recorder_source("on_up"))
    write_function(functions_dir, "orphan", recorder_source("on_or"))
    triggers = {"uploads": BucketTrigger(bucket_role="documents")}

    # when
    mounted = mount_event_functions(bus, functions_dir, triggers=triggers)
    bus.object_finalized("logis-documents", RESOURCE)

    # then
    assert [(m.name, m.entry_point) for m in mounted] == [("uploads", "on_up")]
    assert mounted[0].describe()["trigger"] == {
        "kind": "bucket",
        "bucket": "logis-documents",
        "event_type": "google.cloud.storage.object.v1.finalized",
    }
    assert bus.drain(5)
    assert len(received(functions_dir / "uploads")) == 1
    assert received(functions_dir / "orphan") == []


def test_topic_trigger_resolves_the_topic_from_settings(
    environment: dict[str, str],
) -> None:
    from common.config import Settings

    settings = Settings(synthesis_topic="synthesis-requested-dev")

    assert TopicTrigger("synthesis_topic").topic(settings) == "synthesis-requested-dev"
