"""The document rows the analysis of an upload reads and writes, one commit each.

Every write is guarded by the object generation it is about: a slow analysis of an
older generation never overwrites the state of a newer one (a reprocess rewrote the
object meanwhile), and a row deleted meanwhile is simply not found. The statuses are
durable, so each change commits in its own short transaction, never around an AI call.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Update, or_, select, update
from sqlalchemy.exc import IntegrityError

from common.ai.provider import AiProvider
from common.ai.schemas import CategoryAnalysis, Classification
from common.db import session_scope
from common.db.models import Document, User
from common.domain import DocumentStatus
from common.errors import Conflict


@dataclass(frozen=True)
class DocumentState:
    """What the analysis needs to know of a document row (and its owner's language)."""

    id: uuid.UUID
    property_id: uuid.UUID
    user_id: str
    storage_key: str
    filename: str
    status: str
    generation: int | None
    language: str


@dataclass(frozen=True)
class UploadedObject:
    """The object generation being analysed, as storage describes it."""

    generation: int
    size: int
    content_type: str | None
    uploaded_at: datetime


@dataclass(frozen=True)
class ContentFacts:
    """What the bytes are: their SHA-256 and the type their magic bytes reveal."""

    sha256: str
    content_type: str


@dataclass(frozen=True)
class AnalysisRecord:
    """A successful analysis: the row's columns and the full JSON result."""

    category: str
    category_confidence: float
    page_count: int | None
    analysis: dict[str, Any]
    analyzed_at: datetime

    @classmethod
    def of(
        cls,
        provider: AiProvider,
        classification: Classification,
        analysis: CategoryAnalysis,
        *,
        analyzed_at: datetime,
    ) -> AnalysisRecord:
        """The full structured result, with its classification and provenance."""
        result = analysis.model_dump(mode="json")
        result["classification"] = classification.model_dump(mode="json")
        result["provider"] = provider.name
        prompt_version = getattr(provider, "prompt_version", None)
        if isinstance(prompt_version, str):  # providers with versioned prompts say so
            result["prompt_version"] = prompt_version
        return cls(
            category=analysis.category,
            category_confidence=classification.confidence,
            page_count=classification.page_count,
            analysis=result,
            analyzed_at=analyzed_at,
        )


class DocumentRecords(Protocol):
    """Reads and guarded writes of document rows, each in its own transaction."""

    def load(self, document_id: uuid.UUID) -> DocumentState | None:
        """The row and its owner's language, or None when it does not exist."""

    def mark_uploaded(self, document_id: uuid.UUID, uploaded: UploadedObject) -> bool:
        """Record a generation as ``uploaded``; False if the row is gone or newer."""

    def set_status(
        self, document_id: uuid.UUID, generation: int, status: DocumentStatus
    ) -> bool:
        """Move the row of ``generation`` to ``status``; False if superseded."""

    def claim_content(
        self, document_id: uuid.UUID, property_id: uuid.UUID, content: ContentFacts
    ) -> uuid.UUID | None:
        """Store the content's hash and type, or return the property's document
        that already has this content."""

    def record_analysis(
        self, document_id: uuid.UUID, generation: int, record: AnalysisRecord
    ) -> bool:
        """Store the analysis and set ``analyzed``; False if superseded."""

    def record_failure(
        self, document_id: uuid.UUID, generation: int, code: str, message: str
    ) -> bool:
        """Set ``failed`` with the error (a previous analysis is kept)."""


class PostgresDocumentRecords:
    """:class:`DocumentRecords` on the ``documents`` table."""

    def load(self, document_id: uuid.UUID) -> DocumentState | None:
        """Select the row joined with its owner's locale."""
        query = (
            select(Document, User.locale)
            .join(User, User.id == Document.user_id)
            .where(Document.id == document_id)
        )
        with session_scope() as db:
            row = db.execute(query).first()
        if row is None:
            return None
        document, locale = row
        return DocumentState(
            id=document.id,
            property_id=document.property_id,
            user_id=document.user_id,
            storage_key=document.storage_key,
            filename=document.filename,
            status=document.status,
            generation=document.generation,
            language=locale or "fr",
        )

    def mark_uploaded(self, document_id: uuid.UUID, uploaded: UploadedObject) -> bool:
        """Update unless the row already tracks a newer generation."""
        not_newer = or_(
            Document.generation.is_(None), Document.generation <= uploaded.generation
        )
        statement = (
            update(Document)
            .where(Document.id == document_id, not_newer)
            .values(
                status="uploaded",
                generation=uploaded.generation,
                size_bytes=uploaded.size,
                content_type=uploaded.content_type,
                uploaded_at=uploaded.uploaded_at,
                error_code=None,
                error_message=None,
            )
        )
        return _changed(statement)

    def set_status(
        self, document_id: uuid.UUID, generation: int, status: DocumentStatus
    ) -> bool:
        """Update the row of this generation only."""
        return _changed(_of_generation(document_id, generation).values(status=status))

    def claim_content(
        self, document_id: uuid.UUID, property_id: uuid.UUID, content: ContentFacts
    ) -> uuid.UUID | None:
        """Read the holder first; the unique index settles a concurrent claim."""
        holder = _sha256_holder(document_id, property_id, content.sha256)
        if holder is not None:
            return holder
        statement = (
            update(Document)
            .where(Document.id == document_id)
            .values(sha256=content.sha256, content_type=content.content_type)
        )
        try:
            _changed(statement)
        except IntegrityError as exc:
            # Another upload of the same content committed between read and write.
            holder = _sha256_holder(document_id, property_id, content.sha256)
            if holder is None:  # ...and was deleted since: try the event again
                raise Conflict("conflict") from exc
            return holder
        return None

    def record_analysis(
        self, document_id: uuid.UUID, generation: int, record: AnalysisRecord
    ) -> bool:
        """Store the result and clear any previous error."""
        statement = _of_generation(document_id, generation).values(
            status="analyzed",
            category=record.category,
            category_confidence=record.category_confidence,
            page_count=record.page_count,
            analysis=record.analysis,
            analyzed_at=record.analyzed_at,
            error_code=None,
            error_message=None,
        )
        return _changed(statement)

    def record_failure(
        self, document_id: uuid.UUID, generation: int, code: str, message: str
    ) -> bool:
        """Set the error; ``analysis`` and ``category`` are left as they were."""
        statement = _of_generation(document_id, generation).values(
            status="failed", error_code=code, error_message=message
        )
        return _changed(statement)


def _of_generation(document_id: uuid.UUID, generation: int) -> Update:
    return update(Document).where(
        Document.id == document_id, Document.generation == generation
    )


def _changed(statement: Update) -> bool:
    with session_scope() as db:
        result = db.execute(statement.execution_options(synchronize_session=False))
    return bool(getattr(result, "rowcount", 0))


def _sha256_holder(
    document_id: uuid.UUID, property_id: uuid.UUID, sha256: str
) -> uuid.UUID | None:
    query = select(Document.id).where(
        Document.property_id == property_id,
        Document.sha256 == sha256,
        Document.id != document_id,
    )
    with session_scope() as db:
        return db.scalar(query)
