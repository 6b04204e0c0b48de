"""POST /api/documents/bulk-upload: content checks, duplicates, safe object names."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest

from common.db.models import Document
from common.domain import parse_document_object_key
from tests import factories
from tests.e2e.documents_support import (
    EXE_BYTES,
    JPEG_BYTES,
    PNG_BYTES,
    WEBP_BYTES,
    BusRecorder,
    bulk_upload,
    load_document,
    pdf,
    stored_files,
)
from tests.factories import count_rows, saved_property_id
from tests.fixtures.documents import corrupt_pdf

pytestmark = pytest.mark.e2e


def test_bulk_upload_of_a_pdf_stores_it_and_creates_its_document(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    bus: BusRecorder,
) -> None:
    content = pdf()

    response = bulk_upload(
        documents_client, user, property_id, [(content, "pv.pdf", "application/pdf")]
    )

    assert response.status_code == 202
    body = response.get_json()
    [item] = body["items"]
    assert item["status"] == "uploaded"
    assert item["filename"] == "pv.pdf"
    assert item["error"] is None
    document = load_document(item["document_id"])
    assert str(document.workflow_id) == body["workflow_id"]
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert (document.size_bytes, document.content_type) == (
        len(content),
        "application/pdf",
    )
    assert stored_files() == [document.storage_key]
    assert bus.finalized_names == [document.storage_key]


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (pdf(), "application/pdf"),
        (JPEG_BYTES, "image/jpeg"),
        (PNG_BYTES, "image/png"),
        (WEBP_BYTES, "image/webp"),
    ],
    ids=["pdf", "jpeg", "png", "webp"],
)
def test_bulk_upload_records_the_type_found_in_the_content(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    content: bytes,
    content_type: str,
) -> None:
    response = bulk_upload(
        documents_client, user, property_id, [(content, "scan", "text/plain")]
    )

    [item] = response.get_json()["items"]
    assert item["status"] == "uploaded"
    assert load_document(item["document_id"]).content_type == content_type


def test_bulk_upload_of_a_png_declared_as_pdf_is_stored_as_png(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    response = bulk_upload(
        documents_client, user, property_id, [(PNG_BYTES, "a.pdf", "application/pdf")]
    )

    [item] = response.get_json()["items"]
    assert load_document(item["document_id"]).content_type == "image/png"


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (EXE_BYTES, "facture.pdf", "unsupported_content"),
        (b"<html><body>%PDF-</body></html>", "page.pdf", "unsupported_content"),
        (b"", "vide.pdf", "empty_file"),
    ],
    ids=["executable-renamed-pdf", "html", "empty"],
)
def test_bulk_upload_refuses_a_file_by_its_content_and_keeps_nothing(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    bus: BusRecorder,
    content: bytes,
    name: str,
    code: str,
) -> None:
    response = bulk_upload(
        documents_client, user, property_id, [(content, name, "application/pdf")]
    )

    assert response.status_code == 202
    body = response.get_json()
    [item] = body["items"]
    assert (item["status"], item["document_id"]) == ("rejected", None)
    assert item["error"]["code"] == code
    assert body["workflow_id"] is None
    assert count_rows(Document) == 0
    assert stored_files() == []
    assert bus.finalized_names == []


def test_bulk_upload_accepts_a_corrupt_pdf_whose_analysis_fails_later(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    response = bulk_upload(
        documents_client,
        user,
        property_id,
        [(corrupt_pdf(), "abime.pdf", "application/pdf")],
    )

    [item] = response.get_json()["items"]
    assert item["status"] == "uploaded"
    assert stored_files() == [load_document(item["document_id"]).storage_key]


def test_bulk_upload_of_the_same_file_twice_in_a_batch_keeps_one_document(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    content = pdf()

    response = bulk_upload(
        documents_client,
        user,
        property_id,
        [(content, "a.pdf", "application/pdf"), (content, "b.pdf", "application/pdf")],
    )

    first, second = response.get_json()["items"]
    assert (first["status"], second["status"]) == ("uploaded", "duplicate")
    assert second["document_id"] == first["document_id"]
    assert count_rows(Document) == 1
    assert len(stored_files()) == 1


def test_bulk_upload_of_a_file_already_in_the_property_returns_that_document(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    bus: BusRecorder,
) -> None:
    # given a first batch
    content = pdf()
    first = bulk_upload(
        documents_client, user, property_id, [(content, "a.pdf", "application/pdf")]
    ).get_json()
    # when the same content comes again under another name
    again = bulk_upload(
        documents_client, user, property_id, [(content, "copie.pdf", "image/png")]
    ).get_json()

    # then
    [item] = again["items"]
    assert item["status"] == "duplicate"
    assert item["document_id"] == first["items"][0]["document_id"]
    assert again["workflow_id"] is None
    assert count_rows(Document) == 1
    assert len(bus.finalized_names) == 1


def test_bulk_upload_of_a_file_of_another_property_creates_a_document(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    content = pdf()
    other_property = saved_property_id(user, name="Autre bien")
    bulk_upload(documents_client, user, property_id, [(content, "a.pdf", "x/y")])

    response = bulk_upload(
        documents_client, user, other_property, [(content, "a.pdf", "x/y")]
    )

    assert response.get_json()["items"][0]["status"] == "uploaded"
    assert count_rows(Document) == 2


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../x.pdf", "x.pdf"),
        # The multipart header quoting eats single backslashes (as werkzeug reads
        # browsers' quoted-strings): the name arrives as "C:Usersab.pdf".
        ("C:\\Users\\a\\b.pdf", None),
        ("Procès-verbal d'AG été 2024 ✓.pdf", "Procès-verbal d'AG été 2024 ✓.pdf"),
        ("..", "document"),
        ("\u202ecod.pdf", "cod.pdf"),
    ],
    ids=["traversal", "windows-path", "unicode", "dots", "bidi-override"],
)
def test_bulk_upload_of_a_hostile_file_name_gets_a_safe_object_name(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    name: str,
    shown: str | None,
) -> None:
    response = bulk_upload(
        documents_client, user, property_id, [(pdf(), name, "application/pdf")]
    )

    [item] = response.get_json()["items"]
    document = load_document(item["document_id"])
    parsed = parse_document_object_key(document.storage_key)
    assert parsed is not None
    assert (parsed.user_id, parsed.property_id) == (user.id, property_id)
    assert parsed.document_id == document.id
    assert parsed.filename not in ("", ".", "..")
    assert all(char.isascii() or char.isalpha() for char in parsed.filename)
    assert document.filename == item["filename"] == (shown or document.filename)
    assert stored_files() == [document.storage_key]
