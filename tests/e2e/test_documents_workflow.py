"""GET /api/documents/bulk-status/{workflow_id}: progress and the three final states."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests import factories
from tests.e2e.documents_support import bulk_upload, load_document, pdf, saved_document
from tests.factories import saved_property_id

pytestmark = pytest.mark.e2e


def _batch(
    owner: factories.TestUser, property_id: uuid.UUID, *statuses: str
) -> uuid.UUID:
    workflow_id = uuid.uuid4()
    for number, status in enumerate(statuses):
        saved_document(
            owner, property_id, filename=f"{number}.pdf", status=status,
            workflow_id=workflow_id,
            error_code="analysis_failed" if status == "failed" else None,
        )  # fmt: skip
    return workflow_id


def _status(client: Any, user: factories.TestUser, workflow_id: uuid.UUID | str) -> Any:
    return client.get(f"/api/documents/bulk-status/{workflow_id}", headers=user.headers)


def test_bulk_status_while_documents_are_processed_is_processing(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    workflow_id = _batch(
        user, property_id, "analyzed", "analyzing", "uploaded", "failed"
    )

    response = _status(documents_client, user, workflow_id)

    assert response.status_code == 200
    body = response.get_json()
    assert (body["workflow_id"], body["total"]) == (str(workflow_id), 4)
    assert body["counts"] == {
        "awaiting_upload": 0, "uploaded": 1, "classifying": 0, "analyzing": 1,
        "analyzed": 1, "failed": 1,
    }  # fmt: skip
    assert (body["percentage"], body["state"]) == (50, "processing")
    assert [d["filename"] for d in body["documents"]] == [f"{n}.pdf" for n in range(4)]
    assert body["documents"][3]["error_code"] == "analysis_failed"


@pytest.mark.parametrize(
    ("statuses", "state"),
    [
        (("analyzed", "analyzed"), "completed"),
        (("failed", "failed"), "failed"),
        (("analyzed", "failed"), "partially_failed"),
    ],
    ids=["completed", "failed", "partially-failed"],
)
def test_bulk_status_once_every_document_is_done_is_final(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    statuses: tuple[str, ...],
    state: str,
) -> None:
    workflow_id = _batch(user, property_id, *statuses)

    body = _status(documents_client, user, workflow_id).get_json()

    assert (body["percentage"], body["state"]) == (100, state)


def test_bulk_status_ends_when_a_signed_upload_never_comes(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given a batch whose second file was never PUT, long after its link expired
    workflow_id = _batch(user, property_id, "analyzed")
    never_sent = saved_document(
        user, property_id, status="awaiting_upload", workflow_id=workflow_id,
        updated_at=datetime.now(tz=UTC) - timedelta(minutes=26),
    )  # fmt: skip
    # when
    body = _status(documents_client, user, workflow_id).get_json()

    # then
    assert (body["percentage"], body["state"]) == (100, "partially_failed")
    [expired] = [d for d in body["documents"] if d["id"] == str(never_sent)]
    assert (expired["status"], expired["error_code"]) == ("failed", "upload_expired")
    assert load_document(never_sent).error_code == "upload_expired"


def test_bulk_status_keeps_waiting_for_a_link_that_may_still_be_in_use(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    workflow_id = uuid.uuid4()
    saved_document(
        user, property_id, status="awaiting_upload", workflow_id=workflow_id,
        updated_at=datetime.now(tz=UTC) - timedelta(minutes=20),
    )  # fmt: skip

    body = _status(documents_client, user, workflow_id).get_json()

    assert (body["percentage"], body["state"]) == (0, "processing")


def test_bulk_status_follows_a_bulk_upload(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    upload = bulk_upload(
        documents_client, user, property_id, [(pdf(), "pv.pdf", "application/pdf")]
    ).get_json()

    body = _status(documents_client, user, upload["workflow_id"]).get_json()

    assert body["total"] == 1
    assert body["documents"][0]["id"] == upload["items"][0]["document_id"]
    assert body["state"] == "processing"


def test_bulk_status_of_an_unknown_workflow_is_404(
    documents_client: Any, user: factories.TestUser
) -> None:
    response = _status(documents_client, user, uuid.uuid4())

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "workflow_not_found"


def test_bulk_status_of_another_users_workflow_is_404(
    documents_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    workflow_id = _batch(stranger, saved_property_id(stranger), "analyzed")

    response = _status(documents_client, user, workflow_id)

    assert response.status_code == 404
