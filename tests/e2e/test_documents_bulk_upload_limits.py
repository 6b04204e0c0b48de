"""POST /api/documents/bulk-upload: size and count limits, streaming, bad requests."""

from __future__ import annotations

import io
import os
import tracemalloc
import uuid
from typing import Any

import pytest

from common.db.models import Document
from tests import factories
from tests.e2e.documents_support import (
    BusRecorder,
    bulk_upload,
    load_document,
    pdf,
    stored_files,
)
from tests.factories import count_rows, saved_property_id
from tests.support import reset_process_state

pytestmark = pytest.mark.e2e


def _limits(max_upload_bytes: int, max_files: int = 50) -> None:
    os.environ["APP_MAX_UPLOAD_BYTES"] = str(max_upload_bytes)
    os.environ["APP_MAX_FILES_PER_BATCH"] = str(max_files)
    reset_process_state()


def test_bulk_upload_refuses_a_file_over_the_limit_and_stores_the_others(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given a limit of 2 000 bytes per file
    _limits(2000)
    small = b"%PDF-1.7\n" + bytes(1000)
    large = b"%PDF-1.7\n" + bytes(2000)
    # when
    response = bulk_upload(
        documents_client,
        user,
        property_id,
        [
            (large, "gros.pdf", "application/pdf"),
            (small, "petit.pdf", "application/pdf"),
        ],
        headers={"Accept-Language": "fr"},
    )

    # then
    refused, stored = response.get_json()["items"]
    assert refused["status"] == "rejected"
    assert refused["error"] == {
        "code": "file_too_large",
        "message": "Le fichier est trop volumineux (limite : 2000 octets).",
    }
    assert stored["status"] == "uploaded"
    assert stored_files() == [load_document(stored["document_id"]).storage_key]


class _Zeros(io.RawIOBase):
    """``size`` bytes that start like a PDF, made on demand (never all in memory)."""

    def __init__(self, size: int) -> None:
        self.remaining = size
        self.head = b"%PDF-1.7\n"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = min(len(buffer), self.remaining)
        chunk = (self.head + bytes(count))[:count]
        self.head = self.head[count:]
        buffer[:count] = chunk
        self.remaining -= count
        return count


def test_bulk_upload_streams_a_40_mb_file_and_refuses_it_without_a_trace(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    bus: BusRecorder,
) -> None:
    # given the default limit of 30 MB and a 40 MB body produced on demand
    big = io.BufferedReader(_Zeros(40 * 1024 * 1024), buffer_size=64 * 1024)
    # when
    tracemalloc.start()
    try:
        response = bulk_upload(
            documents_client, user, property_id, [(big, "big.pdf", "application/pdf")]
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # then
    [item] = response.get_json()["items"]
    assert (item["status"], item["error"]["code"]) == ("rejected", "file_too_large")
    assert peak < 8 * 1024 * 1024  # never the whole file (nor a quarter of it)
    assert count_rows(Document) == 0
    assert stored_files() == []
    assert bus.finalized_names == []


def test_bulk_upload_of_too_many_files_is_400_and_stores_nothing(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    _limits(10_000, max_files=2)
    files = [(pdf(str(n)), f"{n}.pdf", "application/pdf") for n in range(3)]

    response = bulk_upload(documents_client, user, property_id, files)

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_input"
    assert response.get_json()["error"]["details"] == {"limit": 2}
    assert count_rows(Document) == 0
    assert stored_files() == []


def test_bulk_upload_larger_than_any_batch_is_413_before_reading(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given at most one file of 1 000 bytes: no batch needs ~81 KB
    _limits(1000, max_files=1)
    content = b"%PDF-1.7\n" + bytes(200_000)

    response = bulk_upload(
        documents_client, user, property_id, [(content, "a.pdf", "application/pdf")]
    )

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert count_rows(Document) == 0


def test_bulk_upload_to_another_users_property_is_404_and_stores_nothing(
    documents_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = saved_property_id(stranger)

    response = bulk_upload(
        documents_client, user, theirs, [(pdf(), "a.pdf", "application/pdf")]
    )

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "property_not_found"
    assert stored_files() == []


@pytest.mark.parametrize(
    ("property_value", "error_type"),
    [(None, "missing"), ("pas-un-uuid", "uuid_parsing")],
    ids=["missing", "malformed"],
)
def test_bulk_upload_without_a_valid_property_id_is_400(
    documents_client: Any,
    user: factories.TestUser,
    property_value: str | None,
    error_type: str,
) -> None:
    response = bulk_upload(
        documents_client, user, property_value, [(pdf(), "a.pdf", "application/pdf")]
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["errors"] == [
        {"loc": ["body", "property_id"], "type": error_type}
    ]


def test_bulk_upload_without_files_is_400(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    response = bulk_upload(documents_client, user, property_id, [])

    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["fields"] == "files"


def test_bulk_upload_of_a_json_body_is_415(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    response = documents_client.post(
        "/api/documents/bulk-upload",
        json={"property_id": str(property_id)},
        headers=user.headers,
    )

    assert response.status_code == 415
    assert response.get_json()["error"]["message"] == (
        "Send the files as multipart/form-data."
    )
