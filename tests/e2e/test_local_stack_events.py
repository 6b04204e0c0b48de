"""The local stack's event plumbing: signed PUT -> finalize -> the event function.

A throw-away ``document_uploaded`` function (tests/fakes/event_functions.py) is mounted
on the process bus by its declared trigger, as ``python -m common.local up`` does;
the upload goes through the stack's ``/_storage`` route like a browser's PUT.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine
from werkzeug.test import Client, TestResponse

from common.events import StorageObjectFinalized
from common.local.bus import LocalBus, get_local_bus
from common.local.functions import MountedEventFunction, mount_event_functions
from common.local.server import LocalStack
from common.storage import LocalStorage, get_storage
from tests.fakes.event_functions import received, recorder_source, write_function

pytestmark = pytest.mark.e2e

KEY = "users/u1/properties/p1/documents/d1/pv_ag_2024.pdf"
PDF = b"%PDF-1.4\n% a small PDF body for the upload\n%%EOF\n"


@dataclass(frozen=True)
class EventStack:
    """The stack's WSGI client, its bus, and the recorder function's folder."""

    client: Client
    bus: LocalBus
    folder: Path
    event_functions: list[MountedEventFunction]


@pytest.fixture
def stack(tmp_path: Path, clean_db: Engine) -> Iterator[EventStack]:
    functions_dir = tmp_path / "functions"
    source = recorder_source("on_document_uploaded")
    folder = write_function(functions_dir, "document_uploaded", source)
    bus = get_local_bus()
    event_functions = mount_event_functions(bus, functions_dir)
    bus.start()
    client = Client(LocalStack([], event_functions=event_functions))
    yield EventStack(client, bus, folder, event_functions)
    bus.stop()


@pytest.fixture
def storage() -> LocalStorage:
    adapter = get_storage()
    assert isinstance(adapter, LocalStorage)
    return adapter


def _signed_put(
    storage: LocalStorage, key: str = KEY, max_bytes: int = 1024
) -> tuple[str, dict[str, str], dict[str, str]]:
    upload = storage.signed_put_url(
        "documents",
        key,
        "application/pdf",
        max_bytes=max_bytes,
        metadata={"document_id": "d1"},
    )
    parts = urlsplit(upload.url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    return parts.path, query, upload.headers


def _json(response: TestResponse) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(response.get_data())
    return body


def test_signed_put_stores_the_file_and_delivers_its_finalize_event(
    stack: EventStack, storage: LocalStorage
) -> None:
    # given
    path, query, headers = _signed_put(storage)

    # when
    response = stack.client.put(path, query_string=query, headers=headers, data=PDF)

    # then
    assert (response.status_code, response.get_data()) == (200, b"")
    assert stack.bus.drain(10)
    (event,) = received(stack.folder)
    payload = StorageObjectFinalized.from_event_data(event["data"])
    assert (payload.bucket, payload.name) == ("logis-documents", KEY)
    assert payload.size == len(PDF)
    assert payload.metadata == {"document_id": "d1"}
    assert payload.content_type == "application/pdf"
    assert event["attributes"]["subject"] == f"objects/{KEY}"
    assert storage.download_bytes("documents", KEY) == PDF


def test_event_function_answering_500_is_redelivered_through_the_stack(
    stack: EventStack, storage: LocalStorage
) -> None:
    (stack.folder / "failures").write_text("1")
    path, query, headers = _signed_put(storage)

    stack.client.put(path, query_string=query, headers=headers, data=PDF)

    assert stack.bus.drain(10)
    first, second = received(stack.folder)
    assert first["attributes"]["id"] == second["attributes"]["id"]
    assert [record.statuses for record in stack.bus.history] == [(500, 200)]


def test_signed_put_with_another_content_type_is_refused_without_event(
    stack: EventStack, storage: LocalStorage
) -> None:
    path, query, _ = _signed_put(storage)

    response = stack.client.put(
        path, query_string=query, headers={"Content-Type": "image/png"}, data=PDF
    )

    assert response.status_code == 415
    assert _json(response)["error"]["code"] == "unsupported_media_type"
    assert stack.bus.drain(1)
    assert received(stack.folder) == []
    assert not storage.object_path("documents", KEY).exists()


def test_signed_put_over_the_signed_size_is_refused_without_event(
    stack: EventStack, storage: LocalStorage
) -> None:
    path, query, headers = _signed_put(storage, max_bytes=10)

    response = stack.client.put(path, query_string=query, headers=headers, data=PDF)

    assert response.status_code == 413
    assert stack.bus.drain(1)
    assert received(stack.folder) == []
    assert not storage.object_path("documents", KEY).exists()


def test_signed_put_for_another_key_is_refused(
    stack: EventStack, storage: LocalStorage
) -> None:
    _, query, headers = _signed_put(storage)
    other = "/_storage/documents/users/u2/properties/p9/documents/d9/x.pdf"

    response = stack.client.put(other, query_string=query, headers=headers, data=PDF)

    assert response.status_code == 403
    assert _json(response)["error"]["code"] == "forbidden"
    assert received(stack.folder) == []


def test_storage_route_preflight_allows_a_browser_put(stack: EventStack) -> None:
    response = stack.client.options(
        f"/_storage/documents/{KEY}",
        headers={
            "Origin": "http://app.example.test",
            "Access-Control-Request-Method": "PUT",
        },
    )

    assert response.status_code == 204
    assert "PUT" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Origin"] == "http://app.example.test"


def test_health_lists_event_functions_with_their_triggers(stack: EventStack) -> None:
    response = stack.client.get("/api/health")

    assert response.status_code == 200
    assert _json(response)["event_functions"] == [
        {
            "name": "document_uploaded",
            "entry_point": "on_document_uploaded",
            "trigger": {
                "kind": "bucket",
                "bucket": "logis-documents",
                "event_type": "google.cloud.storage.object.v1.finalized",
            },
        }
    ]
