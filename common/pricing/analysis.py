"""Price analysis of one property: comparables, estimate, verdict, trend.

:func:`analyse_price` reads DVF through the session it is given and returns a frozen
:class:`PriceAnalysisResult`; :func:`as_json` turns it into JSON-ready data. What
could not be computed is said in ``notes`` (stable codes) rather than guessed: no
coordinates, which fallback scope was used, too few comparables (no verdict), no
asking price (no deviation), no trend history (no time adjustment).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy.orm import Session

from common.db.models import Property
from common.pricing.address import StreetAddress, parse_address
from common.pricing.comparables import Comparable, ComparableSearch, find_comparables
from common.pricing.exclusions import ExclusionReason, Exclusions, exclusion_reasons
from common.pricing.jsonable import to_jsonable
from common.pricing.ladder import MINIMUM, Subject
from common.pricing.stats import (
    ConfidenceLevel,
    Verdict,
    confidence,
    deviation_pct,
    outlier_flags,
    summarise,
    time_adjusted,
    verdict,
)
from common.pricing.trend import (
    AddressSale,
    MarketTrend,
    TrendScope,
    last_sale_at_address,
    market_trend,
)

AnalysisStatus = Literal["complete", "insufficient_data"]
PROPERTY_TYPES = frozenset({"Appartement", "Maison"})
WINDOW_AT_DATA_END = "window_at_data_end"


@dataclass(frozen=True)
class ComparableResult:
    """A comparable, its time-adjusted €/m² and whether it counts."""

    sale: Comparable
    adjusted_price_m2: float
    is_outlier: bool
    excluded: bool
    exclusion_reason: ExclusionReason | None


@dataclass(frozen=True)
class Estimate:
    """Adjusted median €/m² and quartiles, and the value they give the surface."""

    price_m2: float
    p25_m2: float
    p75_m2: float
    dispersion: float
    value: int
    value_low: int
    value_high: int


@dataclass(frozen=True)
class SearchSummary:
    """How the comparables were found."""

    scopes_tried: tuple[str, ...]
    scope: str | None
    rule: str | None
    radius_m: int | None
    surface_band: float | None
    months: int | None
    candidate_count: int
    truncated: bool


@dataclass(frozen=True)
class PriceAnalysisResult:
    """Everything the price analysis computed, and why anything is missing."""

    status: AnalysisStatus
    computed_on: date
    property_type: str
    surface: float | None
    asking_price: int | None
    search: SearchSummary | None
    comparables: tuple[ComparableResult, ...]
    used_count: int
    estimate: Estimate | None
    deviation_pct: float | None
    verdict: Verdict | None
    confidence: ConfidenceLevel | None
    confidence_score: float | None
    trend: MarketTrend | None
    address_sale: AddressSale | None
    exclusions: Exclusions
    notes: tuple[str, ...]


def as_json(result: PriceAnalysisResult) -> dict[str, Any]:
    """The result as JSON-ready data (dates as ISO strings)."""
    return to_jsonable(result)  # type: ignore[no-any-return]


def analyse_price(
    db: Session,
    prop: Property,
    *,
    exclusions: Exclusions | None = None,
    today: date,
    data_until: date | None = None,
) -> PriceAnalysisResult:
    """Comparables, estimate, verdict, confidence and trend of ``prop`` at ``today``.

    ``data_until`` is the last sale date of the serving DVF load: DVF is published
    months late, so the search window and the trend end there, while every price is
    still projected to ``today`` with the local trend (note ``window_at_data_end``).
    """
    window_end = min(today, data_until) if data_until else today
    chosen = exclusions or Exclusions()
    street = parse_address(prop.address or "")
    base = _empty(prop, chosen, today)
    problem = _unsupported(prop)
    if problem is not None:
        return dataclasses.replace(base, notes=(problem,))
    subject = Subject(
        property_type=prop.property_type,
        surface=float(prop.surface_area or 0),
        postal_code=prop.postal_code,
        latitude=prop.latitude,
        longitude=prop.longitude,
        street=street,
    )
    search = find_comparables(db, subject, window_end)
    trend = market_trend(db, prop.property_type, _trend_areas(prop, search), window_end)
    rate = trend.annual_rate if trend is not None else 0.0
    rows = _comparable_results(search.comparables, chosen, today, rate)
    address_sale = None
    if street is not None and street.number is not None:
        address_sale = last_sale_at_address(
            db, prop.property_type, prop.postal_code, street, today, rate
        )
    notes = _notes(subject, street, search, trend)
    if window_end < today:
        notes.append(WINDOW_AT_DATA_END)
    partial = dataclasses.replace(
        base,
        search=_search_summary(search),
        comparables=rows,
        trend=trend,
        address_sale=address_sale,
    )
    return _with_estimate(partial, rows, search, notes)


def _empty(prop: Property, chosen: Exclusions, today: date) -> PriceAnalysisResult:
    return PriceAnalysisResult(
        status="insufficient_data",
        computed_on=today,
        property_type=prop.property_type,
        surface=prop.surface_area,
        asking_price=prop.asking_price,
        search=None,
        comparables=(),
        used_count=0,
        estimate=None,
        deviation_pct=None,
        verdict=None,
        confidence=None,
        confidence_score=None,
        trend=None,
        address_sale=None,
        exclusions=chosen,
        notes=(),
    )


def _unsupported(prop: Property) -> str | None:
    if prop.property_type not in PROPERTY_TYPES:
        return "property_type_unsupported"
    if prop.surface_area is None or prop.surface_area <= 0:
        return "surface_missing"
    return None


def _trend_areas(
    prop: Property, search: ComparableSearch
) -> list[tuple[TrendScope, str]]:
    areas: list[tuple[TrendScope, str]] = [("postal_code", prop.postal_code)]
    communes = Counter(c.code_commune for c in search.comparables)
    if communes:
        areas.append(("commune", min(communes, key=lambda c: (-communes[c], c))))
    return areas


def _comparable_results(
    comparables: tuple[Comparable, ...], chosen: Exclusions, today: date, rate: float
) -> tuple[ComparableResult, ...]:
    adjusted = [
        round(time_adjusted(c.price_m2, c.date_mutation, today, rate), 2)
        for c in comparables
    ]
    outliers = outlier_flags(adjusted)
    reasons = exclusion_reasons([c.sale_id for c in comparables], outliers, chosen)
    return tuple(
        ComparableResult(
            sale=c,
            adjusted_price_m2=value,
            is_outlier=outlier,
            excluded=c.sale_id in reasons,
            exclusion_reason=reasons.get(c.sale_id),
        )
        for c, value, outlier in zip(comparables, adjusted, outliers, strict=True)
    )


def _search_summary(search: ComparableSearch) -> SearchSummary:
    step = search.step
    return SearchSummary(
        scopes_tried=search.scopes_tried,
        scope=step.scope if step else None,
        rule=step.label if step else None,
        radius_m=step.radius_m if step else None,
        surface_band=step.surface_band if step else None,
        months=step.months if step else None,
        candidate_count=len(search.comparables),
        truncated=search.truncated,
    )


def _notes(
    subject: Subject,
    street: StreetAddress | None,
    search: ComparableSearch,
    trend: MarketTrend | None,
) -> list[str]:
    notes: list[str] = []
    if subject.latitude is None or subject.longitude is None:
        notes.append("no_coordinates")
    if street is None:
        notes.append("address_not_parsed")
    if search.step is not None and search.step.scope != "radius":
        notes.append(f"fallback_{search.step.scope}")
    if search.truncated:
        notes.append("search_truncated")
    if trend is None or trend.reason is not None:
        notes.append("trend_unavailable_no_time_adjustment")
    return notes


def _with_estimate(
    partial: PriceAnalysisResult,
    rows: tuple[ComparableResult, ...],
    search: ComparableSearch,
    notes: list[str],
) -> PriceAnalysisResult:
    used = [row.adjusted_price_m2 for row in rows if not row.excluded]
    if len(used) < MINIMUM or search.step is None or partial.surface is None:
        notes.append("too_few_comparables")
        return dataclasses.replace(partial, used_count=len(used), notes=tuple(notes))
    summary = summarise(used)
    surface = partial.surface
    estimate = Estimate(
        price_m2=round(summary.median, 2),
        p25_m2=round(summary.p25, 2),
        p75_m2=round(summary.p75, 2),
        dispersion=round(summary.dispersion, 4),
        value=round(summary.median * surface),
        value_low=round(summary.p25 * surface),
        value_high=round(summary.p75 * surface),
    )
    level, score = confidence(len(used), summary.dispersion, search.step.proximity)
    deviation = None
    if partial.asking_price is None:
        notes.append("asking_price_missing")
    else:
        deviation = deviation_pct(partial.asking_price, estimate.value)
    return dataclasses.replace(
        partial,
        status="complete",
        used_count=len(used),
        estimate=estimate,
        deviation_pct=deviation,
        verdict=None if deviation is None else verdict(deviation),
        confidence=level,
        confidence_score=score,
        notes=tuple(notes),
    )
