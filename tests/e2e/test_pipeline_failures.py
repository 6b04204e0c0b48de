"""Bad files through the local stack: a clear error, and nothing half-written.

A corrupt PDF, an empty file, a 40 MB file and an executable renamed ``.pdf`` go
through the multipart batch and the signed-URL path. What the multipart route can
judge on receipt it refuses per file (no row, no object); what only the analysis can
judge ends ``failed`` with an error code, and the analysis deletes the object unless
it is a PDF it could not read (kept so the user can download what they sent). After
each, no row is left in an intermediate status and the storage tree holds exactly the
objects of the rows that should keep one: no temporary, no partial file.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from werkzeug.test import TestResponse

from common.config import get_settings
from tests.e2e.pipeline_support import PDF, Pipeline, document_rows, local_stack
from tests.fixtures.documents import corrupt_pdf, pv_ag_pdf

pytestmark = pytest.mark.e2e

FORTY_MB = 40 * 1024 * 1024
CHUNK = 1024 * 1024
# Client, multipart parser and service read 64 KiB - 1 MiB at a time: a 40 MB file
# streamed end to end never comes near its own size in memory.
MEMORY_CEILING = 8 * 1024 * 1024
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + bytes(504)  # a Linux executable
MZ_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(502)  # a Windows one


@pytest.fixture
def pipeline(
    tmp_path: Path, clean_db: Engine, redis_flushed: Any
) -> Iterator[Pipeline]:
    """The local stack, started, with its storage under ``tmp_path``."""
    with local_stack(tmp_path / "storage") as stack:
        yield stack


@pytest.fixture
def property_id(pipeline: Pipeline) -> str:
    """A property of a user who just signed up (the client keeps the session)."""
    pipeline.sign_up()
    return pipeline.create_property()


@pytest.fixture
def forty_mb_pdf(tmp_path: Path) -> Path:
    """A 40 MB file with a PDF header, written to disk 1 MiB at a time."""
    path = tmp_path / "plans du sous-sol.pdf"
    with path.open("wb") as sink:
        sink.write(b"%PDF-1.7\n")
        remaining = FORTY_MB - len(b"%PDF-1.7\n")
        while remaining:
            written = sink.write(bytes(min(CHUNK, remaining)))
            remaining -= written
    return path


def _too_large_message() -> str:
    limit = get_settings().max_upload_bytes
    assert limit < FORTY_MB
    return f"The file is too large (limit: {limit} bytes)."


def _assert_error_body(response: TestResponse, status: int, code: str) -> None:
    body = response.get_json()
    assert response.status_code == status
    assert set(body) == {"error", "request_id"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code and body["error"]["message"]
    assert body["request_id"] == response.headers["X-Request-Id"]


def _single_rejection(response: Any, code: str, message: str) -> None:
    """A batch whose one file was refused: no workflow, no document."""
    body = response.get_json()
    [item] = body["items"]
    assert body["workflow_id"] is None
    assert (item["status"], item["document_id"]) == ("rejected", None)
    assert item["error"] == {"code": code, "message": message}


def _failed_document(pipeline: Pipeline, workflow_id: str, code: str) -> dict[str, Any]:
    """The one document of a batch that ended ``failed`` with ``code``."""
    batch = pipeline.workflow(workflow_id)
    assert (batch["state"], batch["total"]) == ("failed", 1)
    assert batch["counts"]["failed"] == 1
    document = pipeline.document(batch["documents"][0]["id"])
    assert (document["status"], document["error_code"]) == ("failed", code)
    assert document["error_message"]
    assert (document["analysis"], document["category"]) == (None, None)
    return document


def _signed_upload(
    pipeline: Pipeline, property_id: str, filename: str, size_bytes: int
) -> tuple[str, dict[str, Any]]:
    """A pending document and its signed upload link; (workflow id, item)."""
    declared = {"filename": filename, "content_type": PDF, "size_bytes": size_bytes}
    response = pipeline.upload_urls(property_id, [declared])
    assert response.status_code == 201
    body = response.get_json()
    return body["workflow_id"], body["items"][0]


# --- a corrupt PDF --------------------------------------------------------------------


def test_pipeline_corrupt_pdf_fails_with_analysis_failed_and_keeps_the_file(
    pipeline: Pipeline, property_id: str
) -> None:
    # given
    content = corrupt_pdf()
    upload = pipeline.bulk_upload(property_id, [(content, "pv scanné.pdf")])
    # when
    document = _failed_document(
        pipeline, upload.get_json()["workflow_id"], "analysis_failed"
    )
    # then
    assert "damaged" in document["error_message"]
    [row] = document_rows(property_id)
    assert pipeline.stored_files() == [
        f".meta/documents/{row.storage_key}.json",
        f"documents/{row.storage_key}",
    ]
    assert (pipeline.storage_root / "documents" / row.storage_key).read_bytes() == (
        content
    )
    pipeline.settle()
    synthesis = pipeline.synthesis(property_id)
    assert (synthesis["status"], synthesis["document_count"]) == ("empty", 0)


# --- an empty file ------------------------------------------------------------------


def test_pipeline_empty_file_in_a_bulk_upload_is_rejected_unstored(
    pipeline: Pipeline, property_id: str
) -> None:
    response = pipeline.bulk_upload(property_id, [(b"", "vide.pdf")])

    assert response.status_code == 202
    _single_rejection(response, "empty_file", "The file is empty.")
    assert document_rows(property_id) == []
    assert pipeline.stored_files() == []


def test_pipeline_empty_file_declared_for_a_signed_url_is_rejected(
    pipeline: Pipeline, property_id: str
) -> None:
    declared = {"filename": "vide.pdf", "content_type": PDF, "size_bytes": 0}

    response = pipeline.upload_urls(property_id, [declared])

    assert response.status_code == 201
    _single_rejection(response, "empty_file", "The file is empty.")
    assert document_rows(property_id) == []


def test_pipeline_empty_body_put_to_a_signed_url_fails_the_document(
    pipeline: Pipeline, property_id: str
) -> None:
    # given a link for a file announced as 2 kB
    workflow_id, item = _signed_upload(pipeline, property_id, "relevé.pdf", 2048)
    # when nothing is sent
    response = pipeline.put_signed(item["upload"], b"", 0)
    # then
    assert response.status_code == 200
    _failed_document(pipeline, workflow_id, "empty_file")
    assert [row.status for row in document_rows(property_id)] == ["failed"]
    assert pipeline.stored_files() == []


# --- a 40 MB file -------------------------------------------------------------------


def test_pipeline_40_mb_file_in_a_bulk_upload_is_rejected_unstored(
    pipeline: Pipeline, property_id: str, forty_mb_pdf: Path
) -> None:
    tracemalloc.start()
    try:
        with forty_mb_pdf.open("rb") as stream:
            response = pipeline.bulk_upload(property_id, [(stream, forty_mb_pdf.name)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert response.status_code == 202
    assert peak < MEMORY_CEILING, f"peak {peak / 2**20:.1f} MiB"
    _single_rejection(response, "file_too_large", _too_large_message())
    assert document_rows(property_id) == []
    assert pipeline.stored_files() == []


def test_pipeline_40_mb_file_declared_for_a_signed_url_is_rejected(
    pipeline: Pipeline, property_id: str
) -> None:
    declared = {"filename": "plans.pdf", "content_type": PDF, "size_bytes": FORTY_MB}

    response = pipeline.upload_urls(property_id, [declared])

    _single_rejection(response, "file_too_large", _too_large_message())
    assert document_rows(property_id) == []


def test_pipeline_40_mb_put_to_a_smaller_signed_url_is_413_and_unstored(
    pipeline: Pipeline, property_id: str, forty_mb_pdf: Path
) -> None:
    # given a link signed for the size of a real PV d'AG
    content = pv_ag_pdf()
    workflow_id, item = _signed_upload(pipeline, property_id, "pv.pdf", len(content))
    # when 40 MB are sent to it instead
    with forty_mb_pdf.open("rb") as stream:
        refused = pipeline.put_signed(item["upload"], stream, FORTY_MB)
    pipeline.settle()
    # then nothing is stored, and the link still takes the announced file
    _assert_error_body(refused, 413, "payload_too_large")
    assert refused.get_json()["error"]["details"] == {"max_bytes": len(content)}
    assert [row.status for row in document_rows(property_id)] == ["awaiting_upload"]
    assert pipeline.stored_files() == []
    assert pipeline.put_signed(item["upload"], content, len(content)).status_code == 200
    assert pipeline.workflow(workflow_id)["state"] == "completed"


# --- an executable renamed .pdf -------------------------------------------------------


def test_pipeline_executable_renamed_pdf_in_a_bulk_upload_is_rejected_unstored(
    pipeline: Pipeline, property_id: str
) -> None:
    response = pipeline.bulk_upload(property_id, [(ELF_BYTES, "facture.pdf")])

    assert response.status_code == 202
    _single_rejection(
        response,
        "unsupported_content",
        "Only PDF, JPEG, PNG and WebP files are accepted.",
    )
    assert document_rows(property_id) == []
    assert pipeline.stored_files() == []


def test_pipeline_executable_put_to_a_signed_url_fails_and_is_deleted(
    pipeline: Pipeline, property_id: str
) -> None:
    # given a link for a "PDF" of the executable's size
    workflow_id, item = _signed_upload(
        pipeline, property_id, "devis.pdf", len(MZ_BYTES)
    )
    # when the executable is sent
    response = pipeline.put_signed(item["upload"], MZ_BYTES, len(MZ_BYTES))
    # then the analysis refuses it and removes it from the bucket
    assert response.status_code == 200
    document = _failed_document(pipeline, workflow_id, "unsupported_content")
    assert document["error_message"] == (
        "The file is not a PDF, JPEG, PNG or WebP document."
    )
    assert [row.status for row in document_rows(property_id)] == ["failed"]
    assert pipeline.stored_files() == []
