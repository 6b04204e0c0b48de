"""Where price analyses live: the ``price_analyses`` row and the Redis cache.

A stored analysis is a *document*: the engine's JSON plus what it was computed from
(property version, DVF load, exclusions) and when. The row keeps the latest document
and the user's exclusions; Redis keeps the same document under a key holding the
owner, the property version and the DVF load, so a cached analysis is never served
to another user and goes stale by itself when the property is edited or DVF reloaded.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from common.db.models import DvfLoadRun, PriceAnalysis, Property
from common.pricing.exclusions import Exclusions
from common.services.properties import PropertyNotFound, owned

# The status the loader (common.dvf.publish) gives a run once its data is swapped in.
SERVING_STATUSES = ("succeeded",)
ANALYSIS_TTL_SECONDS = 24 * 3600
Document = dict[str, Any]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _latest_load() -> Select[uuid.UUID]:
    return (
        select(DvfLoadRun.id)
        .where(DvfLoadRun.status.in_(SERVING_STATUSES))
        .order_by(DvfLoadRun.finished_at.desc().nulls_last(), DvfLoadRun.id.desc())
        .limit(1)
    )


def latest_load_id(db: Session) -> uuid.UUID | None:
    """The id of the last published DVF load, or None before any load."""
    return db.scalar(_latest_load())


def property_and_load(
    db: Session, user_id: str, property_id: uuid.UUID
) -> tuple[Property, uuid.UUID | None]:
    """The property if ``user_id`` owns it (else ``PropertyNotFound``) and the
    serving DVF load, in one query: the cache key of an analysis needs both."""
    found = db.execute(
        owned(user_id, property_id).add_columns(_latest_load().scalar_subquery())
    ).one_or_none()
    if found is None:
        raise PropertyNotFound(property_id=str(property_id))
    return found[0], found[1]


def property_version(target: Property) -> int:
    """The property's version: its ``updated_at`` as integer microseconds."""
    return (target.updated_at - EPOCH) // timedelta(microseconds=1)


def cache_key(
    kind: str, user_id: str, target: Property, load_id: uuid.UUID | None
) -> str:
    """``analysis:<kind>:<owner>:<property>:<version>:<load or none>``."""
    load = load_id.hex if load_id else "none"
    version = property_version(target)
    return f"analysis:{kind}:{user_id}:{target.id}:{version}:{load}"


def exclusions_of(row: PriceAnalysis | None) -> Exclusions:
    """The exclusions stored on the row (``auto`` when there is no row yet)."""
    if row is None:
        return Exclusions()
    mode = row.exclusion_mode if row.exclusion_mode in ("none", "explicit") else "auto"
    return Exclusions.of(
        mode,  # type: ignore[arg-type]
        (int(i) for i in row.excluded_sale_ids or ()),
        (int(i) for i in row.included_sale_ids or ()),
    )


def find_row(db: Session, target: Property) -> PriceAnalysis | None:
    """The stored analysis row of the property, if any."""
    return db.get(PriceAnalysis, target.id)


def fresh_document(
    row: PriceAnalysis | None, target: Property, load_id: uuid.UUID | None
) -> Document | None:
    """The row's document when computed from this property version and DVF load."""
    if row is None or row.status != "computed" or not row.result:
        return None
    document = row.result
    if document.get("property_version") != property_version(target):
        return None
    if document.get("dvf_load_run_id") != (str(load_id) if load_id else None):
        return None
    if document.get("exclusions") != exclusions_json(exclusions_of(row)):
        return None  # the exclusions changed after it was computed
    return document


def exclusions_json(exclusions: Exclusions) -> dict[str, Any]:
    """The exclusions as stored in a document."""
    return {
        "mode": exclusions.mode,
        "excluded_sale_ids": list(exclusions.excluded_ids),
        "included_sale_ids": list(exclusions.included_ids),
    }


def build_document(
    target: Property,
    analysis: dict[str, Any],
    *,
    exclusions: Exclusions,
    load_id: uuid.UUID | None,
    computed_at: datetime,
) -> Document:
    """A document of the engine's JSON and what it was computed from."""
    return {
        "property_id": str(target.id),
        "property_version": property_version(target),
        "dvf_load_run_id": str(load_id) if load_id else None,
        "computed_at": computed_at.isoformat(),
        "exclusions": exclusions_json(exclusions),
        "analysis": analysis,
    }


def save_document(
    db: Session,
    target: Property,
    document: Document,
    exclusions: Exclusions,
    computed_at: datetime,
    *,
    store_exclusions: bool,
) -> None:
    """Upsert the property's row with the document (and the exclusions it used).

    Without ``store_exclusions`` an existing row keeps its exclusion columns: a read
    that computed with exclusions changed meanwhile must not undo the change (its
    document then no longer matches them, so the next read recomputes).
    """
    chosen = {
        "exclusion_mode": exclusions.mode,
        "excluded_sale_ids": list(exclusions.excluded_ids),
        "included_sale_ids": list(exclusions.included_ids),
    }
    values = _columns(document) | {
        "computed_at": computed_at,
        "updated_at": computed_at,
    }
    statement = insert(PriceAnalysis).values(
        property_id=target.id,
        user_id=target.user_id,
        created_at=computed_at,
        **values,
        **chosen,
    )
    changes = values | chosen if store_exclusions else values
    db.execute(
        statement.on_conflict_do_update(
            index_elements=[PriceAnalysis.property_id], set_=changes
        )
    )


def _columns(document: Document) -> dict[str, Any]:
    # The figures a dashboard or an analyst queries without opening the JSON.
    analysis = document["analysis"]
    estimate = analysis.get("estimate") or {}
    load_id = document["dvf_load_run_id"]
    return {
        "status": "computed",
        "result": document,
        "estimated_value": estimate.get("value"),
        "price_deviation_pct": analysis.get("deviation_pct"),
        "verdict": analysis.get("verdict"),
        "confidence": analysis.get("confidence"),
        "comparable_count": analysis.get("used_count"),
        "dvf_load_run_id": uuid.UUID(load_id) if load_id else None,
    }
