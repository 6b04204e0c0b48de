"""The dashboard list: each property with a preview of its synthesis and photos.

Three queries whatever the page size: the page with its total, one summary statement
(synthesis and counts as scalar subqueries) and one DISTINCT ON for promoted photos.
A card shows the property's most recently promoted redesign: its image and, for the
card itself, its thumbnail (``common.services.photo_promotion``), both signed after
the reads (signing may be a network call; ``common.storage_signing``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from common.db.models import Document, Photo, Property, Redesign, Synthesis
from common.errors import AppError
from common.services.properties import Page, Position, list_properties, transaction
from common.storage import Storage, get_storage

logger = logging.getLogger(__name__)
MAX_KEY_FINDINGS = 3


@dataclass(frozen=True)
class PromotedPhoto:
    """The redesign shown on a dashboard card, with signed URLs to read it."""

    photo_id: uuid.UUID
    redesign_id: uuid.UUID
    url: str
    promoted_at: datetime | None
    thumbnail_url: str | None = None


@dataclass(frozen=True)
class Preview:
    """What the dashboard shows of a property's synthesis, documents and photos."""

    risk_level: str | None = None
    annual_cost_total: Decimal | None = None
    one_time_cost_total: Decimal | None = None
    key_findings: list[Any] = field(default_factory=list)
    synthesis_status: str | None = None
    synthesis_generated_at: datetime | None = None
    document_count: int = 0
    documents_analyzed: int = 0
    redesign_count: int = 0
    promoted_photo: PromotedPhoto | None = None


@dataclass(frozen=True)
class DashboardItem:
    """A property and its preview."""

    property: Property
    preview: Preview


def list_properties_with_synthesis(
    user_id: str,
    *,
    limit: int = 20,
    after: Position | None = None,
    storage: Storage | None = None,
    db: Session | None = None,
) -> Page[DashboardItem]:
    """A page of properties with previews, in 3 queries whatever the page size."""
    storage = storage or get_storage()
    with transaction(db) as session:
        listing = list_properties(user_id, limit=limit, after=after, db=session)
        ids = [item.id for item in listing.items]
        previews = _preview_rows(session, ids) if ids else {}
        promoted_rows = _promoted_rows(session, ids) if ids else []
    promoted = _signed(promoted_rows, storage)  # signing may call IAM: after the reads
    items = [
        DashboardItem(item, _preview(previews[item.id], promoted.get(item.id)))
        for item in listing.items
    ]
    return Page(items, listing.has_more, listing.total)


def _preview_rows(db: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """Synthesis summary and counts of each property, in one statement."""

    def count(statement: Any, label: str) -> Any:
        return statement.correlate(Property).scalar_subquery().label(label)

    documents = select(func.count()).where(Document.property_id == Property.id)
    redesigns = (
        select(func.count())
        .select_from(Redesign)
        .join(Photo, Photo.id == Redesign.photo_id)
        .where(Photo.property_id == Property.id, Redesign.status == "done")
    )
    statement = (
        select(
            Property.id.label("property_id"),
            Synthesis.risk_level,
            Synthesis.annual_cost_total,
            Synthesis.one_time_cost_total,
            Synthesis.key_findings,
            Synthesis.status.label("synthesis_status"),
            Synthesis.generated_at.label("synthesis_generated_at"),
            count(documents, "document_count"),
            count(documents.where(Document.status == "analyzed"), "documents_analyzed"),
            count(redesigns, "redesign_count"),
        )
        .outerjoin(Synthesis, Synthesis.property_id == Property.id)
        .where(Property.id.in_(ids))
    )
    rows = db.execute(statement).mappings()
    return {row["property_id"]: dict(row) for row in rows}


def _promoted_rows(db: Session, ids: list[uuid.UUID]) -> list[tuple[Any, ...]]:
    """The most recently promoted redesign of each property (DISTINCT ON)."""
    statement = (
        select(Photo.property_id, Photo.id, Redesign.id, Redesign.storage_key)
        .add_columns(Photo.promoted_at, Redesign.thumbnail_key)
        .join(Redesign, Redesign.id == Photo.promoted_redesign_id)
        .where(Photo.property_id.in_(ids), Redesign.storage_key.is_not(None))
        .ext(distinct_on(Photo.property_id))
        .order_by(Photo.property_id, Photo.promoted_at.desc().nulls_last(), Photo.id)
    )
    return [tuple(row) for row in db.execute(statement)]


def _signed(
    rows: list[tuple[Any, ...]], storage: Storage
) -> dict[uuid.UUID, PromotedPhoto]:
    """Each property's promoted redesign with its URLs (left out if unsignable)."""
    promoted: dict[uuid.UUID, PromotedPhoto] = {}
    for row in rows:
        property_id, photo_id, redesign_id, key, promoted_at, thumbnail_key = row
        try:
            url = storage.signed_get_url("photos", key)
            thumbnail = (
                storage.signed_get_url("photos", thumbnail_key)
                if thumbnail_key
                else None
            )
        except AppError:
            logger.warning("redesign url unavailable", extra={"fields": {"key": key}})
            continue
        promoted[property_id] = PromotedPhoto(
            photo_id, redesign_id, url, promoted_at, thumbnail
        )
    return promoted


def _preview(row: Mapping[str, Any], promoted: PromotedPhoto | None) -> Preview:
    values = {name: value for name, value in row.items() if name != "property_id"}
    values["key_findings"] = list(row["key_findings"] or [])[:MAX_KEY_FINDINGS]
    return Preview(**values, promoted_photo=promoted)
