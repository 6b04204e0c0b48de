"""Committed document rows and their objects for the document analysis tests.

The analysis commits each status in its own unit of work, so these tests use the
``clean_db`` fixture: rows are created and read back through ``session_scope``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import update

from common.db import session_scope
from common.db.models import Document, User
from common.domain import document_object_key
from common.storage import LocalStorage
from tests.factories import create_property, create_user

BUCKET = "logis-documents"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


@dataclass(frozen=True)
class Owner:
    """A committed user and one of their properties."""

    user_id: str
    property_id: uuid.UUID


def committed_owner(locale: str = "fr") -> Owner:
    """A user (speaking ``locale``) with one property, committed."""
    with session_scope() as db:
        user = create_user(db)
        db.execute(update(User).where(User.id == user.id).values(locale=locale))
        return Owner(user.id, create_property(db, user.id).id)


def committed_document(owner: Owner, filename: str = "pv_ag_2024.pdf") -> Document:
    """A document row awaiting its upload, as the documents function creates it."""
    document_id = uuid.uuid4()
    key = document_object_key(owner.user_id, owner.property_id, document_id, filename)
    with session_scope() as db:
        document = Document(
            id=document_id,
            property_id=owner.property_id,
            user_id=owner.user_id,
            filename=filename,
            storage_key=key,
            status="awaiting_upload",
        )
        db.add(document)
    return document


def upload(storage: LocalStorage, document: Document, data: bytes = PDF) -> int:
    """Write the document's object; its generation (what the finalize event says)."""
    stored = storage.upload_bytes(
        "documents", document.storage_key, data, "application/pdf"
    )
    return stored.generation


def reload(document_id: uuid.UUID) -> Document | None:
    """The document row as committed now."""
    with session_scope() as db:
        return db.get(Document, document_id)
