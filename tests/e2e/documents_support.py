"""Helpers of the /api/documents end-to-end tests: files, requests, rows, events.

``BusRecorder`` subscribes to the process-wide local bus (the documents bucket and the
synthesis topic) and starts it, so a test sees the finalize events the uploads caused
and the synthesis requests a deletion published, as the local stack would deliver them.
"""

from __future__ import annotations

import base64
import io
import json
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from common.config import get_settings
from common.db import session_scope
from common.db.models import Document
from common.local.bus import get_local_bus
from common.storage import LocalStorage, bucket_name, get_storage
from tests.factories import TestUser
from tests.fixtures.documents import pv_ag_pdf

ORIGIN = {"Origin": "http://app.example.test"}
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)
WEBP_BYTES = b"RIFF\x00\x01\x00\x00WEBPVP8 " + bytes(200)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(500)
FilePart = tuple[bytes | IO[bytes], str, str]


def pdf(marker: str = "") -> bytes:
    """A real PDF; ``marker`` appended as a comment makes distinct contents."""
    return pv_ag_pdf() + (f"\n% {marker}\n".encode() if marker else b"")


def bulk_upload(
    client: Any,
    user: TestUser,
    property_id: uuid.UUID | str | None,
    files: Sequence[FilePart],
    headers: dict[str, str] | None = None,
) -> Any:
    """``POST /api/documents/bulk-upload`` (multipart: property_id, then files)."""
    data: dict[str, Any] = {}
    if property_id is not None:
        data["property_id"] = str(property_id)
    data["files"] = [
        (io.BytesIO(content) if isinstance(content, bytes) else content, name, kind)
        for content, name, kind in files
    ]
    return client.post(
        "/api/documents/bulk-upload",
        data=data,
        content_type="multipart/form-data",
        headers=user.headers | (headers or {}),
    )


def declared(
    filename: str = "pv.pdf",
    content_type: str = "application/pdf",
    size_bytes: int = 1000,
    sha256: str | None = None,
) -> dict[str, Any]:
    """One file of an ``upload-urls`` body."""
    item: dict[str, Any] = {
        "filename": filename,
        "content_type": content_type,
        "size_bytes": size_bytes,
    }
    if sha256 is not None:
        item["sha256"] = sha256
    return item


def upload_urls(
    client: Any, user: TestUser, property_id: uuid.UUID, files: list[dict[str, Any]]
) -> Any:
    """``POST /api/documents/upload-urls``."""
    body = {"property_id": str(property_id), "files": files}
    return client.post("/api/documents/upload-urls", json=body, headers=user.headers)


def saved_document(owner: TestUser, property_id: uuid.UUID, **fields: Any) -> uuid.UUID:
    """A committed document row of ``owner`` (``analyzed`` unless told otherwise)."""
    document_id = uuid.uuid4()
    values: dict[str, Any] = {
        "filename": "pv.pdf",
        "status": "analyzed",
        "category": "pv_ag",
        "category_confidence": 0.9,
        "content_type": "application/pdf",
        "size_bytes": 1234,
        "storage_key": (
            f"users/{owner.id}/properties/{property_id}/documents/{document_id}/pv.pdf"
        ),
    }
    values.update(fields)
    with session_scope() as db:
        db.add(
            Document(
                id=document_id, property_id=property_id, user_id=owner.id, **values
            )
        )
    return document_id


def stored_document(
    owner: TestUser, property_id: uuid.UUID, content: bytes = b"%PDF-1.4", **fields: Any
) -> tuple[uuid.UUID, str]:
    """:func:`saved_document` with its file in the documents bucket; (id, key)."""
    document_id = saved_document(owner, property_id, **fields)
    key = load_document(document_id).storage_key
    get_storage().upload_bytes("documents", key, content, "application/pdf")
    return document_id, key


def load_document(document_id: uuid.UUID | str) -> Document:
    """The document row, read in a fresh unit of work (``AssertionError`` if gone)."""
    with session_scope() as db:
        found = db.get(Document, uuid.UUID(str(document_id)))
    assert found is not None
    return found


def document_exists(document_id: uuid.UUID | str) -> bool:
    """Whether the document row exists."""
    with session_scope() as db:
        return db.get(Document, uuid.UUID(str(document_id))) is not None


def stored_files() -> list[str]:
    """Every object of the documents bucket of the local storage (keys, sorted)."""
    root = Path(get_settings().local_storage_dir) / "documents"
    if not root.exists():
        return []
    return sorted(
        path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()
    )


def put_to_signed_url(upload: dict[str, Any], content: bytes) -> None:
    """What the local stack does with a client's PUT to a signed upload link."""
    parts = urlsplit(upload["url"])
    bucket, key = unquote(parts.path).removeprefix("/_storage/").split("/", 1)
    storage = get_storage()
    assert isinstance(storage, LocalStorage)
    storage.accept_signed_upload(
        "documents" if bucket == "documents" else "photos",
        key,
        dict(parse_qsl(parts.query)),
        upload["headers"]["Content-Type"],
        io.BytesIO(content),
    )


class BusRecorder:
    """Records what the local bus delivers for documents and synthesis requests."""

    def __init__(self) -> None:
        self.finalized: list[dict[str, Any]] = []
        self.synthesis: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self.bus = get_local_bus()
        self.bus.subscribe_bucket(
            bucket_name("documents"), self._on_object, name="recorder"
        )
        self.bus.subscribe_topic(
            get_settings().synthesis_topic, self._on_message, name="recorder"
        )
        self.bus.start()

    def _on_object(self, data: dict[str, object], _: dict[str, str]) -> int:
        with self._lock:
            self.finalized.append(dict(data))
        return 204

    def _on_message(self, data: dict[str, object], _: dict[str, str]) -> int:
        with self._lock:
            self.synthesis.append(dict(data))
        return 204

    def settle(self) -> BusRecorder:
        """Wait until every queued delivery is done."""
        assert self.bus.drain(timeout=10)
        return self

    @property
    def finalized_names(self) -> list[str]:
        """The object names of the finalize events received."""
        return [str(event["name"]) for event in self.settle().finalized]

    @property
    def synthesis_requests(self) -> list[dict[str, Any]]:
        """The ``synthesis-requested`` messages received, decoded."""
        return [
            json.loads(base64.b64decode(envelope["message"]["data"]))
            for envelope in self.settle().synthesis
        ]
