"""The photos functions through functions-framework: clients, uploads, events."""

from __future__ import annotations

import base64
import io
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from tests.support import ROOT, function_client, sample_event_json

ORIGIN = "http://app.example.test"  # APP_CORS_ORIGINS of the tests
REDESIGN_EVENT = "pubsub_redesign_requested.json"


def photos_client() -> Any:
    """A test client of ``functions/photos/main.py``."""
    return function_client("photos", "photos_http")


def redesign_function_client() -> Any:
    """A test client of ``functions/photo_redesign/main.py`` (CloudEvent function)."""
    from functions_framework import create_app

    source = ROOT / "functions" / "photo_redesign" / "main.py"
    app = create_app(
        target="on_redesign_requested", source=str(source), signature_type="cloudevent"
    )
    return app.test_client()


def headers(user: Any, language: str = "en") -> dict[str, str]:
    """The user's session cookie, a trusted Origin and the language."""
    return {**user.headers, "Origin": ORIGIN, "Accept-Language": language}


def upload(
    client: Any,
    user: Any,
    property_id: uuid.UUID,
    files: list[tuple[bytes, str]],
    language: str = "en",
    **fields: str,
) -> Any:
    """``POST /api/photos/upload`` as multipart/form-data."""
    data: dict[str, Any] = {"property_id": str(property_id), **fields}
    data["files"] = [(io.BytesIO(content), name) for content, name in files]
    return client.post(
        "/api/photos/upload",
        data=data,
        headers=headers(user, language),
        content_type="multipart/form-data",
    )


def uploaded_photo_id(
    client: Any, user: Any, property_id: uuid.UUID, data: bytes
) -> str:
    """The id of one photo uploaded by multipart."""
    response = upload(client, user, property_id, [(data, "salon.jpg")])
    assert response.status_code == 201, response.get_data(as_text=True)
    (item,) = response.get_json()["items"]
    assert item["status"] == "uploaded", item
    return str(item["photo"]["id"])


def redesign_event(redesign_id: str, event_id: str | None = None) -> dict[str, Any]:
    """The sample push event, sent now, about ``redesign_id``."""
    event = sample_event_json(REDESIGN_EVENT)
    now = datetime.now(tz=UTC).isoformat()
    message = json.dumps({"redesign_id": redesign_id}).encode()
    event["data"]["message"]["data"] = base64.b64encode(message).decode()
    event["time"] = now
    event["id"] = event_id or uuid.uuid4().hex
    return event


def post_event(client: Any, event: dict[str, Any]) -> Any:
    """Post ``event`` in structured mode."""
    content_type = {"Content-Type": "application/cloudevents+json"}
    return client.post("/", data=json.dumps(event), headers=content_type)
