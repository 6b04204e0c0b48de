"""POST /api/documents/upload-urls: pending documents, signed PUT links, limits."""

from __future__ import annotations

import os
import uuid
from typing import Any
from urllib.parse import unquote

import pytest

from common.db.models import Document
from common.domain import parse_document_object_key
from tests import factories
from tests.e2e.documents_support import (
    BusRecorder,
    declared,
    load_document,
    pdf,
    put_to_signed_url,
    stored_files,
    upload_urls,
)
from tests.factories import count_rows, saved_property_id
from tests.support import reset_process_state

pytestmark = pytest.mark.e2e


def test_upload_urls_creates_pending_documents_with_signed_put_links(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    files = [declared("pv.pdf", size_bytes=5000), declared("dpe.png", "image/png", 900)]

    response = upload_urls(documents_client, user, property_id, files)

    assert response.status_code == 201
    body = response.get_json()
    assert [item["client_index"] for item in body["items"]] == [0, 1]
    for item, file in zip(body["items"], files, strict=True):
        document = load_document(item["document_id"])
        assert (item["status"], item["error"]) == ("awaiting_upload", None)
        assert document.status == "awaiting_upload"
        assert str(document.workflow_id) == body["workflow_id"]
        assert (document.content_type, document.size_bytes) == (
            file["content_type"],
            file["size_bytes"],
        )
        assert item["upload"]["method"] == "PUT"
        assert item["upload"]["headers"]["Content-Type"] == file["content_type"]
        assert document.storage_key in unquote(item["upload"]["url"])
        assert item["upload"]["expires_at"]
    assert stored_files() == []


def test_upload_urls_link_stores_the_file_and_emits_its_finalize_event(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given a pending document and its link
    bus = BusRecorder()
    content = pdf()
    body = upload_urls(
        documents_client,
        user,
        property_id,
        [declared(size_bytes=len(content))],
    ).get_json()
    [item] = body["items"]
    # when the client PUTs the file
    put_to_signed_url(item["upload"], content)

    # then the object is the analysis trigger, carrying the document's ids
    key = load_document(item["document_id"]).storage_key
    assert stored_files() == [key]
    [event] = bus.settle().finalized
    assert event["name"] == key
    assert event["metadata"] == {
        "document_id": item["document_id"],
        "workflow_id": body["workflow_id"],
    }


def test_upload_urls_reports_each_bad_file_and_signs_the_others(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given a limit of 10 000 bytes per file
    os.environ["APP_MAX_UPLOAD_BYTES"] = "10000"
    reset_process_state()
    files = [
        declared("a.exe", "application/x-msdownload"),
        declared("vide.pdf", size_bytes=0),
        declared("gros.pdf", size_bytes=10_001),
        declared("ok.pdf", "Application/PDF; charset=binary", 10_000),
    ]
    # when
    response = upload_urls(documents_client, user, property_id, files)

    # then
    items = response.get_json()["items"]
    assert [item["status"] for item in items] == ["rejected"] * 3 + ["awaiting_upload"]
    assert [item["error"]["code"] for item in items[:3]] == [
        "unsupported_content",
        "empty_file",
        "file_too_large",
    ]
    assert all(item["upload"] is None for item in items[:3])
    assert load_document(items[3]["document_id"]).content_type == "application/pdf"
    assert count_rows(Document) == 1


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../x.pdf", "x.pdf"),
        ("C:\\Users\\a\\b.pdf", "b.pdf"),
        ("Taxe foncière 2024 — T3 ✓.pdf", "Taxe foncière 2024 — T3 ✓.pdf"),
        ("a\u0000b\nc.pdf", "abc.pdf"),
    ],
    ids=["traversal", "windows-path", "unicode", "control-characters"],
)
def test_upload_urls_of_a_hostile_file_name_gets_a_safe_object_name(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    name: str,
    shown: str,
) -> None:
    response = upload_urls(documents_client, user, property_id, [declared(name)])

    [item] = response.get_json()["items"]
    document = load_document(item["document_id"])
    parsed = parse_document_object_key(document.storage_key)
    assert parsed is not None
    assert (parsed.property_id, parsed.document_id) == (property_id, document.id)
    assert "/" not in parsed.filename and "\\" not in parsed.filename
    assert parsed.filename.endswith(".pdf")
    assert document.filename == shown


def test_upload_urls_for_more_files_than_a_batch_allows_is_400(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    os.environ["APP_MAX_FILES_PER_BATCH"] = "2"
    reset_process_state()

    response = upload_urls(documents_client, user, property_id, [declared()] * 3)

    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["errors"] == [
        {"loc": ["body", "files"], "type": "too_long"}
    ]
    assert count_rows(Document) == 0


@pytest.mark.parametrize(
    ("files", "location"),
    [
        ([], ["body", "files"]),
        ([declared(size_bytes=-1)], ["body", "files", 0, "size_bytes"]),
        ([declared(sha256="xyz")], ["body", "files", 0, "sha256"]),
        ([declared(filename="")], ["body", "files", 0, "filename"]),
        ([{**declared(), "path": "/tmp"}], ["body", "files", 0, "path"]),
    ],
    ids=["no-file", "negative-size", "bad-sha256", "empty-name", "unknown-field"],
)
def test_upload_urls_with_a_malformed_file_is_400(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    files: list[dict[str, Any]],
    location: list[Any],
) -> None:
    response = upload_urls(documents_client, user, property_id, files)

    assert response.status_code == 400
    errors = response.get_json()["error"]["details"]["errors"]
    assert [error["loc"] for error in errors] == [location]


def test_upload_urls_for_another_users_property_is_404(
    documents_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = saved_property_id(stranger)

    response = upload_urls(documents_client, user, theirs, [declared()])

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "property_not_found"
    assert count_rows(Document) == 0
