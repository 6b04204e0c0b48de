"""Event functions through functions-framework: each event handled once."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.integration.claim_support import claim_row
from tests.support import (
    PUBSUB_EVENT,
    STORAGE_EVENT,
    post_binary,
    post_structured,
    sample_event_json,
)

pytestmark = pytest.mark.e2e


FUNCTION_MODULE = '''
"""Event functions of the tests: each records its payload in a file, once per run."""
from pathlib import Path
from typing import Literal

import functions_framework

from common.errors import DependencyFailed, InvalidInput
from common.events import PubSubPayload, StorageObjectFinalized, event_handler

CALLS = Path({calls!r})


class SynthesisRequested(PubSubPayload):
    property_id: str
    reason: Literal["document_analyzed", "document_deleted", "manual"]
    requested_at: str


def record(line):
    with CALLS.open("a") as calls:
        calls.write(line + "\\n")


@functions_framework.cloud_event
@event_handler(StorageObjectFinalized)
def on_object_finalized(event, payload):
    record(f"{{payload.bucket}}/{{payload.name}}#{{payload.generation}}")


@functions_framework.cloud_event
@event_handler(SynthesisRequested)
def on_synthesis_requested(event, payload):
    record(payload.property_id)
    if payload.reason == "manual":
        raise DependencyFailed("database_unavailable")
    if payload.reason == "document_deleted":
        raise InvalidInput("invalid_input")
'''


def event_function_client(tmp_path: Path, target: str) -> Any:
    from functions_framework import create_app

    source = tmp_path / "event_functions.py"
    source.write_text(FUNCTION_MODULE.format(calls=str(tmp_path / "calls.txt")))
    app = create_app(target=target, source=str(source), signature_type="cloudevent")
    return app.test_client()


def recorded_calls(tmp_path: Path) -> list[str]:
    calls = tmp_path / "calls.txt"
    return calls.read_text().splitlines() if calls.exists() else []


def fresh_sample(name: str, reason: str | None = None) -> dict[str, Any]:
    """A sample event sent now (older ones are dropped by the max-age guard)."""
    event = sample_event_json(name)
    event["time"] = datetime.now(tz=UTC).isoformat()
    if reason is not None:
        message = json.loads(base64.b64decode(event["data"]["message"]["data"]))
        encoded = json.dumps({**message, "reason": reason}).encode()
        event["data"]["message"]["data"] = base64.b64encode(encoded).decode()
        event["id"] = uuid.uuid4().hex
    return event


@pytest.mark.parametrize("post", [post_structured, post_binary])
def test_storage_function_with_redelivered_event_runs_handler_once(
    clean_db: Engine, tmp_path: Path, post: Any
) -> None:
    # given
    client = event_function_client(tmp_path, "on_object_finalized")
    event = fresh_sample(STORAGE_EVENT)
    # when
    first, again = post(client, event), post(client, event)
    # then
    assert (first.status_code, again.status_code) == (200, 200)
    expected = f"logis-documents/{event['data']['name']}#1743675295318442"
    assert recorded_calls(tmp_path) == [expected]
    row = claim_row(clean_db, expected)
    assert row is not None
    assert row["status"] == "completed"


@pytest.mark.parametrize("post", [post_structured, post_binary])
def test_pubsub_function_with_redelivered_event_runs_handler_once(
    clean_db: Engine, tmp_path: Path, post: Any
) -> None:
    # given
    client = event_function_client(tmp_path, "on_synthesis_requested")
    event = fresh_sample(PUBSUB_EVENT)
    # when
    first, again = post(client, event), post(client, event)
    # then
    assert (first.status_code, again.status_code) == (200, 200)
    assert recorded_calls(tmp_path) == ["5b1d7a3e-2f4c-4e8a-9c61-0d2f8b7a4e10"]
    row = claim_row(clean_db, f"{event['source']}:{event['id']}")
    assert row is not None
    assert row["status"] == "completed"


def test_pubsub_function_with_retryable_failure_answers_500_for_redelivery(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given
    client = event_function_client(tmp_path, "on_synthesis_requested")
    event = fresh_sample(PUBSUB_EVENT, reason="manual")
    # when
    first, again = post_binary(client, event), post_binary(client, event)
    # then
    assert (first.status_code, again.status_code) == (500, 500)
    assert len(recorded_calls(tmp_path)) == 2
    assert claim_row(clean_db, f"{event['source']}:{event['id']}") is None


def test_pubsub_function_with_permanent_failure_acknowledges(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given
    client = event_function_client(tmp_path, "on_synthesis_requested")
    event = fresh_sample(PUBSUB_EVENT, reason="document_deleted")
    # when
    response = post_structured(client, event)
    # then
    assert response.status_code == 200
    assert len(recorded_calls(tmp_path)) == 1
    assert claim_row(clean_db, f"{event['source']}:{event['id']}") is None


def test_storage_function_with_stale_event_acknowledges_without_running(
    clean_db: Engine, tmp_path: Path
) -> None:
    client = event_function_client(tmp_path, "on_object_finalized")
    event = fresh_sample(STORAGE_EVENT)
    event["time"] = (datetime.now(tz=UTC) - timedelta(days=2)).isoformat()

    response = post_structured(client, event)

    assert response.status_code == 200
    assert recorded_calls(tmp_path) == []
