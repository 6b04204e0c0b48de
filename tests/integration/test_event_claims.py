"""The claim SQL on a real PostgreSQL; event functions through functions-framework."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from common.events import ClaimState, PostgresClaimStore, purge_processed_events

EVENTS = Path(__file__).resolve().parent.parent / "events"
STORAGE_EVENT = "storage_object_finalized.json"
PUBSUB_EVENT = "pubsub_synthesis_requested.json"
EVENT_TYPE = "google.cloud.storage.object.v1.finalized"


def claim_row(engine: Engine, key: str) -> dict[str, Any] | None:
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT status, event_type, attempts, locked_until, completed_at, "
                "locked_until - now() AS lock_left FROM processed_events WHERE key = :k"
            ),
            {"k": key},
        ).first()
    return None if row is None else dict(row._mapping)


def expire_lock(engine: Engine, key: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE processed_events SET locked_until = now() - interval '1 s'"
                " WHERE key = :k"
            ),
            {"k": key},
        )


def test_claim_when_key_is_new_claims_it_with_a_lock(clean_db: Engine) -> None:
    # when
    state = PostgresClaimStore().claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    # then
    row = claim_row(clean_db, "bucket/a.pdf#1")
    assert state == "claimed"
    assert row is not None
    assert row["status"] == "in_progress"
    assert row["event_type"] == EVENT_TYPE
    assert row["attempts"] == 1
    assert timedelta(seconds=590) < row["lock_left"] <= timedelta(seconds=600)


def test_claim_while_another_claim_is_locked_reports_in_progress(
    clean_db: Engine,
) -> None:
    store = PostgresClaimStore()
    store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)

    state = store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)

    row = claim_row(clean_db, "bucket/a.pdf#1")
    assert state == "in_progress"
    assert row is not None
    assert row["attempts"] == 1


def test_claim_after_completion_reports_completed(clean_db: Engine) -> None:
    # given
    store = PostgresClaimStore()
    store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    store.complete("bucket/a.pdf#1")
    expire_lock(clean_db, "bucket/a.pdf#1")
    # when
    state = store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    # then
    row = claim_row(clean_db, "bucket/a.pdf#1")
    assert state == "completed"
    assert row is not None
    assert row["status"] == "completed"
    assert row["completed_at"] is not None
    assert row["attempts"] == 1


def test_claim_when_lock_expired_takes_over(clean_db: Engine) -> None:
    # given
    store = PostgresClaimStore()
    store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    expire_lock(clean_db, "bucket/a.pdf#1")
    # when
    state = store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    # then
    row = claim_row(clean_db, "bucket/a.pdf#1")
    assert state == "claimed"
    assert row is not None
    assert row["attempts"] == 2
    assert row["lock_left"] > timedelta(seconds=590)


def test_claim_after_release_claims_again(clean_db: Engine) -> None:
    store = PostgresClaimStore()
    store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)

    store.release("bucket/a.pdf#1")

    assert claim_row(clean_db, "bucket/a.pdf#1") is None
    assert store.claim("bucket/a.pdf#1", EVENT_TYPE, 600) == "claimed"


def test_release_of_a_completed_claim_keeps_it(clean_db: Engine) -> None:
    store = PostgresClaimStore()
    store.claim("bucket/a.pdf#1", EVENT_TYPE, 600)
    store.complete("bucket/a.pdf#1")

    store.release("bucket/a.pdf#1")

    row = claim_row(clean_db, "bucket/a.pdf#1")
    assert row is not None
    assert row["status"] == "completed"


def test_claim_by_two_threads_at_once_lets_exactly_one_win(clean_db: Engine) -> None:
    # given
    store = PostgresClaimStore()
    keys = [f"bucket/race-{n}.pdf#1" for n in range(10)]
    barrier = threading.Barrier(2, timeout=10)
    results: dict[str, list[ClaimState]] = {key: [] for key in keys}
    errors: list[BaseException] = []

    def contend() -> None:
        try:
            for key in keys:
                barrier.wait()
                results[key].append(store.claim(key, EVENT_TYPE, 600))
        except BaseException as exc:  # surfaced by the main thread
            errors.append(exc)
            barrier.abort()

    # when
    threads = [threading.Thread(target=contend) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # then
    assert errors == []
    for key in keys:
        assert sorted(results[key]) == ["claimed", "in_progress"]
        row = claim_row(clean_db, key)
        assert row is not None
        assert row["attempts"] == 1


def insert_claim(
    engine: Engine, key: str, status: str, locked_until: datetime, completed_at: Any
) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO processed_events (key, status, locked_until, completed_at)"
                " VALUES (:key, :status, :locked_until, :completed_at)"
            ),
            {
                "key": key,
                "status": status,
                "locked_until": locked_until,
                "completed_at": completed_at,
            },
        )


def test_purge_processed_events_deletes_old_completed_and_abandoned_claims(
    clean_db: Engine,
) -> None:
    # given
    now = datetime.now(tz=UTC)
    old, recent = now - timedelta(days=10), now - timedelta(days=1)
    insert_claim(clean_db, "old-completed", "completed", old, old)
    insert_claim(clean_db, "old-abandoned", "in_progress", old, None)
    insert_claim(clean_db, "recent-completed", "completed", recent, recent)
    insert_claim(clean_db, "locked", "in_progress", now + timedelta(minutes=5), None)
    # when
    deleted = purge_processed_events(timedelta(days=7))
    # then
    assert deleted == 2
    assert claim_row(clean_db, "old-completed") is None
    assert claim_row(clean_db, "old-abandoned") is None
    assert claim_row(clean_db, "recent-completed") is not None
    assert claim_row(clean_db, "locked") is not None


def test_purge_processed_events_never_goes_below_the_event_max_age(
    clean_db: Engine,
) -> None:
    an_hour_ago = datetime.now(tz=UTC) - timedelta(hours=1)
    insert_claim(clean_db, "completed", "completed", an_hour_ago, an_hour_ago)

    assert purge_processed_events(timedelta(seconds=1)) == 0
    assert claim_row(clean_db, "completed") is not None


# --- event functions through functions-framework ------------------------------------

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


def function_client(tmp_path: Path, target: str) -> Any:
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
    event: dict[str, Any] = json.loads((EVENTS / name).read_text())
    event["time"] = datetime.now(tz=UTC).isoformat()
    if reason is not None:
        message = json.loads(base64.b64decode(event["data"]["message"]["data"]))
        encoded = json.dumps({**message, "reason": reason}).encode()
        event["data"]["message"]["data"] = base64.b64encode(encoded).decode()
        event["id"] = uuid.uuid4().hex
    return event


def post_structured(client: Any, event: dict[str, Any]) -> Any:
    headers = {"Content-Type": "application/cloudevents+json"}
    return client.post("/", data=json.dumps(event), headers=headers)


def post_binary(client: Any, event: dict[str, Any]) -> Any:
    headers = {
        f"ce-{name}": str(value)
        for name, value in event.items()
        if name not in ("data", "datacontenttype")
    }
    headers["Content-Type"] = event["datacontenttype"]
    return client.post("/", data=json.dumps(event["data"]), headers=headers)


@pytest.mark.e2e
@pytest.mark.parametrize("post", [post_structured, post_binary])
def test_storage_function_with_redelivered_event_runs_handler_once(
    clean_db: Engine, tmp_path: Path, post: Any
) -> None:
    # given
    client = function_client(tmp_path, "on_object_finalized")
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


@pytest.mark.e2e
@pytest.mark.parametrize("post", [post_structured, post_binary])
def test_pubsub_function_with_redelivered_event_runs_handler_once(
    clean_db: Engine, tmp_path: Path, post: Any
) -> None:
    # given
    client = function_client(tmp_path, "on_synthesis_requested")
    event = fresh_sample(PUBSUB_EVENT)
    # when
    first, again = post(client, event), post(client, event)
    # then
    assert (first.status_code, again.status_code) == (200, 200)
    assert recorded_calls(tmp_path) == ["5b1d7a3e-2f4c-4e8a-9c61-0d2f8b7a4e10"]
    row = claim_row(clean_db, f"{event['source']}:{event['id']}")
    assert row is not None
    assert row["status"] == "completed"


@pytest.mark.e2e
def test_pubsub_function_with_retryable_failure_answers_500_for_redelivery(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given
    client = function_client(tmp_path, "on_synthesis_requested")
    event = fresh_sample(PUBSUB_EVENT, reason="manual")
    # when
    first, again = post_binary(client, event), post_binary(client, event)
    # then
    assert (first.status_code, again.status_code) == (500, 500)
    assert len(recorded_calls(tmp_path)) == 2
    assert claim_row(clean_db, f"{event['source']}:{event['id']}") is None


@pytest.mark.e2e
def test_pubsub_function_with_permanent_failure_acknowledges(
    clean_db: Engine, tmp_path: Path
) -> None:
    # given
    client = function_client(tmp_path, "on_synthesis_requested")
    event = fresh_sample(PUBSUB_EVENT, reason="document_deleted")
    # when
    response = post_structured(client, event)
    # then
    assert response.status_code == 200
    assert len(recorded_calls(tmp_path)) == 1
    assert claim_row(clean_db, f"{event['source']}:{event['id']}") is None


@pytest.mark.e2e
def test_storage_function_with_stale_event_acknowledges_without_running(
    clean_db: Engine, tmp_path: Path
) -> None:
    client = function_client(tmp_path, "on_object_finalized")
    event = fresh_sample(STORAGE_EVENT)
    event["time"] = (datetime.now(tz=UTC) - timedelta(days=2)).isoformat()

    response = post_structured(client, event)

    assert response.status_code == 200
    assert recorded_calls(tmp_path) == []
