"""Market figures: the yearly trend around a user's property and the DVF statistics.

The trend is computed for the property's postal code, falling back to its commune
(the commune most sales of that postal code belong to) when the postal code has too
little history, as of the same day as the price analysis (capped at the serving
DVF load's last sale). It is cached like the analysis: per owner, property version
and DVF load. The public DVF statistics are cached for an hour under the DVF load id.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.cache import Cache, get_cache
from common.db import read_scope, session_scope
from common.db.models import DvfLoadRun, DvfSale, DvfSaleLot
from common.pricing.candidates import usable_sales_of_any_type
from common.pricing.jsonable import to_jsonable
from common.pricing.trend import TrendScope, market_trend
from common.services import price_analysis_store as store
from common.services.price_analysis import Clock, data_until, utc_now

TREND_TTL_SECONDS = 24 * 3600
STATS_TTL_SECONDS = 3600


def get_market_trend(
    user_id: str,
    property_id: uuid.UUID,
    *,
    cache: Cache | None = None,
    clock: Clock = utc_now,
) -> dict[str, Any]:
    """Per-year median €/m², count, change and slope around the user's property."""
    cache = cache or get_cache()
    with read_scope() as db:  # a cached answer costs one query, no transaction
        target, load_id = store.property_and_load(db, user_id, property_id)
    key = store.cache_key("trend", user_id, target, load_id)
    cached = cache.get(key)
    if isinstance(cached, dict):
        return cached
    # One transaction: its locks keep a DVF swap from landing between its reads.
    with session_scope() as db:
        now = clock()
        areas: list[tuple[TrendScope, str]] = [("postal_code", target.postal_code)]
        commune = main_commune(db, target.postal_code)
        if commune is not None:
            areas.append(("commune", commune))
        last_sale = data_until(db, load_id)
        window_end = min(now.date(), last_sale) if last_sale else now.date()
        trend = market_trend(db, target.property_type, areas, window_end)
    document = {
        "property_id": str(target.id),
        "dvf_load_run_id": str(load_id) if load_id else None,
        "computed_at": now.isoformat(),
        "trend": to_jsonable(trend),
    }
    cache.set(key, document, TREND_TTL_SECONDS)
    return document


def main_commune(db: Session, postal_code: str) -> str | None:
    """The INSEE code of the commune most usable sales of ``postal_code`` belong to."""
    return db.scalar(
        select(DvfSale.code_commune)
        .where(*usable_sales_of_any_type(), DvfSale.code_postal == postal_code)
        .group_by(DvfSale.code_commune)
        .order_by(func.count().desc(), DvfSale.code_commune)
        .limit(1)
    )


_COUNT_LOTS = select(func.count()).select_from(DvfSaleLot)


def get_dvf_stats(*, cache: Cache | None = None) -> dict[str, Any]:
    """Sale and lot counts, date range and the last published load (cached 1 h)."""
    cache = cache or get_cache()
    with session_scope() as db:
        load = _latest_load(db)
        key = f"analysis:dvf-stats:{load.id.hex if load else 'none'}"
        cached = cache.get(key)
        if isinstance(cached, dict):
            return cached
        sales, single, first, last = db.execute(
            select(
                func.count(),
                func.count().filter(DvfSale.is_single_dwelling.is_(True)),
                func.min(DvfSale.date_mutation),
                func.max(DvfSale.date_mutation),
            ).select_from(DvfSale)
        ).one()
        # The live lots are exactly what the last load published (never edited
        # since): its count, rather than a scan of the largest table.
        lots = load.lots_loaded if load else db.scalar(_COUNT_LOTS) or 0
    stats = {
        "sales": int(sales),
        "single_dwelling_sales": int(single),
        "lots": int(lots),
        "first_sale_date": first.isoformat() if first else None,
        "last_sale_date": last.isoformat() if last else None,
        "last_load": _load_summary(load),
    }
    cache.set(key, stats, STATS_TTL_SECONDS)
    return stats


def _latest_load(db: Session) -> DvfLoadRun | None:
    load_id = store.latest_load_id(db)
    return db.get(DvfLoadRun, load_id) if load_id else None


def _load_summary(load: DvfLoadRun | None) -> dict[str, Any] | None:
    if load is None:
        return None
    return {
        "id": str(load.id),
        "finished_at": load.finished_at.isoformat() if load.finished_at else None,
        "sources": list(load.sources or []),
        "rows_read": load.rows_read,
        "rows_rejected": load.rows_rejected,
        "sales_loaded": load.sales_loaded,
        "lots_loaded": load.lots_loaded,
    }
