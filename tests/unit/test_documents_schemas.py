"""Request models of /api/documents: file names, batch limits, hashes, ids."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest

from common.api.documents_schemas import (
    BulkDeleteIn,
    DeclaredFileIn,
    RenameIn,
    UploadUrlsIn,
)
from tests.support import reset_process_state, validation_errors


def _file(**overrides: Any) -> dict[str, Any]:
    return {
        "filename": "pv.pdf",
        "content_type": "application/pdf",
        "size_bytes": 1000,
    } | overrides


def _batch(count: int) -> dict[str, Any]:
    return {"property_id": str(uuid.uuid4()), "files": [_file()] * count}


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("  PV AG 2024.pdf ", "PV AG 2024.pdf"),
        ("Procès-verbal — été « 2024 ».pdf", "Procès-verbal — été « 2024 ».pdf"),
        ("x" * 255, "x" * 255),
        ("...pdf", "...pdf"),
    ],
    ids=["stripped", "unicode", "255-characters", "leading-dots"],
)
def test_rename_accepts_a_display_name(given: str, kept: str) -> None:
    assert RenameIn.model_validate({"filename": given}).filename == kept


@pytest.mark.parametrize(
    ("given", "error_type"),
    [
        ("", "filename_length"),
        ("  \t ", "filename_length"),
        ("x" * 256, "filename_length"),
        ("dossier/pv.pdf", "filename_path"),
        ("dossier\\pv.pdf", "filename_path"),
        (".", "filename_path"),
        ("..", "filename_path"),
        ("pv\x00.pdf", "filename_control_character"),
        ("pv\r\n.pdf", "filename_control_character"),
        ("pv\u200b.pdf", "filename_control_character"),
        ("pv\u202efdp.exe", "filename_control_character"),
    ],
    ids=[
        "empty", "blank", "256-characters", "slash", "backslash", "dot", "dots",
        "nul", "newline", "zero-width-space", "bidi-override",
    ],
)  # fmt: skip
def test_rename_refuses_a_name_with_a_path_or_invisible_characters(
    given: str, error_type: str
) -> None:
    assert validation_errors(RenameIn, {"filename": given}) == [
        (("filename",), error_type)
    ]


def test_rename_refuses_unknown_fields() -> None:
    errors = validation_errors(RenameIn, {"filename": "a.pdf", "storage_key": "x"})

    assert errors == [(("storage_key",), "extra_forbidden")]


def test_upload_urls_accepts_as_many_files_as_a_batch_allows() -> None:
    os.environ["APP_MAX_FILES_PER_BATCH"] = "3"
    reset_process_state()

    assert len(UploadUrlsIn.model_validate(_batch(3)).files) == 3


def test_upload_urls_refuses_more_files_than_a_batch_allows() -> None:
    os.environ["APP_MAX_FILES_PER_BATCH"] = "3"
    reset_process_state()

    assert validation_errors(UploadUrlsIn, _batch(4)) == [(("files",), "too_long")]


def test_upload_urls_refuses_an_empty_batch() -> None:
    assert validation_errors(UploadUrlsIn, _batch(0)) == [(("files",), "too_short")]


def test_upload_urls_default_batch_is_fifty_files() -> None:
    assert len(UploadUrlsIn.model_validate(_batch(50)).files) == 50
    assert validation_errors(UploadUrlsIn, _batch(51)) == [(("files",), "too_long")]


def test_declared_file_keeps_any_type_and_size_for_the_service_to_judge() -> None:
    declared = DeclaredFileIn.model_validate(
        _file(content_type="application/x-msdownload", size_bytes=0)
    )

    assert (declared.content_type, declared.size_bytes) == (
        "application/x-msdownload",
        0,
    )


@pytest.mark.parametrize(
    ("overrides", "location", "error_type"),
    [
        ({"size_bytes": -1}, "size_bytes", "greater_than_equal"),
        ({"size_bytes": "1000"}, "size_bytes", "int_type"),
        ({"size_bytes": 10.5}, "size_bytes", "int_type"),
        ({"filename": ""}, "filename", "string_too_short"),
        ({"filename": "x" * 1025}, "filename", "string_too_long"),
        ({"content_type": ""}, "content_type", "string_too_short"),
        ({"sha256": "abc"}, "sha256", "string_pattern_mismatch"),
        ({"sha256": "g" * 64}, "sha256", "string_pattern_mismatch"),
    ],
    ids=[
        "negative-size", "size-as-text", "fractional-size", "empty-name",
        "name-too-long", "empty-type", "short-sha256", "non-hex-sha256",
    ],
)  # fmt: skip
def test_declared_file_refuses_a_malformed_field(
    overrides: dict[str, Any], location: str, error_type: str
) -> None:
    assert validation_errors(DeclaredFileIn, _file(**overrides)) == [
        ((location,), error_type)
    ]


def test_declared_file_sha256_is_normalised_to_lower_case() -> None:
    declared = DeclaredFileIn.model_validate(_file(sha256=" " + "AB" * 32 + " "))

    assert declared.sha256 == "ab" * 32


def test_upload_urls_gives_the_service_its_declared_files() -> None:
    body = UploadUrlsIn.model_validate(_batch(1) | {"files": [_file(sha256="a" * 64)]})

    [declared] = body.declared_files()

    assert (declared.filename, declared.size_bytes, declared.sha256) == (
        "pv.pdf",
        1000,
        "a" * 64,
    )


def test_bulk_delete_ignores_repeated_ids_and_keeps_their_order() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()

    body = BulkDeleteIn.model_validate(
        {"document_ids": [str(first), str(second), str(first)]}
    )

    assert body.document_ids == [first, second]


@pytest.mark.parametrize(("count", "error_type"), [(0, "too_short"), (101, "too_long")])
def test_bulk_delete_takes_one_to_a_hundred_ids(count: int, error_type: str) -> None:
    ids = [str(uuid.uuid4()) for _ in range(count)]

    assert validation_errors(BulkDeleteIn, {"document_ids": ids}) == [
        (("document_ids",), error_type)
    ]


def test_bulk_delete_refuses_a_malformed_id() -> None:
    errors = validation_errors(BulkDeleteIn, {"document_ids": ["42"]})

    assert errors == [(("document_ids", 0), "uuid_parsing")]
