"""Document analysis with fakes: an upload is classified, analysed and stored."""

from __future__ import annotations

import hashlib
import logging

import pytest

from common.ai.schemas import CATEGORIES, DocumentCategory
from tests.fakes.ai import CANNED_ANALYSES
from tests.unit.document_analysis_support import (
    JPEG,
    PDF,
    PNG,
    PROPERTY_ID,
    WEBP,
    Upload,
    uploaded,
)


def test_analyse_when_pdf_uploaded_records_analyzed_with_classification() -> None:
    upload = uploaded(PDF)

    upload.run()

    row = upload.row
    assert row.status == "analyzed"
    assert (row.category, row.category_confidence, row.page_count) == ("pv_ag", 0.93, 3)
    assert (row.error_code, row.error_message) == (None, None)
    assert upload.ai.steps() == ["classify", "analyse"]


@pytest.mark.parametrize("category", CATEGORIES)
def test_analyse_of_each_category_stores_the_full_structured_result(
    category: DocumentCategory,
) -> None:
    # given
    upload = uploaded(PDF)
    upload.ai.category = category
    # when
    upload.run()
    # then
    analysis = upload.row.analysis
    assert analysis is not None
    expected = CANNED_ANALYSES[category].model_dump(mode="json")
    assert {k: v for k, v in analysis.items() if k in expected} == expected
    assert analysis["category"] == category == upload.row.category
    assert analysis["provider"] == "fake"
    assert analysis["prompt_version"] == "fake-v1"
    assert analysis["classification"]["category"] == category


def test_analyse_moves_through_the_durable_statuses_in_order() -> None:
    upload = uploaded(PDF)

    upload.run()

    assert upload.row.history == ["uploaded", "classifying", "analyzing", "analyzed"]


def test_analyse_records_generation_size_hash_and_sniffed_type() -> None:
    # given
    upload = Upload()
    generation = upload.put(PDF, content_type="application/octet-stream")
    # when
    upload.run()
    # then
    row = upload.row
    assert row.generation == generation
    assert row.size_bytes == len(PDF)
    assert row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert row.content_type == "application/pdf"
    assert row.uploaded is not None
    assert row.uploaded.uploaded_at.tzinfo is not None


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"),
     (WEBP, "image/webp")],
)  # fmt: skip
def test_analyse_gives_the_provider_the_bytes_and_their_real_type(
    data: bytes, content_type: str
) -> None:
    # given
    upload = Upload()
    upload.put(data, content_type="application/octet-stream")
    # when
    upload.run()
    # then
    document = upload.ai.calls[0][1]
    assert document is not None
    assert (document.content, document.content_type) == (data, content_type)
    assert document.filename == "PV AG 2024.pdf"
    assert upload.row.status == "analyzed"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_analyse_asks_for_the_owner_language(language: str) -> None:
    upload = Upload()
    upload.row.language = language
    upload.put(PDF)

    upload.run()

    languages = {document.language for _, document in upload.ai.calls if document}
    assert languages == {language}


def test_analyse_when_analyzed_requests_the_property_synthesis_once() -> None:
    upload = uploaded(PDF)

    upload.run()

    [message] = upload.synthesis_requests()
    assert message["property_id"] == str(PROPERTY_ID)
    assert message["reason"] == "document_analyzed"


def test_analyse_of_a_file_larger_than_the_spool_hashes_every_byte() -> None:
    data = PDF + b"\x00" * (9 * 1024 * 1024)
    upload = uploaded(data)

    upload.run()

    assert upload.row.sha256 == hashlib.sha256(data).hexdigest()
    document = upload.ai.calls[0][1]
    assert document is not None
    assert document.content == data


def test_analyse_logs_one_line_with_category_pages_and_duration(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    caplog.set_level(logging.INFO, logger="common.services.document_analysis")
    upload = uploaded(PDF)
    # when
    upload.run()
    # then
    records = [r for r in caplog.records if r.name.endswith("document_analysis")]
    [record] = records
    fields = record.__dict__["fields"]
    assert record.getMessage() == "document analysis finished"
    assert fields["status"] == "analyzed"
    assert (fields["category"], fields["pages"]) == ("pv_ag", 3)
    assert fields["duration_ms"] >= 0
    assert "%PDF" not in caplog.text
