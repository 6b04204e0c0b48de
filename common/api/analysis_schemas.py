"""Request and response models of /api/analysis.

Responses are built from the stored analysis document (the engine's JSON plus what
it was computed from, see :mod:`common.services.price_analysis_store`): the summary
flattens the estimate and the search; the full view adds the comparables, at most
:data:`MAX_COMPARABLES` of them with a ``truncated`` flag, and the trend.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

MAX_COMPARABLES = 200
MAX_EXCLUSION_IDS = 1000


class ExclusionsIn(BaseModel):
    """Which comparables to leave out: automatic outliers, none, or an explicit list."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["auto", "none", "explicit"]
    excluded_sale_ids: list[StrictInt] = Field(
        default_factory=list, max_length=MAX_EXCLUSION_IDS
    )
    included_sale_ids: list[StrictInt] = Field(
        default_factory=list, max_length=MAX_EXCLUSION_IDS
    )


class ExclusionsOut(BaseModel):
    """The exclusions the analysis was computed with."""

    mode: str
    excluded_sale_ids: list[int]
    included_sale_ids: list[int]


class SearchOut(BaseModel):
    """How the comparables were found: the rung of the widening search used."""

    scope: str | None
    rule: str | None
    radius_m: int | None
    surface_band: float | None
    months: int | None
    scopes_tried: list[str]
    fallback: bool
    candidate_count: int

    @classmethod
    def of(cls, search: dict[str, Any] | None) -> SearchOut | None:
        """The search part of the engine's JSON, or None when no search ran."""
        if search is None:
            return None
        return cls(
            **{name: search.get(name) for name in ("scope", "rule", "radius_m")},
            surface_band=search.get("surface_band"),
            months=search.get("months"),
            scopes_tried=list(search.get("scopes_tried") or []),
            fallback=search.get("scope") not in (None, "radius"),
            candidate_count=int(search.get("candidate_count") or 0),
        )


class PriceSummaryOut(BaseModel):
    """The price analysis of a property: estimate, interval, deviation, verdict."""

    property_id: uuid.UUID
    status: str
    asking_price: int | None
    surface: float | None
    estimated_value: int | None
    value_low: int | None
    value_high: int | None
    price_m2: float | None
    p25_m2: float | None
    p75_m2: float | None
    deviation_pct: float | None
    verdict: str | None
    confidence: str | None
    confidence_score: float | None
    comparable_count: int
    search: SearchOut | None
    exclusions: ExclusionsOut
    notes: list[str]
    computed_at: datetime
    dvf_load_run_id: uuid.UUID | None

    @classmethod
    def fields_of(cls, document: dict[str, Any]) -> dict[str, Any]:
        """The summary's fields read from a stored analysis document."""
        analysis = document["analysis"]
        estimate = analysis.get("estimate") or {}
        return {
            "property_id": document["property_id"],
            "status": analysis["status"],
            "asking_price": analysis.get("asking_price"),
            "surface": analysis.get("surface"),
            "estimated_value": estimate.get("value"),
            "value_low": estimate.get("value_low"),
            "value_high": estimate.get("value_high"),
            "price_m2": estimate.get("price_m2"),
            "p25_m2": estimate.get("p25_m2"),
            "p75_m2": estimate.get("p75_m2"),
            "deviation_pct": analysis.get("deviation_pct"),
            "verdict": analysis.get("verdict"),
            "confidence": analysis.get("confidence"),
            "confidence_score": analysis.get("confidence_score"),
            "comparable_count": int(analysis.get("used_count") or 0),
            "search": SearchOut.of(analysis.get("search")),
            "exclusions": document["exclusions"],
            "notes": list(analysis.get("notes") or []),
            "computed_at": document["computed_at"],
            "dvf_load_run_id": document["dvf_load_run_id"],
        }

    @classmethod
    def of(cls, document: dict[str, Any]) -> PriceSummaryOut:
        """The summary of a stored analysis document."""
        return cls.model_validate(cls.fields_of(document))


class ComparableOut(BaseModel):
    """A comparable sale, its time-adjusted €/m² and whether it is left out."""

    sale_id: int
    date_mutation: date
    price: float
    surface: float
    price_m2: float
    adjusted_price_m2: float
    rooms: int | None
    address: str
    code_postal: str | None
    code_commune: str
    latitude: float | None
    longitude: float | None
    distance_m: float | None
    ring: str
    is_outlier: bool
    excluded: bool
    exclusion_reason: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> ComparableOut:
        """A comparable of the engine's JSON (its sale flattened)."""
        return cls.model_validate({**row["sale"], **row})


class TrendYearOut(BaseModel):
    """One year of the market trend."""

    year: int
    median_price_m2: float
    count: int
    yoy_change_pct: float | None
    partial: bool


class MarketTrendOut(BaseModel):
    """Yearly medians of an area and the robust annual rate (slope) over them."""

    scope: str
    area: str
    property_type: str
    years: list[TrendYearOut]
    annual_rate: float
    raw_rate: float | None
    method: str
    reason: str | None


class AddressSaleOut(BaseModel):
    """The last sale at the property's address, projected to today."""

    sale_id: int
    date_mutation: date
    price: float
    surface: float
    price_m2: float
    projected_price: float
    projected_price_m2: float
    years_ago: float


class PriceFullOut(PriceSummaryOut):
    """The summary with the comparables (bounded), the trend and the address sale."""

    comparables: list[ComparableOut]
    truncated: bool
    trend: MarketTrendOut | None
    address_sale: AddressSaleOut | None

    @classmethod
    def of(cls, document: dict[str, Any]) -> PriceFullOut:
        """The full view of a stored analysis document."""
        analysis = document["analysis"]
        rows = list(analysis.get("comparables") or [])
        searched = analysis.get("search") or {}
        return cls.model_validate(
            {
                **PriceSummaryOut.fields_of(document),
                "comparables": [ComparableOut.of(r) for r in rows[:MAX_COMPARABLES]],
                "truncated": len(rows) > MAX_COMPARABLES
                or bool(searched.get("truncated")),
                "trend": analysis.get("trend"),
                "address_sale": analysis.get("address_sale"),
            }
        )


class PropertyTrendOut(BaseModel):
    """The market trend around a property (None when DVF has no sale there)."""

    property_id: uuid.UUID
    dvf_load_run_id: uuid.UUID | None
    computed_at: datetime
    trend: MarketTrendOut | None


class LoadRunOut(BaseModel):
    """The last published DVF load."""

    id: uuid.UUID
    finished_at: datetime | None
    sources: list[Any]
    rows_read: int
    rows_rejected: int
    sales_loaded: int
    lots_loaded: int


class DvfStatsOut(BaseModel):
    """What DVF data is loaded: counts, date range and the last load."""

    sales: int
    single_dwelling_sales: int
    lots: int
    first_sale_date: date | None
    last_sale_date: date | None
    last_load: LoadRunOut | None


class ReloadOut(BaseModel):
    """The DVF load that was started."""

    launcher: str
    execution: str
    run_id: uuid.UUID
