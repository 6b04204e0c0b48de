"""Database side of the synthesis: reading a property's inputs, locking its row.

The row of ``syntheses`` is created on first need with ``INSERT ... ON CONFLICT DO
NOTHING`` and then locked with ``SELECT ... FOR UPDATE``: regenerations, override
updates and failure records of one property take turns on it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from common.ai.schemas import CATEGORIES, CategoryAnalysis
from common.db.models import Document, Property, Synthesis, User
from common.services.synthesis_facts import AnalyzedDocument

logger = logging.getLogger(__name__)
LANGUAGES = ("fr", "en")
_ANALYSIS: TypeAdapter[CategoryAnalysis] = TypeAdapter(CategoryAnalysis)


@dataclass(frozen=True)
class PropertyProfile:
    """What the synthesis needs of the property and its owner."""

    property_id: uuid.UUID
    user_id: str
    language: str
    asking_price: int | None
    surface_area: float | None


@dataclass(frozen=True)
class SynthesisInputs:
    """Everything a synthesis is computed from, read in one transaction."""

    profile: PropertyProfile
    documents: tuple[AnalyzedDocument, ...]
    skipped_document_ids: tuple[uuid.UUID, ...]
    overrides: dict[str, Any]

    @property
    def fingerprint(self) -> tuple[object, ...]:
        """Changes whenever a result computed from these inputs would be stale."""
        documents = tuple(
            (d.id, d.filename, d.analyzed_at, d.analysis.category)
            for d in self.documents
        )
        return (self.profile, documents, self.skipped_document_ids)


def read_profile(
    db: Session, property_id: uuid.UUID, *, lock: bool = False
) -> PropertyProfile | None:
    """The property and its owner's language; ``lock`` keeps it from being deleted."""
    statement = (
        select(Property, User.locale)
        .join(User, User.id == Property.user_id)
        .where(Property.id == property_id)
    )
    if lock:
        statement = statement.with_for_update(of=Property, key_share=True, read=True)
    row = db.execute(statement).first()
    if row is None:
        return None
    found, locale = row
    return PropertyProfile(
        property_id=found.id,
        user_id=found.user_id,
        language=locale if locale in LANGUAGES else "fr",
        asking_price=found.asking_price,
        surface_area=found.surface_area,
    )


def read_inputs(
    db: Session, property_id: uuid.UUID, *, lock: bool = False
) -> SynthesisInputs | None:
    """The property's profile, analysed documents and overrides (None if deleted)."""
    profile = read_profile(db, property_id, lock=lock)
    if profile is None:
        return None
    rows = db.scalars(
        select(Document)
        .where(Document.property_id == property_id, Document.status == "analyzed")
        .order_by(Document.analyzed_at, Document.id)
    ).all()
    documents: list[AnalyzedDocument] = []
    skipped: list[uuid.UUID] = []
    for row in rows:
        document = _analyzed(row)
        if document is None:
            skipped.append(row.id)
        else:
            documents.append(document)
    overrides = db.scalar(
        select(Synthesis.overrides).where(Synthesis.property_id == property_id)
    )
    return SynthesisInputs(profile, tuple(documents), tuple(skipped), overrides or {})


def _analyzed(row: Document) -> AnalyzedDocument | None:
    """The document with its analysis validated back, or None if it does not fit."""
    if row.category not in CATEGORIES or not isinstance(row.analysis, dict):
        return None
    try:
        analysis = _ANALYSIS.validate_python({**row.analysis, "category": row.category})
    except ValidationError:
        fields = {"document_id": str(row.id), "category": row.category}
        logger.warning(
            "stored analysis does not fit its schema", extra={"fields": fields}
        )
        return None
    return AnalyzedDocument(
        id=row.id,
        filename=row.filename,
        analysis=analysis,
        analyzed_at=row.analyzed_at,
        confidence=row.category_confidence,
    )


def lock_synthesis(db: Session, profile: PropertyProfile) -> Synthesis:
    """The property's synthesis row, created empty if missing, locked FOR UPDATE."""
    db.execute(
        insert(Synthesis)
        .values(
            property_id=profile.property_id,
            user_id=profile.user_id,
            status="empty",
            overrides={},
            key_findings=[],
            document_count=0,
        )
        .on_conflict_do_nothing(index_elements=[Synthesis.property_id])
    )
    statement = (
        select(Synthesis)
        .where(Synthesis.property_id == profile.property_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return db.scalars(statement).one()


def find_synthesis(db: Session, property_id: uuid.UUID) -> Synthesis | None:
    """The property's synthesis row, if any (not locked)."""
    return db.get(Synthesis, property_id)


def record_failure(
    db: Session, profile: PropertyProfile, code: str, message: str, now: datetime
) -> None:
    """Keep the last good synthesis; only say what went wrong (``failed`` if none)."""
    row = lock_synthesis(db, profile)
    row.error_code, row.error_message = code, message[:2000]
    if row.result is None:
        row.status = "failed"
    row.updated_at = now
