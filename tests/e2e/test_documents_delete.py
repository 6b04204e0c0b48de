"""Deleting documents (one or in bulk) and re-processing them."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests import factories
from tests.e2e.documents_support import (
    BusRecorder,
    document_exists,
    load_document,
    saved_document,
    stored_document,
    stored_files,
)
from tests.factories import saved_property_id

pytestmark = pytest.mark.e2e


def test_delete_removes_the_file_and_the_row_and_requests_a_synthesis(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    bus: BusRecorder,
) -> None:
    document_id, _ = stored_document(user, property_id)
    kept, kept_key = stored_document(user, property_id, b"%PDF-other")

    response = documents_client.delete(
        f"/api/documents/{document_id}", headers=user.headers
    )

    assert response.status_code == 204
    assert not document_exists(document_id)
    assert document_exists(kept)
    assert stored_files() == [kept_key]
    [request] = bus.synthesis_requests
    assert (request["property_id"], request["reason"]) == (
        str(property_id),
        "document_deleted",
    )


def test_delete_of_another_users_document_is_404_and_keeps_it(
    documents_client: Any,
    user: factories.TestUser,
    stranger: factories.TestUser,
    bus: BusRecorder,
) -> None:
    theirs, key = stored_document(stranger, saved_property_id(stranger))

    response = documents_client.delete(f"/api/documents/{theirs}", headers=user.headers)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "document_not_found"
    assert document_exists(theirs)
    assert stored_files() == [key]
    assert bus.synthesis_requests == []


def test_bulk_delete_deletes_owned_documents_and_lists_the_others(
    documents_client: Any,
    user: factories.TestUser,
    stranger: factories.TestUser,
    property_id: uuid.UUID,
    bus: BusRecorder,
) -> None:
    # given documents in two properties, and one of another user
    second_property = saved_property_id(user, name="Second bien")
    first, _ = stored_document(user, property_id)
    second = saved_document(user, property_id, status="awaiting_upload")
    third, _ = stored_document(user, second_property, b"%PDF-3")
    theirs, theirs_key = stored_document(stranger, saved_property_id(stranger))
    unknown = uuid.uuid4()
    # when
    response = documents_client.post(
        "/api/documents/bulk-delete",
        json={
            "document_ids": [str(i) for i in (first, theirs, second, unknown, third)]
        },
        headers=user.headers,
    )

    # then
    assert response.status_code == 200
    assert response.get_json() == {
        "deleted": [str(first), str(second), str(third)],
        "not_found": [str(theirs), str(unknown)],
    }
    assert stored_files() == [theirs_key]
    assert document_exists(theirs)
    requested = sorted(r["property_id"] for r in bus.synthesis_requests)
    assert requested == sorted([str(property_id), str(second_property)])


@pytest.mark.parametrize(
    ("ids", "error_type"),
    [([], "too_short"), ([str(uuid.uuid4()) for _ in range(101)], "too_long")],
    ids=["empty", "over-100"],
)
def test_bulk_delete_of_no_or_too_many_ids_is_400(
    documents_client: Any, user: factories.TestUser, ids: list[str], error_type: str
) -> None:
    response = documents_client.post(
        "/api/documents/bulk-delete", json={"document_ids": ids}, headers=user.headers
    )

    assert response.status_code == 400
    [error] = response.get_json()["error"]["details"]["errors"]
    assert error == {"loc": ["body", "document_ids"], "type": error_type}


@pytest.mark.parametrize("status", ["analyzed", "failed"])
def test_reprocess_rewrites_the_object_to_trigger_a_new_analysis(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    bus: BusRecorder,
    status: str,
) -> None:
    # given an analysed (or failed) document and its stored file
    document_id, key = stored_document(
        user, property_id, status=status, error_code="x", error_message="X."
    )
    bus.settle().finalized.clear()
    # when
    response = documents_client.post(
        f"/api/documents/{document_id}/reprocess", headers=user.headers
    )

    # then
    assert response.status_code == 202
    body = response.get_json()
    assert (body["status"], body["error_code"], body["error_message"]) == (
        "uploaded",
        None,
        None,
    )
    assert load_document(document_id).status == "uploaded"
    [event] = bus.settle().finalized
    assert event["name"] == key
    assert "reprocess_at" in event["metadata"]


@pytest.mark.parametrize(
    "status", ["awaiting_upload", "uploaded", "classifying", "analyzing"]
)
def test_reprocess_while_the_document_is_not_done_is_409(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    bus: BusRecorder,
    status: str,
) -> None:
    document_id, _ = stored_document(user, property_id, status=status)
    bus.settle().finalized.clear()

    response = documents_client.post(
        f"/api/documents/{document_id}/reprocess", headers=user.headers
    )

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "document_busy"
    assert load_document(document_id).status == status
    assert bus.settle().finalized == []


def test_reprocess_of_a_document_whose_file_never_came_is_409(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    expired = saved_document(
        user, property_id, status="failed", error_code="upload_expired"
    )

    response = documents_client.post(
        f"/api/documents/{expired}/reprocess", headers=user.headers
    )

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "document_not_uploaded"
    assert load_document(expired).status == "failed"


def test_reprocess_of_a_document_whose_object_is_missing_is_409_and_unchanged(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    document_id = saved_document(
        user, property_id, status="failed", error_code="e", error_message="E."
    )

    response = documents_client.post(
        f"/api/documents/{document_id}/reprocess", headers=user.headers
    )

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "document_not_uploaded"
    document = load_document(document_id)
    assert (document.status, document.error_code) == ("failed", "e")


def test_reprocess_of_another_users_document_is_404(
    documents_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs, _ = stored_document(stranger, saved_property_id(stranger))

    response = documents_client.post(
        f"/api/documents/{theirs}/reprocess", headers=user.headers
    )

    assert response.status_code == 404
    assert load_document(theirs).status == "analyzed"
