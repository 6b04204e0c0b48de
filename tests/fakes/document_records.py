"""In-memory document rows: the ``DocumentRecords`` port of the document analysis.

Writes follow the same guards as the PostgreSQL adapter (the generation a write is
about, one SHA-256 per property), every status change is appended to ``statuses``,
and ``fail`` queues errors for the next calls of a method (a database outage).
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from common.domain import DocumentStatus
from common.services.document_analysis_records import (
    AnalysisRecord,
    ContentFacts,
    DocumentState,
    UploadedObject,
)


@dataclass
class FakeDocumentRow:
    """The columns of a document row the analysis reads and writes."""

    id: uuid.UUID
    property_id: uuid.UUID
    user_id: str
    storage_key: str
    filename: str
    status: str = "awaiting_upload"
    generation: int | None = None
    language: str = "fr"
    size_bytes: int | None = None
    content_type: str | None = None
    sha256: str | None = None
    category: str | None = None
    category_confidence: float | None = None
    page_count: int | None = None
    analysis: dict[str, Any] | None = None
    error_code: str | None = None
    error_message: str | None = None
    uploaded: UploadedObject | None = None
    analyzed: AnalysisRecord | None = None
    history: list[str] = field(default_factory=list)


class FakeDocumentRecords:
    """Rows in a dict, keyed by document id."""

    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, FakeDocumentRow] = {}
        self._failures: dict[str, list[Exception | None]] = {}
        self._lock = threading.RLock()

    def add(self, row: FakeDocumentRow) -> FakeDocumentRow:
        """Insert ``row`` (as the documents function creates it)."""
        self.rows[row.id] = row
        return row

    def fail(self, method: str, *errors: Exception | None) -> None:
        """Raise ``errors`` from the next calls of ``method``, one per call (None:
        that call succeeds)."""
        with self._lock:
            self._failures.setdefault(method, []).extend(errors)

    def load(self, document_id: uuid.UUID) -> DocumentState | None:
        self._call("load")
        row = self.rows.get(document_id)
        if row is None:
            return None
        return DocumentState(
            id=row.id, property_id=row.property_id, user_id=row.user_id,
            storage_key=row.storage_key, filename=row.filename, status=row.status,
            generation=row.generation, language=row.language,
        )  # fmt: skip

    def mark_uploaded(self, document_id: uuid.UUID, uploaded: UploadedObject) -> bool:
        self._call("mark_uploaded")
        row = self.rows.get(document_id)
        if row is None or (row.generation or 0) > uploaded.generation:
            return False
        row.generation, row.uploaded = uploaded.generation, uploaded
        row.size_bytes, row.content_type = uploaded.size, uploaded.content_type
        row.error_code = row.error_message = None
        self._move(row, "uploaded")
        return True

    def set_status(
        self, document_id: uuid.UUID, generation: int, status: DocumentStatus
    ) -> bool:
        self._call("set_status")
        row = self._of_generation(document_id, generation)
        if row is None:
            return False
        self._move(row, status)
        return True

    def claim_content(
        self, document_id: uuid.UUID, property_id: uuid.UUID, content: ContentFacts
    ) -> uuid.UUID | None:
        self._call("claim_content")
        with self._lock:
            for other in self.rows.values():
                same = (other.property_id, other.sha256) == (
                    property_id,
                    content.sha256,
                )
                if same and other.id != document_id:
                    return other.id
            row = self.rows.get(document_id)
            if row is not None:
                row.sha256, row.content_type = content.sha256, content.content_type
        return None

    def record_analysis(
        self, document_id: uuid.UUID, generation: int, record: AnalysisRecord
    ) -> bool:
        self._call("record_analysis")
        row = self._of_generation(document_id, generation)
        if row is None:
            return False
        row.analyzed, row.analysis = record, record.analysis
        row.category, row.page_count = record.category, record.page_count
        row.category_confidence = record.category_confidence
        row.error_code = row.error_message = None
        self._move(row, "analyzed")
        return True

    def record_failure(
        self, document_id: uuid.UUID, generation: int, code: str, message: str
    ) -> bool:
        self._call("record_failure")
        row = self._of_generation(document_id, generation)
        if row is None:
            return False
        row.error_code, row.error_message = code, message
        self._move(row, "failed")
        return True

    def _of_generation(
        self, document_id: uuid.UUID, generation: int
    ) -> FakeDocumentRow | None:
        row = self.rows.get(document_id)
        return row if row is not None and row.generation == generation else None

    def _move(self, row: FakeDocumentRow, status: str) -> None:
        row.status = status
        row.history.append(status)

    def _call(self, method: str) -> None:
        with self._lock:
            pending = self._failures.get(method)
            error = pending.pop(0) if pending else None
        if error is not None:
            raise error
