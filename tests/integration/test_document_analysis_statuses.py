"""Document analysis on PostgreSQL: committed statuses, results and errors."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import Engine

from common.ai.provider import AnalysisFailed, DocumentInput
from common.ai.schemas import CategoryAnalysis, Classification, DocumentCategory
from common.errors import DependencyFailed
from common.services.document_analysis import analyse_uploaded_object
from common.services.document_analysis_records import (
    PostgresDocumentRecords,
    UploadedObject,
)
from common.storage import LocalStorage
from tests.fakes.ai import CANNED_ANALYSES, FakeAiProvider
from tests.fakes.publisher import FakePublisher
from tests.integration.document_analysis_support import (
    BUCKET,
    PDF,
    committed_document,
    committed_owner,
    reload,
    upload,
)


class StatusWatchingAi(FakeAiProvider):
    """Reads the committed status of the document whenever it is called."""

    def __init__(self, document_id: Any) -> None:
        super().__init__()
        self.document_id = document_id
        self.seen: list[str | None] = []

    def classify(self, document: DocumentInput) -> Classification:
        self._watch()
        return super().classify(document)

    def analyse(
        self, document: DocumentInput, category: DocumentCategory
    ) -> CategoryAnalysis:
        self._watch()
        return super().analyse(document, category)

    def _watch(self) -> None:
        row = reload(self.document_id)
        self.seen.append(row.status if row else None)


def analyse(
    storage: LocalStorage, name: str, generation: int, ai: FakeAiProvider
) -> FakePublisher:
    publisher = FakePublisher()
    analyse_uploaded_object(
        BUCKET, name, generation, storage=storage, ai=ai, publisher=publisher
    )
    return publisher


def test_analyse_commits_the_full_result_of_the_uploaded_generation(
    clean_db: Engine, storage: LocalStorage
) -> None:
    # given
    document = committed_document(committed_owner())
    generation = upload(storage, document)
    # when
    publisher = analyse(storage, document.storage_key, generation, FakeAiProvider())
    # then
    row = reload(document.id)
    assert row is not None
    assert (row.status, row.generation, row.size_bytes) == (
        "analyzed", generation, len(PDF),
    )  # fmt: skip
    assert (row.content_type, row.sha256) == (
        "application/pdf", hashlib.sha256(PDF).hexdigest(),
    )  # fmt: skip
    assert (row.category, row.category_confidence, row.page_count) == ("pv_ag", 0.93, 3)
    assert row.analysis is not None
    assert (
        row.analysis["works"]
        == CANNED_ANALYSES["pv_ag"].model_dump(mode="json")["works"]
    )
    assert row.uploaded_at is not None and row.analyzed_at is not None
    assert (row.error_code, row.error_message) == (None, None)
    assert len(publisher.messages) == 1


def test_analyse_commits_each_status_before_calling_the_provider(
    clean_db: Engine, storage: LocalStorage
) -> None:
    document = committed_document(committed_owner())
    generation = upload(storage, document)
    ai = StatusWatchingAi(document.id)

    analyse(storage, document.storage_key, generation, ai)

    assert ai.seen == ["classifying", "analyzing"]


def test_analyse_reads_in_the_owner_locale(
    clean_db: Engine, storage: LocalStorage
) -> None:
    document = committed_document(committed_owner(locale="en"))
    generation = upload(storage, document)
    ai = FakeAiProvider()

    analyse(storage, document.storage_key, generation, ai)

    assert {doc.language for _, doc in ai.calls if doc} == {"en"}


def test_analyse_when_a_reprocess_fails_commits_failed_and_keeps_the_analysis(
    clean_db: Engine, storage: LocalStorage
) -> None:
    # given
    document = committed_document(committed_owner())
    analyse(storage, document.storage_key, upload(storage, document), FakeAiProvider())
    ai = FakeAiProvider()
    ai.fail("analyse", AnalysisFailed("analysis_failed", reason="unreadable page 3"))
    # when
    analyse(storage, document.storage_key, upload(storage, document), ai)
    # then
    row = reload(document.id)
    assert row is not None
    assert (row.status, row.error_code) == ("failed", "analysis_failed")
    assert row.error_message == (
        "The document could not be analysed: unreadable page 3."
    )
    assert row.analysis is not None
    assert row.analysis["category"] == "pv_ag"


def test_analyse_when_the_provider_is_down_commits_uploaded_and_reraises(
    clean_db: Engine, storage: LocalStorage
) -> None:
    # given
    document = committed_document(committed_owner())
    generation = upload(storage, document)
    ai = FakeAiProvider()
    ai.fail("classify", DependencyFailed("dependency_unavailable"))
    # when
    with pytest.raises(DependencyFailed):
        analyse(storage, document.storage_key, generation, ai)
    # then
    row = reload(document.id)
    assert row is not None
    assert (row.status, row.generation, row.error_code) == (
        "uploaded",
        generation,
        None,
    )


def test_analyse_of_a_second_copy_in_the_property_fails_and_deletes_it(
    clean_db: Engine, storage: LocalStorage
) -> None:
    # given
    owner = committed_owner()
    first, second = committed_document(owner), committed_document(owner, "copie.pdf")
    analyse(storage, first.storage_key, upload(storage, first), FakeAiProvider())
    # when
    analyse(storage, second.storage_key, upload(storage, second), FakeAiProvider())
    # then
    row = reload(second.id)
    assert row is not None
    assert (row.status, row.error_code, row.sha256) == (
        "failed", "duplicate_document", None,
    )  # fmt: skip
    assert str(first.id) in (row.error_message or "")
    assert not storage.object_path("documents", second.storage_key).exists()


def test_records_of_an_older_generation_change_nothing(
    clean_db: Engine, storage: LocalStorage
) -> None:
    # given
    document = committed_document(committed_owner())
    generation = upload(storage, document)
    analyse(storage, document.storage_key, generation, FakeAiProvider())
    records = PostgresDocumentRecords()
    row = reload(document.id)
    assert row is not None and row.uploaded_at is not None
    older = UploadedObject(generation - 1, 1, "application/pdf", row.uploaded_at)
    # when
    results = (
        records.mark_uploaded(document.id, older),
        records.set_status(document.id, generation - 1, "classifying"),
        records.record_failure(document.id, generation - 1, "empty_file", "Empty."),
    )
    # then
    assert results == (False, False, False)
    after = reload(document.id)
    assert after is not None
    assert (after.status, after.generation) == ("analyzed", generation)
