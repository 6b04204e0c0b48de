"""Documents of a property: read, group, rename, delete, re-process, download.

Every query is scoped by the owner: another user's document is ``DocumentNotFound``
(404). Deleting removes the stored files first and the row after, in the row's
transaction, so a storage failure deletes nothing. A re-process commits the new status
before it rewrites the object: the finalize event that the rewrite causes (DESIGN.md:
the only trigger of analysis) must find the row ready.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from common.ai.schemas import CATEGORIES
from common.config import get_settings
from common.db import session_scope
from common.db.models import Document
from common.domain import DOCUMENT_FINAL_STATUSES
from common.errors import AppError, Conflict, DependencyFailed, NotFound
from common.messages import register
from common.publisher import Publisher, request_synthesis
from common.services.document_workflows import expire_stale_uploads
from common.services.properties import get_property
from common.storage import BucketRole, Storage, get_storage

logger = logging.getLogger(__name__)

BUCKET: BucketRole = "documents"
UNCLASSIFIED = "unclassified"
GROUPS: tuple[str, ...] = (*CATEGORIES, UNCLASSIFIED)
STORAGE_ERRORS = (AppError, OSError)

register("document_not_found", "Document not found.", "Document introuvable.")
register(
    "document_busy",
    "The document is being processed; try again when it is done.",
    "Le document est en cours de traitement ; réessayez une fois terminé.",
)
register(
    "document_not_uploaded",
    "The file of this document was never uploaded.",
    "Le fichier de ce document n'a jamais été envoyé.",
)


class DocumentNotFound(NotFound):
    """The document does not exist or belongs to another user."""

    code = "document_not_found"


class DocumentBusy(Conflict):
    """The document is being uploaded or analysed."""

    code = "document_busy"


class DocumentNotUploaded(Conflict):
    """The document has no stored file (its upload never happened)."""

    code = "document_not_uploaded"


@dataclass(frozen=True)
class DocumentGroups:
    """A property's documents by category (``unclassified`` until classified)."""

    property_id: uuid.UUID
    total: int
    by_category: dict[str, list[Document]]


@dataclass(frozen=True)
class SignedDownload:
    """A time-limited URL to read a document's file."""

    url: str
    expires_at: datetime


@dataclass(frozen=True)
class Deletion:
    """Outcome of a bulk delete, in the order of the request."""

    deleted: list[uuid.UUID]
    not_found: list[uuid.UUID]


def document_prefix(document: Document) -> str:
    """The folder of a document's objects (its file and anything derived from it)."""
    return document.storage_key.rsplit("/", 1)[0] + "/"


def find_document(
    db: Session, user_id: str, document_id: uuid.UUID, *, for_update: bool = False
) -> Document:
    """The document if ``user_id`` owns it, else ``DocumentNotFound``."""
    statement = select(Document).where(
        Document.id == document_id, Document.user_id == user_id
    )
    found = db.scalar(statement.with_for_update() if for_update else statement)
    if found is None:
        raise DocumentNotFound(document_id=str(document_id))
    return found


def get_document(user_id: str, document_id: uuid.UUID) -> Document:
    """One document of the user, with its full analysis."""
    with session_scope() as db:
        return find_document(db, user_id, document_id)


def list_documents(user_id: str, property_id: uuid.UUID) -> DocumentGroups:
    """The property's documents grouped by category, oldest first in each group."""
    with session_scope() as db:
        get_property(user_id, property_id, db=db)
        expire_stale_uploads(db, user_id, Document.property_id == property_id)
        documents = db.scalars(
            select(Document)
            .where(Document.property_id == property_id, Document.user_id == user_id)
            .order_by(Document.created_at, Document.id)
        ).all()
    groups: dict[str, list[Document]] = {name: [] for name in GROUPS}
    for document in documents:
        groups.get(document.category or UNCLASSIFIED, groups[UNCLASSIFIED]).append(
            document
        )
    return DocumentGroups(property_id, len(documents), groups)


def rename_document(user_id: str, document_id: uuid.UUID, filename: str) -> Document:
    """Change the display name only: the stored object keeps its name."""
    with session_scope() as db:
        document = find_document(db, user_id, document_id, for_update=True)
        document.filename = filename
        document.updated_at = datetime.now(tz=UTC)
    return document


def _has_file(document: Document) -> bool:
    return document.status != "awaiting_upload" and (
        document.error_code != "upload_expired"
    )


def download_url(
    user_id: str, document_id: uuid.UUID, *, storage: Storage | None = None
) -> SignedDownload:
    """A signed GET URL that downloads the file under its display name."""
    storage = storage or get_storage()
    document = get_document(user_id, document_id)
    if not _has_file(document):
        raise DocumentNotUploaded(document_id=str(document_id))
    expires_at = datetime.now(tz=UTC) + timedelta(
        seconds=get_settings().signed_url_ttl_seconds
    )
    try:
        url = storage.signed_get_url(
            BUCKET, document.storage_key, download_name=document.filename
        )
    except STORAGE_ERRORS as exc:
        raise DependencyFailed("storage_unavailable") from exc
    return SignedDownload(url, expires_at)


def _delete_owned(db: Session, document: Document, storage: Storage) -> None:
    try:
        storage.delete_prefix(BUCKET, document_prefix(document))
    except STORAGE_ERRORS as exc:
        raise DependencyFailed("storage_unavailable") from exc
    db.execute(delete(Document).where(Document.id == document.id))


def _request_synthesis(property_id: uuid.UUID, publisher: Publisher | None) -> None:
    # The deletion is committed: a failed request leaves the synthesis stale (its
    # "regenerate" route recovers) rather than reporting a deletion that happened.
    try:
        request_synthesis(property_id, "document_deleted", publisher=publisher)
    except DependencyFailed:
        fields = {"property_id": str(property_id)}
        logger.exception("synthesis request failed", extra={"fields": fields})


def delete_document(
    user_id: str,
    document_id: uuid.UUID,
    *,
    storage: Storage | None = None,
    publisher: Publisher | None = None,
) -> None:
    """Delete the stored file, then the row; then ask for a new synthesis."""
    storage = storage or get_storage()
    with session_scope() as db:
        document = find_document(db, user_id, document_id, for_update=True)
        _delete_owned(db, document, storage)
    logger.info("document deleted", extra={"fields": {"document_id": str(document_id)}})
    _request_synthesis(document.property_id, publisher)


def bulk_delete(
    user_id: str,
    document_ids: Sequence[uuid.UUID],
    *,
    storage: Storage | None = None,
    publisher: Publisher | None = None,
) -> Deletion:
    """Delete each owned document in its own unit of work; one synthesis per property.

    A storage failure stops the batch with ``DependencyFailed``: the documents already
    deleted are whole deletions, and a retry reports them as ``not_found``."""
    storage = storage or get_storage()
    deleted: list[uuid.UUID] = []
    not_found: list[uuid.UUID] = []
    properties: dict[uuid.UUID, None] = {}
    try:
        for document_id in dict.fromkeys(document_ids):
            try:
                with session_scope() as db:
                    document = find_document(db, user_id, document_id, for_update=True)
                    _delete_owned(db, document, storage)
            except DocumentNotFound:
                not_found.append(document_id)
                continue
            deleted.append(document_id)
            properties[document.property_id] = None
    finally:
        for property_id in properties:
            _request_synthesis(property_id, publisher)
    return Deletion(deleted, not_found)


def _restore(document: Document, previous: tuple[str, str | None, str | None]) -> None:
    status, error_code, error_message = previous
    with session_scope() as db:
        db.execute(
            update(Document)
            .where(Document.id == document.id, Document.status == "uploaded")
            .values(status=status, error_code=error_code, error_message=error_message)
        )
    document.status, document.error_code = status, error_code
    document.error_message = error_message


def reprocess_document(
    user_id: str, document_id: uuid.UUID, *, storage: Storage | None = None
) -> Document:
    """Analyse an analysed or failed document again (its object is rewritten)."""
    storage = storage or get_storage()
    now = datetime.now(tz=UTC)
    with session_scope() as db:
        document = find_document(db, user_id, document_id, for_update=True)
        if document.status not in DOCUMENT_FINAL_STATUSES:
            raise DocumentBusy(document_id=str(document_id))
        if not _has_file(document):
            raise DocumentNotUploaded(document_id=str(document_id))
        previous = (document.status, document.error_code, document.error_message)
        document.status, document.error_code, document.error_message = (
            "uploaded", None, None,
        )  # fmt: skip
        document.updated_at = now
    try:
        storage.rewrite(BUCKET, document.storage_key, {"reprocess_at": now.isoformat()})
    except NotFound as exc:
        _restore(document, previous)
        raise DocumentNotUploaded(document_id=str(document_id)) from exc
    except STORAGE_ERRORS as exc:
        _restore(document, previous)
        raise DependencyFailed("storage_unavailable") from exc
    logger.info(
        "document reprocess", extra={"fields": {"document_id": str(document_id)}}
    )
    return document
