"""Price analysis of a user's property: computed once, persisted, cached, refreshed.

The first read computes the analysis with the pricing engine and stores it in
``price_analyses``; later reads are served from Redis, else from the row while it
was computed from the current property version and DVF load (see
:mod:`common.services.price_analysis_store`). A refresh or a change of exclusions
recomputes at once and replaces both. Another user's property is
``PropertyNotFound`` (404). The engine and the clock are injectable collaborators.

An analysis is dated at the clock's day; its search window ends at the last sale of
the serving DVF load (:func:`data_until`), because DVF is published months late (and
the bundled 2020 sample of ``make run`` would otherwise fall outside every window).
Prices are still projected to the analysis day with the local trend.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.cache import Cache, get_cache
from common.db import read_scope, session_scope
from common.db.models import DvfLoadRun, Property
from common.pricing.exclusions import Exclusions
from common.services import price_analysis_store as store
from common.services.price_analysis_store import Document

if TYPE_CHECKING:
    from common.pricing.analysis import PriceAnalysisResult

logger = logging.getLogger(__name__)
Clock = Callable[[], datetime]


class PriceEngine(Protocol):
    """Computes the price analysis of a property from DVF (``analyse_price``)."""

    def __call__(
        self,
        db: Session,
        target: Property,
        /,
        *,
        exclusions: Exclusions,
        today: date,
        data_until: date | None,
    ) -> PriceAnalysisResult:
        """The analysis of ``target`` at ``today``, from sales up to ``data_until``."""


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(tz=UTC)


def default_engine() -> PriceEngine:
    """The real pricing engine, imported on first use."""
    from common.pricing.analysis import analyse_price

    return analyse_price


def get_price_analysis(
    user_id: str,
    property_id: uuid.UUID,
    *,
    cache: Cache | None = None,
    engine: PriceEngine | None = None,
    clock: Clock = utc_now,
) -> Document:
    """The property's analysis: cached, else stored and fresh, else computed now."""
    cache = cache or get_cache()
    with read_scope() as db:  # a cached answer costs one query, no transaction
        target, load_id = store.property_and_load(db, user_id, property_id)
    key = store.cache_key("price", user_id, target, load_id)
    cached = cache.get(key)
    if isinstance(cached, dict):
        return cached
    with session_scope() as db:
        row = store.find_row(db, target)
        document = store.fresh_document(row, target, load_id)
        if document is None:
            exclusions = store.exclusions_of(row)
            document = _compute(db, target, exclusions, load_id, engine, clock)
            store.save_document(
                db, target, document, exclusions, document_time(document),
                store_exclusions=False,
            )  # fmt: skip
    cache.set(key, document, store.ANALYSIS_TTL_SECONDS)
    return document


def refresh_price_analysis(
    user_id: str,
    property_id: uuid.UUID,
    *,
    cache: Cache | None = None,
    engine: PriceEngine | None = None,
    clock: Clock = utc_now,
) -> Document:
    """Recompute the analysis now with the stored exclusions, and store it."""
    return _recompute(user_id, property_id, None, cache, engine, clock)


def set_price_exclusions(
    user_id: str,
    property_id: uuid.UUID,
    exclusions: Exclusions,
    *,
    cache: Cache | None = None,
    engine: PriceEngine | None = None,
    clock: Clock = utc_now,
) -> Document:
    """Store the user's exclusions and recompute the analysis with them."""
    return _recompute(user_id, property_id, exclusions, cache, engine, clock)


def _recompute(
    user_id: str,
    property_id: uuid.UUID,
    exclusions: Exclusions | None,
    cache: Cache | None,
    engine: PriceEngine | None,
    clock: Clock,
) -> Document:
    cache = cache or get_cache()
    with session_scope() as db:
        target, load_id = store.property_and_load(db, user_id, property_id)
        stored = store.exclusions_of(store.find_row(db, target))
        chosen = exclusions if exclusions is not None else stored
        document = _compute(db, target, chosen, load_id, engine, clock)
        store.save_document(
            db, target, document, chosen, document_time(document),
            store_exclusions=exclusions is not None,
        )  # fmt: skip
        key = store.cache_key("price", user_id, target, load_id)
    cache.set(key, document, store.ANALYSIS_TTL_SECONDS)
    return document


def data_until(db: Session, load_id: uuid.UUID | None) -> date | None:
    """The last sale date of the serving DVF load (None when unknown)."""
    if load_id is None:
        return None
    return db.scalar(select(DvfLoadRun.max_date).where(DvfLoadRun.id == load_id))


def document_time(document: Document) -> datetime:
    """When the document was computed."""
    return datetime.fromisoformat(document["computed_at"])


def _compute(
    db: Session,
    target: Property,
    exclusions: Exclusions,
    load_id: uuid.UUID | None,
    engine: PriceEngine | None,
    clock: Clock,
) -> Document:
    from common.pricing.analysis import as_json

    started = time.perf_counter()
    now = clock()
    result = (engine or default_engine())(
        db,
        target,
        exclusions=exclusions,
        today=now.date(),
        data_until=data_until(db, load_id),
    )
    analysis = as_json(result)
    document = store.build_document(
        target, analysis, exclusions=exclusions, load_id=load_id, computed_at=now
    )
    fields = {
        "property_id": str(target.id),
        "dvf_load_run_id": document["dvf_load_run_id"],
        "status": result.status,
        "used_count": result.used_count,
        "exclusion_mode": exclusions.mode,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    logger.info("price analysis computed", extra={"fields": fields})
    return document
