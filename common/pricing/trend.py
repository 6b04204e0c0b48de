"""Market trend: yearly medians, a robust slope, the last sale at the address.

The slope is a weighted Theil-Sen estimator on ln(median €/m²) against the year's
mid-point: the weighted median of every pairwise slope, a pair weighing
``w_i * w_j`` (Sievers 1978 / Jaeckel). With the 3-6 yearly points a DVF window
gives, it is preferred to least squares with Huber weights because it needs no
residual scale (unstable from so few points) nor tuning constant, and one aberrant
year (breakdown point ~29 %) cannot swing it. A year weighs its sale count; the
partial last year (the data's last month before December) weighs count x months
covered / 12, sits at its covered mid-point, and is dropped below
:data:`PARTIAL_MIN_COUNT` sales. The annual rate ``exp(slope) - 1`` is capped at
±:data:`RATE_CAP` so a short, noisy history cannot extrapolate wildly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.db.models import DvfSale
from common.pricing.address import StreetAddress, normalise_number
from common.pricing.candidates import street_codes, usable_sales
from common.pricing.stats import weighted_theil_sen, years_between

TrendScope = Literal["postal_code", "commune"]
YEARS_BACK = 6
PARTIAL_MIN_COUNT = 30
MIN_YEARS = 2
RATE_CAP = 0.15
ADDRESS_LIMIT = 500


@dataclass(frozen=True)
class YearRow:
    """One year of sales as the database aggregates it."""

    year: int
    median_price_m2: float
    count: int
    last_sale: date


@dataclass(frozen=True)
class YearPoint:
    """A year of the trend: median, count, change, coverage and regression weight."""

    year: int
    median_price_m2: float
    count: int
    yoy_change_pct: float | None
    coverage: float
    partial: bool
    weight: float


@dataclass(frozen=True)
class MarketTrend:
    """Yearly points of an area and its annual rate (0 when not computable)."""

    scope: TrendScope
    area: str
    property_type: str
    years: tuple[YearPoint, ...]
    annual_rate: float
    raw_rate: float | None
    method: str
    reason: str | None


@dataclass(frozen=True)
class AddressSale:
    """The last sale at the property's address, projected to today."""

    sale_id: int
    date_mutation: date
    price: float
    surface: float
    price_m2: float
    projected_price: float
    projected_price_m2: float
    years_ago: float


def yearly_rows(
    db: Session, property_type: str, scope: TrendScope, area: str, today: date
) -> list[YearRow]:
    """Median €/m², count and last date per year of an area's usable sales."""
    year = func.extract("year", DvfSale.date_mutation)
    where = DvfSale.code_postal if scope == "postal_code" else DvfSale.code_commune
    rows = db.execute(
        select(
            year,
            func.percentile_cont(0.5).within_group(DvfSale.price_per_m2),
            func.count(),
            func.max(DvfSale.date_mutation),
        )
        .where(
            *usable_sales(property_type),
            where == area,
            DvfSale.date_mutation.between(date(today.year - YEARS_BACK, 1, 1), today),
        )
        .group_by(year)
        .order_by(year)
    ).all()
    return [YearRow(int(y), float(m), int(n), last) for y, m, n, last in rows]


def year_points(rows: Sequence[YearRow], today: date) -> list[YearPoint]:
    """Year-on-year changes, coverage and weights (partial last year handled)."""
    points: list[YearPoint] = []
    previous: dict[int, float] = {}
    for index, row in enumerate(rows):
        last = index == len(rows) - 1
        partial = last and (row.year == today.year or row.last_sale.month < 12)
        coverage = row.last_sale.month / 12 if partial else 1.0
        dropped = partial and row.count < PARTIAL_MIN_COUNT
        before = previous.get(row.year - 1)
        change = None if before is None else (row.median_price_m2 / before - 1) * 100
        points.append(
            YearPoint(
                year=row.year,
                median_price_m2=round(row.median_price_m2, 2),
                count=row.count,
                yoy_change_pct=None if change is None else round(change, 2),
                coverage=round(coverage, 4),
                partial=partial,
                weight=0.0 if dropped else round(row.count * coverage, 4),
            )
        )
        previous[row.year] = row.median_price_m2
    return points


def trend_rate(points: Sequence[YearPoint]) -> float | None:
    """exp(weighted Theil-Sen slope of ln median) - 1; None below two years."""
    used = [p for p in points if p.weight > 0 and p.median_price_m2 > 0]
    if len(used) < MIN_YEARS:
        return None
    xs = [p.year + p.coverage / 2 for p in used]
    ys = [math.log(p.median_price_m2) for p in used]
    slope = weighted_theil_sen(xs, ys, [p.weight for p in used])
    return None if slope is None else math.exp(slope) - 1


def market_trend(
    db: Session,
    property_type: str,
    areas: Sequence[tuple[TrendScope, str]],
    today: date,
) -> MarketTrend | None:
    """The trend of the first area with enough years (postal code, then commune)."""
    trend: MarketTrend | None = None
    for scope, area in areas:
        points = year_points(yearly_rows(db, property_type, scope, area, today), today)
        raw = trend_rate(points)
        rate = 0.0 if raw is None else max(-RATE_CAP, min(RATE_CAP, raw))
        trend = MarketTrend(
            scope=scope,
            area=area,
            property_type=property_type,
            years=tuple(points),
            annual_rate=round(rate, 6),
            raw_rate=None if raw is None else round(raw, 6),
            method="weighted_theil_sen_log_median",
            reason=None if raw is not None else "insufficient_history",
        )
        if raw is not None:
            return trend
    return trend


# What the address match and the projection read (columns, not ORM objects).
_ADDRESS_COLUMNS = (
    DvfSale.id, DvfSale.date_mutation, DvfSale.valeur_fonciere,
    DvfSale.surface_reelle_bati, DvfSale.price_per_m2, DvfSale.code_commune,
    DvfSale.adresse_code_voie, DvfSale.adresse_numero, DvfSale.adresse_suffixe,
)  # fmt: skip


def last_sale_at_address(
    db: Session,
    property_type: str,
    postal_code: str,
    address: StreetAddress,
    today: date,
    rate: float,
) -> AddressSale | None:
    """The latest usable sale at the same number and street, projected to today."""
    codes = street_codes(db, postal_code, address) if address.number else []
    if not codes:
        return None
    sales = db.execute(
        select(*_ADDRESS_COLUMNS)
        .where(
            *usable_sales(property_type),
            DvfSale.adresse_numero.is_not(None),
            DvfSale.date_mutation <= today,
            DvfSale.code_postal == postal_code,
            DvfSale.code_commune.in_({c for c, _ in codes}),
            DvfSale.adresse_code_voie.in_({v for _, v in codes}),
        )
        .order_by(DvfSale.date_mutation.desc(), DvfSale.id.desc())
        .limit(ADDRESS_LIMIT)
    ).all()
    match = next((s for s in sales if _same_number(s, address, codes)), None)
    return None if match is None else _projected(match, today, rate)


def _same_number(
    sale: Any, address: StreetAddress, codes: Sequence[tuple[str, str]]
) -> bool:
    suffix = (sale.adresse_suffixe or "").strip().upper() or None
    return (
        (sale.code_commune, sale.adresse_code_voie) in codes
        and normalise_number(sale.adresse_numero) == address.number
        and suffix == address.suffix
    )


def _projected(sale: Any, today: date, rate: float) -> AddressSale:
    age = years_between(sale.date_mutation, today)
    factor = (1.0 + rate) ** age
    price = float(sale.valeur_fonciere or 0)
    price_m2 = float(sale.price_per_m2 or 0)
    return AddressSale(
        sale_id=sale.id,
        date_mutation=sale.date_mutation,
        price=price,
        surface=float(sale.surface_reelle_bati or 0),
        price_m2=round(price_m2, 2),
        projected_price=round(price * factor),
        projected_price_m2=round(price_m2 * factor, 2),
        years_ago=round(age, 2),
    )
