"""Upload batches (workflows): progress, final states and expired uploads.

A workflow is the set of documents one upload request created; its id is stored on
each document. It ends, whatever happens, once every document is ``analyzed`` or
``failed``: an upload whose signed URL expired unused (plus a grace period for a PUT
that started just in time) counts as failed with ``upload_expired``, and is recorded
so, so that a client polling the status never polls forever.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, get_args

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from common.config import get_settings
from common.db import session_scope
from common.db.models import Document, Photo
from common.domain import DOCUMENT_FINAL_STATUSES, DocumentStatus
from common.errors import NotFound
from common.messages import register, translate

WorkflowState = Literal["processing", "completed", "failed", "partially_failed"]
STATUSES: tuple[str, ...] = get_args(DocumentStatus)
# A signed PUT started just before its URL expired may still be running.
UPLOAD_GRACE = timedelta(minutes=10)

register(
    "upload_expired",
    "The upload link expired before the file was sent.",
    "Le lien d'envoi a expiré avant que le fichier soit envoyé.",
)
register("workflow_not_found", "Upload batch not found.", "Lot d'envoi introuvable.")


class WorkflowNotFound(NotFound):
    """No document of the user belongs to this upload batch."""

    code = "workflow_not_found"


@dataclass(frozen=True)
class WorkflowStatus:
    """Progress of one upload batch; any state but ``processing`` is final."""

    workflow_id: uuid.UUID
    counts: dict[str, int]
    percentage: int
    state: WorkflowState
    documents: list[Document]

    @property
    def total(self) -> int:
        """How many documents the batch holds."""
        return len(self.documents)


def expire_stale_uploads(
    db: Session,
    user_id: str,
    scope: ColumnElement[bool],
    model: type[Document] | type[Photo] = Document,
) -> int:
    """Mark as failed (``upload_expired``) the pending uploads whose URL is dead.

    Documents and photos alike (``model``); the SHA-256 is cleared so that the same
    file can be uploaded again."""
    now = datetime.now(tz=UTC)
    ttl = timedelta(seconds=get_settings().signed_url_ttl_seconds)
    result = db.execute(
        update(model)
        .where(
            model.user_id == user_id,
            scope,
            model.status == "awaiting_upload",
            model.updated_at < now - ttl - UPLOAD_GRACE,
        )
        .values(
            status="failed",
            error_code="upload_expired",
            error_message=translate("upload_expired", "en"),
            sha256=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def workflow_state(counts: Counter[str]) -> WorkflowState:
    """``processing`` until every document is final, then how the batch ended."""
    total = sum(counts.values())
    if counts["analyzed"] + counts["failed"] < total:
        return "processing"
    if counts["failed"] == 0:
        return "completed"
    return "failed" if counts["analyzed"] == 0 else "partially_failed"


def workflow_status(user_id: str, workflow_id: uuid.UUID) -> WorkflowStatus:
    """Counts per status, percentage done and each document of one upload batch."""
    with session_scope() as db:
        expire_stale_uploads(db, user_id, Document.workflow_id == workflow_id)
        documents = list(
            db.scalars(
                select(Document)
                .where(Document.workflow_id == workflow_id, Document.user_id == user_id)
                .order_by(Document.created_at, Document.id)
            )
        )
    if not documents:
        raise WorkflowNotFound(workflow_id=str(workflow_id))
    counts = Counter(document.status for document in documents)
    done = sum(counts[status] for status in DOCUMENT_FINAL_STATUSES)
    return WorkflowStatus(
        workflow_id=workflow_id,
        counts={status: counts[status] for status in STATUSES},
        percentage=done * 100 // len(documents),
        state=workflow_state(counts),
        documents=documents,
    )
