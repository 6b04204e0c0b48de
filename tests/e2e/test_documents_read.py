"""Reading and renaming documents: grouped list, detail, download link, rename."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories
from tests.e2e.documents_support import load_document, saved_document
from tests.factories import saved_property_id

pytestmark = pytest.mark.e2e

ANALYSIS = {"category": "pv_ag", "summary": "AG 2024", "voted_works": [{"n": 4}]}
GROUPS = ["pv_ag", "diags", "taxe_fonciere", "charges", "other", "unclassified"]


def test_list_groups_documents_by_category_with_their_status(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    # given documents of several categories, one not classified yet
    pv = saved_document(user, property_id, filename="pv.pdf")
    dpe = saved_document(user, property_id, filename="dpe.pdf", category="diags")
    failed = saved_document(
        user, property_id, filename="scan.jpg", category=None, status="failed",
        error_code="analysis_failed", error_message="The analysis failed.",
    )  # fmt: skip
    saved_document(user, saved_property_id(user), filename="ailleurs.pdf")
    # when
    response = documents_client.get(
        f"/api/documents?property_id={property_id}", headers=user.headers
    )

    # then
    assert response.status_code == 200
    body = response.get_json()
    assert (body["property_id"], body["total"]) == (str(property_id), 3)
    groups = body["by_category"]
    assert list(groups) == GROUPS
    assert [d["id"] for d in groups["pv_ag"]] == [str(pv)]
    assert [d["id"] for d in groups["diags"]] == [str(dpe)]
    assert groups["taxe_fonciere"] == groups["charges"] == groups["other"] == []
    [unclassified] = groups["unclassified"]
    assert unclassified["id"] == str(failed)
    assert unclassified["status"] == "failed"
    assert unclassified["error_code"] == "analysis_failed"
    assert set(unclassified) == {
        "id", "filename", "category", "category_confidence", "status", "error_code",
        "error_message", "size_bytes", "content_type", "page_count", "created_at",
        "analyzed_at",
    }  # fmt: skip


def test_list_of_a_property_without_documents_has_empty_groups(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    response = documents_client.get(
        f"/api/documents?property_id={property_id}", headers=user.headers
    )

    body = response.get_json()
    assert body["total"] == 0
    assert all(body["by_category"][group] == [] for group in GROUPS)


def test_list_marks_uploads_whose_link_expired_as_failed(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    long_ago = datetime.now(tz=UTC) - timedelta(hours=2)
    stale = saved_document(
        user, property_id, status="awaiting_upload", category=None, sha256="a" * 64,
        updated_at=long_ago,
    )  # fmt: skip

    response = documents_client.get(
        f"/api/documents?property_id={property_id}", headers=user.headers
    )

    [listed] = response.get_json()["by_category"]["unclassified"]
    assert (listed["status"], listed["error_code"]) == ("failed", "upload_expired")
    assert load_document(stale).sha256 is None  # the file may be sent again


def test_list_of_another_users_property_is_404(
    documents_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = saved_property_id(stranger)
    saved_document(stranger, theirs)

    response = documents_client.get(
        f"/api/documents?property_id={theirs}", headers=user.headers
    )

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "property_not_found"


@pytest.mark.parametrize("query", ["", "?property_id=42"], ids=["missing", "invalid"])
def test_list_without_a_valid_property_id_is_400(
    documents_client: Any, user: factories.TestUser, query: str
) -> None:
    response = documents_client.get(f"/api/documents{query}", headers=user.headers)

    assert response.status_code == 400
    [error] = response.get_json()["error"]["details"]["errors"]
    assert error["loc"] == ["query", "property_id"]


def test_get_returns_the_document_with_its_full_analysis(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    document_id = saved_document(user, property_id, analysis=ANALYSIS, page_count=3)

    response = documents_client.get(
        f"/api/documents/{document_id}", headers=user.headers
    )

    assert response.status_code == 200
    body = response.get_json()
    assert body["analysis"] == ANALYSIS
    assert (body["id"], body["property_id"]) == (str(document_id), str(property_id))
    assert (body["page_count"], body["status"]) == (3, "analyzed")


def test_get_of_another_users_document_is_404(
    documents_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = saved_document(stranger, saved_property_id(stranger))

    response = documents_client.get(f"/api/documents/{theirs}", headers=user.headers)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "document_not_found"


def test_download_url_is_a_signed_link_named_after_the_document(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    document_id = saved_document(user, property_id, filename="PV AG 2024.pdf")

    response = documents_client.get(
        f"/api/documents/{document_id}/download-url", headers=user.headers
    )

    assert response.status_code == 200
    body = response.get_json()
    url = urlsplit(body["url"])
    query = parse_qs(url.query)
    assert url.path.endswith(load_document(document_id).storage_key)
    assert "signature" in query
    assert "PV AG 2024.pdf" in str(query)
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert (
        timedelta(minutes=14)
        < expires_at - datetime.now(tz=UTC)
        <= timedelta(minutes=15)
    )


def test_download_url_of_a_document_not_uploaded_yet_is_409(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    pending = saved_document(user, property_id, status="awaiting_upload")

    response = documents_client.get(
        f"/api/documents/{pending}/download-url", headers=user.headers
    )

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "document_not_uploaded"


def test_download_url_of_another_users_document_is_404(
    documents_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = saved_document(stranger, saved_property_id(stranger))

    response = documents_client.get(
        f"/api/documents/{theirs}/download-url", headers=user.headers
    )

    assert response.status_code == 404


def test_rename_changes_the_display_name_and_keeps_the_object_name(
    documents_client: Any, user: factories.TestUser, property_id: uuid.UUID
) -> None:
    document_id = saved_document(user, property_id)
    key = load_document(document_id).storage_key

    response = documents_client.patch(
        f"/api/documents/{document_id}",
        json={"filename": "  PV de l'AG — mars 2024.pdf  "},
        headers=user.headers,
    )

    assert response.status_code == 200
    assert response.get_json()["filename"] == "PV de l'AG — mars 2024.pdf"
    renamed = load_document(document_id)
    assert (renamed.filename, renamed.storage_key) == (
        "PV de l'AG — mars 2024.pdf",
        key,
    )


@pytest.mark.parametrize(
    ("filename", "error_type"),
    [
        ("   ", "filename_length"),
        ("x" * 256, "filename_length"),
        ("../secret.pdf", "filename_path"),
        ("C:\\pv.pdf", "filename_path"),
        ("..", "filename_path"),
        ("pv\n.pdf", "filename_control_character"),
        ("fdp.exe\u202e.pdf", "filename_control_character"),
    ],
    ids=["blank", "too-long", "slash", "backslash", "dots", "newline", "bidi"],
)
def test_rename_to_an_invalid_name_is_400(
    documents_client: Any,
    user: factories.TestUser,
    property_id: uuid.UUID,
    filename: str,
    error_type: str,
) -> None:
    document_id = saved_document(user, property_id)

    response = documents_client.patch(
        f"/api/documents/{document_id}",
        json={"filename": filename},
        headers=user.headers,
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["errors"] == [
        {"loc": ["body", "filename"], "type": error_type}
    ]
    assert load_document(document_id).filename == "pv.pdf"


def test_rename_of_another_users_document_is_404(
    documents_client: Any, user: factories.TestUser, stranger: factories.TestUser
) -> None:
    theirs = saved_document(stranger, saved_property_id(stranger))

    response = documents_client.patch(
        f"/api/documents/{theirs}", json={"filename": "a.pdf"}, headers=user.headers
    )

    assert response.status_code == 404
    assert load_document(theirs).filename == "pv.pdf"
