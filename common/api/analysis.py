"""HTTP routes of /api/analysis: price analysis, exclusions, market trend, DVF.

Property routes require a session and answer 404 ``property_not_found`` for another
user's property. ``/api/analysis/dvf-stats`` is public and
``/api/analysis/dvf/reload`` is for administrators; both are static rules, so they
never reach the ``<uuid:property_id>`` rules. Models live in ``analysis_schemas``.
"""

from __future__ import annotations

import uuid
from typing import Any

from common.api.analysis_schemas import (
    DvfStatsOut,
    ExclusionsIn,
    PriceFullOut,
    PriceSummaryOut,
    PropertyTrendOut,
    ReloadOut,
)
from common.http import ApiRequest, RateLimit, Router
from common.pricing.exclusions import Exclusions
from common.services import price_analysis, price_analysis_market
from common.services import price_analysis_reload as reload

router = Router("analysis")
PRICE = "/api/analysis/<uuid:property_id>/price"
REFRESH_LIMIT = RateLimit("price_refresh", 30, 3600)
RELOAD_LIMIT = RateLimit("dvf_reload", 5, 3600)


def _property_id(req: ApiRequest[Any, Any]) -> uuid.UUID:
    value = req.path["property_id"]
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


@router.get(PRICE, response=PriceSummaryOut)
def get_price(req: ApiRequest[None]) -> PriceSummaryOut:
    """Price analysis summary: estimate, interval, deviation, verdict, confidence."""
    document = price_analysis.get_price_analysis(req.user.user_id, _property_id(req))
    return PriceSummaryOut.of(document)


@router.get(f"{PRICE}/full", response=PriceFullOut)
def get_price_full(req: ApiRequest[None]) -> PriceFullOut:
    """Price analysis with its comparables (at most 200) and the market trend."""
    document = price_analysis.get_price_analysis(req.user.user_id, _property_id(req))
    return PriceFullOut.of(document)


@router.post(f"{PRICE}/refresh", response=PriceSummaryOut, rate_limit=REFRESH_LIMIT)
def refresh_price(req: ApiRequest[None]) -> PriceSummaryOut:
    """Recompute the price analysis now."""
    document = price_analysis.refresh_price_analysis(
        req.user.user_id, _property_id(req)
    )
    return PriceSummaryOut.of(document)


@router.put(f"{PRICE}/exclusions", body=ExclusionsIn, response=PriceSummaryOut)
def put_exclusions(req: ApiRequest[ExclusionsIn]) -> PriceSummaryOut:
    """Choose the excluded comparables and recompute the analysis with them."""
    chosen = Exclusions.of(
        req.body.mode, req.body.excluded_sale_ids, req.body.included_sale_ids
    )
    document = price_analysis.set_price_exclusions(
        req.user.user_id, _property_id(req), chosen
    )
    return PriceSummaryOut.of(document)


@router.get("/api/analysis/<uuid:property_id>/market-trend", response=PropertyTrendOut)
def get_market_trend(req: ApiRequest[None]) -> PropertyTrendOut:
    """Yearly median €/m², count, change and slope around the property."""
    document = price_analysis_market.get_market_trend(
        req.user.user_id, _property_id(req)
    )
    return PropertyTrendOut.model_validate(document)


@router.get("/api/analysis/dvf-stats", response=DvfStatsOut, auth="public")
def get_dvf_stats(_req: ApiRequest[None]) -> DvfStatsOut:
    """What DVF data is loaded: counts, date range and the last load."""
    return DvfStatsOut.model_validate(price_analysis_market.get_dvf_stats())


@router.post(
    "/api/analysis/dvf/reload",
    response=ReloadOut,
    admin=True,
    rate_limit=RELOAD_LIMIT,
    status=202,
)
def start_dvf_reload(req: ApiRequest[None]) -> ReloadOut:
    """Start a DVF reload (administrators only); answers before it finishes."""
    ticket = reload.start_dvf_reload(req.user.user_id)
    return ReloadOut.model_validate(ticket, from_attributes=True)
