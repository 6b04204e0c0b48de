"""POST /api/documents/upload-urls: the same content twice is one document."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest

from common.db.models import Document
from tests import factories
from tests.e2e.documents_support import (
    bulk_upload,
    declared,
    load_document,
    pdf,
    put_to_signed_url,
    saved_document,
    stored_files,
    upload_urls,
)
from tests.factories import count_rows

pytestmark = pytest.mark.e2e


def test_upload_urls_of_known_content_returns_the_existing_document(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    sha256 = "ab" * 32
    existing = saved_document(user, property_id, sha256=sha256)

    response = upload_urls(
        documents_client, user, property_id, [declared(sha256=sha256.upper())]
    )

    body = response.get_json()
    [item] = body["items"]
    assert (item["status"], item["document_id"]) == ("duplicate", str(existing))
    assert item["upload"] is None
    assert body["workflow_id"] is None
    assert count_rows(Document) == 1


def test_upload_urls_of_the_same_content_twice_in_a_batch_signs_it_once(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    sha256 = "cd" * 32

    response = upload_urls(
        documents_client,
        user,
        property_id,
        [declared("a.pdf", sha256=sha256), declared("b.pdf", sha256=sha256)],
    )

    first, second = response.get_json()["items"]
    assert (first["status"], second["status"]) == ("awaiting_upload", "duplicate")
    assert second["document_id"] == first["document_id"]
    assert second["upload"] is None
    assert count_rows(Document) == 1


def test_upload_urls_again_for_a_file_never_sent_reuses_its_document(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given a first batch whose file was never PUT
    sha256 = "ef" * 32
    first = upload_urls(
        documents_client, user, property_id, [declared(sha256=sha256)]
    ).get_json()
    # when the client asks again
    second = upload_urls(
        documents_client, user, property_id, [declared(sha256=sha256)]
    ).get_json()

    # then the same document gets a new link and joins the new batch
    [item] = second["items"]
    assert item["status"] == "awaiting_upload"
    assert item["document_id"] == first["items"][0]["document_id"]
    assert item["upload"] is not None
    assert str(load_document(item["document_id"]).workflow_id) == second["workflow_id"]
    assert count_rows(Document) == 1


def test_bulk_upload_of_a_file_whose_link_was_never_used_completes_its_document(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    content = pdf()
    sha256 = hashlib.sha256(content).hexdigest()
    pending = upload_urls(
        documents_client, user, property_id, [declared(sha256=sha256)]
    ).get_json()["items"][0]

    response = bulk_upload(
        documents_client, user, property_id, [(content, "pv.pdf", "application/pdf")]
    )

    [item] = response.get_json()["items"]
    assert (item["status"], item["document_id"]) == ("uploaded", pending["document_id"])
    assert stored_files() == [load_document(pending["document_id"]).storage_key]


def test_upload_urls_of_a_file_already_stored_but_not_yet_announced_is_a_duplicate(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given a file PUT to its link whose finalize event is not processed yet
    content = pdf()
    sha256 = hashlib.sha256(content).hexdigest()
    first = upload_urls(
        documents_client,
        user,
        property_id,
        [declared(size_bytes=len(content), sha256=sha256)],
    ).get_json()["items"][0]
    put_to_signed_url(first["upload"], content)
    # when
    again = upload_urls(
        documents_client, user, property_id, [declared(sha256=sha256)]
    ).get_json()["items"][0]

    # then
    assert (again["status"], again["document_id"]) == (
        "duplicate",
        first["document_id"],
    )
