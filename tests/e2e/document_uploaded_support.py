"""Helpers of the document_uploaded end-to-end tests: the function, events, rows.

The function is ``functions/document_uploaded/main.py`` loaded by functions-framework
with its production defaults: the storage, AI provider and publisher come from the
getters, chosen by settings. Finalize events are the GCS sample of ``tests/events/``
re-addressed to a real object, sent now, in structured or binary mode.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from common.ai.provider import get_ai
from common.config import get_settings
from common.db import session_scope
from common.db.models import Document
from common.domain import document_object_key
from common.local.bus import get_local_bus, reset_local_bus
from common.publisher import get_publisher
from common.storage import get_storage
from tests.factories import create_property, create_user
from tests.support import (
    ROOT,
    STORAGE_EVENT,
    sample_event_json,
)

SOURCE = ROOT / "functions" / "document_uploaded" / "main.py"
PostEvent = Callable[[Any, dict[str, Any]], Any]


def reset_providers() -> None:
    """Forget the cached AI provider, publisher and local bus (settings change)."""
    get_ai.cache_clear()
    get_publisher.cache_clear()
    reset_local_bus()


def function_client() -> Any:
    """A test client of the document_uploaded function."""
    from functions_framework import create_app

    app = create_app(
        target="on_document_uploaded", source=str(SOURCE), signature_type="cloudevent"
    )
    return app.test_client()


def uploaded_document(content: bytes, filename: str = "document.pdf") -> Document:
    """A committed user, property and document row, and its object in storage."""
    document_id = uuid.uuid4()
    with session_scope() as db:
        owner = create_user(db)
        property_id = create_property(db, owner.id).id
        document = Document(
            id=document_id,
            property_id=property_id,
            user_id=owner.id,
            filename=filename,
            storage_key=document_object_key(
                owner.id, property_id, document_id, filename
            ),
            status="awaiting_upload",
        )
        db.add(document)
    stored = get_storage().upload_bytes(
        "documents", document.storage_key, content, "application/pdf"
    )
    document.generation = stored.generation
    return document


def finalize_event(document: Document, generation: int | None = None) -> dict[str, Any]:
    """The GCS finalize CloudEvent of the document's object, sent now."""
    event = sample_event_json(STORAGE_EVENT)
    data = event["data"]
    generation = document.generation if generation is None else generation
    data["name"] = document.storage_key
    data["bucket"] = get_settings().documents_bucket
    data["generation"] = str(generation)
    data["id"] = f"{data['bucket']}/{document.storage_key}/{generation}"
    event["subject"] = f"objects/{document.storage_key}"
    event["id"] = str(uuid.uuid4().int >> 65)
    event["time"] = datetime.now(tz=UTC).isoformat()
    return event


def reload(document: Document) -> Document:
    """The document row as committed now."""
    with session_scope() as db:
        row = db.get(Document, document.id)
    assert row is not None
    return row


class SynthesisRequests:
    """Subscribes to the synthesis topic on the local bus and keeps what arrives."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        bus = get_local_bus()
        bus.subscribe_topic(get_settings().synthesis_topic, self._deliver)
        bus.start()

    def received(self) -> list[dict[str, Any]]:
        """The decoded messages delivered so far (after the bus settles)."""
        get_local_bus().drain(timeout=10)
        return list(self.messages)

    def _deliver(self, data: dict[str, object], attributes: dict[str, str]) -> int:
        import base64

        message = data["message"]
        assert isinstance(message, dict)
        self.messages.append(json.loads(base64.b64decode(message["data"])))
        return 204
