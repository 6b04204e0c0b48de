"""Storage-triggered analysis of one uploaded document (functions/document_uploaded).

One finalized object generation goes ``uploaded -> classifying -> analyzing ->
analyzed | failed``, each status committed on its own, the AI called outside any
transaction. Decisions:

- Events not about the current state are acknowledged and do nothing: other buckets
  and names, rows deleted meanwhile or not matching the name, a generation older than
  the row's or the object's (the newer one has its own event).
- The synthesis is requested after the final commit. A generation that already ended
  (``analyzed`` or ``failed``) is not analysed again: its redelivery only requests the
  synthesis again, so a publish failure (re-raised) is healed by the redelivery.
- Content is checked before any AI call: empty, over ``max_upload_bytes`` (judged from
  the object's size, never downloaded), not PDF/JPEG/PNG/WebP by its magic bytes, or
  already in the property (same SHA-256). Such rejected objects are deleted, after the
  failure is committed: the bucket never keeps content nobody can use (an executable
  uploaded through a signed URL, a 40 MB file, a second copy); the row stays ``failed``
  to tell the user why. An ``analysis_failed`` document (a corrupt PDF) is kept.
- A failed re-processing keeps the previous ``analysis`` and ``category`` on the row:
  status and error say the latest attempt failed; the facts are not thrown away.
- A retryable failure (AI outage, 429, database) puts the row back to ``uploaded``
  and is re-raised so that the platform redelivers the event.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO, cast

from common.ai.provider import AiProvider, DocumentInput, get_ai
from common.ai.schemas import CategoryAnalysis, Classification
from common.config import Settings, get_settings
from common.domain import (
    DOCUMENT_FINAL_STATUSES,
    DocumentKey,
    DocumentStatus,
    parse_document_object_key,
)
from common.errors import AppError, NotFound
from common.messages import register, translate
from common.publisher import Publisher, request_synthesis
from common.services.document_analysis_records import (
    AnalysisRecord,
    ContentFacts,
    DocumentRecords,
    DocumentState,
    PostgresDocumentRecords,
    UploadedObject,
)
from common.storage import BucketRole, Storage, get_storage, sniff_content_type

logger = logging.getLogger(__name__)

ACCEPTED_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")
SNIFF_BYTES = 64
_BUCKET: BucketRole = "documents"
_SPOOL_MAX_BYTES = 8 * 1024 * 1024  # larger downloads go to a temporary file

# Message keys of the rejections: the row's error code prefixed with "analysis_".
register("analysis_empty_file", "The file is empty.", "Le fichier est vide.")
register(
    "analysis_file_too_large",
    "The file is larger than the {limit_mb} MB limit.",
    "Le fichier dépasse la limite de {limit_mb} Mo.",
)
register(
    "analysis_unsupported_content",
    "The file is not a PDF, JPEG, PNG or WebP document.",
    "Le fichier n'est pas un document PDF, JPEG, PNG ou WebP.",
)
register(
    "analysis_duplicate_document",
    "This file is already among the property's documents ({existing_document_id}).",
    "Ce fichier figure déjà parmi les documents du bien ({existing_document_id}).",
)


class _Superseded(Exception):
    """The event no longer describes the current row or object (the reason)."""


class _Rejected(Exception):
    """The uploaded content cannot be analysed; ``code`` is the row's error code."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.message = translate(f"analysis_{code}", "en", **details)


@dataclass(frozen=True)
class _Run:
    """One event's work on one document generation, and its collaborators."""

    document: DocumentState
    generation: int
    storage: Storage
    records: DocumentRecords
    settings: Settings
    started: float

    def advance(self, status: DocumentStatus) -> None:
        if not self.records.set_status(self.document.id, self.generation, status):
            raise _Superseded("row_changed")


def analyse_uploaded_object(
    bucket: str,
    name: str,
    generation: int,
    *,
    storage: Storage | None = None,
    ai: AiProvider | None = None,
    publisher: Publisher | None = None,
    settings: Settings | None = None,
    records: DocumentRecords | None = None,
) -> None:
    """Classify and analyse one finalized document object generation (see above)."""
    started = time.perf_counter()
    settings = settings or get_settings()
    key = parse_document_object_key(name)
    if key is None or bucket != settings.documents_bucket:
        logger.info("object ignored", extra={"fields": {"bucket": bucket}})
        return
    records = records or PostgresDocumentRecords()
    document = _current_document(records, key, name, generation)
    if document is None:
        return
    if document.generation == generation and document.status in DOCUMENT_FINAL_STATUSES:
        _skipped(document.id, "already_processed", status=document.status)
    else:
        storage = storage or get_storage()
        run = _Run(document, generation, storage, records, settings, started)
        if _process(run, ai) is None:
            return
    request_synthesis(document.property_id, "document_analyzed", publisher=publisher)


def _current_document(
    records: DocumentRecords, key: DocumentKey, name: str, generation: int
) -> DocumentState | None:
    document = records.load(key.document_id)
    if document is None:
        _skipped(key.document_id, "document_gone")
        return None
    expected = (key.user_id, key.property_id, name)
    if (document.user_id, document.property_id, document.storage_key) != expected:
        _skipped(key.document_id, "object_name_mismatch")
        return None
    if document.generation is not None and document.generation > generation:
        _skipped(document.id, "stale_event", row_generation=document.generation)
        return None
    return document


def _process(run: _Run, ai: AiProvider | None) -> DocumentStatus | None:
    try:
        content = _checked_content(run)
    except _Superseded as superseded:
        _skipped(run.document.id, str(superseded))
        return None
    except _Rejected as rejection:
        return _reject(run, rejection)
    return _classify_and_analyse(run, content, ai)


def _checked_content(run: _Run) -> DocumentInput:
    """The bytes to analyse, once stored facts and content passed every check."""
    try:
        stored = run.storage.stat(_BUCKET, run.document.storage_key)
    except NotFound as exc:
        raise _Superseded("object_gone") from exc
    if stored.generation != run.generation:
        raise _Superseded("object_rewritten")
    uploaded = UploadedObject(
        stored.generation, stored.size, stored.content_type, stored.updated
    )
    if not run.records.mark_uploaded(run.document.id, uploaded):
        raise _Superseded("row_changed")
    if stored.size == 0:
        raise _Rejected("empty_file")
    limit = run.settings.max_upload_bytes
    if stored.size > limit:
        raise _Rejected("file_too_large", limit_mb=f"{limit / 1024 / 1024:g}")
    data = _download(run)
    content_type = sniff_content_type(data[:SNIFF_BYTES])
    if content_type not in ACCEPTED_TYPES:
        raise _Rejected("unsupported_content")
    facts = ContentFacts(hashlib.sha256(data).hexdigest(), content_type)
    document = run.document
    holder = run.records.claim_content(document.id, document.property_id, facts)
    if holder is not None:
        raise _Rejected("duplicate_document", existing_document_id=str(holder))
    return DocumentInput(data, content_type, document.filename, document.language)


def _download(run: _Run) -> bytes:
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_MAX_BYTES) as spool:
        destination = cast(BinaryIO, spool)  # typeshed: not a BinaryIO subclass
        try:
            stored = run.storage.download_to_file(
                _BUCKET, run.document.storage_key, destination
            )
        except NotFound as exc:
            raise _Superseded("object_gone") from exc
        if stored.generation != run.generation:
            raise _Superseded("object_rewritten")
        spool.seek(0)
        return spool.read()


def _reject(run: _Run, rejection: _Rejected) -> DocumentStatus | None:
    status = _fail(run, rejection.code, rejection.message)
    if status is not None:
        try:
            run.storage.delete(_BUCKET, run.document.storage_key)
        except AppError as exc:  # the failure is recorded; a stray object is harmless
            fields = {"document_id": str(run.document.id), "error": exc.code}
            logger.warning("rejected object not deleted", extra={"fields": fields})
    return status


def _classify_and_analyse(
    run: _Run, document: DocumentInput, ai: AiProvider | None
) -> DocumentStatus | None:
    provider = ai or get_ai()
    try:
        run.advance("classifying")
        classification = provider.classify(document)
        run.advance("analyzing")
        analysis = provider.analyse(document, classification.category)
    except _Superseded as superseded:
        _skipped(run.document.id, str(superseded))
        return None
    except AppError as exc:
        if exc.retryable:
            _back_to_uploaded(run, exc.code)
            raise
        return _fail(run, exc.code, exc.message)
    except Exception as exc:
        _back_to_uploaded(run, type(exc).__name__)
        raise
    return _store(run, provider, classification, analysis)


def _store(
    run: _Run,
    provider: AiProvider,
    classification: Classification,
    analysis: CategoryAnalysis,
) -> DocumentStatus | None:
    now = datetime.now(tz=UTC)
    record = AnalysisRecord.of(provider, classification, analysis, analyzed_at=now)
    if not run.records.record_analysis(run.document.id, run.generation, record):
        _skipped(run.document.id, "row_changed")
        return None
    _finished(run, "analyzed", category=record.category, pages=record.page_count)
    return "analyzed"


def _fail(run: _Run, code: str, message: str) -> DocumentStatus | None:
    if not run.records.record_failure(run.document.id, run.generation, code, message):
        _skipped(run.document.id, "row_changed")
        return None
    _finished(run, "failed", error_code=code)
    return "failed"


def _back_to_uploaded(run: _Run, error: str) -> None:
    """Show the document as waiting again while the platform redelivers."""
    try:
        run.records.set_status(run.document.id, run.generation, "uploaded")
    except AppError:  # the original failure matters more; the retry sets it again
        logger.warning("document status not reset", extra={"fields": {"error": error}})
    _finished(run, "uploaded", outcome="retrying", error=error)


def _finished(run: _Run, status: DocumentStatus, **fields: object) -> None:
    """The one line per processed document: outcome, category, pages, duration."""
    duration_ms = round((time.perf_counter() - run.started) * 1000, 1)
    context = {
        "document_id": str(run.document.id),
        "property_id": str(run.document.property_id),
        "generation": run.generation,
        "status": status,
        "duration_ms": duration_ms,
        **fields,
    }
    logger.info("document analysis finished", extra={"fields": context})


def _skipped(document_id: uuid.UUID, reason: str, **fields: object) -> None:
    fields.update(document_id=str(document_id), outcome=reason)
    logger.info("document event skipped", extra={"fields": fields})
