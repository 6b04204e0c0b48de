"""Document analysis with fakes: content refused before any AI call."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from common.errors import DependencyFailed
from tests.unit.document_analysis_support import (
    EXECUTABLE,
    PDF,
    Upload,
    uploaded,
)


def assert_rejected(upload: Upload, code: str) -> None:
    assert upload.row.status == "failed"
    assert upload.row.error_code == code
    assert upload.row.history == ["uploaded", "failed"]
    assert upload.ai.calls == []
    assert len(upload.synthesis_requests()) == 1


def test_analyse_of_an_empty_file_fails_empty_file() -> None:
    upload = uploaded(b"")

    upload.run()

    assert_rejected(upload, "empty_file")
    assert upload.row.error_message == "The file is empty."
    assert upload.storage.called("download_to_file") == []


def test_analyse_of_a_file_over_the_limit_fails_without_downloading_it() -> None:
    # given
    limit = 2 * 1024 * 1024
    upload = uploaded(PDF + b"\x00" * limit, max_upload_bytes=limit)
    # when
    upload.run()
    # then
    assert_rejected(upload, "file_too_large")
    assert upload.row.error_message == "The file is larger than the 2 MB limit."
    assert upload.storage.called("download_to_file") == []
    assert not upload.object_exists()


@pytest.mark.parametrize(
    "data",
    [EXECUTABLE, b"PK\x03\x04 a zip renamed .pdf", b"<html>not a pdf</html>"],
    ids=["executable", "zip", "html"],
)
def test_analyse_of_unsupported_content_fails_and_deletes_the_object(
    data: bytes,
) -> None:
    upload = uploaded(data)

    upload.run()

    assert_rejected(upload, "unsupported_content")
    assert upload.row.error_message == (
        "The file is not a PDF, JPEG, PNG or WebP document."
    )
    assert not upload.object_exists()
    assert upload.row.sha256 is None


def test_analyse_of_a_file_already_in_the_property_fails_duplicate_document() -> None:
    # given
    upload = uploaded(PDF)
    existing = upload.add_row(
        status="analyzed", generation=7, sha256=hashlib.sha256(PDF).hexdigest()
    )
    # when
    upload.run()
    # then
    assert_rejected(upload, "duplicate_document")
    assert upload.row.error_message == (
        f"This file is already among the property's documents ({existing.id})."
    )
    assert upload.row.sha256 is None
    assert not upload.object_exists()
    assert (existing.status, existing.history) == ("analyzed", [])


def test_analyse_of_a_file_present_in_another_property_is_not_a_duplicate() -> None:
    upload = uploaded(PDF)
    upload.add_row(uuid.uuid4(), sha256=hashlib.sha256(PDF).hexdigest())

    upload.run()

    assert upload.row.status == "analyzed"


def test_analyse_when_the_hash_is_already_its_own_analyses_it() -> None:
    # given: the multipart upload path stores the SHA-256 before the object
    upload = Upload()
    upload.row.sha256 = hashlib.sha256(PDF).hexdigest()
    upload.put(PDF)
    # when
    upload.run()
    # then
    assert upload.row.status == "analyzed"


def test_analyse_when_deleting_a_rejected_object_fails_still_records_it() -> None:
    upload = uploaded(EXECUTABLE)
    upload.storage.fail("delete", DependencyFailed("storage_unavailable"))

    upload.run()

    assert_rejected(upload, "unsupported_content")
    assert upload.object_exists()


def test_analyse_of_a_rejected_generation_redelivered_does_nothing_more() -> None:
    upload = uploaded(b"")
    upload.run()

    upload.run()

    assert upload.row.history == ["uploaded", "failed"]
    assert len(upload.synthesis_requests()) == 2
