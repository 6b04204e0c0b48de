"""Document uploads: signed PUT URLs and streamed multipart batches, deduplicated.

Both paths end with an object in the documents bucket, whose finalize event starts the
analysis (DESIGN.md). A document row is committed (``awaiting_upload``) before its file
can be written, so the event always finds it; a failed write removes the row again.
The same content twice in a property (SHA-256) is one document: the existing one is
returned, or, while its own upload is still pending, it is reused for this upload.
Content is recognised by its first bytes; extensions and declared types prove nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.config import get_settings
from common.db import session_scope
from common.db.models import Document
from common.domain import document_object_key
from common.errors import DependencyFailed, NotFound, PayloadTooLarge
from common.services.document_content import (
    Content,
    declared_content,
    display_filename,
    inspect_content,
)
from common.services.documents import BUCKET, STORAGE_ERRORS
from common.services.properties import get_property
from common.storage import Storage, get_storage, safe_filename
from common.storage_base import SignedUpload

logger = logging.getLogger(__name__)

ItemStatus = Literal["awaiting_upload", "uploaded", "duplicate", "rejected"]


@dataclass(frozen=True)
class DeclaredFile:
    """A file a client is about to PUT to a signed URL, as it describes it."""

    filename: str
    content_type: str
    size_bytes: int
    sha256: str | None = None


@dataclass(frozen=True)
class IncomingFile:
    """A file received in the request: a seekable stream and the client's name."""

    filename: str
    stream: BinaryIO


@dataclass(frozen=True)
class UploadItem:
    """The outcome for one file of a batch (``error`` is a message key)."""

    index: int
    filename: str
    status: ItemStatus
    document_id: uuid.UUID | None = None
    upload: SignedUpload | None = None
    error: str | None = None
    error_details: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class UploadBatch:
    """A batch's items; ``workflow_id`` is None when no file is to be processed."""

    workflow_id: uuid.UUID | None
    items: list[UploadItem]


@dataclass
class Batch:
    """One upload request: its owner, property, storage and documents so far."""

    user_id: str
    property_id: uuid.UUID
    storage: Storage
    workflow_id: uuid.UUID = field(default_factory=uuid.uuid4)
    documents: dict[uuid.UUID, bool] = field(default_factory=dict)  # id -> created


def _by_sha256(db: Session, property_id: uuid.UUID, sha256: str) -> Document | None:
    return db.scalar(
        select(Document).where(
            Document.property_id == property_id, Document.sha256 == sha256
        )
    )


Claim = Literal["created", "adopted", "duplicate"]


def _is_stored(storage: Storage, key: str) -> bool:
    try:
        storage.stat(BUCKET, key)
    except NotFound:
        return False
    except STORAGE_ERRORS:
        return True  # in doubt, never write over a document's file
    return True


def _reuse(batch: Batch, existing: Document, content: Content) -> Claim:
    """Adopt a document of another batch whose file never came; else a duplicate."""
    if existing.status != "awaiting_upload" or existing.id in batch.documents:
        return "duplicate"
    # Stored but not yet announced by its finalize event: a duplicate as well.
    if _is_stored(batch.storage, existing.storage_key):
        return "duplicate"
    existing.workflow_id = batch.workflow_id
    existing.content_type, existing.size_bytes = content.content_type, content.size
    existing.updated_at = datetime.now(tz=UTC)
    batch.documents[existing.id] = False
    return "adopted"


def claim_document(
    db: Session, batch: Batch, filename: str, content: Content
) -> tuple[Document, Claim]:
    """The row a file of the batch goes to, and how it was found."""
    sha256 = content.sha256 or None
    existing = _by_sha256(db, batch.property_id, sha256) if sha256 else None
    if existing is None:
        document_id = uuid.uuid4()
        key = document_object_key(
            batch.user_id, batch.property_id, document_id, safe_filename(filename)
        )
        created = Document(
            id=document_id, property_id=batch.property_id, user_id=batch.user_id,
            workflow_id=batch.workflow_id, filename=display_filename(filename),
            storage_key=key, content_type=content.content_type,
            size_bytes=content.size, sha256=sha256, status="awaiting_upload",
        )  # fmt: skip
        try:
            with db.begin_nested():
                db.add(created)
        except IntegrityError:  # the same content, committed meanwhile
            existing = _by_sha256(db, batch.property_id, sha256 or "")
            if existing is None:
                raise
        else:
            batch.documents[document_id] = True
            return created, "created"
    return existing, _reuse(batch, existing, content)


def _metadata(document: Document) -> dict[str, str]:
    return {"document_id": str(document.id), "workflow_id": str(document.workflow_id)}


def _discard(batch: Batch, document_id: uuid.UUID) -> None:
    """Forget a file that could not be stored: its new row and any partial object."""
    if not batch.documents.pop(document_id, False):
        return
    with session_scope() as db:
        document = db.get(Document, document_id)
        if document is not None and document.status == "awaiting_upload":
            db.delete(document)
            key = document.storage_key
            try:
                batch.storage.delete(BUCKET, key)
            except STORAGE_ERRORS:
                logger.warning("orphan delete failed", extra={"fields": {"key": key}})


def _workflow(batch: Batch) -> uuid.UUID | None:
    return batch.workflow_id if batch.documents else None


def _rejected(index: int, filename: str, key: str, max_bytes: int) -> UploadItem:
    details: dict[str, object] = {"max_bytes": max_bytes}
    return UploadItem(
        index, filename, "rejected", error=key,
        error_details=details if key == "file_too_large" else {},
    )  # fmt: skip


def _signed(
    storage: Storage, index: int, document: Document, claim: Claim
) -> UploadItem:
    if claim == "duplicate":
        return UploadItem(index, document.filename, "duplicate", document.id)
    upload = storage.signed_put_url(
        BUCKET,
        document.storage_key,
        document.content_type or "application/octet-stream",
        max_bytes=document.size_bytes or 0,
        metadata=_metadata(document),
    )
    return UploadItem(index, document.filename, "awaiting_upload", document.id, upload)


def create_upload_urls(
    user_id: str,
    property_id: uuid.UUID,
    files: Sequence[DeclaredFile],
    *,
    storage: Storage | None = None,
) -> UploadBatch:
    """A pending document and a signed PUT URL per acceptable file of the batch."""
    storage = storage or get_storage()
    max_bytes = get_settings().max_upload_bytes
    batch = Batch(user_id, property_id, storage)
    planned: list[UploadItem | tuple[int, Document, Claim]] = []
    with session_scope() as db:
        get_property(user_id, property_id, db=db)
        for index, declared in enumerate(files):
            content = declared_content(
                declared.content_type, declared.size_bytes, declared.sha256, max_bytes
            )
            if isinstance(content, str):
                name = display_filename(declared.filename)
                planned.append(_rejected(index, name, content, max_bytes))
            else:
                claimed = claim_document(db, batch, declared.filename, content)
                planned.append((index, *claimed))
    # Signing may call IAM (signBlob): done after the commit, not inside it.
    try:
        items = [
            plan if isinstance(plan, UploadItem) else _signed(storage, *plan)
            for plan in planned
        ]
    except STORAGE_ERRORS as exc:
        for document_id in list(batch.documents):
            _discard(batch, document_id)
        raise DependencyFailed("storage_unavailable") from exc
    return UploadBatch(_workflow(batch), items)


def _store(batch: Batch, index: int, incoming: IncomingFile, limit: int) -> UploadItem:
    filename = display_filename(incoming.filename)
    content = inspect_content(incoming.stream, limit)
    if isinstance(content, str):
        return _rejected(index, filename, content, limit)
    with session_scope() as db:
        document, claim = claim_document(db, batch, incoming.filename, content)
    if claim == "duplicate":
        return UploadItem(index, filename, "duplicate", document.id)
    incoming.stream.seek(0)
    try:
        batch.storage.upload_stream(
            BUCKET, document.storage_key, incoming.stream, content.content_type,
            _metadata(document), size_limit=limit,
        )  # fmt: skip
    except PayloadTooLarge:  # the stream grew after its inspection
        _discard(batch, document.id)
        return _rejected(index, filename, "file_too_large", limit)
    except STORAGE_ERRORS as exc:
        _discard(batch, document.id)
        raise DependencyFailed("storage_unavailable") from exc
    return UploadItem(index, filename, "uploaded", document.id)


def bulk_upload(
    user_id: str,
    property_id: uuid.UUID,
    files: Sequence[IncomingFile],
    *,
    storage: Storage | None = None,
) -> UploadBatch:
    """Store each file (seekable streams), one unit of work per file.

    A storage failure stops the batch with ``DependencyFailed``; the files stored
    before it are complete documents, found again as duplicates by a retry."""
    storage = storage or get_storage()
    limit = get_settings().max_upload_bytes
    get_property(user_id, property_id)
    batch = Batch(user_id, property_id, storage)
    items = [
        _store(batch, index, incoming, limit) for index, incoming in enumerate(files)
    ]
    fields: dict[str, object] = {"workflow_id": str(batch.workflow_id)}
    fields.update(Counter(item.status for item in items))
    logger.info("documents received", extra={"fields": fields})
    return UploadBatch(_workflow(batch), items)
